// Entry point of dist/cli.js (bundled by scripts/build.mjs, which adds the shebang).
import { Analyzer, analyzePaths } from '../analysis';
import { loadPythonParser } from '../analysis/python/parser';
import { BenchRun } from '../harness/bench-client';
import type { BenchRequest } from '../harness/bench-messages';
import type { BenchProgress, BenchResult } from '../harness/result-types';
import { runFlamegraph } from '../profiler/flamegraph';
import { profileWorkload } from '../profiler/profile-workload';
import { EXIT_ERROR } from './errors';
import { run } from './run';
import { packageInfo } from './version';

function main(): void {
  // A reader that goes away (`| head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const argv = process.argv.slice(2);
  const start = (): void => {
    // exitCode rather than exit(): a large JSON or SARIF document on a pipe must be flushed first.
    const code = run(
      argv,
      { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr },
      {
        analyze: analyzePaths,
        prepareAnalysis: (options) => new Analyzer(options).prepare(),
        packageInfo,
        profile: profileWorkload,
        flamegraph: runFlamegraph,
        bench: benchInWorker,
      },
    );
    if (typeof code === 'number') process.exitCode = code;
    else void code.then((c) => (process.exitCode = c));
  };
  // `profile` and `report` add the static findings of the workload's folder, which may be Python; they run for
  // seconds, so the parser's load (tens of milliseconds) is loaded up front. `check` loads it only for .py files.
  if (argv[0] === 'profile' || argv[0] === 'report') {
    void loadPythonParser().catch(() => undefined).then(start);
  } else start();
}

/** The harness in its worker (dist/workers/bench-worker.js); Ctrl-C terminates it and its child processes. */
function benchInWorker(request: BenchRequest, onProgress: (p: BenchProgress) => void): Promise<BenchResult> {
  const run = new BenchRun(request, { onProgress });
  const stop = (): void => void run.cancel();
  process.once('SIGINT', stop);
  return run.result.finally(() => process.off('SIGINT', stop));
}

try {
  main();
} catch (err) {
  process.stderr.write(`concurrency-lens: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = EXIT_ERROR;
}
