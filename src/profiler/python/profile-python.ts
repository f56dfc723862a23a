// One profile of a Python workload: run it with the Python probe, then turn the probe's files into the
// same ProfiledRun a Node run gives (measurements, hotspots, blocked stretches, per-thread load), marked
// `language: 'python'` so the advisor walks the Python tree and words its advice in Python's terms.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizeStretches, type BlockedStretch } from '../blocked-stretches';
import type { ProfiledRun, ProfileWorkloadOptions, ThreadLoad } from '../profile-workload';
import { pythonHotspots } from './python-hotspots';
import { measurePython } from './python-measure';
import { readPythonProbeDir, type PyProbeData, type PyProcessData } from './python-probe-data';
import { pythonWorkload } from './python-process-tree';
import { buildPythonTimeline } from './python-timeline';
import { runPythonWorkload } from './python-run';

export interface ProfilePythonOptions extends ProfileWorkloadOptions {
  python?: string;
  pythonProbeDir?: string;
}

export async function profilePythonWorkload(options: ProfilePythonOptions): Promise<ProfiledRun> {
  const ownDir = options.probeDir === undefined;
  const probeDir = options.probeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-py-probe-'));
  try {
    const { probeDir: _ignored, ...runOptions } = options;
    const run = await runPythonWorkload({ ...runOptions, probeDir });
    const empty: ProfiledRun = { run, language: 'python', analysis: { hotspots: [], stretches: [], blocked: summarizeStretches([]), totals: [], skipped: [] }, mainStretches: [], skipped: [] };
    if (run.probeFiles.length === 0) return empty;
    return { run, ...digestPython(readPythonProbeDir(probeDir), options.cwd, options.blockThresholdMs) };
  } finally {
    if (ownDir) fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Everything the Python probe files say; apart from running so tests can feed recorded data. */
export function digestPython(data: PyProbeData, cwd: string, blockThresholdMs: number): Omit<ProfiledRun, 'run'> {
  const found = pythonWorkload(data);
  const hotspotsOf = found ? pythonHotspots(found.workload, [found.workload, ...found.children], cwd) : [];
  if (!found) return { language: 'python', analysis: { hotspots: [], stretches: [], blocked: summarizeStretches([]), totals: [], skipped: [] }, mainStretches: [], skipped: data.skipped };
  const { workload, children } = found;
  const measurements = measurePython(workload, children, { blockThresholdMs });
  const mainStretches = stretchesOf(workload, blockThresholdMs);
  return {
    language: 'python',
    workload: {
      pid: workload.pid,
      argv: [workload.executable, ...workload.argv],
      nodeVersion: `Python ${workload.pythonVersion}`,
      processes: data.processes.length,
      threads: data.processes.reduce((a, p) => a + p.threads.filter((t) => t.tid !== p.samplerTid).length, 0),
      workers: measurements.offload.workers,
      childProcesses: children.length,
    },
    measurements,
    analysis: { hotspots: hotspotsOf, stretches: mainStretches, blocked: summarizeStretches(mainStretches), totals: [], skipped: [] },
    mainStretches,
    timeline: buildPythonTimeline(workload, children),
    threads: threadLoads(workload, children),
    skipped: data.skipped,
  };
}

/** The main loop's heartbeats that came at least the blocking threshold late, as Node's blocked stretches. */
function stretchesOf(p: PyProcessData, blockMs: number): BlockedStretch[] {
  const main = p.threads.find((t) => t.tid === p.mainTid);
  return p.loops
    .filter((l) => l.tid === p.mainTid)
    .flatMap((l) => l.stalls)
    .filter(([, lag]) => lag >= blockMs)
    .map(([startMs, lag]) => {
      // The main thread's CPU and run-queue time in the window the stretch ends in, prorated to the stretch.
      const win = p.windows.find((w) => w.t >= startMs + lag) ?? p.windows[p.windows.length - 1];
      const t = win?.th.find((x) => x[0] === p.mainTid);
      const rate = win && t && win.ms > 0 ? { cpu: t[1] / win.ms, rq: t[2] / win.ms } : { cpu: 0, rq: 0 };
      const cpuMs = Math.min(lag, rate.cpu * lag);
      return {
        pid: p.pid,
        threadId: main?.tid ?? p.mainTid,
        isMainThread: true,
        kind: 'loop' as const,
        startMs: round(startMs),
        endMs: round(startMs + lag),
        durationMs: round(lag),
        startEpochMs: round(p.epochMs + startMs),
        endEpochMs: round(p.epochMs + startMs + lag),
        maxDelayMs: round(lag),
        cpuMs: round(cpuMs),
        cpuShare: lag > 0 ? round(cpuMs / lag) : 0,
        cpuScope: 'thread' as const,
        runnableWaitMs: round(Math.min(lag, rate.rq * lag)),
        frames: [],
        profile: null,
      };
    });
}

function threadLoads(workload: PyProcessData, children: readonly PyProcessData[]): ThreadLoad[] {
  const load = (p: PyProcessData, tid: number, cpuRq: number, lifetime: number, role: ThreadLoad['role']): ThreadLoad => ({
    pid: p.pid,
    threadId: tid,
    role,
    busy: lifetime > 0 ? round(Math.min(1, cpuRq / lifetime)) : 0,
    lifetimeMs: Math.round(lifetime),
  });
  const out: ThreadLoad[] = [];
  for (const t of workload.threads) {
    if (t.tid === workload.samplerTid) continue;
    out.push(load(workload, t.tid, t.cpuMs + t.runQueueMs, Math.max(1, t.lastMs - t.firstMs), t.tid === workload.mainTid ? 'main' : 'worker'));
  }
  for (const c of children) {
    const main = c.threads.find((t) => t.tid === c.mainTid);
    out.push(load(c, c.mainTid, main ? main.cpuMs + main.runQueueMs : c.cpuMs, c.wallMs, 'child-process'));
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
