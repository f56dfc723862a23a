// The shape of a saved benchmark result: the JSON `bench --format json` prints and the file the harness
// saves. Plain data only, so results from different runs and machines can be compared field by field.
// One shape for both languages: a Python run (`language: 'python'`) fills the same suites with Python's own
// models (asyncio, thread and process pools, pickle and shared_memory), named by their own mode values.

export const SUITES = ['io', 'cpu', 'serialization', 'hybrid'] as const;
export type SuiteName = (typeof SUITES)[number];

/** Repeated measurements of one quantity, after warm-up. */
export interface Stats {
  median: number;
  min: number;
  max: number;
  /** Interquartile range (p75 - p25): the spread that one outlier on a noisy machine does not move. */
  iqr: number;
  samples: number[];
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemBytes: number;
  freeMemBytes: number;
  node: string;
  platform: string;
  arch: string;
  /** 1, 5 and 15 minute load averages when the run started: a busy machine explains odd figures. */
  loadAverage: number[];
}

/** Node: `promise-all-limited`, `worker-pool`; Python: `asyncio-gather-limited`, `thread-pool`; both: `sequential`. */
export type IoMode = 'sequential' | 'promise-all-limited' | 'worker-pool' | 'asyncio-gather-limited' | 'thread-pool';

export interface IoPoint {
  mode: IoMode;
  calls: number;
  wallMs?: Stats;
  /** Memory each call in flight costs. Heap of the calling thread for async; process RSS for the pool, whose threads each bring their own heap. */
  memoryPerInFlightBytes?: Stats;
  memoryBasis?: 'heap' | 'rss';
  inFlight?: number;
  skipped?: string;
}

export interface IoSuiteResult {
  latencyMs: number;
  concurrencyLimit: number;
  poolSize: number;
  /** Starting the pool of `poolSize` threads (one start per run). */
  poolStartMs: Stats;
  points: IoPoint[];
}

export type CpuWorkload = 'tokenize' | 'hash';
/** Node: `worker-threads`, `child-process`; Python: `threads` (a ThreadPoolExecutor), `processes` (a ProcessPoolExecutor). */
export type CpuPoolKind = 'worker-threads' | 'child-process' | 'threads' | 'processes';

export interface CpuPoolPoint {
  pool: CpuPoolKind;
  workers: number;
  wallMs: Stats;
  /** Median over runs of (main-thread time / pool time), each pool run paired with a main-thread run just before it. */
  speedup: number;
  /** Time from creating the pool to every worker being ready. */
  startMs: number;
  memoryPerWorkerBytes: number;
  /**
   * Python: median over runs of the CPU time the tasks took, summed over workers, per wall-clock time of the
   * pooled run. Threads that hold the GIL never exceed about one core whatever the load; processes can.
   */
  coresUsed?: number;
}

export interface CpuWorkloadResult {
  workload: CpuWorkload;
  items: number;
  chunks: number;
  /** Every main-thread run of this workload (one before each pooled run). */
  sequentialMs: Stats;
  pools: CpuPoolPoint[];
  /** Per pool kind measured: the worker count after which one more step improves the speedup by less than 10%. */
  saturatesAt: Partial<Record<CpuPoolKind, number>>;
}

export interface CpuSuiteResult {
  workerCounts: number[];
  workloads: CpuWorkloadResult[];
  /** Start-up of a single worker, spawn to ready, repeated (Node; Python has each pool's `startMs`). */
  workerStartupMs: Partial<Record<CpuPoolKind, Stats>>;
  /**
   * Best parallel speedup on the tokenising workload (worker_threads in Node, processes in Python): the
   * parallelism this machine really gives (at the time of the run).
   */
  usableParallelism: number;
}

/**
 * Node: `structured-clone`, `transfer-list`, `shared-array-buffer`; Python: `pickle` (to a pool process and
 * back), `shared-memory` (multiprocessing.shared_memory, named per task).
 */
export type TransferMode = 'structured-clone' | 'transfer-list' | 'shared-array-buffer' | 'pickle' | 'shared-memory';

