// One run's process tree from spawn to reaping, for the profiling run (the workload itself leads the
// tree) and the flamegraph run (0x leads it, the workload is its child). The leader gets a process group of
// its own; the timeout, the duration and interrupts stop it, a running load command first; once the leader
// has exited, whatever of the tree is left is stopped, so that nothing the run started outlives it. How the
// workload is asked to stop, and what the run reports, belong to the run: it says so through SupervisedRun.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LoadCommand } from './load-command';
import { OutputTail } from './output-tail';
import { descendantsOf, listProcesses, pidsWithEnv, signalGroup, signalPid } from './process-tree';
import { pumpOutput, reapLeftovers, runningTree, sleep, type OutputRouting } from './run-support';

/** Why the workload ended. `duration`: stopped by design (end of the measurement window), not a failure. */
export type StoppedBy = 'exit' | 'timeout' | 'duration' | 'interrupt';

const DEFAULT_GRACE_MS = 3000;
const DEFAULT_LOAD_DELAY_MS = 3000;
/** A load command is stopped before the workload, and must not hold the workload's stop up for long. */
const LOAD_STOP_MS = 1000;
/** After the tree is gone, how long to wait for the output pipes to drain and close. */
const STREAM_CLOSE_MS = 1000;
/** While a run lasts, these end the run rather than this process. */
const RUNNER_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Every supervised run's options; RunOptions and FlamegraphOptions add theirs, and say more where a field means more. */
export interface SupervisorOptions extends OutputRouting {
  cwd: string;
  /** Base environment, the load command's too; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Hard limit for the workload, from spawn; the tree is stopped and the result says `timeout`. */
  timeoutMs: number;
  /** For servers: stop cleanly after this long (from spawn); the result says `duration`. */
  durationMs?: number;
  /** Shell command run alongside the workload. Without `durationMs` the workload is stopped when it ends. */
  loadCommand?: string;
  /** Latest start of the load command, in ms after spawn (default 3000). */
  loadDelayMs?: number;
  /** Time between the polite stop signal and SIGKILL (default 3000 ms). */
  graceMs?: number;
  /** Aborting it is the programmatic Ctrl-C (for hosts that own their signals, like the extension). */
  signal?: AbortSignal;
  /** Handle SIGINT/SIGTERM/SIGHUP of this process as an interrupt while the run lasts (default true). */
  handleSignals?: boolean;
  /** Default: `inherit` for `inherit-live`, `ignore` for `capture`. */
  stdin?: 'inherit' | 'ignore';
}

/** What differs between runs. The supervisor calls these; the run calls the supervisor's public methods. */
export interface SupervisedRun {
  /** The environment variable that marks everything the run starts, set to a fresh id per run. */
  markerName: string;
  /** How long leftovers get between their polite stop and SIGKILL (default: the grace). */
  leftoverGraceMs?: number;
  /** The leader has started: the run's own timers and watches. */
  armed?(): void;
  /** A stop has begun: called once, as it begins; `signalWorkload` follows once the load is out of the way. */
  stopBegun?(): void;
  /** The polite stop of the workload, once the load command is out of the way. */
  signalWorkload(signal: NodeJS.Signals): void;
  /** An interrupt while a stop is under way or the workload has ended: the run ends now. */
  interruptNow(): void;
  /** The leader has exited and these still run: their polite stop, if they have not had one. */
  askLeftoversToStop(pids: number[]): void;
}

export interface LeaderCommand {
  file: string;
  args: string[];
  /** For what only a shell can start (npm's .cmd files on Windows). */
  shell?: boolean;
}

