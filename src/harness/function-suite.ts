// `bench --function`: the user's own exported function on the inputs their input module makes, on the
// main thread, on worker_threads pools of growing size, and (for typed-array inputs) with the inputs
// handed over in shared memory instead of cloned. What each model does for this code on this machine.
import { timed } from './repeat';
import type { FunctionPoint, FunctionSuiteResult, Stats } from './result-types';
import { round, summarize } from './stats';
import type { SuiteContext } from './suite-context';
import type { TaskPool } from './task-pool';
import { startThreadPool } from './thread-pool';
import { inputBytes, isBinary, loadInputs, loadUserFunction, toShared, type FunctionSpec } from './user-function';

/** Pools larger than twice the cores only show oversubscription; the CPU suite measures that already. */
const MAX_WORKERS_PER_CORE = 2;

export async function runFunctionSuite(ctx: SuiteContext, spec: FunctionSpec): Promise<FunctionSuiteResult> {
  const plan = { warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs };
  ctx.progress('loading the function and its inputs', 0);
  const fn = await loadUserFunction(spec);
  const inputs = await loadInputs(spec.inputModule);
  const binary = isBinary(inputs);
  const counts = ctx.config.cpu.workerCounts.filter((n) => n <= Math.max(2, ctx.machine.cores * MAX_WORKERS_PER_CORE));
  const modes: FunctionPoint['mode'][] = binary ? ['worker-threads', 'shared-memory'] : ['worker-threads'];
  const steps = 1 + modes.length * counts.length;
  let step = 1;

  const mainThread = async (): Promise<void> => {
    for (const input of inputs) await fn(input);
  };
  ctx.progress('on the main thread', step / steps);
  for (let i = 0; i < plan.warmupRuns; i++) await mainThread();

  let sharedSetupMs: number | undefined;
  const shared = binary
    ? await (async () => {
        const t0 = performance.now();
        const out = inputs.map(toShared);
        sharedSetupMs = round(performance.now() - t0);
        return out;
      })()
    : undefined;

  const mainSamples: number[] = [];
  const points: FunctionPoint[] = [];
  for (const mode of modes) {
    for (const workers of counts) {
      ctx.progress(`${mode} × ${workers}`, step++ / steps);
      const t0 = performance.now();
      const pool = await startThreadPool(workers, ctx.workersDir);
      const startMs = round(performance.now() - t0);
      try {
        const pooled = (): Promise<number> => timed(() => Promise.all(inputs.map((input, i) => runOne(pool, spec, mode, input, shared?.[i]))));
        for (let i = 0; i < plan.warmupRuns; i++) await pooled();
        // Paired with a main-thread run just before, as in the CPU suite: both halves see the same neighbours.
        const wall: number[] = [];
        const ratios: number[] = [];
        for (let i = 0; i < plan.runs; i++) {
          const seq = await timed(mainThread);
          const par = await pooled();
          mainSamples.push(seq);
          wall.push(par);
          ratios.push(seq / par);
        }
        points.push({ mode, workers, wallMs: summarize(wall), speedup: round(summarize(ratios).median, 2), startMs });
      } finally {
        await pool.close();
      }
    }
  }
  const mainThreadMs: Stats = summarize(mainSamples);
  const best = points.reduce((a, b) => (b.speedup > a.speedup ? b : a), points[0]);
  return {
    module: spec.module,
    exportName: spec.exportName,
    inputModule: spec.inputModule,
    inputs: inputs.length,
    binary,
    inputBytes: inputs.reduce((a: number, v) => a + inputBytes(v), 0),
    mainThreadMs,
    points,
    ...(sharedSetupMs !== undefined ? { sharedSetupMs } : {}),
    best: { mode: best.mode, workers: best.workers, speedup: best.speedup },
    ...(binary ? {} : { notes: ['Shared memory was not tried: it needs every input to be a typed array.'] }),
  };
}

function runOne(pool: TaskPool, spec: FunctionSpec, mode: FunctionPoint['mode'], input: unknown, shared: ReturnType<typeof toShared> | undefined): Promise<number> {
  const target = { module: spec.module, exportName: spec.exportName };
  return mode === 'shared-memory' && shared ? pool.run({ kind: 'function-shared', ...target, shared }) : pool.run({ kind: 'function', ...target, input });
}