export interface SerializationPoint {
  mode: TransferMode;
  sizeBytes: number;
  /** Main thread to worker and back. */
  roundTripMs?: Stats;
  /** SharedArrayBuffer and shared_memory only: allocating it and copying the data in, paid once. */
  setupMs?: Stats;
  skipped?: string;
}

export interface Crossover {
  /** Computation on the payload, in ms. */
  computeMs: number;
  /** Above this size a structured-clone round trip costs more than that computation. */
  sizeBytes: number;
}

export interface SerializationSuiteResult {
  sizesBytes: number[];
  points: SerializationPoint[];
  /** Bytes copied per ms of the copying mode (structured clone; pickle in Python), counting both directions of a round trip (a least-squares fit). */
  cloneBytesPerMs: number;
  /** Fixed cost of one clone round trip, from the same fit. */
  cloneOverheadMs: number;
  crossovers: Crossover[];
}

/** Node: `hybrid-worker-pool`; Python: `async-to-thread` (asyncio.to_thread), `hybrid-process-pool`; both: `sequential`, `async-cpu-on-main`. */
export type HybridMode = 'sequential' | 'async-cpu-on-main' | 'hybrid-worker-pool' | 'async-to-thread' | 'hybrid-process-pool';

export interface HybridPoint {
  mode: HybridMode;
  wallMs: Stats;
  queriesPerSecond: number;
}

export interface HybridSuiteResult {
  queries: number;
  retrieveMs: number;
  generateMs: number;
  /** Items of the tokenising workload each query preprocesses. */
  preprocessItems: number;
  poolSize: number;
  points: HybridPoint[];
}

export interface FunctionPoint {
  /** `worker-threads`: each input cloned into a pool worker; `shared-memory`: typed-array inputs in SharedArrayBuffers, nothing copied. */
  mode: 'worker-threads' | 'shared-memory';
  workers: number;
  /** All inputs through the pool. */
  wallMs: Stats;
  /** Median of (main-thread time / pool time), each pool run paired with a main-thread run just before it. */
  speedup: number;
  /** Starting the pool, once. */
  startMs: number;
}

/** `bench --function`: the user's own function. */
export interface FunctionSuiteResult {
  module: string;
  exportName: string;
  inputModule: string;
  inputs: number;
  /** Every input is a typed array, so shared memory was tried too. */
  binary: boolean;
  /** Bytes of all inputs together (JSON length for non-binary inputs): what one pass clones. */
  inputBytes: number;
  /** All inputs one after another on one thread (the harness's own, which is the main thread of this measurement). */
  mainThreadMs: Stats;
  points: FunctionPoint[];
  /** Copying the inputs into shared memory, paid once. */
  sharedSetupMs?: number;
  best: { mode: FunctionPoint['mode']; workers: number; speedup: number };
  notes?: string[];
}

/** The interpreter a Python run measured. */
export interface PythonInfo {
  version: string;
  /** `cpython`, `pypy`… (sys.implementation.name). */
  implementation: string;
  executable: string;
  /** false on a free-threaded build running without the GIL; null where the interpreter has none to speak of. */
  gil: boolean | null;
}

export type BenchLanguage = 'node' | 'python';

export interface BenchResult {
  tool: 'concurrency-lens';
  kind: 'bench';
  version: string;
  /** Absent in Node results (and in every result saved before Python was measured). */
  language?: 'python';
  /** Python runs only: the interpreter that ran the suites. */
  python?: PythonInfo;
  /** ISO 8601; also the saved file's name. */
  createdAt: string;
  quick: boolean;
  machine: MachineInfo;
  /** Load averages when the run ended: with `machine.loadAverage`, whether other work shared the cores. */
  loadAverageAfter: number[];
  durationMs: number;
  io?: IoSuiteResult;
  cpu?: CpuSuiteResult;
  serialization?: SerializationSuiteResult;
  hybrid?: HybridSuiteResult;
  function?: FunctionSuiteResult;
}

export interface BenchProgress {
  suite: SuiteName | 'function';
  step: string;
  /** 0-100 over the whole run. */
  percent: number;
}
