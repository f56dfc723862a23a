// `concurrency-lens report`: profiles a workload (the built-in example when none is given), adds the
// static findings of its folder and this machine's newest benchmark result (running the quick suite when
// there is none), and writes one self-contained HTML page, optionally with Markdown and JSON beside it.
// Progress and the workload's own output go to stderr; stdout carries only the paths written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchCancelled } from '../../harness/bench-client';
import { defaultResultsDir, loadLatestResult, resultFile, saveResult } from '../../harness/result-store';
import { SUITES, type BenchResult } from '../../harness/result-types';
import { resolveCommand, scriptExists } from '../../profiler/command-line';
import { DEFAULT_PYTHON, isPythonCommand } from '../../profiler/python/python-command';
import { ReportWriteError, writeReportFiles, type ReportFiles } from '../../report/export-report';
import { lensDocument, type LensDocument } from '../../report/lens-document';
import { packageRoot } from '../../report/package-root';
import { readWebviewAssets, webviewDistDir, type WebviewAssets } from '../../report/webview-assets';
import type { ReportArgs } from '../args';
import { EXIT_ERROR } from '../errors';
import { reportError, type CliIO } from '../io';
import type { PackageInfo } from '../version';
import type { BenchDeps } from './bench';
import { EXIT_INTERRUPTED, profileExitCode, profileToReport, type ProfileDeps } from './profile';

export type ReportDeps = ProfileDeps & BenchDeps;

/** The workload profiled when none is given: a RAG pipeline with its CPU stages on the main thread. */
export const BUILT_IN_EXAMPLE = 'examples/workloads/rag-pipeline.js';

export async function runReport(args: ReportArgs, io: CliIO, deps: ReportDeps, pkg: PackageInfo): Promise<number> {
  // Everything that can make the run pointless is checked before the minutes of profiling and benchmarks.
  const assets = await readWebviewAssets(webviewDistDir()).catch((e: unknown) => void reportError(io, e instanceof Error ? e.message : String(e)));
  if (!assets) return EXIT_ERROR;
  const command = args.command ?? builtInExample(io);
  if (!command) return EXIT_ERROR;
  const script = resolveCommand(command, io.cwd).script;
  if (script && !scriptExists(script)) {
    reportError(io, `Script not found: ${script}`);
    return EXIT_ERROR;
  }
  const files = outputFiles(args, io.cwd);
  const named = [files.html, files.markdown, files.json].filter((f) => f !== undefined);
  if (new Set(named).size < named.length) {
    reportError(io, '--out, --markdown and --json name the same file');
    return EXIT_ERROR;
  }
  if (!attempt(io, () => prepareOutputs(files))) return EXIT_ERROR;

  const resultsDir = args.resultsDir !== undefined ? path.resolve(io.cwd, args.resultsDir) : defaultResultsDir();
  // A Python program is judged by, and shown beside, the Python benchmarks (`bench --python`).
  const python = isPythonCommand(command) ? { interpreter: args.python ?? DEFAULT_PYTHON } : undefined;
  const bench = args.bench ? await benchForReport(resultsDir, io, deps, pkg, python) : undefined;
  if (bench === 'interrupted') {
    reportError(io, 'interrupted during the benchmarks; nothing was written');
    return EXIT_INTERRUPTED;
  }

  // After the bench, so a result measured just now also sets the machine-dependent thresholds.
  const profile = await profileToReport({ ...args, command }, io, deps, pkg, { liveOutput: false, announce: true });
  if (!profile) return EXIT_ERROR;
  if (bench?.note) profile.notes.push(bench.note);
  const doc = lensDocument({ version: pkg.version, profile, ...(bench?.result ? { bench: bench.result, benchSource: bench.source } : {}) });
  const code = await writeReport(doc, assets, files, io);
  return code ?? profileExitCode(profile);
}

