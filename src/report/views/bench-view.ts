// The benchmark result as charts: I/O time and memory per model, CPU speedup against workers, the cost of
// moving a payload to a worker, and the hybrid pipeline's throughput. A suite that did not run gives a
// chart with `empty` text naming the command that fills it. A Python run (`bench --python`) reads in Python's
// terms, with the seed article's published figures drawn beside its own (dashed).
import { ARTICLE } from '../../harness/article-figures';
import type { BenchResult, CpuPoolKind, CpuWorkload, HybridMode, IoMode, IoPoint, SuiteName, TransferMode } from '../../harness/result-types';
import type { ChartSpec, ColorRole, MarkerSpec, Point, SeriesSpec } from './chart-spec';
import { emptyChart, type ChartFrame } from './empty-chart';
import { formatValue, sig3 } from './format';
import { buildTable, type Cell } from './table';

export interface BenchView {
  /** One line: cores, CPU, Node, load. */
  machine: string;
  /** In order: 'io-time', 'io-memory', 'cpu-speedup', 'serialization', 'hybrid-qps'. */
  charts: ChartSpec[];
  notes: string[];
}

export const BENCH_CHART_IDS = ['io-time', 'io-memory', 'cpu-speedup', 'serialization', 'hybrid-qps'] as const;

const IO_MODES: Record<IoMode, { label: string; color: ColorRole }> = {
  sequential: { label: 'Sequential awaits', color: 'red' },
  'promise-all-limited': { label: 'Promise.all, limited', color: 'blue' },
  'worker-pool': { label: 'Worker pool', color: 'orange' },
  'asyncio-gather-limited': { label: 'asyncio.gather + Semaphore', color: 'blue' },
  'thread-pool': { label: 'ThreadPoolExecutor', color: 'orange' },
};
const CPU_POOLS: readonly CpuPoolKind[] = ['worker-threads', 'child-process', 'threads', 'processes'];
const CPU_SERIES: Record<CpuWorkload, Record<CpuPoolKind, ColorRole>> = {
  tokenize: { 'worker-threads': 'blue', 'child-process': 'purple', threads: 'red', processes: 'blue' },
  hash: { 'worker-threads': 'orange', 'child-process': 'yellow', threads: 'orange', processes: 'purple' },
};
/** Also the serialisation explorer's: the same measurements read the same in both charts. */
export const TRANSFER_MODES: Record<TransferMode, { label: string; color: ColorRole }> = {
  'structured-clone': { label: 'Structured clone', color: 'red' },
  'transfer-list': { label: 'Transfer list', color: 'green' },
  'shared-array-buffer': { label: 'SharedArrayBuffer', color: 'blue' },
  pickle: { label: 'pickle to a process', color: 'red' },
  'shared-memory': { label: 'shared_memory, named per task', color: 'blue' },
};
/** The modes whose one-off setup (allocate and copy in) is in the table rather than drawn. */
const SETUP_MODES: readonly TransferMode[] = ['shared-array-buffer', 'shared-memory'];
const HYBRID_MODES: Record<HybridMode, string> = {
  sequential: 'Sequential',
  'async-cpu-on-main': 'Async, CPU on main',
  'hybrid-worker-pool': 'Hybrid: async + worker pool',
  'async-to-thread': 'asyncio, CPU in to_thread',
  'hybrid-process-pool': 'Hybrid: asyncio + process pool',
};

const isPython = (r: BenchResult): boolean => r.language === 'python';

const POOL_NOUNS: Record<CpuPoolKind, string> = { 'worker-threads': 'worker threads', 'child-process': 'child processes', threads: 'threads', processes: 'processes' };

/** Suites as prose names them; the command keeps the suite's id. */
const SUITE_NAMES: Record<SuiteName, string> = { io: 'I/O', cpu: 'CPU', serialization: 'serialisation', hybrid: 'hybrid' };
const notRun = (suite: SuiteName, result?: BenchResult): string =>
  `Run the ${SUITE_NAMES[suite]} suite to see this: concurrency-lens bench${result?.language === 'python' ? ' --python' : ''} --suite ${suite}.`;

