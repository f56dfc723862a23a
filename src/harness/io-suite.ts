// I/O fan-out: N simulated API calls against a local server with fixed latency, made sequentially, with
// Promise.all under a concurrency limit, and by a worker_threads pool (one call per worker at a time, the
// thread-pool way). Wall time shows that waiting overlaps either way; memory shows what each way costs.
import { closeIdleSockets, httpGet } from './http-get';
import { mapLimited } from './concurrency-limit';
import { repeat, timed } from './repeat';
import type { IoMode, IoPoint, IoSuiteResult, Stats } from './result-types';
import { summarize } from './stats';
import type { SuiteContext } from './suite-context';
import { startLatencyServer } from './latency-server';
import { startThreadPool } from './thread-pool';

const MODES: readonly IoMode[] = ['sequential', 'promise-all-limited', 'worker-pool'];

export async function runIoSuite(ctx: SuiteContext): Promise<IoSuiteResult> {
  const cfg = ctx.config.io;
  const server = await startLatencyServer(ctx.workersDir);
  ctx.events.onServer?.(server.port);
  const url = server.url(cfg.latencyMs);
  const points: IoPoint[] = [];
  const steps = MODES.length * cfg.calls.length;
  const progress = (mode: IoMode, calls: number): void => ctx.progress(`${mode}, ${calls} calls`, points.length / steps);
  try {
    for (const mode of ['sequential', 'promise-all-limited'] as const) points.push(...(await onThisThread(ctx, mode, url, progress)));
    const pooled = await inThreadPool(ctx, url, progress);
    points.push(...pooled.points);
    return { latencyMs: cfg.latencyMs, concurrencyLimit: cfg.concurrencyLimit, poolSize: cfg.concurrencyLimit, poolStartMs: pooled.startMs, points };
  } finally {
    await server.stop();
    closeIdleSockets();
  }
}

type Progress = (mode: IoMode, calls: number) => void;

async function onThisThread(ctx: SuiteContext, mode: 'sequential' | 'promise-all-limited', url: string, progress: Progress): Promise<IoPoint[]> {
  const cfg = ctx.config.io;
  const points: IoPoint[] = [];
  await measuredBatch(mode, 10, url, cfg.concurrencyLimit); // warms the sockets and the JIT
  for (const calls of cfg.calls) {
    progress(mode, calls);
    if (mode === 'sequential' && calls > cfg.maxSequentialCalls) {
      points.push({ mode, calls, skipped: `more than ${cfg.maxSequentialCalls} sequential calls: it would only show ${calls} × ${cfg.latencyMs} ms` });
      continue;
    }
    const memory: number[] = [];
    let inFlight = 0;
    const wallMs = await repeat({ warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs }, () =>
      timed(async () => {
        const m = await measuredBatch(mode, calls, url, cfg.concurrencyLimit);
        memory.push(m.bytesPerInFlight);
        inFlight = m.inFlight;
      }),
    );
    points.push({ mode, calls, wallMs, memoryPerInFlightBytes: summarize(memory.slice(-ctx.config.runs)), memoryBasis: 'heap', inFlight });
  }
  return points;
}

async function inThreadPool(ctx: SuiteContext, url: string, progress: Progress): Promise<{ points: IoPoint[]; startMs: Stats }> {
  const cfg = ctx.config.io;
  const mode = 'worker-pool';
  const rssBefore = process.memoryUsage.rss();
  const t0 = performance.now();
  const pool = await startThreadPool(cfg.concurrencyLimit, ctx.workersDir);
  const startMs = summarize([performance.now() - t0]);
  const points: IoPoint[] = [];
  try {
    const batch = (calls: number) => Promise.all(Array.from({ length: calls }, () => pool.run({ kind: 'http-get', url })));
    await batch(10); // warms the workers' sockets and JIT
    // Each call in flight holds a whole thread: its share of what the pool added to the process is the real cost.
    const perThread = summarize([(process.memoryUsage.rss() - rssBefore) / pool.size]);
    for (const calls of cfg.calls) {
      progress(mode, calls);
      const wallMs = await repeat({ warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs }, () => timed(() => batch(calls)));
      points.push({ mode, calls, wallMs, memoryPerInFlightBytes: perThread, memoryBasis: 'rss', inFlight: Math.min(calls, pool.size) });
    }
  } finally {
    await pool.close();
  }
  return { points, startMs };
}

/**
 * Runs the calls on this thread and measures the heap held per call in flight: the heap (plus buffers
 * outside it) when the first answer arrives, when every call launched so far is still waiting, against
 * the heap before the batch.
 */
async function measuredBatch(mode: IoMode, calls: number, url: string, limit: number): Promise<{ bytesPerInFlight: number; inFlight: number }> {
  const heap = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const before = heap();
  let inFlight = 0;
  let atFirstAnswer: { bytes: number; inFlight: number } | undefined;
  const call = async (): Promise<void> => {
    inFlight++;
    const pending = httpGet(url);
    await pending;
    if (!atFirstAnswer) atFirstAnswer = { bytes: heap() - before, inFlight };
    inFlight--;
  };
  if (mode === 'sequential') for (let i = 0; i < calls; i++) await call();
  else await mapLimited(calls, limit, call);
  const at = atFirstAnswer ?? { bytes: 0, inFlight: 1 };
  return { bytesPerInFlight: Math.max(0, at.bytes) / Math.max(1, at.inFlight), inFlight: at.inFlight };
}
