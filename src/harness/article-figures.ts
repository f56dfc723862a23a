// The seed article's published figures (../shared/seeds/000_76494696fa0de3cc.txt, "Python Concurrency for AI
// Workloads: asyncio vs Threading vs Multiprocessing Benchmarked"), shown beside a Python run's own: a 4-core
// machine, CPython with the GIL. Data only; ratios are computed from the article's own times.
import type { HybridMode } from './result-types';

export const ARTICLE = {
  title: 'Python Concurrency for AI Workloads (4 cores, GIL)',
  /** Tokenising 100,000 snippets: sequential 1.84 s, then threads and processes by worker count. */
  cpuSpeedup: {
    threads: [
      { workers: 1, speedup: 1.84 / 1.87 },
      { workers: 2, speedup: 1.84 / 1.91 },
      { workers: 4, speedup: 1.84 / 1.96 },
      { workers: 8, speedup: 1.84 / 2.03 },
    ],
    processes: [
      { workers: 1, speedup: 1.84 / 1.95 },
      { workers: 2, speedup: 1.84 / 1.02 },
      { workers: 4, speedup: 1.84 / 0.54 },
      { workers: 8, speedup: 1.84 / 0.51 },
    ],
  },
  /** Pickle dumps + loads against shared_memory create + attach (its one-off cost), by payload. */
  serialization: [
    { sizeBytes: 1 * 1024 * 1024, pickleMs: 2.1, sharedSetupMs: 1.8 },
    { sizeBytes: 10 * 1024 * 1024, pickleMs: 18.4, sharedSetupMs: 4.2 },
    { sizeBytes: 50 * 1024 * 1024, pickleMs: 94.7, sharedSetupMs: 12.1 },
    { sizeBytes: 100 * 1024 * 1024, pickleMs: 198.3, sharedSetupMs: 21.6 },
    { sizeBytes: 500 * 1024 * 1024, pickleMs: 1024.1, sharedSetupMs: 98.7 },
  ],
  /**
   * The RAG pipeline, 8 queries, queries per second. The article's "Sequential" gathers the queries with the
   * CPU stage on the event loop (our async-cpu-on-main); "Async-only" is run_in_executor(None), a thread.
   */
  hybridQps: { 'async-cpu-on-main': 1.2, 'async-to-thread': 3.3, 'hybrid-process-pool': 9.0 } as Partial<Record<HybridMode, number>>,
  /** 500 calls with 20 in flight: asyncio +0.8 MB, threads +14.2 MB. */
  ioMemory: { calls: 500, asyncioBytes: 0.8e6, threadsBytes: 14.2e6 },
} as const;
