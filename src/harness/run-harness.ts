// Runs the chosen suites one after another and assembles the result. Progress is reported per step, as a
// share of the whole run, with each suite given an equal share.
import { FULL_CONFIG, QUICK_CONFIG, type BenchConfig } from './bench-config';
import { runCpuSuite } from './cpu-suite';
import { runHybridSuite } from './hybrid-suite';
import { runIoSuite } from './io-suite';
import { loadAverage, machineInfo } from './machine';
import type { BenchProgress, BenchResult, SuiteName } from './result-types';
import { SUITES } from './result-types';
import { runSerializationSuite } from './serialization-suite';
import type { HarnessEvents, SuiteContext } from './suite-context';
import { runFunctionSuite } from './function-suite';
import { runPythonHarness } from './python-harness';
import type { FunctionSpec } from './user-function';

export interface HarnessOptions {
  suites: readonly SuiteName[];
  quick: boolean;
  version: string;
  workersDir: string;
  /** Replaces the quick or full settings; `quick` is still recorded as given. */
  config?: BenchConfig;
  /** The user's own function, measured after the suites. */
  function?: FunctionSpec;
  /** Run the suites in Python with this interpreter instead (python-harness.ts). */
  python?: { interpreter: string };
}

export type HarnessReporter = HarnessEvents & { onProgress?(p: BenchProgress): void };

const RUNNERS = {
  io: runIoSuite,
  cpu: runCpuSuite,
  serialization: runSerializationSuite,
  hybrid: runHybridSuite,
} as const;

export async function runHarness(options: HarnessOptions, reporter: HarnessReporter = {}): Promise<BenchResult> {
  if (options.python) return runPythonHarness({ ...options, interpreter: options.python.interpreter }, reporter);
  const started = performance.now();
  const machine = machineInfo();
  const result: BenchResult = { tool: 'concurrency-lens', kind: 'bench', version: options.version, createdAt: new Date().toISOString(), quick: options.quick, machine, loadAverageAfter: [], durationMs: 0 };
  // Run in the documented order whatever order the suites were asked for in.
  const suites = SUITES.filter((s) => options.suites.includes(s));
  const parts = suites.length + (options.function ? 1 : 0);
  const contextFor = (suite: SuiteName | 'function', i: number): SuiteContext => ({
    config: options.config ?? (options.quick ? QUICK_CONFIG : FULL_CONFIG),
    workersDir: options.workersDir,
    machine,
    events: reporter,
    progress: (step, fraction) => reporter.onProgress?.({ suite, step, percent: Math.round(((i + Math.min(1, fraction)) / parts) * 100) }),
  });
  for (const [i, suite] of suites.entries()) {
    const ctx = contextFor(suite, i);
    ctx.progress('starting', 0);
    // Each runner returns its own suite's shape; the key and the runner come from the same table.
    (result as unknown as Record<SuiteName, unknown>)[suite] = await RUNNERS[suite](ctx);
  }
  if (options.function) result.function = await runFunctionSuite(contextFor('function', suites.length), options.function);
  result.loadAverageAfter = loadAverage();
  result.durationMs = Math.round(performance.now() - started);
  return result;
}
