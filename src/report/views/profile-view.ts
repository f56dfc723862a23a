// The profile report as the panel shows it: the verdict, four charts over the run's time axis, and the
// hotspot table. Pure data from a ProfileReport; the webview draws it, the export prints it.
//
// Time axis: the timeline's `t` is seconds since the workload's main thread started its probe, and the
// main thread's blocked stretches are in ms since that same start (blocked-stretches.ts), so a stretch
// at `startMs` sits at x = startMs / 1000 on the same axis as the delay it caused.
import type { LineToChange } from '../../advisor/recommendation';
import { closestCall, stepMargin, type StepMargin } from '../../advisor/walk-tree';
import type { Model, WorkloadType } from '../../advisor/measurements';
import type { Timeline } from '../../profiler/timeline';
import type { HotspotProcess, ProfileReport, ReportHotspot } from '../profile-report';
import type { AxisSpec, ChartSpec, ColorRole } from './chart-spec';
import { emptyChart, type ChartFrame } from './empty-chart';
import { formatValue, sig3 } from './format';
import { NO_TIMELINE_PY, pythonProfileCharts } from './python-profile-charts';
import { buildTable, type Cell } from './table';
import { blockedFlags, columnsOf, largestGc, running, series, stretchMarkers, sum } from './timeline-parts';

export interface VerdictView {
  type: WorkloadType;
  model: Model;
  confidence: number;
  /** The step whose deciding measurement came nearest its threshold (1-based), with that margin. */
  closestCall?: { step: number; question: string; margin: StepMargin };
  title: string;
  summary: string;
  alreadyRight: boolean;
  leaf: string;
  lines: LineToChange[];
  idiom: { title: string; code: string };
  /** `cpu-bound → worker-pool`: the verdict in one glance. */
  headline: string;
}

export interface HotspotRow {
  /** Relative to the report's cwd when inside it. */
  file: string;
  /** Absolute path, for "jump to source". */
  absFile: string;
  /** The static finding's line when one matches (the call itself), else the profile's line. */
  line: number;
  column?: number;
  function: string;
  selfMs: number;
  blockedMs: number;
  /** `selfMs` over the run's wall time. */
  shareOfWall: number;
  /** The Node or library calls the time went into, e.g. `execSync`; empty when the line ran itself. */
  via: string;
  thread: ReportHotspot['threads'];
  /** Whose process ran it (ReportHotspot.process); `workload` for reports older than the field. */
  process: HotspotProcess;
  staticRule?: string;
  source: 'runtime' | 'both';
}

export interface StaticFindingRow {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
  runtimeMs?: number;
}

export interface ProfileView {
  verdict: VerdictView;
  /** In order: 'loop-delay', 'utilisation', 'resources', 'message-bytes'. */
  charts: ChartSpec[];
  hotspots: HotspotRow[];
  notes: string[];
  /** The static findings in the files the workload loads, else in its folder (see `staticScope`). */
  staticFindings: StaticFindingRow[];
  /**
   * What `staticFindings` covers and how many findings the report has outside it. With `script`, the
   * `loadedFiles` project files that script loads (the report's StaticScope); without, the script's folder.
   * The CLI analyses the script's folder; the editor hands over the whole workspace's findings; those
   * outside are counted, not listed, so the section says truthfully what it shows.
   */
  staticScope: { folder: string; elsewhere: number; script?: string; loadedFiles?: number };
  run: { wallMs: number; exitCode: number | null; command: string };
}

/** Hotspot rows the panel shows before "Show all": whole rows, never a frame that cuts one in half. */
export const HOTSPOT_ROWS = 10;

export const PROFILE_CHART_IDS = ['loop-delay', 'utilisation', 'resources', 'message-bytes'] as const;

export { MAX_GC_MARKS } from './timeline-parts';

