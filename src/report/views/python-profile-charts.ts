// The profile charts of a Python report (report.language === 'python'): the same four as Node's, in what the
// Python probe measures (src/profiler/python/python-timeline.ts). Nothing it does not measure is drawn: a
// chart without its data says why.
import type { Timeline } from '../../profiler/timeline';
import type { ProfileReport } from '../profile-report';
import type { AxisSpec, ChartSpec, Point } from './chart-spec';
import { emptyChart, type ChartFrame } from './empty-chart';
import { formatValue } from './format';
import { buildTable, type Cell } from './table';
import { blockedFlags, columnsOf, largestGc, running, series, stretchMarkers, sum } from './timeline-parts';

export const NO_TIMELINE_PY =
  'This report has no timeline: the Python probe recorded no window of the workload process (a run shorter than one window, 100 ms, or a report written before Python runs had one), so there is nothing to draw over time.';

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

export function pythonProfileCharts(report: ProfileReport, tl: Timeline | undefined, x: AxisSpec): ChartSpec[] {
  return [pyLoopLagChart(report, tl, x), pyUtilizationChart(report, tl, x), pyIoChart(report, tl, x), pyPickledBytesChart(report, tl, x)];
}
