// One line of text per hotspot, for the editor to show above the line it points at (a CodeLens), e.g.
// "blocked the event loop for 840 ms in 12 stretches". Pure, so the CLI's tests cover what the editor shows.
import { duration, percent } from '../advisor/units';
import type { ProfileReport } from './profile-report';

export interface HotspotLens {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  title: string;
  /** The rest of the story, for a hover or tooltip. */
  tooltip: string;
}

/** Hotspots below this share of the run's wall time would only clutter the editor. */
const MIN_SHARE_OF_WALL = 0.02;

export function hotspotLenses(report: ProfileReport): HotspotLens[] {
  const wall = report.metrics.wallMs;
  const out: HotspotLens[] = [];
  for (const h of report.hotspots) {
    if (h.selfMs < MIN_SHARE_OF_WALL * wall) continue;
    // Stretches in which this function ran: the frames name the same function at the same definition.
    const stretches = report.blocked.stretches.filter((s) =>
      s.frames.some((f) => f.absFile === h.absFile && f.function === h.function && f.functionLine === h.functionLine),
    );
    const blockedMs = stretches.reduce((a, s) => a + (s.frames.find((f) => f.absFile === h.absFile && f.function === h.function)?.ms ?? 0), 0);
    const where = h.threads === 'main' ? 'on the main thread' : h.threads === 'worker' ? 'in workers' : 'on the main thread and in workers';
    const via = h.via.length > 0 ? ` in ${h.via[0].name}` : '';
    const title =
      stretches.length > 0
        ? `Concurrency Lens: blocked the event loop for ${duration(blockedMs)} in ${stretches.length} ${stretches.length === 1 ? 'stretch' : 'stretches'}${via}`
        : `Concurrency Lens: ${duration(h.selfMs)} ${where}${via} (${percent(h.share)} of the busy time)`;
    const finding = h.staticFinding ? `; confirms ${h.staticFinding.rule}` : '';
    out.push({
      file: h.absFile,
      line: h.staticFinding?.line ?? h.line,
      title,
      tooltip: `${h.function}: ${duration(h.selfMs)} ${where}${via}, ${duration(h.blockedMs)} of it while the loop was blocked${finding}. Verdict: ${report.workload.type} → ${report.recommendation.model}.`,
    });
  }
  return out;
}
