// The extension host's event-loop delay while a command runs: the suite runs inside the extension host,
// so a histogram here sees every stall any extension (ours included) causes on that one shared loop.
// Logged under the test; with CONCURRENCY_LENS_HOST_LOOP_OUT set, each measurement is also appended
// there as a JSON line (bench/host-loop-bench.mjs collects them for BENCHMARKS.md).
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { log } from './harness';

export interface HostLoopDelay {
  label: string;
  wallMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

/** Runs `fn`, measuring the loop's delay at 5 ms resolution the whole time. */
export async function measureHostLoop<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; delay: HostLoopDelay }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = Date.now();
  let value: T;
  try {
    value = await fn();
    // A command that blocks the loop from start to end never lets the histogram's timer fire while it runs;
    // one more turn of the loop records that late timer.
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  } finally {
    histogram.disable();
  }
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  const delay = {
    label,
    wallMs: Date.now() - started,
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    samples: histogram.count,
  };
  log(`  # extension host loop delay during ${label}: p50 ${delay.p50Ms} ms, p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms over ${delay.wallMs} ms`);
  const out = process.env.CONCURRENCY_LENS_HOST_LOOP_OUT;
  if (out) fs.appendFileSync(out, `${JSON.stringify(delay)}\n`);
  return { value, delay };
}

/** The same measurement with nothing running: the baseline the others are compared with. */
export function idleHostLoop(ms: number): Promise<HostLoopDelay> {
  return measureHostLoop('idle', () => new Promise<void>((resolve) => setTimeout(resolve, ms))).then((r) => r.delay);
}
