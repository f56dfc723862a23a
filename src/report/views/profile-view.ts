// The profile report as the panel shows it: the verdict, four charts over the run's time axis, and the
// hotspot table. Pure data from a ProfileReport; the webview draws it, the export prints it.
//
// Time axis: the timeline's `t` is seconds since the workload's main thread started its probe, and the
// main thread's blocked stretches are in ms since that same start (blocked-stretches.ts), so a stretch
// at `startMs` sits at x = startMs / 1000 on the same axis as the delay it caused.
import type { LineToChange } from '../../advisor/recommendation';
import { closestCall, stepMargin, type StepMargin } from '../../advisor/walk-tree';
import type { Model, WorkloadType } from '../../advisor/measurements';
import type { BlockedStretch } from '../../profiler/blocked-stretches';
import type { Timeline } from '../../profiler/timeline';
import type { HotspotProcess, ProfileReport, ReportHotspot } from '../profile-report';
import type { AxisSpec, ChartSpec, ColorRole, MarkerSpec, Point } from './chart-spec';
import { emptyChart, type ChartFrame } from './empty-chart';
import { formatValue, sig3 } from './format';
import { buildTable, type Cell } from './table';

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

/** GC is summed per interval; marking every interval of a GC-heavy run would hide the delay lines. */
export const MAX_GC_MARKS = 100;

const NO_TIMELINE = 'This report has no timeline: the probe recorded no samples of the main thread, so there is nothing to draw over time.';
const NO_TIMELINE_PY = 'This report has no timeline: the Python probe recorded no window of the workload process (a run shorter than one window, 100 ms, or a report written before Python runs had one), so there is nothing to draw over time.';
const noTimeline = (report: Pick<ProfileReport, 'language'>): string => (report.language === 'python' ? NO_TIMELINE_PY : NO_TIMELINE);

const STRETCH_COLOR: Record<BlockedStretch['kind'], ColorRole> = { loop: 'red', startup: 'muted' };
const STRETCH_LABEL: Record<BlockedStretch['kind'], string> = { loop: 'blocked', startup: 'startup' };
const RESOURCE_COLORS: ColorRole[] = ['blue', 'orange', 'green', 'purple', 'yellow', 'red', 'foreground'];

