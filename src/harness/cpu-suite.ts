// CPU scaling: the tokenising and hashing workloads on the main thread, then split into chunks over a
// worker_threads pool and a child_process pool of 1, 2, 4 and 8 workers. Speedup is against the main
// thread; start-up and memory per worker are what the parallelism costs.
import { chunkRanges, combineChecksums, runWorkload } from './cpu-workloads';
import { startChildPool } from './child-pool';
import { timed } from './repeat';
import type { CpuPoolKind, CpuPoolPoint, CpuSuiteResult, CpuWorkload, CpuWorkloadResult, Stats } from './result-types';
import { saturationPoint } from './saturation';
import { round, summarize } from './stats';
import type { SuiteContext } from './suite-context';
import type { TaskPool } from './task-pool';
import { startThreadPool } from './thread-pool';

const POOLS: readonly CpuPoolKind[] = ['worker-threads', 'child-process'];

interface StartedPool {
  pool: TaskPool;
  startMs: number;
  memoryPerWorkerBytes: number;
}

export async function runCpuSuite(ctx: SuiteContext): Promise<CpuSuiteResult> {
  const cfg = ctx.config.cpu;
  const plan = { warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs };
  const workloads: Array<{ workload: CpuWorkload; items: number }> = [
    { workload: 'tokenize', items: cfg.tokenizeItems },
    { workload: 'hash', items: cfg.hashItems },
  ];
  const steps = 1 + workloads.length * (1 + POOLS.length * cfg.workerCounts.length);
  let step = 0;

  ctx.progress('worker start-up', step++ / steps);
  const workerStartupMs = {} as Record<CpuPoolKind, Stats>;
  for (const kind of POOLS) {
    const samples: number[] = [];
    for (let i = 0; i < cfg.startupRepeats; i++) {
      const started = await startPool(kind, 1, ctx);
      samples.push(started.startMs);
      await started.pool.close();
    }
    workerStartupMs[kind] = summarize(samples);
  }

  const results: CpuWorkloadResult[] = [];
  for (const { workload, items } of workloads) {
    const ranges = chunkRanges(items, cfg.chunks);
    const sequential = (): number => combineChecksums(ranges.map(([from, to]) => runWorkload(workload, from, to)));
    ctx.progress(`${workload} on the main thread`, step++ / steps);
    const expected = sequential();
    const sequentialSamples: number[] = [];
    const pools: CpuPoolPoint[] = [];
    for (const kind of POOLS) {
      for (const workers of cfg.workerCounts) {
        ctx.progress(`${workload}, ${kind} × ${workers}`, step++ / steps);
        const started = await startPool(kind, workers, ctx);
        try {
          const pooled = async (): Promise<number> => {
            const t0 = performance.now();
            const parts = await Promise.all(ranges.map(([from, to]) => started.pool.run({ kind: 'cpu', workload, from, to })));
            const ms = performance.now() - t0;
            // Same answer as the main thread, or the speedup is of a different computation.
            if (combineChecksums(parts) !== expected) throw new Error(`${workload} on ${kind} gave a different checksum`);
            return ms;
          };
          // The main thread stays warm from one configuration to the next; each new pool needs its own warm-up.
          for (let i = 0; i < plan.warmupRuns; i++) {
            if (pools.length === 0) sequential();
            await pooled();
          }
          // Each pooled run is paired with a main-thread run just before it, and the speedup is the median
          // of the pairs' ratios: on a shared machine both halves of a pair see the same neighbours.
          const wall: number[] = [];
          const ratios: number[] = [];
          for (let i = 0; i < plan.runs; i++) {
            const seqMs = await timed(sequential);
            const poolMs = await pooled();
            sequentialSamples.push(seqMs);
            wall.push(poolMs);
            ratios.push(seqMs / poolMs);
          }
          pools.push({
            pool: kind,
            workers,
            wallMs: summarize(wall),
            speedup: round(summarize(ratios).median, 2),
            startMs: round(started.startMs),
            memoryPerWorkerBytes: Math.round(started.memoryPerWorkerBytes),
          });
        } finally {
          await started.pool.close();
        }
      }
    }
    const sequentialMs = summarize(sequentialSamples);
    const saturatesAt = {} as Record<CpuPoolKind, number>;
    for (const kind of POOLS) {
      // Judged on the paired speedups (as a time relative to the main thread's), which drift on a shared machine cancels out of.
      saturatesAt[kind] = saturationPoint(pools.filter((p) => p.pool === kind).map((p) => ({ workers: p.workers, medianMs: 1 / p.speedup })));
    }
    results.push({ workload, items, chunks: ranges.length, sequentialMs, pools, saturatesAt });
  }
  const tokenizeThreads = results[0].pools.filter((p) => p.pool === 'worker-threads');
  return {
    workerCounts: cfg.workerCounts,
    workloads: results,
    workerStartupMs,
    usableParallelism: round(Math.max(1, ...tokenizeThreads.map((p) => p.speedup)), 2),
  };
}

async function startPool(kind: CpuPoolKind, workers: number, ctx: SuiteContext): Promise<StartedPool> {
  const rssBefore = process.memoryUsage.rss();
  const t0 = performance.now();
  if (kind === 'worker-threads') {
    const pool = await startThreadPool(workers, ctx.workersDir);
    const startMs = performance.now() - t0;
    // Threads share the process: their cost is what the process grew by.
    return { pool, startMs, memoryPerWorkerBytes: Math.max(0, process.memoryUsage.rss() - rssBefore) / workers };
  }
  const { pool, rssBytes } = await startChildPool(workers, ctx.workersDir, ctx.events);
  return { pool, startMs: performance.now() - t0, memoryPerWorkerBytes: rssBytes / workers };
}
