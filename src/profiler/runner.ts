// Runs a workload with the probe loaded, keeps its output its own, and makes sure that when the run is
// over nothing it started is still running: a timeout, a duration for servers, or Ctrl-C stop the whole
// process tree, and the data gathered so far is returned either way. The tree is ProcessSupervisor's to
// run and stop; this file adds the probe, starts the load when the probe sees the workload listen, and
// reads the result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendNodeOptions, requireOption, resolveCommand, scriptExists, type ResolvedCommand } from './command-line';
import type { LoadResult } from './load-command';
import { PROBE_ENV, probeEnvironment } from './probe-env';
import { ProbeFollower } from './probe-follow';
import { CPU_PROFILE_FILE_PATTERN, PROBE_FILE_PATTERN } from './probe-records';
import { ProcessSupervisor, type StoppedBy, type SupervisorOptions } from './process-supervisor';
import { POLL_MS } from './run-support';

export type { StoppedBy } from './process-supervisor';

export type RunErrorKind = 'script-not-found' | 'command-not-found' | 'spawn-failed' | 'exit-code' | 'signal' | 'timeout';

/** Failures of the command itself, before any process of the workload ran: there is nothing to report on. */
const NEVER_STARTED: ReadonlySet<RunErrorKind> = new Set(['script-not-found', 'command-not-found', 'spawn-failed']);
export const neverStarted = (run: Pick<RunResult, 'errorKind'>): boolean => run.errorKind !== undefined && NEVER_STARTED.has(run.errorKind);

export interface RunOptions extends SupervisorOptions {
  /** A script (`app.js`, `server.ts`) runs as `node SCRIPT ARGS`; anything else as given (`npm run serve`). */
  command: string[];
  /**
   * Shell command run alongside, once the workload listens (the probe sees a TCP or pipe server) or
   * after `loadDelayMs`, whichever comes first. Without `durationMs` the workload is stopped when it ends.
   */
  loadCommand?: string;
  /** Defaults to `defaultProbePath()`. */
  probePath?: string;
  /** Receives the probe files; created when missing. Files already there are not reported. */
  probeDir: string;
  cpuProfile: boolean;
  /** Probe sampling interval in ms (default: the probe's, 15). */
  sampleMs?: number;
  /** Time between the polite stop signal and SIGKILL (default 3000 ms; a CPU profile has to be written in it). */
  graceMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy: StoppedBy;
  /** From spawn to the workload's exit. */
  wallMs: number;
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
  /** Absolute paths of the probe files this run wrote. */
  probeFiles: string[];
  cpuProfiles: string[];
  /** Set for failures only; a `duration` stop or an interrupt is not one. */
  error?: string;
  errorKind?: RunErrorKind;
  pid?: number;
  /** Still running after the workload ended (or was stopped); the runner stopped them. */
  leftoverPids: number[];
  /** Did not stop on the polite signal and were SIGKILLed. */
  killedPids: number[];
  load?: LoadResult;
}

/**
 * `probe.js` beside this file: out/src/profiler/probe.js from tsc, dist/probe.js once the runner is
 * bundled into dist/cli.js or dist/extension.js (scripts/build.mjs must add that bundle).
 */
export function defaultProbePath(): string {
  return path.join(__dirname, 'probe.js');
}

export async function runWorkload(options: RunOptions): Promise<RunResult> {
  const cwd = path.resolve(options.cwd);
  const resolved = resolveCommand(options.command, cwd);
  if (resolved.script && !scriptExists(resolved.script)) {
    return {
      ...emptyResult(),
      error: `Script not found: ${resolved.script}`,
      errorKind: 'script-not-found',
    };
  }
  const probePath = path.resolve(options.probePath ?? defaultProbePath());
  // An installation problem, not the workload's: the caller reports it as an internal error.
  if (!fs.existsSync(probePath)) throw new Error(`Profiler probe not found at ${probePath}; build the project first`);
  const probeDir = path.resolve(options.probeDir);
  fs.mkdirSync(probeDir, { recursive: true });
  return new WorkloadRun(options, cwd, resolved, probePath, probeDir).run();
}

/** A run that never started: what a run that fails before its spawn reports, with its `error`. */
export function emptyResult(): RunResult {
  return {
    exitCode: null,
    signal: null,
    stoppedBy: 'exit',
    wallMs: 0,
    stdoutTail: '',
    stderrTail: '',
    stdoutBytes: 0,
    stderrBytes: 0,
    probeFiles: [],
    cpuProfiles: [],
    leftoverPids: [],
    killedPids: [],
  };
}

class WorkloadRun {
  private readonly before: Set<string>;
  private readonly supervisor: ProcessSupervisor;

  constructor(
    private readonly options: RunOptions,
    cwd: string,
    private readonly resolved: ResolvedCommand,
    private readonly probePath: string,
    private readonly probeDir: string,
  ) {
    this.before = new Set(fs.readdirSync(probeDir));
    this.supervisor = new ProcessSupervisor(
      { ...options, cwd },
      {
        // The probe's run id is the marker: every probed process carries it.
        markerName: PROBE_ENV.runId,
        armed: () => {
          if (options.loadCommand) this.watchForLoadStart();
        },
        // The probe writes its data on the signal, then the process ends as it would have.
        signalWorkload: (signal) => this.supervisor.stopTree(signal, () => this.forceKill()),
        interruptNow: () => this.forceKill(),
        // After a stop they have had their signal; what ignores it is killed once the grace period is over.
        askLeftoversToStop: (pids) => {
          if (!this.supervisor.stopping) this.supervisor.signalTree('SIGTERM', pids);
        },
      },
    );
  }

