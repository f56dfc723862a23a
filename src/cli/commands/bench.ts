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
import { EXIT_OK } from '../errors';
import { reportError, type CliIO } from '../io';
import type { PackageInfo } from '../version';
import { EXIT_INTERRUPTED } from './profile';

export interface BenchDeps {
  /** Runs the harness; rejects with BenchCancelled when the user interrupts it. */
  bench(request: BenchRequest, onProgress: (progress: BenchProgress) => void): Promise<BenchResult>;
}

export async function runBench(args: BenchArgs, io: CliIO, deps: BenchDeps, pkg: PackageInfo): Promise<number> {
  io.stderr.write(`concurrency-lens: measuring ${args.suites.join(', ')}${args.quick ? ' (quick)' : ''}; Ctrl-C stops it\n`);
  let result: BenchResult;
  try {
    result = await deps.bench({ suites: args.suites, quick: args.quick, version: pkg.version }, (p) => io.stderr.write(`  [${String(p.percent).padStart(3)}%] ${p.suite}: ${p.step}\n`));
  } catch (err) {
    if (!(err instanceof BenchCancelled)) throw err;
    reportError(io, 'benchmark interrupted; nothing was saved');
    return EXIT_INTERRUPTED;
  }
  if (args.save) {
    const dir = args.resultsDir !== undefined ? path.resolve(io.cwd, args.resultsDir) : defaultResultsDir();
    io.stderr.write(`concurrency-lens: saved ${saveResult(result, dir)}\n`);
  }
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatBenchText(result));
  return EXIT_OK;
}
