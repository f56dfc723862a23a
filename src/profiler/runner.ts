// Runs a workload with the probe loaded, keeps its output its own, and makes sure that when the run is
// over nothing it started is still running: a timeout, a duration for servers, or Ctrl-C stop the whole
// process tree, and the data gathered so far is returned either way.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendNodeOptions, requireOption, resolveCommand, scriptExists, type ResolvedCommand } from './command-line';
import { LoadCommand, type LoadResult } from './load-command';
import { OutputTail } from './output-tail';
import { PROBE_ENV, probeEnvironment } from './probe-env';
import { ProbeFollower } from './probe-follow';
import { CPU_PROFILE_FILE_PATTERN, PROBE_FILE_PATTERN } from './probe-records';
import { descendantsOf, listProcesses, pidsWithEnv, signalGroup, signalPid } from './process-tree';
import { POLL_MS, pumpOutput, reapLeftovers, runningTree, sleep, STREAM_CLOSE_MS } from './run-support';

/** Why the workload ended. `duration`: stopped by design (end of the measurement window), not a failure. */
export type StoppedBy = 'exit' | 'timeout' | 'duration' | 'interrupt';

export type RunErrorKind = 'script-not-found' | 'command-not-found' | 'spawn-failed' | 'exit-code' | 'signal' | 'timeout';

/** Failures of the command itself, before any process of the workload ran: there is nothing to report on. */
const NEVER_STARTED: ReadonlySet<RunErrorKind> = new Set(['script-not-found', 'command-not-found', 'spawn-failed']);
export const neverStarted = (run: Pick<RunResult, 'errorKind'>): boolean => run.errorKind !== undefined && NEVER_STARTED.has(run.errorKind);

export interface RunOptions {
  /** A script (`app.js`, `server.ts`) runs as `node SCRIPT ARGS`; anything else as given (`npm run serve`). */
  command: string[];
  cwd: string;
  /** Base environment; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Hard limit from spawn; the tree is stopped and the result says `timeout`. */
  timeoutMs: number;
  /** For servers: stop cleanly after this long (from spawn); the result says `duration`. */
  durationMs?: number;
  /**
   * Shell command run alongside, once the workload listens (the probe sees a TCP or pipe server) or
   * after `loadDelayMs`, whichever comes first. Without `durationMs` the workload is stopped when it ends.
   */
  loadCommand?: string;
  /** Latest start of the load command, in ms after spawn (default 3000). */
  loadDelayMs?: number;
  /** Defaults to `defaultProbePath()`. */
  probePath?: string;
  /** Receives the probe files; created when missing. Files already there are not reported. */
  probeDir: string;
  cpuProfile: boolean;
  /** Probe sampling interval in ms (default: the probe's, 15). */
  sampleMs?: number;
  /** `inherit-live` shows the output as it comes (with backpressure); both modes keep bounded tails. */
  stdio: 'inherit-live' | 'capture';
  /** Default: `inherit` for `inherit-live`, `ignore` for `capture`. */
  stdin?: 'inherit' | 'ignore';
  onOutput?(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** Time between the polite stop signal and SIGKILL (default 3000 ms; a CPU profile has to be written in it). */
  graceMs?: number;
  /** Aborting it is the programmatic Ctrl-C (for hosts that own their signals, like the extension). */
  signal?: AbortSignal;
  /** Handle SIGINT/SIGTERM/SIGHUP of this process as an interrupt while the workload runs (default true). */
  handleSignals?: boolean;
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

const DEFAULT_GRACE_MS = 3000;
const DEFAULT_LOAD_DELAY_MS = 3000;
const RUNNER_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];


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

function emptyResult(): RunResult {
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
  private readonly runId = randomUUID();
  private readonly graceMs: number;
  private readonly before: Set<string>;
  private readonly stdout = new OutputTail();
  private readonly stderr = new OutputTail();
  private child!: ChildProcess;
  private startedAt = 0;
  private wallMs = 0;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stoppedBy: StoppedBy = 'exit';
  private stopping = false;
  private interrupts = 0;
  /** Processes of the tree seen when the stop began; some may leave the group before they die. */
  private readonly stopSnapshot = new Set<number>();
  private readonly leftoverPids = new Set<number>();
  private readonly killedPids = new Set<number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly cleanups: (() => void)[] = [];
  private load: LoadCommand | undefined;

  constructor(
    private readonly options: RunOptions,
    private readonly cwd: string,
    private readonly resolved: ResolvedCommand,
    private readonly probePath: string,
    private readonly probeDir: string,
  ) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.before = new Set(fs.readdirSync(probeDir));
  }

  private get pid(): number | undefined {
    return this.child?.pid;
  }

