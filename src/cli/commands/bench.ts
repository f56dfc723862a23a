// `concurrency-lens bench`: measures the concurrency models on this machine (in a worker thread, through
// the same client the editor uses), prints the result and saves it for the advisor and later comparison.
// Progress goes to stderr, one line per step, so stdout carries nothing but the result.
import * as path from 'node:path';
import type { BenchRequest } from '../../harness/bench-messages';
import { BenchCancelled } from '../../harness/bench-client';
import { defaultResultsDir, saveResult } from '../../harness/result-store';
import { formatBenchText } from '../../harness/result-text';
import type { BenchProgress, BenchResult } from '../../harness/result-types';
import type { BenchArgs } from '../args';
import { EXIT_ERROR, EXIT_OK, UsageError } from '../errors';
import { parseFunctionRef, type FunctionSpec } from '../../harness/user-function';
import * as fs from 'node:fs';
import { reportError, type CliIO } from '../io';
import type { PackageInfo } from '../version';
import { EXIT_INTERRUPTED } from './profile';

export interface BenchDeps {
  /** Runs the harness; rejects with BenchCancelled when the user interrupts it. */
  bench(request: BenchRequest, onProgress: (progress: BenchProgress) => void): Promise<BenchResult>;
}

export async function runBench(args: BenchArgs, io: CliIO, deps: BenchDeps, pkg: PackageInfo): Promise<number> {
  const fn = args.function ? functionSpec(args.function, io.cwd) : undefined;
  const what = [...args.suites, ...(fn ? [`${path.relative(io.cwd, fn.module) || fn.module}#${fn.exportName}`] : [])];
  const inPython = args.python !== undefined ? ` in Python (${args.python})` : '';
  io.stderr.write(`concurrency-lens: measuring ${what.join(', ')}${inPython}${args.quick ? ' (quick)' : ''}; Ctrl-C stops it\n`);
  let result: BenchResult;
  try {
    const request: BenchRequest = {
      suites: args.suites,
      quick: args.quick,
      version: pkg.version,
      ...(fn ? { function: fn } : {}),
      ...(args.python !== undefined ? { python: { interpreter: args.python } } : {}),
    };
    result = await deps.bench(request, (p) => io.stderr.write(`  [${String(p.percent).padStart(3)}%] ${p.suite}: ${p.step}\n`));
  } catch (err) {
    if (!(err instanceof BenchCancelled)) {
      // A user's function that throws or cannot be loaded lands here too: their error, not ours.
      reportError(io, `benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
      return EXIT_ERROR;
    }
    reportError(io, 'benchmark interrupted; nothing was saved');
    return EXIT_INTERRUPTED;
  }
  if (args.save) {
    const dir = args.resultsDir !== undefined ? path.resolve(io.cwd, args.resultsDir) : defaultResultsDir();
    // A run of the user's function is kept apart: it must not stand in for the machine's own figures.
    io.stderr.write(`concurrency-lens: saved ${await saveResult(result, dir, fn ? 'function' : 'bench')}\n`);
  }
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatBenchText(result));
  return EXIT_OK;
}

/** Paths resolved and checked before any worker starts, so a typo is a usage error, not a failed run. */
function functionSpec(arg: { ref: string; input: string }, cwd: string): FunctionSpec {
  let target: { module: string; exportName: string };
  try {
    target = parseFunctionRef(arg.ref, cwd);
  } catch (e) {
    throw new UsageError(`--function: ${(e as Error).message}`);
  }
  const inputModule = path.resolve(cwd, arg.input);
  for (const [flag, file] of [['--function', target.module], ['--input', inputModule]] as const) {
    if (!fs.existsSync(file)) throw new UsageError(`${flag}: ${file} does not exist`);
  }
  return { ...target, inputModule };
}
