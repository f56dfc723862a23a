// The "Concurrency Simulator" of the seed article, for Node's three models: a deterministic discrete
// schedule of identical tasks (an I/O wait, then CPU work) on one event loop, on a worker pool fed by
// structured clone, and on workers reading shared memory. It is a teaching model, not a measurement;
// `caveat` says what it leaves out, and the panel shows it.

export type SimModel = 'event-loop' | 'worker-pool' | 'shared-memory';
export const SIM_MODELS: readonly SimModel[] = ['event-loop', 'worker-pool', 'shared-memory'];

export interface SimulationInput {
  tasks: number;
  /** Share of each task spent waiting on I/O, 0..1; the rest is CPU work. */
  ioShare: number;
  workers: number;
  /** Duration of one task run alone: its I/O wait plus its CPU work. */
  taskMs?: number;
  /** Structured clone of one task's input, paid on the main thread. Default: 5 % of `taskMs`. */
  copyMsPerTask?: number;
  /** Shared memory's one-off cost (allocating the SharedArrayBuffer and writing the data in). Default: one task's copy. */
  sharedSetupMs?: number;
}

export interface SimBlock {
  /** Task index from 0; -1 for shared memory's one-off setup. */
  task: number;
  /** `main` or `worker N` (1-based). I/O waits are drawn on the thread that awaits them, though they keep it free. */
  thread: string;
  /** `copy` is a structured clone of the task's input (or, for task -1, shared memory's setup). */
  kind: 'io' | 'cpu' | 'copy';
  startMs: number;
  endMs: number;
}

export interface SimRun {
  model: SimModel;
  /** The lanes to draw, in order. */
  threads: string[];
  blocks: SimBlock[];
  makespanMs: number;
  /** Tasks per second. */
  throughput: number;
  /** Share of the makespan the main thread could not run anything else (CPU work, copies, setup). */
  mainBlockedShare: number;
  /** Event-loop makespan over this model's: how much faster than doing it all on one loop. */
  speedup: number;
}

export interface Simulation {
  input: Required<SimulationInput>;
  models: Record<SimModel, SimRun>;
  caveat: string;
}

/** The seed's defaults: 30 tasks, half of each waiting on I/O, 4 workers. */
export const SIMULATOR_DEFAULTS = { tasks: 30, ioShare: 0.5, workers: 4, taskMs: 100 } as const;
/** Slider ranges for the panel. */
export const SIMULATOR_RANGES = {
  tasks: { min: 1, max: 100, step: 1 },
  ioShare: { min: 0, max: 1, step: 0.05 },
  workers: { min: 1, max: 16, step: 1 },
} as const;
const DEFAULT_COPY_SHARE = 0.05;

export const SIMULATOR_CAVEAT =
  'A model, not a measurement: every task takes the same time, I/O waits all overlap with no limit, each worker has a core of its own, and a structured clone costs a fixed time per task on the main thread (results are not copied back). Profile and benchmark your own code for real figures.';

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function normalize(input: SimulationInput): Required<SimulationInput> {
  const taskMs = input.taskMs !== undefined && input.taskMs > 0 ? input.taskMs : SIMULATOR_DEFAULTS.taskMs;
  const copyMsPerTask = Math.max(0, input.copyMsPerTask ?? DEFAULT_COPY_SHARE * taskMs);
  return {
    tasks: Math.round(clamp(Number.isFinite(input.tasks) ? input.tasks : SIMULATOR_DEFAULTS.tasks, 1, 1000)),
    ioShare: clamp(Number.isFinite(input.ioShare) ? input.ioShare : SIMULATOR_DEFAULTS.ioShare, 0, 1),
    workers: Math.round(clamp(Number.isFinite(input.workers) ? input.workers : SIMULATOR_DEFAULTS.workers, 1, 64)),
    taskMs,
    copyMsPerTask,
    sharedSetupMs: Math.max(0, input.sharedSetupMs ?? copyMsPerTask),
  };
}

/** Each task's I/O wait starts at once: the loop issues them all, the OS waits on them together. */
function ioBlocks(p: Required<SimulationInput>, ioMs: number): SimBlock[] {
  if (ioMs <= 0) return [];
  return Array.from({ length: p.tasks }, (_, task) => ({ task, thread: 'main', kind: 'io' as const, startMs: 0, endMs: ioMs }));
}