  run(): Promise<RunResult> {
    const base = this.options.env ?? process.env;
    const env: NodeJS.ProcessEnv = {
      ...base,
      ...probeEnvironment({ dir: this.probeDir, runId: this.runId, cpuProfile: this.options.cpuProfile, sampleMs: this.options.sampleMs }),
      NODE_OPTIONS: appendNodeOptions(base.NODE_OPTIONS, requireOption(this.probePath)),
    };
    const stdin = this.options.stdin ?? (this.options.stdio === 'inherit-live' ? 'inherit' : 'ignore');

    return new Promise<RunResult>((resolve) => {
      this.startedAt = performance.now();
      // Its own process group (setsid), so one signal reaches the whole tree and the terminal's Ctrl-C
      // reaches only the runner, which then stops the workload in order. An inherited terminal stays
      // readable: job control only applies to a session's own controlling terminal.
      this.child = spawn(this.resolved.file, this.resolved.args, {
        cwd: this.cwd,
        env,
        detached: process.platform !== 'win32',
        stdio: [stdin, 'pipe', 'pipe'],
        windowsHide: true,
        // npm, npx and friends are .cmd files on Windows, which only a shell can start.
        shell: process.platform === 'win32' && !this.resolved.script,
      });
      let spawned = false;
      const closed = Promise.all([pumpOutput(this.child.stdout!, 'stdout', this.stdout, this.options), pumpOutput(this.child.stderr!, 'stderr', this.stderr, this.options)]);

      this.child.once('spawn', () => {
        spawned = true;
        this.armWhileRunning();
      });
      this.child.once('error', (err: NodeJS.ErrnoException) => {
        if (spawned) return;
        this.wallMs = performance.now() - this.startedAt;
        this.disarm();
        const notFound = err.code === 'ENOENT';
        resolve({
          ...emptyResult(),
          wallMs: Math.round(this.wallMs),
          error: notFound ? `Command not found: ${this.resolved.file} (is it installed and on PATH?)` : `Could not start ${this.resolved.file}: ${err.message}`,
          errorKind: notFound ? 'command-not-found' : 'spawn-failed',
        });
      });
      this.child.once('exit', (code, signal) => {
        // A failed spawn reports through 'error' alone.
        if (!spawned) return;
        this.wallMs = performance.now() - this.startedAt;
        this.exit = { code, signal };
        void this.finish(closed).then(resolve);
      });
    });
  }