export function benchView(result: BenchResult): BenchView {
  const notes: string[] = [];
  if (result.quick) notes.push('A quick run: fewer sizes and repetitions, so the figures are rougher than a full run.');
  const load = loadNote(result);
  if (load) notes.push(load);
  const charts = [ioTimeChart(result, notes), ioMemoryChart(result), cpuSpeedupChart(result, notes), serializationChart(result, notes), hybridChart(result)];
  return { machine: machineLine(result), charts, notes };
}

export function machineLine(result: BenchResult): string {
  const m = result.machine;
  const before = m.loadAverage[0];
  const after = result.loadAverageAfter?.[0];
  const load = before === undefined ? '' : ` · load ${before.toFixed(2)}${after !== undefined ? ` → ${after.toFixed(2)}` : ''}`;
  const py = result.python;
  const runtime = py ? `Python ${py.version} (${py.implementation}${py.gil === false ? ', free-threaded' : py.gil ? ', with the GIL' : ''})` : `Node ${m.node}`;
  return `${m.cores} cores · ${m.cpuModel} · ${runtime} · ${m.platform}/${m.arch}${load}`;
}

/** Other work on the machine slows every figure; a load near the core count says the run shared them. */
function loadNote(result: BenchResult): string | undefined {
  const peak = Math.max(result.machine.loadAverage[0] ?? 0, result.loadAverageAfter?.[0] ?? 0);
  if (peak < 0.75 * result.machine.cores) return undefined;
  return `The 1-minute load reached ${peak.toFixed(2)} on ${result.machine.cores} cores: other work shared the machine, so times are slower and speedups lower than on a quiet one.`;
}

const median = (s: { median: number } | undefined): number | null => (s ? sig3(s.median) : null);

/** The N values of the I/O suite and each mode's value at each, null where it was skipped. */
function ioGrid(points: readonly IoPoint[], value: (p: IoPoint) => number | null): { calls: number[]; byMode: [IoMode, (number | null)[]][] } {
  const calls = [...new Set(points.map((p) => p.calls))].sort((a, b) => a - b);
  const modes = (Object.keys(IO_MODES) as IoMode[]).filter((m) => points.some((p) => p.mode === m));
  const at = (m: IoMode, n: number): number | null => {
    const p = points.find((q) => q.mode === m && q.calls === n);
    return p && !p.skipped ? value(p) : null;
  };
  return { calls, byMode: modes.map((m) => [m, calls.map((n) => at(m, n))]) };
}

function ioTimeChart(result: BenchResult, notes: string[]): ChartSpec {
  const io = result.io;
  const frame: ChartFrame = {
    id: 'io-time',
    title: 'I/O: wall time for N calls',
    description: '',
    type: 'line',
    x: { title: 'Calls', unit: 'count', type: 'category' },
    y: { title: 'Wall time', unit: 'ms', type: 'logarithmic' },
  };
  if (!io) return emptyChart({ ...frame, description: notRun('io', result) }, notRun('io', result));
  const grid = ioGrid(io.points, (p) => median(p.wallMs));
  for (const p of io.points) if (p.skipped) notes.push(`I/O, ${IO_MODES[p.mode].label.toLowerCase()} at ${p.calls} calls: skipped (${p.skipped}).`);
  return {
    ...frame,
    labels: grid.calls,
    description: isPython(result)
      ? `N HTTP calls of ${formatValue(io.latencyMs, 'ms')} each to a local server: one after another, with asyncio.gather under a Semaphore of ${io.concurrencyLimit}, or through a ThreadPoolExecutor of ${io.poolSize} threads (log scale). The GIL is released while a call waits, so both overlap the waits alike; they differ in memory.`
      : `N simulated calls of ${formatValue(io.latencyMs, 'ms')} each: awaited one by one, started together with at most ${io.concurrencyLimit} in flight, or sent to a pool of ${io.poolSize} workers (log scale). Waiting needs no threads: the limited Promise.all keeps pace with the pool without its start-up (${formatValue(io.poolStartMs.median, 'ms')}).`,
    series: grid.byMode.map(([m, data]) => ({ label: IO_MODES[m].label, color: IO_MODES[m].color, data })),
    markers: [],
    table: buildTable(
      'Median wall time per number of calls and model; a dash where the run was skipped.',
      [{ title: 'Calls', unit: 'count' }, ...grid.byMode.map(([m]) => ({ title: IO_MODES[m].label, unit: 'ms' as const }))],
      grid.calls.map((n, i) => [n, ...grid.byMode.map(([, d]) => d[i])]),
    ),
  };
}