  async run(): Promise<RunResult> {
    const base = this.options.env ?? process.env;
    const env: NodeJS.ProcessEnv = {
      ...base,
      ...probeEnvironment({ dir: this.probeDir, runId: this.supervisor.marker.value, cpuProfile: this.options.cpuProfile, sampleMs: this.options.sampleMs }),
      NODE_OPTIONS: appendNodeOptions(base.NODE_OPTIONS, requireOption(this.probePath)),
    };
    const { file, args, script } = this.resolved;
    // npm, npx and friends are .cmd files on Windows, which only a shell can start.
    const outcome = await this.supervisor.start({ file, args, shell: process.platform === 'win32' && !script }, env);
    if (outcome.started) return this.result();
    const notFound = outcome.error.code === 'ENOENT';
    return {
      ...emptyResult(),
      wallMs: this.supervisor.wallMs,
      error: notFound ? `Command not found: ${file} (is it installed and on PATH?)` : `Could not start ${file}: ${outcome.error.message}`,
      errorKind: notFound ? 'command-not-found' : 'spawn-failed',
    };
  }

  /** The load starts once the probe sees the workload listen, or after the load delay at the latest. */
  private watchForLoadStart(): void {
    const follower = new ProbeFollower(this.probeDir, this.before);
    const start = (): void => {
      clearInterval(poll);
      this.supervisor.startLoad();
    };
    const poll = setInterval(() => {
      for (const { record } of follower.poll()) {
        if (record.type === 'sample' && ((record.resources.TCPServerWrap ?? 0) > 0 || (record.resources.PipeServerWrap ?? 0) > 0)) {
          start();
          return;
        }
      }
    }, POLL_MS);
    this.supervisor.untilWorkloadEnds(poll);
    this.supervisor.untilWorkloadEnds(setTimeout(start, this.supervisor.loadDelayMs));
  }

  private forceKill(): void {
    const pid = this.supervisor.pid;
    if (!this.supervisor.leaderRunning || pid === undefined) return;
    // The workload counts as killed even where no process list shows it: the timeout's message says so.
    this.supervisor.killedPids.add(pid);
    this.supervisor.killTree();
  }

  private newFiles(pattern: RegExp): string[] {
    try {
      return fs
        .readdirSync(this.probeDir)
        .filter((f) => pattern.test(f) && !this.before.has(f))
        .sort()
        .map((f) => path.join(this.probeDir, f));
    } catch {
      return [];
    }
  }

  private result(): RunResult {
    const sup = this.supervisor;
    const exit = sup.exit ?? { code: null, signal: null };
    const r: RunResult = {
      ...emptyResult(),
      exitCode: exit.code,
      signal: exit.signal,
      stoppedBy: sup.stoppedBy,
      wallMs: sup.wallMs,
      stdoutTail: sup.stdout.text(),
      stderrTail: sup.stderr.text(),
      stdoutBytes: sup.stdout.totalBytes,
      stderrBytes: sup.stderr.totalBytes,
      probeFiles: this.newFiles(PROBE_FILE_PATTERN),
      cpuProfiles: this.newFiles(CPU_PROFILE_FILE_PATTERN),
      pid: sup.pid,
      leftoverPids: [...sup.leftoverPids].sort((a, b) => a - b),
      killedPids: [...sup.killedPids].sort((a, b) => a - b),
    };
    if (sup.load) r.load = sup.load.result();
    const failure = describeFailure(sup.stoppedBy, exit.code, exit.signal, this.options.timeoutMs, r.stderrTail, sup.killedPids.has(sup.pid ?? -1));
    if (failure) {
      r.error = failure.error;
      r.errorKind = failure.kind;
    }
    return r;
  }
}

function describeFailure(
  stoppedBy: StoppedBy,
  code: number | null,
  signal: NodeJS.Signals | null,
  timeoutMs: number,
  stderrTail: string,
  killed: boolean,
): { error: string; kind: RunErrorKind } | undefined {
  if (stoppedBy === 'timeout') {
    const how = killed ? 'it did not stop on SIGTERM and was killed' : 'it was stopped';
    return { error: `The workload did not finish within ${timeoutMs / 1000} s; ${how}, with its child processes`, kind: 'timeout' };
  }
  if (stoppedBy !== 'exit') return undefined;
  // The thrown error is more useful than the exit code; Node prints it as `SomeError: message`.
  const thrown = [...stderrTail.matchAll(/^\s*(?:Uncaught )?(\w*Error(?: \[\w+\])?: .*)$/gm)].pop()?.[1];
  const detail = thrown ? `: ${thrown.slice(0, 300)}` : '';
  if (signal) return { error: `The workload was killed by ${signal}${detail}`, kind: 'signal' };
  if (code !== 0 && code !== null) return { error: `The workload exited with code ${code}${detail}`, kind: 'exit-code' };
  return undefined;
}
