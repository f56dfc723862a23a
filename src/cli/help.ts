import { FAIL_ON, FORMATS, TYPE_MODES } from './args';

const MAIN = `Usage: concurrency-lens <command> [options]

Finds Node.js code that blocks the event loop on a hot path, and shows how it is reached.

Commands:
  check [PATH...]   Analyse files and folders (default: the current folder)
  profile SCRIPT    Run a workload and classify it (not implemented yet)
  bench             Measure concurrency models on this machine (not implemented yet)
  report [SCRIPT]   Write a self-contained HTML report (not implemented yet)
  help [COMMAND]    Show help for a command

Options:
  -h, --help        Show this help
  -v, --version     Print the version
`;

const CHECK = `Usage: concurrency-lens check [PATH...] [options]

Analyses JavaScript and TypeScript files under each PATH (default: .). Paths in the output are relative
to the current folder; run from the repository root when uploading SARIF to GitHub code scanning.

Options:
  --format <${FORMATS.join('|')}>          Output format (default: text). json and sarif go to stdout only.
  --fail-on <${FAIL_ON.join('|')}>  Lowest severity that makes the exit code 1 (default: error)
  --types <${TYPE_MODES.join('|')}>               Use the TypeScript type checker (default: auto: when a
                                    tsconfig.json/jsconfig.json and @types/node are found)
  --include <glob>                  Only analyse matching files (repeatable; relative to the current folder)
  --exclude <glob>                  Skip matching files, besides node_modules, dist, out, build,
                                    coverage, .d.ts files and tests (*.test.*, *.spec.*, __tests__)
                                    (repeatable; --include brings excluded tests and builds back)
  --entry <callee>                  Treat functions passed to this callee as hot-path entries, for
                                    frameworks the defaults miss, e.g. bot.command or *.process (repeatable)
  --rule <rule>=<level>             Override a rule's severity: error, warning, info or off (repeatable)
  -h, --help                        Show this help

Exit codes:
  0  nothing reached --fail-on
  1  at least one finding reached --fail-on
  2  usage or internal error (the message is on stderr; stdout is empty)

Environment:
  NO_COLOR    disables colours in text output (colours are only used on a terminal anyway)
`;

const PLANNED = (name: string) => `Usage: concurrency-lens ${name} ...

'${name}' is not implemented yet. See 'concurrency-lens help' for the commands that work today.
`;

export function helpText(topic?: string): string {
  if (topic === undefined) return MAIN;
  if (topic === 'check') return CHECK;
  return PLANNED(topic);
}