function ioMemoryChart(result: BenchResult): ChartSpec {
  const io = result.io;
  const frame: ChartFrame = {
    id: 'io-memory',
    title: 'I/O: memory per call in flight',
    description: '',
    type: 'bar',
    x: { title: 'Calls', unit: 'count', type: 'category' },
    y: { title: 'Memory per call in flight', unit: 'bytes', type: 'logarithmic' },
  };
  if (!io) return emptyChart({ ...frame, description: notRun('io', result) }, notRun('io', result));
  const grid = ioGrid(io.points, (p) => median(p.memoryPerInFlightBytes));
  const basis = (m: IoMode): string => io.points.find((p) => p.mode === m && p.memoryBasis)?.memoryBasis ?? 'heap';
  // The heap per call can round to 0 and the pool's RSS delta can be negative (a GC or pages returned
  // between the two readings). A log axis has no place for those, and chart.js drops them without a
  // word. They are left out of the bars and counted in the description and caption, and the table keeps
  // the measured value. The scale stays logarithmic rather than turning linear when one is ≤ 0: the point
  // of the chart is that the async models' kilobytes and the pool's megabytes differ by orders of
  // magnitude, which a linear axis would flatten to an invisible async bar; and a value at or below zero
  // is a reading of "nothing measurable", not a size to compare.
  const notDrawn = grid.byMode.reduce((n, [, d]) => n + d.filter((v) => v !== null && v <= 0).length, 0);
  const notDrawnNote = notDrawn > 0 ? ` ${notDrawn} ${notDrawn === 1 ? 'value at or below zero is' : 'values at or below zero are'} not drawn on the log scale (the table has ${notDrawn === 1 ? 'it' : 'them'}).` : '';
  return {
    ...frame,
    labels: grid.calls,
    description: isPython(result)
      ? `What each call costs in memory (log scale): Python heap (tracemalloc) per asyncio task (gather creates them all at once), process RSS per thread of the pool. The article measured +${formatValue(ARTICLE.ioMemory.asyncioBytes, 'bytes')} for ${ARTICLE.ioMemory.calls} asyncio calls against +${formatValue(ARTICLE.ioMemory.threadsBytes, 'bytes')} through threads.${notDrawnNote}`
      : `What each call in flight costs in memory (log scale): heap of the event loop for the async models, process RSS for the pool, whose every thread brings its own heap.${notDrawnNote}`,
    series: grid.byMode.map(([m, data]) => ({ label: `${IO_MODES[m].label} (${basis(m)})`, color: IO_MODES[m].color, data: data.map((v) => (v !== null && v <= 0 ? null : v)) })),
    markers: [],
    table: buildTable(
      `Median memory per call in flight, per number of calls and model (heap for async, RSS for the pool).${notDrawnNote}`,
      [{ title: 'Calls', unit: 'count' }, ...grid.byMode.map(([m]) => ({ title: `${IO_MODES[m].label} (${basis(m)})`, unit: 'bytes' as const }))],
      grid.calls.map((n, i) => [n, ...grid.byMode.map(([, d]) => d[i])]),
    ),
  };
}