const NO_TIMELINE = 'This report has no timeline: the probe recorded no samples of the main thread, so there is nothing to draw over time.';
const noTimeline = (report: Pick<ProfileReport, 'language'>): string => (report.language === 'python' ? NO_TIMELINE_PY : NO_TIMELINE);
const RESOURCE_COLORS: ColorRole[] = ['blue', 'orange', 'green', 'purple', 'yellow', 'red', 'foreground'];

export function profileView(report: ProfileReport): ProfileView {
  const timeline = report.timeline && report.timeline.t.length > 0 ? report.timeline : undefined;
  const x = timeAxis(report, timeline);
  const charts =
    report.language === 'python'
      ? pythonProfileCharts(report, timeline, x)
      : [loopDelayChart(report, timeline, x), utilizationChart(report, timeline, x), resourcesChart(timeline, x), messageBytesChart(report, timeline, x)];
  return {
    verdict: verdictView(report),
    charts,
    hotspots: report.hotspots.map((h) => hotspotRow(h, report.metrics.wallMs)),
    notes: viewNotes(report),
    ...staticFindings(report),
    run: { wallMs: report.run.wallMs, exitCode: report.run.exitCode, command: commandLine(report.command) },
  };
}

/** The closest call in words, for the text and Markdown reports: "closest call: step 2, margin 8 points". */
export function closestCallText(v: Pick<VerdictView, 'closestCall'>): string | undefined {
  const c = v.closestCall;
  if (!c) return undefined;
  return `closest call: step ${c.step}, ${c.margin.side === 'unmeasured' ? 'not measured' : `margin ${c.margin.distanceText}`}`;
}

export function verdictView(report: ProfileReport): VerdictView {
  const r = report.recommendation;
  // Reports written before steps carried their margin get it worked out from their tests.
  const closest = closestCall(r.path.map((s) => ({ ...s, margin: s.margin ?? stepMargin(s.node, s.answer, s.tests ?? []) })));
  return {
    type: report.workload.type,
    model: r.model,
    confidence: report.workload.confidence,
    ...(closest?.step.margin ? { closestCall: { step: closest.index + 1, question: closest.step.question, margin: closest.step.margin } } : {}),
    title: r.title,
    summary: r.summary,
    alreadyRight: r.alreadyRight,
    leaf: r.leaf,
    lines: r.lines,
    idiom: { title: r.idiom.title, code: r.idiom.code },
    headline: `${report.workload.type} → ${r.model}`,
  };
}

export function hotspotRow(h: ReportHotspot, wallMs: number): HotspotRow {
  const f = h.staticFinding;
  return {
    file: h.file,
    absFile: h.absFile,
    // The finding knows the line of the call; the profile only knows the function around it (as hotLines does).
    line: f?.line ?? h.line,
    ...(f ? { column: f.column } : h.column ? { column: h.column } : {}),
    function: h.function,
    selfMs: h.selfMs,
    blockedMs: h.blockedMs,
    shareOfWall: wallMs > 0 ? sig3(h.selfMs / wallMs) : 0,
    via: h.via.map((v) => v.name).join(', '),
    thread: h.threads,
    process: h.process ?? 'workload',
    ...(f ? { staticRule: f.rule } : {}),
    source: f ? 'both' : 'runtime',
  };
}

/** What the static findings cover, in words: "the 6 files rag.js loads", "the workload's folder", "src/". */
export function scopeWords(scope: ProfileView['staticScope']): string {
  if (scope.script !== undefined) {
    const name = scope.script.split(/[\\/]/).pop() ?? scope.script;
    return scope.loadedFiles === 1 ? name : `the ${scope.loadedFiles} files ${name} loads`;
  }
  return scope.folder === '.' ? 'the workload\'s folder' : `${scope.folder}/`;
}

