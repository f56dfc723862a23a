import { SUITES } from '../harness/result-types';
import { BENCH_FORMATS, FAIL_ON, FORMATS, PROFILE_DEFAULTS, PROFILE_FORMATS, REPORT_DEFAULTS, TYPE_MODES } from './args';

const MAIN = `Usage: concurrency-lens <command> [options]

Finds Node.js code that blocks the event loop on a hot path, measures what a program spends its time on,
and says which concurrency model fits: async I/O, a worker pool, shared memory or a hybrid.

Commands:
  check [PATH...]   Analyse files and folders (default: the current folder)
  profile SCRIPT    Run a workload under the probe, classify it and recommend a model
  bench             Measure what each concurrency model costs and gains on this machine
  report [SCRIPT]   Profile, add static findings and benchmarks, and write a self-contained HTML report
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
                                    frameworks the defaults miss, e.g. bot.command or *.process; @Name
                                    makes methods decorated @Name(...) entries (repeatable)
  --rule <rule>=<level>             Override a rule's severity: error, warning, info or off (repeatable)
  --unknown-reach                   Also report, at info, code in async functions that no known entry
                                    reaches (left out by default: nothing shows it runs per request)
  --baseline <file>                 Leave out the findings this baseline accepts: report only what is new
  --write-baseline <file>           Write every current finding into a baseline file and exit 0; commit
                                    it, then run with --baseline in CI
  -h, --help                        Show this help

Exit codes:
  0  nothing reached --fail-on
  1  at least one finding reached --fail-on
  2  usage or internal error (the message is on stderr; stdout is empty)

Environment:
  NO_COLOR    disables colours in text output (colours are only used on a terminal anyway)
`;

const PROFILE = `Usage: concurrency-lens profile [options] SCRIPT [ARGS...]
       concurrency-lens profile [options] -- COMMAND [ARGS...]

Runs the workload with an in-process probe (loaded through NODE_OPTIONS, so npm scripts, npx, loaders,
workers and child Node processes are covered), measures event-loop delay and utilisation, CPU against
wall time, GC, I/O in flight and bytes passed between threads, takes a CPU profile, and classifies the
workload: io-bound, cpu-bound, sync-io-blocking, large-data, mixed or idle. It prints the recommended
model with the decision path, the evidence at each step and the hotspots by file:line.

Options (before SCRIPT or --; everything after belongs to the workload):
  --format <${PROFILE_FORMATS.join('|')}>         Output format (default: text). In json the workload's output goes to stderr.
  --timeout <seconds>           Stop the workload and its child processes after this long (default: ${PROFILE_DEFAULTS.timeoutSeconds})
  --duration <seconds>          For servers: profile this long, then stop the workload cleanly
  --load "<command>"            Run a load command alongside once the workload listens (or after 3 s),
                                e.g. --load "npx autocannon -d 5 http://localhost:3000"
  --flamegraph <dir>            Also run the workload under 0x (a separate run) and leave its HTML
                                flamegraph in <dir>; needs 0x installed (npm install --save-dev 0x)
  --block-threshold <ms>        A loop delay at least this long is a blocked stretch (default: ${PROFILE_DEFAULTS.blockThresholdMs})
  --sample-interval <ms>        Probe sampling interval, 5-1000 (default: 15)
  --no-static                   Do not cross-check hotspots with the static analysis of the workload's folder
  --python <path>               The Python interpreter for a .py script (default: python3 on PATH); a .py
                                script or a command starting python runs with the Python probe (PYTHONPATH)
  --json-out <file>             Also write the JSON report to <file>
  --results-dir <dir>           Read saved benchmark results from <dir> (default: ~/.concurrency-lens/bench)
  --default-thresholds          Ignore saved benchmark results; use the documented default thresholds
  -h, --help                    Show this help

The decision tree's machine-dependent thresholds (the structured-clone rate, the size of a large message)
come from the newest saved 'concurrency-lens bench' result when there is one.

Ctrl-C stops the workload (all of its processes) and still prints the report from the data so far.

Exit codes:
  0    the workload ran and the report was written
  1    the report was written, but the workload crashed, exited non-zero or hit the timeout
  2    usage or internal error, nothing could be profiled, or --json-out could not be written
       (the message is on stderr)
  130  interrupted by Ctrl-C; the report covers the time measured before it
`;