function cpuSpeedupChart(result: BenchResult, notes: string[]): ChartSpec {
  const cpu = result.cpu;
  const cores = result.machine.cores;
  const frame: ChartFrame = {
    id: 'cpu-speedup',
    title: 'CPU: speedup against workers',
    description: '',
    type: 'line',
    x: { title: 'Workers', unit: 'count', type: 'linear', min: 0 },
    y: { title: 'Speedup', unit: 'speedup', type: 'linear', min: 0 },
  };
  if (!cpu || cpu.workloads.length === 0) return emptyChart({ ...frame, description: notRun('cpu', result) }, notRun('cpu', result));
  const counts = [...new Set([...cpu.workerCounts, ...cpu.workloads.flatMap((w) => w.pools.map((p) => p.workers))])].sort((a, b) => a - b);
  // The ideal bends at the core count: past it extra workers only take turns on the same cores.
  const idealXs = [...new Set([0, ...counts, cores])].filter((n) => n <= Math.max(...counts, cores)).sort((a, b) => a - b);
  const ideal: Point[] = idealXs.map((n) => ({ x: n, y: Math.min(n, cores) }));
  const measured: SeriesSpec[] = [];
  const rows: Cell[][] = [];
  for (const w of cpu.workloads) {
    for (const pool of CPU_POOLS) {
      const points = w.pools.filter((p) => p.pool === pool).sort((a, b) => a.workers - b.workers);
      if (points.length === 0) continue;
      const label = `${w.workload} · ${pool}`;
      measured.push({ label, color: CPU_SERIES[w.workload]?.[pool] ?? 'foreground', data: points.map((p) => ({ x: p.workers, y: sig3(p.speedup) })) });
      for (const p of points) rows.push([w.workload, pool, p.workers, p.speedup, p.wallMs.median, p.startMs, Math.min(p.workers, cores), p.coresUsed ?? null]);
    }
    const saturation = CPU_POOLS.filter((k) => w.saturatesAt[k] !== undefined).map((k) => `${w.saturatesAt[k]} ${POOL_NOUNS[k]}`);
    notes.push(`${w.workload}: the speedup stops growing by 10 % per step at ${saturation.join(' and ')}.`);
  }
  if (isPython(result)) {
    for (const [pool, color] of [['threads', 'red'], ['processes', 'blue']] as const) {
      measured.push({ label: `article · ${pool}`, color, dashed: true, data: ARTICLE.cpuSpeedup[pool].map((p) => ({ x: p.workers, y: sig3(p.speedup) })) });
    }
  }
  const markers: MarkerSpec[] = [
    { kind: 'x-line', at: cores, label: `${cores} cores`, color: 'muted' },
    { kind: 'y-line', at: sig3(cpu.usableParallelism), label: `best measured ${formatValue(cpu.usableParallelism, 'speedup')}`, color: 'green' },
  ];
  return {
    ...frame,
    x: { ...frame.x, max: Math.max(...counts, cores) },
    description: isPython(result)
      ? `One thread's time over the pool's for ${cpu.workloads.map((w) => w.workload).join(' and ')}, by pool kind and worker count. Tokenising is pure Python and holds the GIL, so threads stay near 1× and only processes scale; hashlib releases the GIL on large blocks, so threads help there. The dashed lines are the ideal, which stops at the ${cores} cores, and the article's figures on 4 cores.`
      : `Main-thread time over pool time for ${cpu.workloads.map((w) => w.workload).join(' and ')}, by pool kind and worker count. The dashed line is the ideal, which stops at the ${cores} cores; the best measured speedup, ${formatValue(cpu.usableParallelism, 'speedup')}, is the parallelism this machine really gave.`,
    series: [...measured, { label: 'Ideal', color: 'muted', data: ideal, dashed: true }],
    markers,
    table: buildTable(
      `Speedup per workload, pool kind and workers, with the ideal min(workers, ${cores} cores).`,
      [
        { title: 'Workload' },
        { title: 'Pool' },
        { title: 'Workers', unit: 'count' },
        { title: 'Speedup', unit: 'speedup' },
        { title: 'Wall time', unit: 'ms' },
        { title: 'Pool start', unit: 'ms' },
        { title: 'Ideal', unit: 'speedup' },
        { title: 'Cores used', unit: 'cores' },
      ],
      rows,
    ),
  };
}