export function profileView(report: ProfileReport): ProfileView {
  const timeline = report.timeline && report.timeline.t.length > 0 ? report.timeline : undefined;
  const x = timeAxis(report, timeline);
  const charts =
    report.language === 'python'
      ? [pyLoopLagChart(report, timeline, x), pyUtilizationChart(report, timeline, x), pyIoChart(report, timeline, x), pyPickledBytesChart(report, timeline, x)]
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

const series = (t: readonly number[], ys: readonly number[]): Point[] => t.map((x, i) => ({ x, y: ys[i] ?? 0 }));

function stretchMarkers(stretches: readonly BlockedStretch[], x: AxisSpec): MarkerSpec[] {
  const max = x.max ?? Infinity;
  return stretches.map((s) => ({
    kind: 'x-range',
    at: Math.min(max, Math.max(0, s.startMs / 1000)),
    to: Math.min(max, Math.max(0, s.endMs / 1000)),
    label: `${STRETCH_LABEL[s.kind]} ${formatValue(s.durationMs, 'ms')}`,
    color: STRETCH_COLOR[s.kind],
  }));
}

/** Whether the interval ending at t[i] overlaps a blocked stretch: the table's stand-in for the shading. */
function blockedFlags(t: readonly number[], stretches: readonly BlockedStretch[]): string[] {
  return t.map((end, i) => {
    const start = i > 0 ? t[i - 1] : 0;
    const hit = stretches.find((s) => s.startMs / 1000 < end && s.endMs / 1000 > start);
    return hit ? STRETCH_LABEL[hit.kind] : '';
  });
}

const LOOP_DELAY_FRAME: Omit<ChartFrame, 'x'> = {
  id: 'loop-delay',
  title: 'Event-loop delay over time',
  description: '',
  type: 'line',
  y: { title: 'Event-loop delay', unit: 'ms', type: 'linear', min: 0 },
};

/** The intervals to mark with a GC dot: the MAX_GC_MARKS with the most GC, in time order. */
function largestGc(gcMs: readonly number[]): number[] {
  return gcMs
    .map((ms, i) => ({ ms, i }))
    .filter((g) => g.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, MAX_GC_MARKS)
    .map((g) => g.i)
    .sort((a, b) => a - b);
}

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

// Python reports (report.language === 'python'): the same four charts, in what the Python probe measures
// (python-timeline.ts). Nothing it does not measure is drawn: a chart without its data says why.

const NO_MAIN_LOOP = 'No asyncio event loop ran on the main thread';

/** Points only where `keep` holds: an interval the probe did not measure is a gap in the data, not a zero. */
const seriesWhere = (t: readonly number[], ys: readonly number[], keep: (i: number) => boolean): Point[] =>
  t.flatMap((x, i) => (keep(i) ? [{ x, y: ys[i] ?? 0 }] : []));

function pyLoopLagChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame: ChartFrame = {
    id: 'loop-delay',
    title: 'asyncio loop lag over time',
    description: '',
    type: 'line',
    x,
    y: { title: 'Heartbeat lag', unit: 'ms', type: 'linear', min: 0 },
  };
  const gcMs = tl?.gcMs;
  const columns = ['Time', 'p50 lag', 'p99 lag', 'Max lag', ...(gcMs ? ['GC in interval'] : []), 'Blocked'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE_PY }, NO_TIMELINE_PY, columns);
  const beats = tl.heartbeats;
  if (!beats || tl.delayP50Ms.length !== tl.t.length) {
    const sentence =
      `${NO_MAIN_LOOP}, so there is no loop lag to draw: the probe measures lag with a heartbeat it schedules on a running asyncio loop. ` +
      'Without a loop there is nothing for a blocking call to hold up: the main thread\'s busy share, the threads\' CPU and the GIL contention are in the next chart.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  if (!beats.some((n) => n > 0)) {
    const sentence = 'The main thread\'s asyncio loop ran, but its heartbeat never came due while the probe watched, so no lag was measured.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const timed = (i: number): boolean => beats[i] > 0;
  const stretches = report.blocked.stretches;
  const loops = stretches.filter((s) => s.kind === 'loop');
  const gcIdx = gcMs ? largestGc(gcMs) : [];
  const gcCount = gcMs ? gcMs.filter((ms) => ms > 0).length : 0;
  const d = report.metrics.eventLoopDelayMs;
  const gaps = beats.filter((n) => n === 0).length;
  const description =
    `How late the probe's heartbeat on the main thread's asyncio loop ran, which is how long a callback due then waited for the loop: p50, p99 and the worst lag in each interval (over the run: p99 ${formatValue(d.p99, 'ms')}, worst ${formatValue(d.max, 'ms')}). ` +
    (gaps > 0 ? `${gaps} of ${beats.length} intervals had no heartbeat (the loop was not running yet or any more, or a callback held it the whole interval) and have no point. ` : '') +
    (loops.length > 0
      ? `Shaded (labelled blocked): ${loops.length} stretch${loops.length === 1 ? '' : 'es'} where the heartbeat came at least the blocking threshold late, ${formatValue(sum(loops.map((s) => s.durationMs)), 'ms')} in all. `
      : 'The loop was never blocked past the threshold. ') +
    (gcCount > 0 ? `Dots: the process's GC time per interval${gcCount > gcIdx.length ? ` (the ${gcIdx.length} largest of ${gcCount})` : ''}.` : '');
  const blocked = blockedFlags(tl.t, stretches);
  const lag = (ys: readonly number[], i: number): Cell => (timed(i) ? ys[i] : null);
  const rows: Cell[][] = tl.t.map((t, i) => [t, lag(tl.delayP50Ms, i), lag(tl.delayP99Ms, i), lag(tl.delayMaxMs, i), ...(gcMs ? [gcMs[i]] : []), blocked[i]]);
  return {
    ...frame,
    description: description.trim(),
    series: [
      { label: 'p50', color: 'blue', data: seriesWhere(tl.t, tl.delayP50Ms, timed), fill: 'origin' },
      { label: 'p99', color: 'orange', data: seriesWhere(tl.t, tl.delayP99Ms, timed), fill: '-1' },
      { label: 'max', color: 'red', data: seriesWhere(tl.t, tl.delayMaxMs, timed), fill: '-1' },
      ...(gcMs ? [{ label: 'GC in interval', color: 'purple' as const, data: gcIdx.map((i) => ({ x: tl.t[i], y: gcMs[i] })), pointsOnly: true }] : []),
    ],
    markers: stretchMarkers(stretches, x),
    table: buildTable(
      `asyncio loop lag per interval (– where no heartbeat ran)${gcMs ? ', with GC time' : ''} and whether the loop was blocked.`,
      columnsOf(columns, ['s', 'ms', 'ms', 'ms', ...(gcMs ? (['ms'] as const) : [])]),
      rows,
      { thin: true },
    ),
  };
}

function pyUtilizationChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const cores = report.machine.cores;
  const gil = tl?.gilContended;
  const frame: ChartFrame = {
    id: 'utilisation',
    title: 'Main thread, threads and CPU over time',
    description: '',
    type: 'line',
    x,
    y: { title: gil ? 'Main thread busy, GIL contended' : 'Main thread busy', unit: 'share', type: 'linear', min: 0, max: 1 },
    y2: { title: 'CPU', unit: 'cores', type: 'linear', min: 0, max: cores },
  };
  const columns = ['Time', 'Main thread busy', ...(gil ? ['GIL contended'] : []), 'CPU, process and child processes', 'Threads and child processes'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE_PY }, NO_TIMELINE_PY, columns);
  const peak = Math.max(0, ...tl.cpuCores, ...tl.offloadCores);
  const m = report.metrics.details;
  const contended = m.gil?.contendedShare;
  const rows: Cell[][] = tl.t.map((t, i) => [t, tl.busy[i], ...(gil ? [gil[i]] : []), tl.cpuCores[i], tl.offloadCores[i]]);
  return {
    ...frame,
    y2: { ...frame.y2!, max: Math.max(cores, Math.ceil(peak)) },
    description:
      'The main thread\'s busy share (its asyncio loop\'s time outside select() where one ran, else its CPU and run-queue time; left axis)' +
      (gil ? ' and the share of samples that found two or more threads running bytecode, so waiting on each other for the GIL (left axis, dashed),' : '') +
      ` against the CPU of the process and its child processes and the part of it used by the other threads and the child processes (right axis, in cores of the ${cores}; the probe's own thread is left out of the latter). ` +
      `Over the run: main thread busy ${formatValue(report.metrics.elu, 'share')}, ${formatValue(report.metrics.cpuMs / Math.max(1, report.metrics.wallMs), 'cores')} of CPU on average` +
      (gil && contended !== null && contended !== undefined ? `, the GIL contended in ${formatValue(contended, 'share')} of the samples.` : '.') +
      (m.gil && !m.gil.enabled ? ' This interpreter ran without a GIL (a free-threaded build), so there is no GIL line.' : ''),
    series: [
      { label: 'Main thread busy', color: 'blue', data: series(tl.t, tl.busy), fill: 'origin', axis: 'y' },
      ...(gil ? [{ label: 'GIL contended', color: 'purple' as const, data: series(tl.t, gil), dashed: true, axis: 'y' as const }] : []),
      { label: 'CPU, process and child processes', color: 'orange', data: series(tl.t, tl.cpuCores), axis: 'y2' },
      { label: 'Threads and child processes', color: 'green', data: series(tl.t, tl.offloadCores), axis: 'y2' },
    ],
    markers: stretchMarkers(report.blocked.stretches, x),
    table: buildTable(
      `Main-thread busy share${gil ? ', GIL contention' : ''} and CPU in cores per interval.`,
      columnsOf(columns, ['s', 'share', ...(gil ? (['share'] as const) : []), 'cores', 'cores']),
      rows,
      { thin: true },
    ),
  };
}

function pyIoChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame: ChartFrame = {
    id: 'resources',
    title: 'asyncio I/O in flight',
    description: '',
    type: 'line',
    x,
    y: { title: 'Sockets in flight', unit: 'count', type: 'linear', min: 0 },
  };
  const columns = ['Time', 'Mean in flight', 'Most at one wait'];
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE_PY }, NO_TIMELINE_PY, columns);
  const loopOn = tl.loopRunning;
  if (!loopOn || tl.ioInFlight.length !== tl.t.length) {
    const sentence =
      `${NO_MAIN_LOOP}, so there is no I/O in flight to draw: the Python probe counts the sockets an asyncio loop waits on in select(). ` +
      'It does not count resources by type the way Node\'s async_hooks do, nor I/O that threads or blocking calls do.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const most = tl.ioMaxInFlight ?? [];
  if (Math.max(0, ...tl.ioInFlight, ...most) === 0) {
    const sentence = 'The main thread\'s asyncio loop never waited with a socket outstanding: no I/O was in flight on it.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const on = (i: number): boolean => loopOn[i] > 0;
  const off = loopOn.filter((r) => r === 0).length;
  const io = report.metrics.details.io;
  const rows: Cell[][] = tl.t.map((t, i) => [t, on(i) ? tl.ioInFlight[i] : null, on(i) ? (most[i] ?? null) : null]);
  return {
    ...frame,
    description:
      'The sockets the main thread\'s asyncio loop was waiting on in select() (connections with a read or write outstanding), averaged over each interval, and the most at one wait. ' +
      `Over the run: ${formatValue(io.meanInFlight, 'count')} on average while it waited on I/O, at most ${formatValue(io.maxInFlight, 'count')}. ` +
      (off > 0 ? `${off} of ${loopOn.length} intervals, where the loop was not running, have no point. ` : '') +
      'The Python probe has no count of resources by type as Node\'s async_hooks give.',
    series: [
      { label: 'Mean in flight', color: 'blue', data: seriesWhere(tl.t, tl.ioInFlight, on), fill: 'origin' },
      ...(most.length === tl.t.length ? [{ label: 'Most at one wait', color: 'orange' as const, data: seriesWhere(tl.t, most, on) }] : []),
    ],
    markers: [],
    table: buildTable('Sockets the asyncio loop waited on per interval (– where the loop was not running).', columnsOf(columns, ['s', 'count', 'count']), rows, { thin: true }),
  };
}

function pyPickledBytesChart(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec {
  const frame: ChartFrame = {
    id: 'message-bytes',
    title: 'Bytes pickled for other processes',
    description: '',
    type: 'line',
    x,
    y: { title: 'Bytes so far', unit: 'bytes', type: 'linear', min: 0 },
  };
  const columns = ['Time', 'Pickled so far', 'In shared_memory so far'];
  const m = report.metrics.details.messages;
  const totals = `${formatValue(m.clonedBytes, 'bytes')} pickled in ${formatValue(m.count, 'count')} ${m.count === 1 ? 'object' : 'objects'} and ${formatValue(m.sharedBytes, 'bytes')} placed in shared_memory`;
  if (!tl) return emptyChart({ ...frame, description: NO_TIMELINE_PY }, NO_TIMELINE_PY, columns);
  if (!tl.clonedBytes || !tl.movedBytes) {
    const sentence =
      m.clonedBytes + m.sharedBytes > 0
        ? `The probe counted ${totals} over the run, but not per interval (its files predate that), so there is no line to draw. Profile again to see when they were passed.`
        : 'None: nothing was pickled for another process or placed in shared_memory (the probe that wrote this report counted only totals).';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const pickled = running(tl.clonedBytes);
  const shared = running(tl.movedBytes);
  const totalPickled = pickled[pickled.length - 1] ?? 0;
  const totalShared = shared[shared.length - 1] ?? 0;
  if (totalPickled === 0 && totalShared === 0) {
    const sentence = 'None: nothing was pickled for another process (multiprocessing, ProcessPoolExecutor) or placed in shared_memory.';
    return emptyChart({ ...frame, description: sentence }, sentence, columns);
  }
  const rows: Cell[][] = tl.t.map((t, i) => [t, pickled[i], shared[i]]);
  return {
    ...frame,
    description:
      `What multiprocessing and concurrent.futures passed to other processes, added up: pickled by the sending process, the workload's and its pool processes' alike (${formatValue(totalPickled, 'bytes')}), against placed in multiprocessing.shared_memory blocks, which cross without a copy (${formatValue(totalShared, 'bytes')}). ` +
      `Over the run: ${totals}. A steep pickled line is copying both sides pay for. Threads share the process's memory and pass nothing.`,
    series: [
      { label: 'Pickled', color: 'red', data: series(tl.t, pickled), fill: 'origin' },
      { label: 'In shared_memory', color: 'green', data: series(tl.t, shared) },
    ],
    markers: [],
    table: buildTable('Bytes pickled for other processes and placed in shared_memory, running totals per interval.', columnsOf(columns, ['s', 'bytes', 'bytes']), rows, { thin: true }),
  };
}

const columnsOf = (titles: readonly string[], units: readonly (AxisSpec['unit'] | undefined)[]) => titles.map((title, i) => ({ title, unit: units[i] }));

function running(xs: readonly number[]): number[] {
  let total = 0;
  return xs.map((x) => (total += x));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