export type LeaderOutcome = { started: true } | { started: false; error: NodeJS.ErrnoException };

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProcessSupervisor {
  /** Set in the environment of everything the run starts, to find what left the process group. */
  readonly marker: { name: string; value: string };
  readonly graceMs: number;
  readonly stdout = new OutputTail();
  readonly stderr = new OutputTail();
  /** Processes of the tree seen when the stop began; some may leave the group before they die. */
  readonly stopSnapshot = new Set<number>();
  /** Still running after the leader exited; they were stopped. */
  readonly leftoverPids = new Set<number>();
  /** Did not stop on the polite signal and were SIGKILLed. */
  readonly killedPids = new Set<number>();
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private endedAt: number | undefined;
  private exitStatus: ExitStatus | undefined;
  private stopReason: StoppedBy = 'exit';
  private stopStarted = false;
  private loadCommand: LoadCommand | undefined;
  /** Cleared when the workload ends: they are about the workload, not what the leader does after it. */
  private readonly workloadTimers: NodeJS.Timeout[] = [];
  private readonly runTimers: NodeJS.Timeout[] = [];
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly options: SupervisorOptions,
    private readonly run: SupervisedRun,
  ) {
    this.marker = { name: run.markerName, value: randomUUID() };
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
  get exit(): ExitStatus | undefined {
    return this.exitStatus;
  }
  get leaderRunning(): boolean {
    return this.pid !== undefined && !this.exitStatus;
  }
  /** The leader's exit, or earlier where the run saw the workload end (`noteWorkloadEnd`). */
  get workloadEndedAt(): number | undefined {
    return this.endedAt;
  }
  get workloadEnded(): boolean {
    return this.endedAt !== undefined;
  }
  /** From spawn to the workload's end (or now). */
  get wallMs(): number {
    return Math.round((this.endedAt ?? performance.now()) - this.startedAt);
  }
  get stoppedBy(): StoppedBy {
    return this.stopReason;
  }
  get stopping(): boolean {
    return this.stopStarted;
  }
  get load(): LoadCommand | undefined {
    return this.loadCommand;
  }
  /** How long a load command gets to stop when it is in the way. */
  get loadStopMs(): number {
    return Math.min(this.graceMs, LOAD_STOP_MS);
  }
  /** The latest start of the load command, in ms after spawn. */
  get loadDelayMs(): number {
    return this.options.loadDelayMs ?? DEFAULT_LOAD_DELAY_MS;
  }

  /**
   * Spawns the leader and settles once it has exited and the tree is reaped, or when it could not start.
   * `env` is completed with the run marker.
   */
  start(command: LeaderCommand, env: NodeJS.ProcessEnv): Promise<LeaderOutcome> {
    const { options } = this;
    const stdin = options.stdin ?? (options.stdio === 'inherit-live' ? 'inherit' : 'ignore');
    return new Promise<LeaderOutcome>((resolve) => {
      this.startedAt = performance.now();
      // Its own process group (setsid), so one signal reaches the whole tree and the terminal's Ctrl-C
      // reaches only this process, which then stops the run in order. An inherited terminal stays
      // readable: job control only applies to a session's own controlling terminal.
      const child = spawn(command.file, command.args, {
        cwd: options.cwd,
        env: { ...env, [this.marker.name]: this.marker.value },
        detached: process.platform !== 'win32',
        stdio: [stdin, 'pipe', 'pipe'],
        windowsHide: true,
        shell: command.shell,
      });
      this.child = child;
      let spawned = false;
      const closed = Promise.all([pumpOutput(child.stdout!, 'stdout', this.stdout, options), pumpOutput(child.stderr!, 'stderr', this.stderr, options)]);
      child.once('spawn', () => {
        spawned = true;
        this.arm();
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (spawned) return;
        this.endedAt = performance.now();
        this.disarm();
        resolve({ started: false, error });
      });
      child.once('exit', (code, signal) => {
        // A failed spawn reports through 'error' alone.
        if (!spawned) return;
        this.exitStatus = { code, signal };
        this.endedAt ??= performance.now();
        void this.finish(closed).then(() => resolve({ started: true }));
      });
    });
  }

  /** Cleared when the workload ends (or the run does). */
  untilWorkloadEnds(timer: NodeJS.Timeout): void {
    this.workloadTimers.push(timer);
  }

  /** Cleared when the leader has exited. */
  untilRunEnds(timer: NodeJS.Timeout): void {
    this.runTimers.push(timer);
  }

  /** For a leader that outlives the workload (0x draws after it): the workload's timers are over, and so is the load. */
  noteWorkloadEnd(): void {
    this.endedAt = performance.now();
    for (const t of this.workloadTimers.splice(0)) clearTimeout(t);
    // The load has nothing left to load; it must not keep the leader's output busy. A failure to stop it (procfs
    // unreadable) is not the run's: the stop at the end of the run tries again.
    this.loadCommand?.stop(this.loadStopMs).catch(() => undefined);
  }

  /** Ctrl-C: the first stops the workload politely; any other, or one once the workload has ended, means now. */
  interrupt(signal: NodeJS.Signals): void {
    if (this.exitStatus) return;
    if (!this.stopStarted && !this.workloadEnded) this.stop('interrupt', signal);
    else this.run.interruptNow();
  }

  /** Once: not when the workload has ended or is being stopped. */
  startLoad(): void {
    const command = this.options.loadCommand;
    if (!command || this.loadCommand || !this.leaderRunning || this.workloadEnded || this.stopStarted) return;
    // Its own marker: stopping the workload must not cut the load short before its result is in.
    const marker = { name: this.marker.name, value: `${this.marker.value}-load` };
    const env = { ...(this.options.env ?? process.env), [marker.name]: marker.value };
    this.loadCommand = new LoadCommand(command, this.options.cwd, env, marker, performance.now() - this.startedAt);
    void this.loadCommand.done.then(() => {
      if (this.options.durationMs === undefined) this.stop('duration');
    });
  }

  /**
   * The stop of a leader that is the workload: every process of the tree gets the signal, the leader's
   * group once; after the grace period, `onGraceOver`.
   */
  stopTree(signal: NodeJS.Signals, onGraceOver: () => void): void {
    const pid = this.pid;
    if (!this.leaderRunning || pid === undefined) return;
    const procs = listProcesses();
    for (const p of [...descendantsOf(pid, procs), ...pidsWithEnv(this.marker.name, this.marker.value)]) this.stopSnapshot.add(p);
    this.signalTree(signal, [...this.stopSnapshot], procs);
    this.untilWorkloadEnds(setTimeout(onGraceOver, this.graceMs));
  }

  /**
   * One signal per process: the group gets it once, and only processes outside the group get their own.
   * A second SIGTERM can land while a process that handled the first is already exiting, with its
   * handlers gone, and then kill it by the signal after all.
   */
  signalTree(signal: NodeJS.Signals, pids: number[], procs = listProcesses()): void {
    const pid = this.pid;
    if (pid === undefined) return;
    signalGroup(pid, signal);
    const pgidOf = new Map(procs.map((p) => [p.pid, p.pgid]));
    for (const p of pids) if (pgidOf.get(p) !== pid) signalPid(p, signal);
  }

  /** SIGKILL for every process of the run that still runs, and the leader's group. */
  killTree(): void {
    const pid = this.pid;
    if (!this.leaderRunning || pid === undefined) return;
    for (const p of this.runningTree()) {
      this.killedPids.add(p);
      signalPid(p, 'SIGKILL');
    }
    signalGroup(pid, 'SIGKILL');
  }

  /** Timers and signal handlers that only make sense while the leader runs. */
  private arm(): void {
    const { options } = this;
    this.untilWorkloadEnds(setTimeout(() => this.stop('timeout'), options.timeoutMs));
    if (options.durationMs !== undefined) this.untilWorkloadEnds(setTimeout(() => this.stop('duration'), options.durationMs));

    if (options.handleSignals !== false) {
      for (const sig of RUNNER_SIGNALS) {
        const on = (): void => this.interrupt(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
        process.on(sig, on);
        this.cleanups.push(() => process.removeListener(sig, on));
      }
    }
    const abort = options.signal;
    if (abort) {
      const on = (): void => this.interrupt('SIGINT');
      if (abort.aborted) queueMicrotask(on);
      else {
        abort.addEventListener('abort', on, { once: true });
        this.cleanups.push(() => abort.removeEventListener('abort', on));
      }
    }
    // Should this process die while the leader runs, the detached tree must not outlive it.
    const onExit = (): void => {
      if (this.leaderRunning) signalGroup(this.pid!, 'SIGKILL');
    };
    process.on('exit', onExit);
    this.cleanups.push(() => process.removeListener('exit', onExit));
    this.run.armed?.();
  }

  private clearTimers(): void {
    for (const t of [...this.workloadTimers.splice(0), ...this.runTimers.splice(0)]) clearTimeout(t);
  }

  private disarm(): void {
    this.clearTimers();
    for (const c of this.cleanups.splice(0)) c();
  }

  /** A running load command is stopped first, so that it does not report the server going away. */
  private stop(reason: StoppedBy, signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.leaderRunning || this.workloadEnded || this.stopStarted) return;
    this.stopStarted = true;
    this.stopReason = reason;
    const load = this.loadCommand?.running ? this.loadCommand.stop(this.loadStopMs) : Promise.resolve();
    void load.then(() => this.run.signalWorkload(signal));
    this.run.stopBegun?.();
  }

  /** Every process of this run that still runs: the group, the stop snapshot and, on Linux, the run marker. */
  private runningTree(withMarker = true): number[] {
    return runningTree({ leaderPid: this.pid, leaderExited: this.exitStatus !== undefined, snapshot: this.stopSnapshot, marker: this.marker }, withMarker);
  }

  /** The leader's exit does not end its children: stop whatever of the tree is left, then let the output drain. */
  private async finish(closed: Promise<unknown>): Promise<void> {
    // The clock has nothing left to stop. The signal handlers stay until the tree is reaped, so that a
    // Ctrl-C now cannot end this process halfway through.
    this.clearTimers();
    await this.loadCommand?.stop(this.graceMs);
    await reapLeftovers({
      runningTree: (withMarker) => this.runningTree(withMarker),
      askToStop: (pids) => this.run.askLeftoversToStop(pids),
      graceMs: this.run.leftoverGraceMs ?? this.graceMs,
      leaderPid: this.pid,
      leftover: this.leftoverPids,
      killed: this.killedPids,
    });
    this.disarm();
    await Promise.race([closed, sleep(STREAM_CLOSE_MS)]);
    // A process that escaped every search can still hold the pipes open; the run is over regardless.
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
  }
}
