// Dispatches a command line to its command and maps every failure to an exit code. Kept apart from main.ts
// (which wires in the real analyser and the process) so it can be tested in-process.
import { parseCommandLine } from './args';
import { runBench, type BenchDeps } from './commands/bench';
import { runCheck, type AnalyzeFn, type PrepareFn } from './commands/check';
import { runProfile, type ProfileDeps } from './commands/profile';
import { runReport } from './commands/report';
import { EXIT_ERROR, EXIT_OK, UsageError } from './errors';
import { helpText } from './help';
import { reportError, type CliIO } from './io';
import type { PackageInfo } from './version';

export interface CliDeps extends ProfileDeps, BenchDeps {
  analyze: AnalyzeFn;
  /** Loads the Python parser when `check` finds Python files; without it `check` answers synchronously. */
  prepareAnalysis?: PrepareFn;
  packageInfo: () => PackageInfo;
}

/** Synchronous for `check` and the rest; a promise for the commands that run something (`profile`, `bench`, `report`). */
export function run(argv: readonly string[], io: CliIO, deps: CliDeps): number | Promise<number> {
  if (argv.length === 0) {
    // Called bare: the overview is more use than an error line. Still exit 2, since nothing was done.
    io.stderr.write(helpText());
    return EXIT_ERROR;
  }
  try {
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(helpText(command.topic));
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${deps.packageInfo().version}\n`);
        return EXIT_OK;
      case 'check': {
        const code = runCheck(command.args, io, deps.analyze, deps.packageInfo(), deps.prepareAnalysis);
        return typeof code === 'number' ? code : code.catch((err: unknown) => failed(err, io));
      }
      case 'profile':
        return runProfile(command.args, io, deps, deps.packageInfo()).catch((err: unknown) => failed(err, io));
      case 'bench':
        return runBench(command.args, io, deps, deps.packageInfo()).catch((err: unknown) => failed(err, io));
      case 'report':
        return runReport(command.args, io, deps, deps.packageInfo()).catch((err: unknown) => failed(err, io));
    }
  } catch (err) {
    return failed(err, io);
  }
}

function failed(err: unknown, io: CliIO): number {
  if (err instanceof UsageError) {
    reportError(io, `${err.message}\nRun 'concurrency-lens --help' for usage.`);
  } else {
    const detail = io.env.CONCURRENCY_LENS_DEBUG ? (err instanceof Error ? (err.stack ?? err.message) : String(err)) : errorMessage(err);
    reportError(io, `internal error: ${detail}`);
    if (!io.env.CONCURRENCY_LENS_DEBUG) io.stderr.write('Set CONCURRENCY_LENS_DEBUG=1 to see the stack trace.\n');
  }
  return EXIT_ERROR;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