const BENCH = `Usage: concurrency-lens bench [--suite ${SUITES.join(',')}] [--quick] [options]
       concurrency-lens bench --python [PATH] [--suite ...] [--quick] [options]
       concurrency-lens bench --function path/to/module.js#exportName --input path/to/inputs.js [options]

Measures on this machine what each concurrency model gains and costs, in a worker thread:
  io             N calls to a local server with fixed latency: sequential, Promise.all with a
                 concurrency limit, a worker_threads pool; wall time and memory per call in flight
  cpu            tokenising and hashing on the main thread, a worker_threads pool and a child_process
                 pool of 1, 2, 4 and 8 workers; speedup, start-up and memory per worker, saturation
  serialization  payloads sent to a worker and back by structured clone, transfer list and
                 SharedArrayBuffer; the size above which copying costs more than the computation
  hybrid         a RAG-style pipeline (retrieve, preprocess, generate) over concurrent queries:
                 sequential, async with CPU on the main thread, CPU stage in a worker pool
Every figure is a median over repeated runs after warm-up, with its spread.

--python runs the same four suites in Python, with your interpreter (PATH, default python3 on PATH): the
seed article's benchmarks. io: sequential, asyncio.gather under a Semaphore, a ThreadPoolExecutor; cpu:
the article's tokeniser (holds the GIL) and hashlib (releases it) on threads and on processes, 1 and 2
workers (1, 2, 4, 8 in a full run); serialization: pickle to a pool process and back against
multiprocessing.shared_memory; hybrid: the RAG pipeline with its CPU stage on the event loop, in
asyncio.to_thread and in a ProcessPoolExecutor. The article's published figures are printed beside
yours. Standard library only; Python 3.8 or later.

--function runs your own exported function (CommonJS or ES module; compile TypeScript first) on the
inputs your input module exports as \`inputs\` (an array, or a function returning one): on one thread, on
worker_threads pools, and, when every input is a typed array, with the inputs in SharedArrayBuffers
instead of cloned. It runs your code: only use it on code you trust.

Options:
  --suite <list>           Comma-separated suites to run (default: all; repeatable)
  --quick                  Smaller sizes and fewer runs: under a minute on 2 cores
  --format <${BENCH_FORMATS.join('|')}>     Output format (default: text). JSON is one object with a key per suite.
  --results-dir <dir>      Save results here (default: ~/.concurrency-lens/bench)
  --save, --no-save        Save the result (the default), or only print it
  --python [PATH]          Run the suites in Python with this interpreter (default: python3)
  --function <module#name> Measure your own function (with --input); alone unless --suite is given too
  --input <module>         The module whose \`inputs\` export makes the function's inputs
  -h, --help               Show this help

Results are saved as bench-<timestamp>.json (bench-python-<timestamp>.json for --python,
function-<timestamp>.json for --function), comparable across runs and machines. Python profiles take
their thresholds from the newest Python result, Node profiles from the newest Node one. Progress goes to stderr.
Ctrl-C stops the run, its worker threads, child processes and servers.

Exit codes:
  0    the benchmarks ran and the result was printed (and saved)
  2    usage or internal error (the message is on stderr; stdout is empty)
  130  interrupted by Ctrl-C; nothing was saved
`;

const REPORT = `Usage: concurrency-lens report [SCRIPT [ARGS...]] [options]
       concurrency-lens report [options] -- COMMAND [ARGS...]

Profiles the workload as 'profile' does (the built-in example examples/workloads/rag-pipeline.js when none
is given), adds the static findings of its folder and this machine's newest saved benchmark result, and
writes one self-contained HTML file with every view of the editor's panels: the verdict, the decision tree
with the measured path, the charts of the profile and of the benchmarks, and the findings. The page
carries its script, styles and data inline and loads nothing, so it opens offline, from a mail or a CI
artifact.

When no benchmark result is saved, the quick suite runs first (about 40 s on 2 cores) and is saved, so
the next report reuses it and its thresholds judge this profile.

Options (before SCRIPT, after it, or before --; everything after -- belongs to the workload):
  --out <file.html>         The HTML report (default: ${REPORT_DEFAULTS.out} in the current folder)
  --markdown <file.md>      Also write a short Markdown summary, fit for a pull-request comment
  --json <file.json>        Also write the report's data (the document the page draws)
  --no-bench                Leave benchmark results out (and do not run the quick suite)
  --results-dir <dir>       Read (and save) benchmark results in <dir> (default: ~/.concurrency-lens/bench)
  --default-thresholds      Judge the profile by the documented default thresholds
  --timeout <seconds>       Stop the workload after this long (default: ${PROFILE_DEFAULTS.timeoutSeconds})
  --duration <seconds>      For servers: profile this long, then stop the workload cleanly
  --load "<command>"        Run a load command alongside once the workload listens
  --block-threshold <ms>    A loop delay at least this long is a blocked stretch (default: ${PROFILE_DEFAULTS.blockThresholdMs})
  --sample-interval <ms>    Probe sampling interval, 5-1000 (default: 15)
  --no-static               Do not analyse the workload's folder
  --flamegraph <dir>        Also run the workload under 0x and leave its flamegraph in <dir>
  -h, --help                Show this help

Progress and the workload's output go to stderr; stdout lists the files written, one per line.
Ctrl-C while the workload runs stops it and still writes the report from the data so far; Ctrl-C
during the benchmarks or the static analysis afterwards stops the command and writes nothing.

Exit codes:
  0    the report was written
  1    the report was written, but the workload crashed, exited non-zero or hit the timeout
  2    usage error, script not found, nothing profiled, the webview bundle missing (run npm run
       build): nothing was written; or a file could not be written (the message is on stderr; the
       files written before it are listed on stdout, each complete)
  130  interrupted by Ctrl-C; the report covers the time measured before it (nothing is written
       when the benchmarks were interrupted, before the profile)
`;

export function helpText(topic?: string): string {
  if (topic === undefined) return MAIN;
  if (topic === 'check') return CHECK;
  if (topic === 'profile') return PROFILE;
  if (topic === 'bench') return BENCH;
  if (topic === 'report') return REPORT;
  return MAIN;
}