function eventLoop(p: Required<SimulationInput>, ioMs: number, cpuMs: number): SimBlock[] {
  const blocks = ioBlocks(p, ioMs);
  let free = 0;
  if (cpuMs > 0) {
    for (let task = 0; task < p.tasks; task++) {
      const start = Math.max(free, ioMs);
      blocks.push({ task, thread: 'main', kind: 'cpu', startMs: start, endMs: start + cpuMs });
      free = start + cpuMs;
    }
  }
  return blocks;
}

/**
 * Workers take tasks in order as they become ready; each goes to the worker free soonest (the lowest
 * number on a tie). `readyAt(task)` is when its input is in the worker's reach.
 */
function onWorkers(p: Required<SimulationInput>, cpuMs: number, readyAt: readonly number[]): SimBlock[] {
  const freeAt = new Array<number>(p.workers).fill(0);
  return readyAt.map((ready, task) => {
    let w = 0;
    for (let k = 1; k < freeAt.length; k++) if (freeAt[k] < freeAt[w]) w = k;
    const start = Math.max(ready, freeAt[w]);
    freeAt[w] = start + cpuMs;
    return { task, thread: `worker ${w + 1}`, kind: 'cpu' as const, startMs: start, endMs: start + cpuMs };
  });
}

function workerPool(p: Required<SimulationInput>, ioMs: number, cpuMs: number): SimBlock[] {
  const blocks = ioBlocks(p, ioMs);
  // Nothing to compute, nothing to send: the pool idles and the loop does the waiting.
  if (cpuMs <= 0) return blocks;
  const ready: number[] = [];
  let mainFree = 0;
  for (let task = 0; task < p.tasks; task++) {
    const start = Math.max(mainFree, ioMs);
    mainFree = start + p.copyMsPerTask;
    if (p.copyMsPerTask > 0) blocks.push({ task, thread: 'main', kind: 'copy', startMs: start, endMs: mainFree });
    ready.push(mainFree);
  }
  return [...blocks, ...onWorkers(p, cpuMs, ready)];
}

function sharedMemory(p: Required<SimulationInput>, ioMs: number, cpuMs: number): SimBlock[] {
  const blocks = ioBlocks(p, ioMs);
  if (cpuMs <= 0) return blocks;
  // Paid once, at the start, while the I/O waits are already in flight.
  if (p.sharedSetupMs > 0) blocks.push({ task: -1, thread: 'main', kind: 'copy', startMs: 0, endMs: p.sharedSetupMs });
  const ready = Array.from({ length: p.tasks }, () => Math.max(ioMs, p.sharedSetupMs));
  return [...blocks, ...onWorkers(p, cpuMs, ready)];
}

const SCHEDULES: Record<SimModel, (p: Required<SimulationInput>, ioMs: number, cpuMs: number) => SimBlock[]> = {
  'event-loop': eventLoop,
  'worker-pool': workerPool,
  'shared-memory': sharedMemory,
};

export function simulate(input: SimulationInput): Simulation {
  const p = normalize(input);
  const ioMs = p.taskMs * p.ioShare;
  const cpuMs = p.taskMs - ioMs;
  const workerLanes = Array.from({ length: p.workers }, (_, k) => `worker ${k + 1}`);
  const runs = SIM_MODELS.map((model) => {
    const blocks = SCHEDULES[model](p, ioMs, cpuMs).map((b) => ({ ...b, startMs: r3(b.startMs), endMs: r3(b.endMs) }));
    const makespanMs = r3(Math.max(0, ...blocks.map((b) => b.endMs)));
    const mainBusy = blocks.filter((b) => b.thread === 'main' && b.kind !== 'io').reduce((a, b) => a + (b.endMs - b.startMs), 0);
    return {
      model,
      threads: model === 'event-loop' ? ['main'] : ['main', ...workerLanes],
      blocks,
      makespanMs,
      throughput: makespanMs > 0 ? r3((p.tasks * 1000) / makespanMs) : 0,
      mainBlockedShare: makespanMs > 0 ? r3(mainBusy / makespanMs) : 0,
      speedup: 1,
    };
  });
  const base = runs[0].makespanMs;
  for (const run of runs) run.speedup = run.makespanMs > 0 ? r3(base / run.makespanMs) : 1;
  return { input: p, models: Object.fromEntries(runs.map((r) => [r.model, r])) as Record<SimModel, SimRun>, caveat: SIMULATOR_CAVEAT };
}