  /** Timers and signal handlers that only make sense while the workload runs. */
  private armWhileRunning(): void {
    const { options } = this;
    this.timers.push(setTimeout(() => this.stop('timeout', 'SIGTERM'), options.timeoutMs));
    if (options.durationMs !== undefined) this.timers.push(setTimeout(() => this.stop('duration', 'SIGTERM'), options.durationMs));

    if (options.handleSignals !== false) {
      for (const sig of RUNNER_SIGNALS) {
        const on = (): void => this.interrupt(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
        process.on(sig, on);
        this.cleanups.push(() => process.removeListener(sig, on));
      }
    }
    if (options.signal) {
      const on = (): void => this.interrupt('SIGINT');
      if (options.signal.aborted) queueMicrotask(on);
      else {
        options.signal.addEventListener('abort', on, { once: true });
        this.cleanups.push(() => options.signal?.removeEventListener('abort', on));
      }
    }
    // Should the runner itself die while the workload runs, the detached tree must not outlive it.
    const onExit = (): void => {
      if (this.pid !== undefined && !this.exit) signalGroup(this.pid, 'SIGKILL');
    };
    process.on('exit', onExit);
    this.cleanups.push(() => process.removeListener('exit', onExit));

    if (options.loadCommand) this.watchForLoadStart(options.loadCommand);
  }

  private disarm(): void {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    for (const c of this.cleanups.splice(0)) c();
  }

  private watchForLoadStart(command: string): void {
    const follower = new ProbeFollower(this.probeDir, this.before);
    const start = (): void => {
      clearInterval(poll);
      if (this.load || this.exit || this.stopping) return;
      // Its own marker: stopping the workload must not cut the load short before its result is in.
      const marker = { name: PROBE_ENV.runId, value: `${this.runId}-load` };
      const loadEnv = { ...(this.options.env ?? process.env), [marker.name]: marker.value };
      this.load = new LoadCommand(command, this.cwd, loadEnv, marker, performance.now() - this.startedAt);
      void this.load.done.then(() => {
        if (this.options.durationMs === undefined) this.stop('duration', 'SIGTERM');
      });
    };
    const poll = setInterval(() => {
      for (const { record } of follower.poll()) {
        if (record.type === 'sample' && ((record.resources.TCPServerWrap ?? 0) > 0 || (record.resources.PipeServerWrap ?? 0) > 0)) {
          start();
          return;
        }
      }
    }, POLL_MS);
    this.timers.push(poll, setTimeout(start, this.options.loadDelayMs ?? DEFAULT_LOAD_DELAY_MS));
  }

  private interrupt(signal: NodeJS.Signals): void {
    if (this.exit) return;
    this.interrupts++;
    // A second Ctrl-C means now.
    if (this.interrupts === 1 && !this.stopping) this.stop('interrupt', signal);
    else this.forceKill();
  }

  /**
   * The polite stop: the probe writes its data on the signal, then the process ends as it would have.
   * A running load command is stopped first, so that it does not report the server going away.
   */
  private stop(reason: StoppedBy, signal: NodeJS.Signals): void {
    if (this.exit || this.stopping || this.pid === undefined) return;
    this.stopping = true;
    this.stoppedBy = reason;
    const load = this.load?.running ? this.load.stop(Math.min(this.graceMs, 1000)) : Promise.resolve();
    void load.then(() => this.signalWorkload(signal));
  }

  private signalWorkload(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (this.exit || pid === undefined) return;
    const procs = listProcesses();
    for (const p of [...descendantsOf(pid, procs), ...pidsWithEnv(PROBE_ENV.runId, this.runId)]) this.stopSnapshot.add(p);
    this.signalTree(signal, [...this.stopSnapshot], procs);
    this.timers.push(setTimeout(() => this.forceKill(), this.graceMs));
  }

  /**
   * One signal per process: the group gets it once, and only processes outside the group get their own.
   * A second SIGTERM can land while a process that handled the first is already exiting, with its
   * handlers gone, and then kill it by the signal after all.
   */
  private signalTree(signal: NodeJS.Signals, pids: number[], procs = listProcesses()): void {
    const pid = this.pid;
    if (pid === undefined) return;
    signalGroup(pid, signal);
    const pgidOf = new Map(procs.map((p) => [p.pid, p.pgid]));
    for (const p of pids) if (pgidOf.get(p) !== pid) signalPid(p, signal);
  }

  private forceKill(): void {
    const pid = this.pid;
    if (pid === undefined) return;
    for (const p of this.runningTree()) {
      this.killedPids.add(p);
      signalPid(p, 'SIGKILL');
    }
    if (!this.exit) this.killedPids.add(pid);
    signalGroup(pid, 'SIGKILL');
  }

  /** Every process of this run that still runs: the group, the stop snapshot and, on Linux, the run marker. */
  private runningTree(withMarker = true): number[] {
    return runningTree(
      { leaderPid: this.pid, leaderExited: this.exit !== undefined, snapshot: this.stopSnapshot, marker: { name: PROBE_ENV.runId, value: this.runId } },
      withMarker,
    );
  }

  private async finish(closed: Promise<unknown>): Promise<RunResult> {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    await this.load?.stop(this.graceMs);
    await this.reapLeftovers();
    this.disarm();
    await Promise.race([closed, sleep(STREAM_CLOSE_MS)]);
    // A process that escaped every search can still hold the pipes open; the run is over regardless.
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    return this.result();
  }

  /** The workload's exit does not end its children: stop whatever of the tree is left. */
  private reapLeftovers(): Promise<void> {
    return reapLeftovers({
      runningTree: (withMarker) => this.runningTree(withMarker),
      // After a stop they have had their signal; what ignores it is killed once the grace period is over.
      askToStop: (pids) => {
        if (!this.stopping) this.signalTree('SIGTERM', pids);
      },
      graceMs: this.graceMs,
      leaderPid: this.pid,
      leftover: this.leftoverPids,
      killed: this.killedPids,
    });
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
    const exit = this.exit ?? { code: null, signal: null };
    const r: RunResult = {
      ...emptyResult(),
      exitCode: exit.code,
      signal: exit.signal,
      stoppedBy: this.stoppedBy,
      wallMs: Math.round(this.wallMs),
      stdoutTail: this.stdout.text(),
      stderrTail: this.stderr.text(),
      stdoutBytes: this.stdout.totalBytes,
      stderrBytes: this.stderr.totalBytes,
      probeFiles: this.newFiles(PROBE_FILE_PATTERN),
      cpuProfiles: this.newFiles(CPU_PROFILE_FILE_PATTERN),
      pid: this.pid,
      leftoverPids: [...this.leftoverPids].sort((a, b) => a - b),
      killedPids: [...this.killedPids].sort((a, b) => a - b),
    };
    if (this.load) r.load = this.load.result();
    const failure = describeFailure(this.stoppedBy, exit.code, exit.signal, this.options.timeoutMs, r.stderrTail, this.killedPids.has(this.pid ?? -1));
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