function serializationChart(result: BenchResult, notes: string[]): ChartSpec {
  const ser = result.serialization;
  const frame: ChartFrame = {
    id: 'serialization',
    title: 'Moving a payload to a worker and back',
    description: '',
    type: 'line',
    x: { title: 'Payload size', unit: 'bytes', type: 'logarithmic' },
    y: { title: 'Round trip', unit: 'ms', type: 'logarithmic' },
  };
  if (!ser || ser.points.length === 0) return emptyChart({ ...frame, description: notRun('serialization', result) }, notRun('serialization', result));
  const modes = (Object.keys(TRANSFER_MODES) as TransferMode[]).filter((m) => ser.points.some((p) => p.mode === m && p.roundTripMs));
  const series: SeriesSpec[] = modes.map((m) => ({
    label: TRANSFER_MODES[m].label,
    color: TRANSFER_MODES[m].color,
    data: ser.points
      .filter((p) => p.mode === m && p.roundTripMs)
      .sort((a, b) => a.sizeBytes - b.sizeBytes)
      .map((p) => ({ x: p.sizeBytes, y: sig3(p.roundTripMs!.median) })),
  }));
  // The SharedArrayBuffer's one-off setup is in the table, not drawn: a series hidden at first would sit
  // in the legend struck through, and drawn it would read as a per-message cost.
  const setupMode = SETUP_MODES.find((m) => ser.points.some((p) => p.mode === m && p.setupMs));
  const python = isPython(result);
  if (python) {
    series.push({ label: 'article · pickle (dumps + loads)', color: 'red', dashed: true, data: ARTICLE.serialization.map((a) => ({ x: a.sizeBytes, y: a.pickleMs })) });
  }
  for (const p of ser.points) if (p.skipped) notes.push(`Serialisation, ${TRANSFER_MODES[p.mode].label} at ${formatValue(p.sizeBytes, 'bytes')}: skipped (${p.skipped}).`);
  // Labelled with the compute time alone ("10 ms"), in order along the axis: the description says what the lines are.
  const crossovers = ser.crossovers.filter((c) => c.sizeBytes > 0).sort((a, b) => a.sizeBytes - b.sizeBytes);
  const markers: MarkerSpec[] = crossovers.map((c) => ({ kind: 'x-line', at: c.sizeBytes, label: formatValue(c.computeMs, 'ms'), color: 'orange' }));
  const xs = [...ser.points.map((p) => p.sizeBytes), ...crossovers.map((c) => c.sizeBytes)];
  const rows: Cell[][] = [...new Set(ser.points.map((p) => p.sizeBytes))]
    .sort((a, b) => a - b)
    .map((size) => {
      const at = (m: TransferMode) => ser.points.find((p) => p.mode === m && p.sizeBytes === size);
      const article = python ? ARTICLE.serialization.find((a) => a.sizeBytes === size) : undefined;
      const setup = setupMode ? median(at(setupMode)?.setupMs) : null;
      return [size, ...modes.map((m) => median(at(m)?.roundTripMs)), setup, ...(python ? [article?.pickleMs ?? null, article?.sharedSetupMs ?? null] : [])];
    });
  return {
    ...frame,
    x: { ...frame.x, min: Math.min(...xs), max: Math.max(...xs) },
    description:
      (python
        ? `To a pool process and back, by payload size (log-log). Pickling copies the payload both ways (about ${formatValue(ser.cloneBytesPerMs, 'bytes')} per ms, plus ${formatValue(ser.cloneOverheadMs, 'ms')} per task); a shared_memory block is filled once and only its name travels. The dashed line is the article's pickle figure. `
        : `Main thread to worker and back, by payload size (log-log). A structured clone copies the payload both ways (about ${formatValue(ser.cloneBytesPerMs, 'bytes')} per ms, plus ${formatValue(ser.cloneOverheadMs, 'ms')} per message); a transfer list or a SharedArrayBuffer copies nothing. `) +
      (crossovers.length > 0 ? `Vertical lines, each labelled with a compute time: the size above which a ${python ? 'pickle' : 'clone'} round trip costs more than ${crossovers.map((c) => formatValue(c.computeMs, 'ms')).join(', ')} of computation.` : '') +
      (setupMode ? ` The table also has the ${TRANSFER_MODES[setupMode].label.split(',')[0]}'s one-off setup.` : ''),
    series,
    markers,
    table: buildTable(
      `Median round trip per payload size and method, and the one-off setup of shared memory${python ? ', beside the article\'s figures' : ''}. Crossovers: ${crossovers.map((c) => `${formatValue(c.computeMs, 'ms')} of compute at ${formatValue(c.sizeBytes, 'bytes')}`).join('; ') || 'none'}.`,
      [
        { title: 'Payload', unit: 'bytes' },
        ...modes.map((m) => ({ title: TRANSFER_MODES[m].label, unit: 'ms' as const })),
        { title: python ? 'shared_memory setup' : 'SharedArrayBuffer setup', unit: 'ms' },
        ...(python ? [{ title: 'Article: pickle', unit: 'ms' as const }, { title: 'Article: shared_memory create + attach', unit: 'ms' as const }] : []),
      ],
      rows,
    ),
  };
}

