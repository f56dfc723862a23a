// How big each suite runs. Two settings: `quick` (under a minute on 2 cores, for CI and first use) and
// `full` (the sizes, minutes). Data only; the suites read it.
const MB = 1024 * 1024;

export interface BenchConfig {
  /** Untimed runs before measuring, so the JIT and the sockets are warm. */
  warmupRuns: number;
  runs: number;
  io: {
    latencyMs: number;
    calls: number[];
    concurrencyLimit: number;
    /** Sequential calls above this count are skipped: they only show N × latency, slowly. */
    maxSequentialCalls: number;
  };
  cpu: { workerCounts: number[]; tokenizeItems: number; hashItems: number; chunks: number; startupRepeats: number };
  serialization: { sizesBytes: number[]; computeMs: number[] };
  hybrid: { queries: number; retrieveMs: number; generateMs: number; preprocessItems: number; poolSize: number };
}

export const QUICK_CONFIG: BenchConfig = {
  warmupRuns: 1,
  runs: 3,
  io: { latencyMs: 5, calls: [10, 50, 100, 500], concurrencyLimit: 8, maxSequentialCalls: 100 },
  cpu: { workerCounts: [1, 2, 4, 8], tokenizeItems: 180_000, hashItems: 20_000, chunks: 16, startupRepeats: 3 },
  serialization: { sizesBytes: [1 * MB, 10 * MB, 50 * MB, 100 * MB], computeMs: [1, 10, 50, 100] },
  hybrid: { queries: 16, retrieveMs: 10, generateMs: 20, preprocessItems: 15_000, poolSize: 2 },
};

export const FULL_CONFIG: BenchConfig = {
  warmupRuns: 2,
  runs: 7,
  io: { latencyMs: 50, calls: [10, 50, 100, 500], concurrencyLimit: 20, maxSequentialCalls: 500 },
  cpu: { workerCounts: [1, 2, 4, 8], tokenizeItems: 1_000_000, hashItems: 120_000, chunks: 32, startupRepeats: 7 },
  serialization: { sizesBytes: [1 * MB, 10 * MB, 50 * MB, 100 * MB, 256 * MB], computeMs: [1, 10, 50, 100] },
  hybrid: { queries: 64, retrieveMs: 30, generateMs: 100, preprocessItems: 40_000, poolSize: 4 },
};

/**
 * Python's sizes (`bench --python`), for the article's own benchmarks run by the user's interpreter. Pure-Python
 * tokenising is about ten times slower than Node's, and each large allocation is slow to fault in, so the counts
 * are smaller than Node's for about the same duration; the full run uses the article's own latencies and pool of 4.
 */
export const PYTHON_QUICK_CONFIG: BenchConfig = {
  warmupRuns: 1,
  runs: 3,
  io: { latencyMs: 20, calls: [10, 50, 100], concurrencyLimit: 10, maxSequentialCalls: 50 },
  cpu: { workerCounts: [1, 2], tokenizeItems: 40_000, hashItems: 20_000, chunks: 16, startupRepeats: 1 },
  serialization: { sizesBytes: [1 * MB, 10 * MB, 50 * MB], computeMs: [1, 10, 50, 100] },
  hybrid: { queries: 8, retrieveMs: 30, generateMs: 60, preprocessItems: 10_000, poolSize: 2 },
};

export const PYTHON_FULL_CONFIG: BenchConfig = {
  warmupRuns: 2,
  runs: 7,
  io: { latencyMs: 50, calls: [10, 50, 100, 500], concurrencyLimit: 20, maxSequentialCalls: 100 },
  cpu: { workerCounts: [1, 2, 4, 8], tokenizeItems: 200_000, hashItems: 60_000, chunks: 32, startupRepeats: 1 },
  serialization: { sizesBytes: [1 * MB, 10 * MB, 50 * MB, 100 * MB, 256 * MB], computeMs: [1, 10, 50, 100] },
  hybrid: { queries: 8, retrieveMs: 150, generateMs: 300, preprocessItems: 40_000, poolSize: 4 },
};