/** The static findings in the files the workload loads (else in its folder), and how many others the report has. */
export function staticFindings(report: ProfileReport): Pick<ProfileView, 'staticFindings' | 'staticScope'> {
  const folder = workloadFolder(report);
  const sa = report.staticAnalysis;
  if (!sa || !('findings' in sa)) return { staticFindings: [], staticScope: { folder, elsewhere: 0 } };
  const loaded = sa.scope ? new Set(sa.scope.files.map(normal)) : undefined;
  const inside = sa.findings.filter((f) => (loaded ? loaded.has(normal(f.file)) : inFolder(f.file, folder)));
  return {
    staticFindings: inside.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      ...(f.runtimeMs !== undefined ? { runtimeMs: f.runtimeMs } : {}),
    })),
    staticScope: {
      folder,
      elsewhere: sa.findings.length - inside.length,
      ...(sa.scope ? { script: sa.scope.script, loadedFiles: sa.scope.files.length } : {}),
    },
  };
}

const posix = (p: string): string => p.replace(/\\/g, '/');
const normal = (p: string): string => posix(p).replace(/^(\.\/)+/, '');
const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);
const SCRIPT = /\.(?:[cm]?[jt]sx?|py)$/i;

/**
 * The workload's folder, relative to the report's cwd ('.' for the cwd itself): the folder of the script
 * the command names, or else of the script the main process ran (an npm script's), as `check` and the CLI's
 * static pass see it. A script outside the cwd, or inside node_modules (a launcher), gives the cwd.
 */
export function workloadFolder(report: Pick<ProfileReport, 'command' | 'cwd'> & { workload: { argv?: string[] } }): string {
  const cwd = posix(report.cwd).replace(/\/+$/, '');
  const candidates = [...report.command, ...(report.workload.argv ?? []).slice(1)].map(posix).filter((a) => !a.startsWith('-') && SCRIPT.test(a));
  for (const c of candidates) {
    let rel = c;
    if (isAbsolute(c)) {
      if (!c.startsWith(`${cwd}/`)) continue;
      rel = c.slice(cwd.length + 1);
    }
    rel = rel.replace(/^(\.\/)+/, '');
    if (rel.startsWith('../') || rel.split('/').includes('node_modules')) continue;
    const cut = rel.lastIndexOf('/');
    return cut < 0 ? '.' : rel.slice(0, cut);
  }
  return '.';
}

function inFolder(file: string, folder: string): boolean {
  const f = posix(file).replace(/^(\.\/)+/, '');
  if (isAbsolute(f) || f === '..' || f.startsWith('../')) return false;
  return folder === '.' || f.startsWith(`${folder}/`);
}

function viewNotes(report: ProfileReport): string[] {
  const notes = [...report.notes];
  const { summary, stretches } = report.blocked;
  if (summary.count > stretches.length) notes.push(`The charts mark the ${stretches.length} longest of ${summary.count} blocked stretches.`);
  if (!report.timeline || report.timeline.t.length === 0) notes.push(noTimeline(report));
  return notes;
}

/** Arguments with spaces or quotes are quoted, so the line can be pasted back into a shell. */
function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One x axis for every chart over time, so they read as one: 0 to the last sample or stretch end. */
function timeAxis(report: ProfileReport, timeline: Timeline | undefined): AxisSpec {
  const lastT = timeline ? timeline.t[timeline.t.length - 1] : report.metrics.wallMs / 1000;
  const lastStretch = Math.max(0, ...report.blocked.stretches.map((s) => s.endMs / 1000));
  return { title: 'Time since start', unit: 's', type: 'linear', min: 0, max: Math.ceil(Math.max(lastT, lastStretch) * 1000) / 1000 };
}

const LOOP_DELAY_FRAME: Omit<ChartFrame, 'x'> = {
  id: 'loop-delay',
  title: 'Event-loop delay over time',
  description: '',
  type: 'line',
  y: { title: 'Event-loop delay', unit: 'ms', type: 'linear', min: 0 },
};

function loopDelayChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame = { ...LOOP_DELAY_FRAME, x };
  const columns = ['Time', 'p50 delay', 'p99 delay', 'Max delay', 'GC in interval', 'Blocked'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE }, NO_TIMELINE, columns);
  const stretches = report.blocked.stretches;
  const gcMs = tl.gcMs ?? [];
  const gcIdx = largestGc(gcMs);
  const d = report.metrics.eventLoopDelayMs;
  const loops = stretches.filter((s) => s.kind === 'loop');
  const startup = stretches.find((s) => s.kind === 'startup');
  const gcCount = gcMs.filter((ms) => ms > 0).length;
  const description =
    `How long callbacks waited for the event loop: p50, p99 and the worst delay in each interval (over the run: p99 ${formatValue(d.p99, 'ms')}, worst ${formatValue(d.max, 'ms')}). ` +
    (loops.length > 0 ? `Shaded (labelled blocked): ${loops.length} stretch${loops.length === 1 ? '' : 'es'} where the loop was blocked, ${formatValue(sum(loops.map((s) => s.durationMs)), 'ms')} in all. ` : 'The loop was never blocked past the threshold. ') +
    (startup ? `Shaded (labelled startup): the main module's synchronous start (${formatValue(startup.durationMs, 'ms')}), before the loop ran. ` : '') +
    (gcCount > 0 ? `Dots: GC time per interval${gcCount > gcIdx.length ? ` (the ${gcIdx.length} largest of ${gcCount})` : ''}.` : '');
  const blocked = blockedFlags(tl.t, stretches);
  const rows: Cell[][] = tl.t.map((t, i) => [t, tl.delayP50Ms[i], tl.delayP99Ms[i], tl.delayMaxMs[i], gcMs[i], blocked[i]]);
  return {
    ...frame,
    description: description.trim(),
    series: [
      { label: 'p50', color: 'blue', data: series(tl.t, tl.delayP50Ms), fill: 'origin' },
      { label: 'p99', color: 'orange', data: series(tl.t, tl.delayP99Ms), fill: '-1' },
      { label: 'max', color: 'red', data: series(tl.t, tl.delayMaxMs), fill: '-1' },
      { label: 'GC in interval', color: 'purple', data: gcIdx.map((i) => ({ x: tl.t[i], y: gcMs[i] })), pointsOnly: true },
    ],
    markers: stretchMarkers(stretches, x),
    table: buildTable('Event-loop delay per interval, with GC time and whether the loop was blocked.', columnsOf(columns, ['s', 'ms', 'ms', 'ms', 'ms']), rows, { thin: true }),
  };
}

function utilizationChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const cores = report.machine.cores;
  const frame: ChartFrame = {
    id: 'utilisation',
    title: 'Main thread and CPU over time',
    description: '',
    type: 'line',
    x,
    y: { title: 'Main thread busy', unit: 'share', type: 'linear', min: 0, max: 1 },
    y2: { title: 'CPU', unit: 'cores', type: 'linear', min: 0, max: cores },
  };
  const columns = ['Time', 'Main thread busy', 'Process CPU', 'Workers and child processes'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE }, NO_TIMELINE, columns);
  const peak = Math.max(0, ...tl.cpuCores, ...tl.offloadCores);
  const rows: Cell[][] = tl.t.map((t, i) => [t, tl.busy[i], tl.cpuCores[i], tl.offloadCores[i]]);
  return {
    ...frame,
    y2: { ...frame.y2!, max: Math.max(cores, Math.ceil(peak)) },
    description:
      `The main thread's busy share (event-loop utilisation, left axis) against the CPU the process used and the share of it carried by workers and child processes (right axis, in cores of the ${cores}). ` +
      `Over the run: main thread busy ${formatValue(report.metrics.elu, 'share')}, ${formatValue(report.metrics.cpuMs / Math.max(1, report.metrics.wallMs), 'cores')} of CPU on average.`,
    series: [
      { label: 'Main thread busy', color: 'blue', data: series(tl.t, tl.busy), fill: 'origin', axis: 'y' },
      { label: 'Process CPU', color: 'orange', data: series(tl.t, tl.cpuCores), axis: 'y2' },
      { label: 'Workers and child processes', color: 'green', data: series(tl.t, tl.offloadCores), axis: 'y2' },
    ],
    markers: stretchMarkers(report.blocked.stretches, x),
    table: buildTable('Main-thread busy share and CPU in cores per interval.', columnsOf(columns, ['s', 'share', 'cores', 'cores']), rows, { thin: true }),
  };
}

