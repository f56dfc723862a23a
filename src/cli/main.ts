// Entry point of dist/cli.js (bundled by scripts/build.mjs, which adds the shebang).
import { analyzePaths } from '../analysis';
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
  // exitCode rather than exit(): a large JSON or SARIF document on a pipe must be flushed first.
  const code = run(
    process.argv.slice(2),
    { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr },
    { analyze: analyzePaths, packageInfo, profile: profileWorkload, flamegraph: runFlamegraph },
  );
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}

try {
  main();
} catch (err) {
  process.stderr.write(`concurrency-lens: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = EXIT_ERROR;
}
