// A RAG-style pipeline per query: retrieve (async I/O), preprocess (CPU: the tokenising workload),
// generate (async I/O). K queries run sequentially, concurrently with the CPU stage on this thread, and
// concurrently with the CPU stage in a worker pool. Queries per second is the figure that matters.
import { tokenizeRange } from './cpu-workloads';
import { closeIdleSockets, httpGet } from './http-get';
import { startLatencyServer } from './latency-server';
import { repeat, timed } from './repeat';
import type { HybridMode, HybridPoint, HybridSuiteResult } from './result-types';
import { round } from './stats';
import type { SuiteContext } from './suite-context';
import type { TaskPool } from './task-pool';
import { startThreadPool } from './thread-pool';

const MODES: readonly HybridMode[] = ['sequential', 'async-cpu-on-main', 'hybrid-worker-pool'];

export async function runHybridSuite(ctx: SuiteContext): Promise<HybridSuiteResult> {
  const cfg = ctx.config.hybrid;
  const plan = { warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs };
  const server = await startLatencyServer(ctx.workersDir);
  ctx.events.onServer?.(server.port);
  let pool: TaskPool | undefined;
  const points: HybridPoint[] = [];
  try {
    pool = await startThreadPool(cfg.poolSize, ctx.workersDir);
    const stages = {
      retrieve: () => httpGet(server.url(cfg.retrieveMs)),
      generate: () => httpGet(server.url(cfg.generateMs)),
      preprocessHere: (q: number) => Promise.resolve(tokenizeRange(q * cfg.preprocessItems, (q + 1) * cfg.preprocessItems)),
      preprocessInPool: (q: number) => pool!.run({ kind: 'cpu', workload: 'tokenize', from: q * cfg.preprocessItems, to: (q + 1) * cfg.preprocessItems }),
    };
    for (const [i, mode] of MODES.entries()) {
      ctx.progress(`${mode}, ${cfg.queries} queries`, i / MODES.length);
      const preprocess = mode === 'hybrid-worker-pool' ? stages.preprocessInPool : stages.preprocessHere;
      const query = async (q: number): Promise<void> => {
        await stages.retrieve();
        await preprocess(q);
        await stages.generate();
      };
      const wallMs = await repeat(plan, () =>
        timed(async () => {
          if (mode === 'sequential') for (let q = 0; q < cfg.queries; q++) await query(q);
          else await Promise.all(Array.from({ length: cfg.queries }, (_, q) => query(q)));
        }),
      );
      points.push({ mode, wallMs, queriesPerSecond: round((cfg.queries * 1000) / wallMs.median, 1) });
    }
  } finally {
    await pool?.close();
    await server.stop();
    closeIdleSockets();
  }
  return { queries: cfg.queries, retrieveMs: cfg.retrieveMs, generateMs: cfg.generateMs, preprocessItems: cfg.preprocessItems, poolSize: cfg.poolSize, points };
}