function resourcesChart(tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame: ChartFrame = {
    id: 'resources',
    title: 'Active resources by type',
    description: '',
    type: 'line',
    x,
    y: { title: 'Active resources', unit: 'count', type: 'linear', min: 0 },
  };
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE }, NO_TIMELINE, ['Time']);
  const types = Object.entries(tl.resources)
    .map(([type, counts]) => ({ type, counts, peak: Math.max(0, ...counts) }))
    .filter((r) => r.peak > 0)
    .sort((a, b) => b.peak - a.peak || a.type.localeCompare(b.type));
  if (types.length === 0) {
    const sentence = 'No async resources (sockets, timers, file handles) were active during the run.';
    return emptyChart({ ...frame, description: sentence }, sentence, ['Time']);
  }
  const columns = ['Time', ...types.map((r) => r.type)];
  const rows: Cell[][] = tl.t.map((t, i) => [t, ...types.map((r) => r.counts[i] ?? 0)]);
  return {
    ...frame,
    description: `Handles and requests alive in each interval, by libuv/async_hooks type (the most in an interval when intervals were merged). Peaks: ${types.map((r) => `${r.type} ${formatValue(r.peak, 'count')}`).join(', ')}.`,
    series: types.map((r, k) => ({ label: r.type, color: RESOURCE_COLORS[k % RESOURCE_COLORS.length], data: series(tl.t, r.counts) })),
    markers: [],
    table: buildTable('Active resources per interval, by type.', columnsOf(columns, ['s', ...types.map(() => 'count' as const)]), rows, { thin: true }),
  };
}

function messageBytesChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame: ChartFrame = {
    id: 'message-bytes',
    title: 'Bytes passed between threads',
    description: '',
    type: 'line',
    x,
    y: { title: 'Bytes so far', unit: 'bytes', type: 'linear', min: 0 },
  };
  const columns = ['Time', 'Cloned so far', 'Transferred or shared so far'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE }, NO_TIMELINE, columns);
  const cloned = running(tl.clonedBytes ?? []);
  const moved = running(tl.movedBytes ?? []);
  const totalCloned = cloned[cloned.length - 1] ?? 0;
  const totalMoved = moved[moved.length - 1] ?? 0;
  if (totalCloned === 0 && totalMoved === 0) {
    const sentence = 'None: nothing was cloned, transferred or shared.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const messages = report.metrics.details?.messages?.count;
  const rows: Cell[][] = tl.t.map((t, i) => [t, cloned[i], moved[i]]);
  return {
    ...frame,
    description:
      `postMessage payloads over the run, added up: copied by structured clone (${formatValue(totalCloned, 'bytes')} in all) against moved by a transfer list or shared as SharedArrayBuffer memory (${formatValue(totalMoved, 'bytes')})` +
      `${messages ? ` in ${formatValue(messages, 'count')} messages` : ''}. A steep clone line is copying the sender and the receiver pay for.`,
    series: [
      { label: 'Cloned (structured clone)', color: 'red', data: series(tl.t, cloned), fill: 'origin' },
      { label: 'Transferred or shared', color: 'green', data: series(tl.t, moved) },
    ],
    markers: [],
    table: buildTable('Bytes passed with postMessage, running totals per interval.', columnsOf(columns, ['s', 'bytes', 'bytes']), rows, { thin: true }),
  };
}