/** Runs `fn`; on an error, says it on stderr and gives undefined. */
function attempt<T>(io: CliIO, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    reportError(io, e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

/** The package's own example, named relative to the working folder when it lies inside it (shorter paths in the report). */
function builtInExample(io: CliIO): string[] | undefined {
  const file = attempt(io, () => path.join(packageRoot(), BUILT_IN_EXAMPLE));
  if (!file) return undefined;
  if (!scriptExists(file)) {
    // The examples ship with the source repository; a copy of the bundles alone has none.
    reportError(io, `the built-in example is missing (${file}); name a script: concurrency-lens report SCRIPT`);
    return undefined;
  }
  const relative = path.relative(io.cwd, file);
  return [relative.startsWith('..') || path.isAbsolute(relative) ? file : relative];
}

function outputFiles(args: ReportArgs, cwd: string): ReportFiles {
  const files: ReportFiles = { html: path.resolve(cwd, args.out) };
  if (args.markdown !== undefined) files.markdown = path.resolve(cwd, args.markdown);
  if (args.json !== undefined) files.json = path.resolve(cwd, args.json);
  return files;
}

/** Creates the folders and checks each file can be written there, so a typo does not cost a whole run. */
function prepareOutputs(files: ReportFiles): true {
  for (const [flag, file] of [['--out', files.html], ['--markdown', files.markdown], ['--json', files.json]] as const) {
    if (file === undefined) continue;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error('it is a directory');
      fs.accessSync(path.dirname(file), fs.constants.W_OK);
    } catch (e) {
      throw new Error(`cannot write ${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return true;
}

interface BenchForReport {
  result?: BenchResult;
  source?: LensDocument['benchSource'];
  /** Why the report has no benchmark figures, for its notes. */
  note?: string;
}

/** The newest saved result, or a quick run made now and saved like `bench` saves it, so the next report reuses it. */
async function benchForReport(dir: string, io: CliIO, deps: BenchDeps, pkg: PackageInfo, python?: { interpreter: string }): Promise<BenchForReport | 'interrupted'> {
  const saved = await loadLatestResult(dir, python ? 'python' : 'node');
  if (saved) {
    // result-store names files after their creation time; a result copied in under another name has no file to show.
    const file = resultFile(saved, dir);
    io.stderr.write(`concurrency-lens: using the benchmark result of ${saved.createdAt} from ${dir}\n`);
    return { result: saved, source: { ...(fs.existsSync(file) ? { file } : {}), ranForReport: false } };
  }
  io.stderr.write(`concurrency-lens: no saved ${python ? 'Python ' : ''}benchmark result in ${dir}; running the quick ${python ? `Python benchmark suite with ${python.interpreter} (about a minute)` : 'benchmark suite (about 40 s)'}; Ctrl-C stops it\n`);
  let result: BenchResult;
  try {
    result = await deps.bench({ suites: [...SUITES], quick: true, version: pkg.version, ...(python ? { python } : {}) }, (p) => io.stderr.write(`  [${String(p.percent).padStart(3)}%] ${p.suite}: ${p.step}\n`));
  } catch (err) {
    if (err instanceof BenchCancelled) return 'interrupted';
    const why = err instanceof Error ? err.message : String(err);
    reportError(io, `the quick benchmark suite failed (${why}); the report goes on without benchmark figures`);
    return { note: `The quick benchmark suite failed (${why}), so this report has no benchmark figures. Run 'concurrency-lens bench --quick${python ? ' --python' : ''}' to measure them.` };
  }
  try {
    const file = await saveResult(result, dir);
    io.stderr.write(`concurrency-lens: saved ${file}\n`);
    return { result, source: { file, ranForReport: true } };
  } catch (err) {
    reportError(io, `could not save the benchmark result in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    return { result, source: { ranForReport: true } };
  }
}

/** Writes the files and lists them on stdout; an exit code when a write failed, undefined when all went well. */
async function writeReport(doc: LensDocument, assets: WebviewAssets, files: ReportFiles, io: CliIO): Promise<number | undefined> {
  let written: string[];
  let failure: ReportWriteError | undefined;
  try {
    written = await writeReportFiles(doc, assets, files);
  } catch (e) {
    if (!(e instanceof ReportWriteError)) throw e;
    written = e.written;
    failure = e;
  }
  for (const file of written) {
    io.stdout.write(`${file}\n`);
    io.stderr.write(`concurrency-lens: wrote ${file}\n`);
  }
  if (!failure) return undefined;
  reportError(io, failure.message);
  return EXIT_ERROR;
}