function hybridChart(result: BenchResult): ChartSpec {
  const h = result.hybrid;
  const frame: ChartFrame = {
    id: 'hybrid-qps',
    title: 'Hybrid pipeline: queries per second',
    description: '',
    type: 'bar',
    x: { title: 'Model', unit: 'count', type: 'category' },
    y: { title: 'Queries per second', unit: 'qps', type: 'linear', min: 0 },
  };
  if (!h || h.points.length === 0) return emptyChart({ ...frame, description: notRun('hybrid', result) }, notRun('hybrid', result));
  const points = (Object.keys(HYBRID_MODES) as HybridMode[]).flatMap((m) => h.points.filter((p) => p.mode === m));
  const base = points.find((p) => p.mode === 'sequential')?.queriesPerSecond;
  const python = isPython(result);
  const article = (m: HybridMode): number | null => ARTICLE.hybridQps[m] ?? null;
  return {
    ...frame,
    labels: points.map((p) => HYBRID_MODES[p.mode]),
    description: python
      ? `${h.queries} queries, each: retrieve (${formatValue(h.retrieveMs, 'ms')} wait), tokenise ${formatValue(h.preprocessItems, 'count')} items (CPU), generate (${formatValue(h.generateMs, 'ms')} wait). asyncio overlaps the waits; to_thread cannot overlap the CPU stages (the GIL); the hybrid runs them in a pool of ${h.poolSize} processes. The second bars are the article's, on 4 cores with its own stage times.`
      : `${h.queries} queries, each: retrieve (${formatValue(h.retrieveMs, 'ms')} wait), preprocess ${formatValue(h.preprocessItems, 'count')} items (CPU), generate (${formatValue(h.generateMs, 'ms')} wait). Async overlaps the waits; the hybrid also moves the CPU stage to a pool of ${h.poolSize} workers.`,
    series: [
      { label: 'Queries per second', color: 'blue', data: points.map((p) => sig3(p.queriesPerSecond)) },
      ...(python ? [{ label: 'Article (4 cores)', color: 'muted' as const, data: points.map((p) => article(p.mode)) }] : []),
    ],
    markers: [],
    table: buildTable(
      `Queries per second and median wall time per model, with the speedup over sequential${python ? ', and the article\'s queries per second' : ''}.`,
      [{ title: 'Model' }, { title: 'Queries per second', unit: 'qps' }, { title: 'Wall time', unit: 'ms' }, { title: 'Over sequential', unit: 'speedup' }, ...(python ? [{ title: 'Article', unit: 'qps' as const }] : [])],
      points.map((p) => {
        const overSequential = base ? p.queriesPerSecond / base : null;
        return [HYBRID_MODES[p.mode], p.queriesPerSecond, p.wallMs.median, overSequential, ...(python ? [article(p.mode)] : [])];
      }),
    ),
  };
}
