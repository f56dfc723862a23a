// Runs a measurement `warmupRuns` times untimed, then `runs` times, and summarises what each run returned.
import { summarize } from './stats';
import type { Stats } from './result-types';

export interface RepeatPlan {
  warmupRuns: number;
  runs: number;
}

/** `once` returns the measured value of one run (a duration in ms, usually). */
export async function repeat(plan: RepeatPlan, once: () => Promise<number>): Promise<Stats> {
  for (let i = 0; i < plan.warmupRuns; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < plan.runs; i++) samples.push(await once());
  return summarize(samples);
}

export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
