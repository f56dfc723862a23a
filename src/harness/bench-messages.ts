// What the bench worker and its client say to each other.
import type { BenchConfig } from './bench-config';
import type { BenchProgress, BenchResult, SuiteName } from './result-types';
import type { FunctionSpec } from './user-function';

/** Given as workerData: the worker starts measuring as soon as it loads. */
export interface BenchRequest {
  suites: SuiteName[];
  quick: boolean;
  version: string;
  /** Sizes to run instead of the quick or full ones (tests use smaller ones). */
  config?: BenchConfig;
  /** `bench --function`: measure the user's own function too. */
  function?: FunctionSpec;
  /** `bench --python`: the suites in Python, run by this interpreter, instead of Node's. */
  python?: { interpreter: string };
}

export type BenchEvent =
  | { type: 'progress'; progress: BenchProgress }
  | { type: 'child'; pid: number; state: 'started' | 'exited'; group?: boolean }
  | { type: 'server'; port: number }
  | { type: 'result'; result: BenchResult }
  | { type: 'error'; message: string };
