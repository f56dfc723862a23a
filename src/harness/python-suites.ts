// The Python benchmark script's raw samples (src/harness/python-bench/concurrency_lens_bench.py) turned into
// the suites' shared result shapes, summarised exactly as the Node suites summarise their own: medians and
// spreads (stats.ts), saturation (saturation.ts) and the copy-cost fit with its crossovers (crossover.ts).
// Pure: the script's JSON in, plain data out, so it is tested without an interpreter.
import type { BenchConfig } from './bench-config';
import { crossovers, fitCloneCost } from './crossover';
import type {
  BenchResult,
  CpuPoolKind,
  CpuSuiteResult,
  CpuWorkload,
  HybridMode,
  HybridSuiteResult,
  IoMode,
  IoSuiteResult,
  PythonInfo,
  SerializationSuiteResult,
  Stats,
  TransferMode,
} from './result-types';
import { saturationPoint } from './saturation';
import { round, summarize } from './stats';

/** What the script prints as its result line, samples in ms. */
export interface RawPythonResult {
  python: PythonInfo;
  io?: {
    poolStartMs: number[];
    points: Array<{ mode: IoMode; calls: number; wallMs?: number[]; memoryPerInFlightBytes?: number[]; memoryBasis?: 'heap' | 'rss'; inFlight?: number; skipped?: string }>;
  };
  cpu?: {
    workerCounts: number[];
    workloads: Array<{
      workload: CpuWorkload;
      items: number;
      chunks: number;
      sequentialMs: number[];
      pools: Array<{
        pool: CpuPoolKind;
        workers: number;
        wallMs: number[];
        speedups: number[];
        coresUsed: number[];
        startMs: number;
        memoryPerWorkerBytes?: number;
      }>;
    }>;
  };
  serialization?: { sizesBytes: number[]; points: Array<{ mode: TransferMode; sizeBytes: number; roundTripMs: number[]; setupMs?: number[] }> };
  hybrid?: { points: Array<{ mode: HybridMode; wallMs: number[] }> };
}

export type PythonSuites = Pick<BenchResult, 'io' | 'cpu' | 'serialization' | 'hybrid'>;

export function pythonSuites(raw: RawPythonResult, config: BenchConfig): PythonSuites {
  return {
    ...(raw.io ? { io: ioSuite(raw.io, config) } : {}),
    ...(raw.cpu ? { cpu: cpuSuite(raw.cpu) } : {}),
    ...(raw.serialization ? { serialization: serializationSuite(raw.serialization, config) } : {}),
    ...(raw.hybrid ? { hybrid: hybridSuite(raw.hybrid, config) } : {}),
  };
}

const median = (samples: readonly number[]): number => summarize(samples).median;

function ioSuite(raw: NonNullable<RawPythonResult['io']>, config: BenchConfig): IoSuiteResult {
  return {
    latencyMs: config.io.latencyMs,
    concurrencyLimit: config.io.concurrencyLimit,
    poolSize: config.io.concurrencyLimit,
    poolStartMs: summarize(raw.poolStartMs),
    points: raw.points.map((p) =>
      p.skipped || !p.wallMs
        ? { mode: p.mode, calls: p.calls, skipped: p.skipped ?? 'not measured' }
        : {
            mode: p.mode,
            calls: p.calls,
            wallMs: summarize(p.wallMs),
            ...(p.memoryPerInFlightBytes?.length ? { memoryPerInFlightBytes: summarize(p.memoryPerInFlightBytes), memoryBasis: p.memoryBasis ?? 'heap' } : {}),
            ...(p.inFlight !== undefined ? { inFlight: p.inFlight } : {}),
          },
    ),
  };
}

function cpuSuite(raw: NonNullable<RawPythonResult['cpu']>): CpuSuiteResult {
  const workloads = raw.workloads.map((w) => {
    const pools = w.pools.map((p) => ({
      pool: p.pool,
      workers: p.workers,
      wallMs: summarize(p.wallMs),
      speedup: round(median(p.speedups), 2),
      startMs: round(p.startMs, 1),
      memoryPerWorkerBytes: Math.round(p.memoryPerWorkerBytes ?? 0),
      coresUsed: round(median(p.coresUsed), 2),
    }));
    const saturatesAt: Partial<Record<CpuPoolKind, number>> = {};
    for (const kind of new Set(pools.map((p) => p.pool))) {
      const ofKind = pools.filter((p) => p.pool === kind).sort((a, b) => a.workers - b.workers);
      saturatesAt[kind] = saturationPoint(ofKind.map((p) => ({ workers: p.workers, medianMs: 1 / p.speedup })));
    }
    return { workload: w.workload, items: w.items, chunks: w.chunks, sequentialMs: summarize(w.sequentialMs), pools, saturatesAt };
  });
  // A pool of one worker is one worker's start-up, spawn to ready: the closest to Node's workerStartupMs.
  const workerStartupMs: Partial<Record<CpuPoolKind, Stats>> = {};
  for (const kind of ['threads', 'processes'] as const) {
    const starts = workloads.flatMap((w) => w.pools.filter((p) => p.pool === kind && p.workers === 1).map((p) => p.startMs));
    if (starts.length > 0) workerStartupMs[kind] = summarize(starts);
  }
  const tokenizeProcesses = workloads.filter((w) => w.workload === 'tokenize').flatMap((w) => w.pools.filter((p) => p.pool === 'processes'));
  return { workerCounts: raw.workerCounts, workloads, workerStartupMs, usableParallelism: round(Math.max(1, ...tokenizeProcesses.map((p) => p.speedup)), 2) };
}

function serializationSuite(raw: NonNullable<RawPythonResult['serialization']>, config: BenchConfig): SerializationSuiteResult {
  const points = raw.points.map((p) => ({
    mode: p.mode,
    sizeBytes: p.sizeBytes,
    roundTripMs: summarize(p.roundTripMs),
    ...(p.setupMs?.length ? { setupMs: summarize(p.setupMs) } : {}),
  }));
  const fit = fitCloneCost(points.filter((p) => p.mode === 'pickle').map((p) => ({ sizeBytes: p.sizeBytes, roundTripMs: p.roundTripMs.median })));
  return {
    sizesBytes: raw.sizesBytes,
    points,
    cloneBytesPerMs: round(fit.bytesPerMs, 1),
    cloneOverheadMs: round(fit.overheadMs, 2),
    crossovers: crossovers(fit, config.serialization.computeMs),
  };
}

function hybridSuite(raw: NonNullable<RawPythonResult['hybrid']>, config: BenchConfig): HybridSuiteResult {
  const h = config.hybrid;
  return {
    queries: h.queries,
    retrieveMs: h.retrieveMs,
    generateMs: h.generateMs,
    preprocessItems: h.preprocessItems,
    poolSize: h.poolSize,
    points: raw.points.map((p) => {
      const wallMs = summarize(p.wallMs);
      return { mode: p.mode, wallMs, queriesPerSecond: round((h.queries * 1000) / wallMs.median, 1) };
    }),
  };
}
