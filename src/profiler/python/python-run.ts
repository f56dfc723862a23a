// Runs a Python workload with the probe on PYTHONPATH, under the same supervision as a Node workload: its
// own process group, the timeout, the duration for servers, Ctrl-C, and the sweep for leftovers by the run
// marker, so nothing it started outlives the run. The probe writes its files on SIGTERM before the process
// dies of it, so a stopped run keeps its data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBE_ENV } from '../probe-env';
import { ProcessSupervisor } from '../process-supervisor';
import { emptyResult, type RunOptions, type RunResult } from '../runner';
import { defaultPythonProbeDir, prependPythonPath, resolvePythonCommand, type ResolvedPythonCommand } from './python-command';
import { PYTHON_PROBE_FILE_PATTERN } from './python-probe-data';

export interface PythonRunOptions extends Omit<RunOptions, 'probePath' | 'cpuProfile'> {
  /** The interpreter for a `.py` script (default `python3` on PATH). */
  python?: string;
  /** The folder holding sitecustomize.py; defaults to the one shipped beside the bundle. */
  pythonProbeDir?: string;
  /** A heartbeat this late is a blocked stretch, and a callback this long a slow one (ms). */
  blockThresholdMs?: number;
}

export async function runPythonWorkload(options: PythonRunOptions): Promise<RunResult> {
  const cwd = path.resolve(options.cwd);
  const resolved = resolvePythonCommand(options.command, cwd, options.python);
  if (resolved.script && !isFile(resolved.script)) return { ...emptyResult(), error: `Script not found: ${resolved.script}`, errorKind: 'script-not-found' };
  const probeDir = path.resolve(options.pythonProbeDir ?? defaultPythonProbeDir());
  if (!fs.existsSync(path.join(probeDir, 'sitecustomize.py'))) throw new Error(`Python probe not found at ${probeDir}; build the project first`);
  const dataDir = path.resolve(options.probeDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const before = new Set(fs.readdirSync(dataDir));

  let supervisor: ProcessSupervisor;
  const forceKill = (): void => {
    const pid = supervisor.pid;
    if (!supervisor.leaderRunning || pid === undefined) return;
    supervisor.killedPids.add(pid);
    supervisor.killTree();
  };
  supervisor = new ProcessSupervisor(
    { ...options, cwd },
    {
      markerName: PROBE_ENV.runId,
      armed: () => {
        if (options.loadCommand) supervisor.untilWorkloadEnds(setTimeout(() => supervisor.startLoad(), supervisor.loadDelayMs));
      },
      signalWorkload: (signal) => supervisor.stopTree(signal, forceKill),
      interruptNow: forceKill,
      askLeftoversToStop: (pids) => {
        if (!supervisor.stopping) supervisor.signalTree('SIGTERM', pids);
      },
    },
  );
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    [PROBE_ENV.dir]: dataDir,
    [PROBE_ENV.runId]: supervisor.marker.value,
    CONCURRENCY_LENS_BLOCK_MS: String(options.blockThresholdMs ?? 50),
    PYTHONPATH: prependPythonPath(base.PYTHONPATH, probeDir),
  };
  if (options.sampleMs !== undefined) env.CONCURRENCY_LENS_PY_SAMPLE_MS = String(Math.min(options.sampleMs, 100));
  const outcome = await supervisor.start({ file: resolved.file, args: resolved.args }, env);
  if (!outcome.started) {
    const notFound = outcome.error.code === 'ENOENT';
    return {
      ...emptyResult(),
      wallMs: supervisor.wallMs,
      error: notFound ? notFoundMessage(resolved) : `Could not start ${resolved.file}: ${outcome.error.message}`,
      errorKind: notFound ? 'command-not-found' : 'spawn-failed',
    };
  }
  const exit = supervisor.exit ?? { code: null, signal: null };
  const files = safeReaddir(dataDir)
    .filter((f) => PYTHON_PROBE_FILE_PATTERN.test(f) && !before.has(f))
    .sort()
    .map((f) => path.join(dataDir, f));
  const result: RunResult = {
    ...emptyResult(),
    exitCode: exit.code,
    signal: exit.signal,
    stoppedBy: supervisor.stoppedBy,
    wallMs: supervisor.wallMs,
    stdoutTail: supervisor.stdout.text(),
    stderrTail: supervisor.stderr.text(),
    stdoutBytes: supervisor.stdout.totalBytes,
    stderrBytes: supervisor.stderr.totalBytes,
    probeFiles: files,
    pid: supervisor.pid,
    leftoverPids: [...supervisor.leftoverPids].sort((a, b) => a - b),
    killedPids: [...supervisor.killedPids].sort((a, b) => a - b),
  };
  if (supervisor.load) result.load = supervisor.load.result();
  const failure = describeFailure(result, options.timeoutMs, supervisor.killedPids.has(supervisor.pid ?? -1));
  if (failure) Object.assign(result, failure);
  return result;
}

function notFoundMessage(resolved: ResolvedPythonCommand): string {
  return resolved.file === resolved.interpreter
    ? `Python interpreter not found: ${resolved.file}. Install Python 3, put it on PATH, or pass --python PATH`
    : `Command not found: ${resolved.file} (is it installed and on PATH?)`;
}

function describeFailure(r: RunResult, timeoutMs: number, killed: boolean): Pick<RunResult, 'error' | 'errorKind'> | undefined {
  if (r.stoppedBy === 'timeout') {
    const how = killed ? 'it did not stop on SIGTERM and was killed' : 'it was stopped';
    return { error: `The workload did not finish within ${timeoutMs / 1000} s; ${how}, with its child processes`, errorKind: 'timeout' };
  }
  if (r.stoppedBy !== 'exit') return undefined;
  // Python's last traceback line names the exception: `ValueError: bad input`.
  const thrown = [...r.stderrTail.matchAll(/^(\w+(?:\.\w+)*(?:Error|Exception|Interrupt|Exit)\b.*)$/gm)].pop()?.[1];
  const detail = thrown ? `: ${thrown.slice(0, 300)}` : '';
  if (r.signal) return { error: `The workload was killed by ${r.signal}${detail}`, errorKind: 'signal' };
  if (r.exitCode !== 0 && r.exitCode !== null) return { error: `The workload exited with code ${r.exitCode}${detail}`, errorKind: 'exit-code' };
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
