// `bench --python`: the seed article's benchmarks run by the user's own interpreter. The script
// (python-bench/concurrency_lens_bench.py) does the measuring in Python; this side starts the local latency
// server its I/O and hybrid suites call, feeds it its settings on stdin, relays its progress, and summarises its
// raw samples into the same result shape as Node's (python-suites.ts).
//
// Process safety: the interpreter runs in its own process group (POSIX), announced through onChild with
// `group: true`, so a cancel kills its pool processes with it; and the script stops its whole group when its
// stdin closes, which is what happens when this thread or the process above it goes away.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { PYTHON_FULL_CONFIG, PYTHON_QUICK_CONFIG, type BenchConfig } from './bench-config';
import { startLatencyServer, type LatencyServer } from './latency-server';
import { loadAverage, machineInfo } from './machine';
import { pythonSuites, type RawPythonResult } from './python-suites';
import type { BenchProgress, BenchResult, SuiteName } from './result-types';
import { SUITES } from './result-types';
import type { HarnessEvents } from './suite-context';

export const PYTHON_BENCH_SCRIPT = 'concurrency_lens_bench.py';
/** A step of the full run (a 256 MB pickle, seven times over) takes a minute or two; silence far beyond that is a hang. */
const SILENCE_LIMIT_MS = 10 * 60_000;
const STDERR_TAIL = 4000;

export interface PythonHarnessOptions {
  suites: readonly SuiteName[];
  quick: boolean;
  version: string;
  /** The interpreter, as the user named it (a path, or a command on PATH). */
  interpreter: string;
  /** The folder holding the latency-server worker (dist/workers). */
  workersDir: string;
  config?: BenchConfig;
  /** The script; default: found beside the bundle or in the sources. */
  script?: string;
}

type PythonEvent = { type: 'progress'; suite: SuiteName; step: string; fraction: number } | ({ type: 'result' } & RawPythonResult) | { type: 'error'; message: string };

export type PythonHarnessReporter = HarnessEvents & { onProgress?(p: BenchProgress): void };

export async function runPythonHarness(options: PythonHarnessOptions, reporter: PythonHarnessReporter = {}): Promise<BenchResult> {
  const started = performance.now();
  const machine = machineInfo();
  const config = options.config ?? (options.quick ? PYTHON_QUICK_CONFIG : PYTHON_FULL_CONFIG);
  const suites = SUITES.filter((s) => options.suites.includes(s));
  const script = options.script ?? defaultPythonBenchScript();
  if (!fs.existsSync(script)) throw new Error(`the Python benchmark script is missing (${script}): run npm run build`);
  const needsServer = suites.includes('io') || suites.includes('hybrid');
  const server = needsServer ? await startLatencyServer(options.workersDir) : undefined;
  if (server) reporter.onServer?.(server.port);
  try {
    const raw = await runScript(options.interpreter, script, settingsFor(suites, config, server), (p) => {
      const i = Math.max(0, suites.indexOf(p.suite));
      reporter.onProgress?.({ suite: p.suite, step: p.step, percent: Math.round(((i + Math.min(1, p.fraction)) / suites.length) * 100) });
    }, reporter);
    const { python, ...rest } = raw;
    return {
      tool: 'concurrency-lens',
      kind: 'bench',
      version: options.version,
      language: 'python',
      python,
      createdAt: new Date().toISOString(),
      quick: options.quick,
      machine,
      loadAverageAfter: loadAverage(),
      durationMs: Math.round(performance.now() - started),
      ...pythonSuites({ python, ...rest }, config),
    };
  } finally {
    await server?.stop();
  }
}

/** The settings line the script reads first: sizes from the config, URLs of the latency server. */
function settingsFor(suites: readonly SuiteName[], config: BenchConfig, server: LatencyServer | undefined): object {
  const { io, cpu, serialization, hybrid } = config;
  return {
    suites,
    warmupRuns: config.warmupRuns,
    runs: config.runs,
    io: { url: server?.url(io.latencyMs), calls: io.calls, concurrencyLimit: io.concurrencyLimit, maxSequentialCalls: io.maxSequentialCalls },
    cpu: { workerCounts: cpu.workerCounts, tokenizeItems: cpu.tokenizeItems, hashItems: cpu.hashItems, chunks: cpu.chunks },
    serialization: { sizesBytes: serialization.sizesBytes },
    hybrid: {
      queries: hybrid.queries,
      retrieveUrl: server?.url(hybrid.retrieveMs),
      generateUrl: server?.url(hybrid.generateMs),
      preprocessItems: hybrid.preprocessItems,
      poolSize: hybrid.poolSize,
    },
  };
}

function runScript(
  interpreter: string,
  script: string,
  settings: object,
  onProgress: (p: Extract<PythonEvent, { type: 'progress' }>) => void,
  events: HarnessEvents,
): Promise<RawPythonResult> {
  return new Promise((resolve, reject) => {
    const group = process.platform !== 'win32';
    // -u: progress lines arrive as they are written. No bytecode files left beside the script.
    const child = spawn(interpreter, ['-u', script], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: group,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
    });
    let result: RawPythonResult | undefined;
    let failure: string | undefined;
    let stderr = '';
    let silence: NodeJS.Timeout | undefined;
    const heard = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        failure = `the Python benchmarks printed nothing for ${SILENCE_LIMIT_MS / 60_000} minutes`;
        kill(child.pid, group);
      }, SILENCE_LIMIT_MS);
    };
    child.once('spawn', () => {
      if (child.pid !== undefined) events.onChild?.({ pid: child.pid, state: 'started', group });
      heard();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(silence);
      reject(new Error(err.code === 'ENOENT' ? `Python interpreter not found: ${interpreter}; pass --python PATH` : `could not start ${interpreter}: ${err.message}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    // An interpreter that exits before reading its settings closes the pipe: that is its exit's story to tell.
    child.stdin!.on('error', () => undefined);
    child.stdin!.write(`${JSON.stringify(settings)}\n`);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      heard();
      let event: PythonEvent;
      try {
        event = JSON.parse(line) as PythonEvent;
      } catch {
        return; // not ours: a library printing to stdout
      }
      if (event.type === 'progress') onProgress(event);
      else if (event.type === 'error') failure = event.message;
      else if (event.type === 'result') {
        const { type: _type, ...raw } = event;
        result = raw;
        child.stdin!.end(); // the script's cue to exit
      }
    });
    child.once('close', (code, signal) => {
      clearTimeout(silence);
      if (child.pid !== undefined) events.onChild?.({ pid: child.pid, state: 'exited', group });
      if (result && !failure) return resolve(result);
      const why = failure ?? (signal ? `the interpreter was killed (${signal})` : `the interpreter exited with code ${code}`);
      const tail = lastLines(stderr);
      reject(new Error(`${why}${tail ? `\n${tail}` : ''}${/SyntaxError/.test(stderr) ? '\nThe benchmarks need Python 3.8 or later.' : ''}`));
    });
  });
}

function kill(pid: number | undefined, group: boolean): void {
  if (pid === undefined) return;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function lastLines(text: string, n = 8): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** dist/python-bench beside the bundles (this module runs in dist/workers or dist), else the sources (tsc output). */
export function defaultPythonBenchScript(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'python-bench', PYTHON_BENCH_SCRIPT),
    path.join(__dirname, 'python-bench', PYTHON_BENCH_SCRIPT),
    path.resolve(__dirname, '..', '..', '..', 'src', 'harness', 'python-bench', PYTHON_BENCH_SCRIPT),
  ];
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0]!;
}
