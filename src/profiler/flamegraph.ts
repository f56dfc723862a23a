// Runs a workload under 0x and leaves 0x's HTML flamegraph in a directory of the user's. This is a run
// of its own, without the probe: 0x's --prof sampling slows the workload down, which must not distort
// the measurement run, and the probe must not show up in the flamegraph.
//
// 0x draws the flamegraph after its node child exits, so every stop (timeout, duration, Ctrl-C) is
// a SIGINT to that child only, never to 0x: 0x's own SIGINT handler does not stop the child, and once
// the child is gone 0x has no handler left, so a SIGINT would kill it halfway through drawing.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { scriptExists } from './command-line';
import { LoadCommand, type LoadResult } from './load-command';
import { OutputTail } from './output-tail';
import { descendantsOf, isRunning, listProcesses, pidsWithEnv, processInfo, signalGroup, signalPid } from './process-tree';
import type { StoppedBy } from './runner';
import { POLL_MS, pumpOutput, reapLeftovers, runningTree, sleep, STREAM_CLOSE_MS, unique } from './run-support';
import {
  FLAMEGRAPH_HTML,
  findZeroX,
  isolateLogPid,
  nodeCommandFor,
  outputDirProblem,
  withoutZeroXNotes,
  workloadExitCodeFrom,
  workloadStderrFrom,
  zeroXArgs,
  zeroXErrorFrom,
  type NodeCommand,
} from './zero-x';

export type FlamegraphErrorKind =
  | 'script-not-found'
  | 'unsupported-command'
  | 'invalid-output-dir'
  | 'zero-x-not-found'
  | 'command-not-found'
  | 'spawn-failed'
  | 'exit-code'
  | 'timeout'
  | 'flamegraph-failed';

export interface FlamegraphOptions {
  /** `app.js ARGS` or `node [node options] app.js ARGS`; 0x cannot reach through launchers such as npm. */
  command: string[];
  cwd: string;
  /** Receives 0x's output: flamegraph.html, the V8 log it was drawn from, meta.json. Created when missing. */
  outDir: string;
  /** Base environment; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Hard limit for the workload, from spawn; drawing the flamegraph afterwards has `generateGraceMs`. */
  timeoutMs: number;
  /** For servers: stop the workload after this long (from spawn); the flamegraph is still drawn. */
  durationMs?: number;
  /**
   * Shell command run alongside, `loadDelayMs` after spawn (without the probe, the run cannot see the
   * server listen). Without `durationMs` the workload is stopped when it ends.
   */
  loadCommand?: string;
  /** Default 3000. */
  loadDelayMs?: number;
  /** Aborting it is the programmatic Ctrl-C: the workload stops and the flamegraph is still drawn. */
  signal?: AbortSignal;
  /** Handle SIGINT/SIGTERM/SIGHUP of this process as an interrupt while the run lasts (default true). */
  handleSignals?: boolean;
  /** `inherit-live` shows the workload's output as it comes; both modes keep bounded tails. */
  stdio: 'inherit-live' | 'capture';
  /** Default: `inherit` for `inherit-live`, `ignore` for `capture`. */
  stdin?: 'inherit' | 'ignore';
  onOutput?(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** 0x's cmd.js; by default the copy beside Concurrency Lens, else the workload project's. */
  zeroXPath?: string;
  /** Between the SIGINT to the workload and its SIGKILL (default 3000 ms); 0x draws from what was logged either way. */
  graceMs?: number;
  /** How long 0x may take to draw the flamegraph once the workload has ended (default 30 s). */
  generateGraceMs?: number;
}

export interface FlamegraphResult {
  /** Absolute path of the flamegraph this run drew; absent when none was drawn. */
  htmlFile?: string;
  outDir: string;
  stoppedBy: StoppedBy;
  /** The workload's; null when it was killed or never ran. */
  exitCode: number | null;
  error?: string;
  errorKind?: FlamegraphErrorKind;
  stdoutTail: string;
  stderrTail: string;
  /** Still running after the run ended; they were stopped. */
  leftoverPids: number[];
  /** Did not stop on the polite signal and were SIGKILLed (a workload killed this way still gets its flamegraph). */
  killedPids: number[];
  /** From spawn to the workload's exit. */
  wallMs: number;
  /** From the workload's exit to 0x's: the time 0x took to draw. */
  generateMs: number;
  /** 0x's process; the workload is its child. */
  pid?: number;
  workloadPid?: number;
  load?: LoadResult;
}

/** Set in the environment of everything the run starts, to find what left the process group. */
export const FLAMEGRAPH_RUN_ENV = 'CONCURRENCY_LENS_FLAMEGRAPH_RUN';

const DEFAULT_GRACE_MS = 3000;
const DEFAULT_GENERATE_GRACE_MS = 30_000;
const DEFAULT_LOAD_DELAY_MS = 3000;
/** For what is left once 0x is gone: it is no longer needed for anything. */
const LEFTOVER_GRACE_MS = 1000;
/** After the SIGKILL of a workload that ignored SIGINT, how long 0x has to notice its end. */
const STOP_BACKSTOP_MS = 2000;
const RUNNER_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];


export async function runFlamegraph(options: FlamegraphOptions): Promise<FlamegraphResult> {
  const cwd = path.resolve(options.cwd);
  const outDir = path.resolve(options.outDir);
  const fail = (errorKind: FlamegraphErrorKind, error: string): FlamegraphResult => ({ ...emptyResult(outDir), error, errorKind });

  const dirProblem = outputDirProblem(outDir);
  if (dirProblem) return fail('invalid-output-dir', dirProblem);
  const command = nodeCommandFor(options.command, cwd);
  if ('error' in command) return fail('unsupported-command', command.error);
  if (command.script && !scriptExists(command.script)) return fail('script-not-found', `Script not found: ${command.script}`);
  const zeroX = findZeroX(cwd, options.zeroXPath);
  if ('error' in zeroX) return fail('zero-x-not-found', zeroX.error);

  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    return fail('invalid-output-dir', `Cannot create the flamegraph directory ${outDir}: ${(e as Error).message}`);
  }
  // Inside the output directory, so that 0x's move of the log is a rename.
  const workingDir = fs.mkdtempSync(path.join(outDir, '.0x-work-'));
  try {
    return await new FlamegraphRun(options, cwd, outDir, workingDir, command, zeroX.cmdPath).run();
  } finally {
    // Holds a V8 log only when 0x was stopped before it moved it.
    fs.rmSync(workingDir, { recursive: true, force: true });
  }
}

function emptyResult(outDir: string): FlamegraphResult {
  return { outDir, stoppedBy: 'exit', exitCode: null, stdoutTail: '', stderrTail: '', leftoverPids: [], killedPids: [], wallMs: 0, generateMs: 0 };
}

class FlamegraphRun {
  private readonly runId = randomUUID();
  private readonly graceMs: number;
  private readonly generateGraceMs: number;
  private readonly htmlFile: string;
  private readonly htmlBefore: fs.Stats | undefined;
  /** V8 logs already in the output directory; a new one there means 0x has moved the workload's in. */
  private readonly logsBefore: Set<string>;
  private readonly stdout = new OutputTail();
  private readonly stderr = new OutputTail();
  private zeroX!: ChildProcess;
  private startedAt = 0;
  private workloadPid: number | undefined;
  private workloadEndedAt: number | undefined;
  private zeroXExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stoppedBy: StoppedBy = 'exit';
  private stopRequested = false;
  /** The load is out of the way: the stop is carried out as soon as the workload's pid is known. */
  private stopReady = false;
  private stopSent = false;
  /** Why 0x itself was killed, when it was: it then drew nothing. */
  private forcedBecause: string | undefined;
  private readonly stopSnapshot = new Set<number>();
  private readonly leftoverPids = new Set<number>();
  private readonly killedPids = new Set<number>();
  /** Cleared when the workload ends: they are about the workload, not the drawing. */
  private readonly workloadTimers: NodeJS.Timeout[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly cleanups: (() => void)[] = [];
  private load: LoadCommand | undefined;

  constructor(
    private readonly options: FlamegraphOptions,
    private readonly cwd: string,
    private readonly outDir: string,
    private readonly workingDir: string,
    private readonly command: NodeCommand,
    private readonly cmdPath: string,
  ) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.generateGraceMs = options.generateGraceMs ?? DEFAULT_GENERATE_GRACE_MS;
    this.htmlFile = path.join(outDir, FLAMEGRAPH_HTML);
    this.htmlBefore = statOrUndefined(this.htmlFile);
    this.logsBefore = new Set(this.isolateLogs(outDir));
  }

  private get pid(): number | undefined {
    return this.zeroX?.pid;
  }

  private get workloadEnded(): boolean {
    return this.workloadEndedAt !== undefined;
  }

  run(): Promise<FlamegraphResult> {
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env), [FLAMEGRAPH_RUN_ENV]: this.runId };
    const stdin = this.options.stdin ?? (this.options.stdio === 'inherit-live' ? 'inherit' : 'ignore');

    return new Promise<FlamegraphResult>((resolve) => {
      this.startedAt = performance.now();
      // 0x runs under the node the workload would use, found on PATH like the workload's; its own group
      // lets the terminal's Ctrl-C reach only this process, which then stops the workload in order.
      this.zeroX = spawn(this.command.node, zeroXArgs(this.cmdPath, this.outDir, this.workingDir, this.command), {
        cwd: this.cwd,
        env,
        detached: process.platform !== 'win32',
        stdio: [stdin, 'pipe', 'pipe'],
        windowsHide: true,
      });
      let spawned = false;
      const closed = Promise.all([pumpOutput(this.zeroX.stdout!, 'stdout', this.stdout, this.options), pumpOutput(this.zeroX.stderr!, 'stderr', this.stderr, this.options)]);
      this.zeroX.once('spawn', () => {
        spawned = true;
        this.arm();
      });
      this.zeroX.once('error', (err: NodeJS.ErrnoException) => {
        if (spawned) return;
        this.disarm();
        const notFound = err.code === 'ENOENT';
        resolve({
          ...emptyResult(this.outDir),
          error: notFound ? `Command not found: ${this.command.node} (is Node.js installed and on PATH?)` : `Could not start 0x with ${this.command.node}: ${err.message}`,
          errorKind: notFound ? 'command-not-found' : 'spawn-failed',
        });
      });
      this.zeroX.once('exit', (code, signal) => {
        if (!spawned) return;
        this.zeroXExit = { code, signal };
        if (!this.workloadEnded) this.workloadEndedAt = performance.now();
        void this.finish(closed).then(resolve);
      });
    });
  }

  private arm(): void {
    const { options } = this;
    this.workloadTimers.push(setTimeout(() => this.stop('timeout'), options.timeoutMs));
    if (options.durationMs !== undefined) this.workloadTimers.push(setTimeout(() => this.stop('duration'), options.durationMs));
    if (options.loadCommand) this.workloadTimers.push(setTimeout(() => this.startLoad(options.loadCommand!), options.loadDelayMs ?? DEFAULT_LOAD_DELAY_MS));
    this.timers.push(setInterval(() => this.watchWorkload(), POLL_MS));

    if (options.handleSignals !== false) {
      for (const sig of RUNNER_SIGNALS) {
        const on = (): void => this.interrupt();
        process.on(sig, on);
        this.cleanups.push(() => process.removeListener(sig, on));
      }
    }
    if (options.signal) {
      const on = (): void => this.interrupt();
      if (options.signal.aborted) queueMicrotask(on);
      else {
        options.signal.addEventListener('abort', on, { once: true });
        this.cleanups.push(() => options.signal?.removeEventListener('abort', on));
      }
    }
    // Should this process die while 0x runs, the detached tree must not outlive it.
    const onExit = (): void => {
      if (this.pid !== undefined && !this.zeroXExit) signalGroup(this.pid, 'SIGKILL');
    };
    process.on('exit', onExit);
    this.cleanups.push(() => process.removeListener('exit', onExit));
  }

  private disarm(): void {
    for (const t of [...this.workloadTimers.splice(0), ...this.timers.splice(0)]) clearTimeout(t);
    for (const c of this.cleanups.splice(0)) c();
  }

  /**
   * Finds the workload and notices its end. Node names its V8 log after its pid as soon as it starts
   * (forks of the workload write theirs too, hence the parent check), and 0x moves the log out of the
   * working directory only once the workload has exited.
   */
  private watchWorkload(): void {
    if (this.zeroXExit || this.workloadEnded) return;
    if (this.workloadPid === undefined) {
      const candidates = this.isolateLogs(this.workingDir).map((f) => isolateLogPid(f)!);
      this.workloadPid = candidates.find((p) => processInfo(p)?.ppid === this.pid);
      if (this.workloadPid !== undefined && this.stopReady) this.signalWorkload();
    }
    const moved = this.isolateLogs(this.outDir).find((f) => !this.logsBefore.has(f));
    if (moved !== undefined) this.workloadPid ??= isolateLogPid(moved);
    if (moved !== undefined || (this.workloadPid !== undefined && !isRunning(this.workloadPid))) this.onWorkloadEnd();
  }

  private onWorkloadEnd(): void {
    this.workloadEndedAt = performance.now();
    for (const t of this.workloadTimers.splice(0)) clearTimeout(t);
    // The load has nothing left to load; it must not keep 0x's output busy while it draws.
    void this.load?.stop(Math.min(this.graceMs, 1000));
    this.timers.push(
      setTimeout(() => this.forceKill(`0x did not finish the flamegraph within ${this.generateGraceMs / 1000} s of the workload's end and was stopped`), this.generateGraceMs),
    );
  }

  private isolateLogs(dir: string): string[] {
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the run supervisor polls on its own loop: the CLI process or, in the editor, the profile worker (profile.worker.ts), never the extension host
      return fs.readdirSync(dir).filter((f) => isolateLogPid(f) !== undefined);
    } catch {
      return [];
    }
  }

  private startLoad(command: string): void {
    if (this.load || this.workloadEnded || this.stopRequested || this.zeroXExit) return;
    // Its own marker: stopping the workload must not cut the load short before its result is in.
    const loadEnv = { ...(this.options.env ?? process.env), [FLAMEGRAPH_RUN_ENV]: `${this.runId}-load` };
    this.load = new LoadCommand(command, this.cwd, loadEnv, { name: FLAMEGRAPH_RUN_ENV, value: `${this.runId}-load` }, performance.now() - this.startedAt);
    void this.load.done.then(() => {
      if (this.options.durationMs === undefined) this.stop('duration');
    });
  }

  /** While the workload runs, the first interrupt stops it politely; any other, or one while 0x draws, means now. */
  private interrupt(): void {
    if (this.zeroXExit) return;
    if (!this.stopRequested && !this.workloadEnded) this.stop('interrupt');
    else this.forceKill('the run was interrupted again, so 0x was stopped before it drew the flamegraph');
  }

  /** A running load command is stopped first, so that it does not report the server going away. */
  private stop(reason: StoppedBy): void {
    if (this.zeroXExit || this.workloadEnded || this.stopRequested) return;
    this.stopRequested = true;
    this.stoppedBy = reason;
    const load = this.load?.running ? this.load.stop(Math.min(this.graceMs, 1000)) : Promise.resolve();
    void load.then(() => {
      this.stopReady = true;
      if (this.workloadPid !== undefined) this.signalWorkload();
    });
    // Should the workload never be found (no V8 log, no process list on this platform), or 0x hang
    // before it starts, the stop must still end the run: after the load's stop, the grace and a margin.
    const backstopMs = Math.min(this.graceMs, 1000) + this.graceMs + STOP_BACKSTOP_MS;
    this.workloadTimers.push(setTimeout(() => this.forceKill('the workload could not be stopped on its own, so 0x was stopped with it'), backstopMs));
  }

  /** 0x's preload ends the workload on SIGINT with process.exit(), which writes out the V8 log. */
  private signalWorkload(): void {
    const workload = this.workloadPid;
    if (workload === undefined || this.stopSent || this.workloadEnded || this.zeroXExit) return;
    this.stopSent = true;
    for (const p of this.workloadTree()) this.stopSnapshot.add(p);
    for (const p of this.stopSnapshot) signalPid(p, 'SIGINT');
    this.workloadTimers.push(
      setTimeout(() => {
        // A blocked event loop never runs the SIGINT handler. 0x still draws what the log holds so far.
        for (const p of [...this.stopSnapshot, ...this.workloadTree()]) {
          if (!isRunning(p)) continue;
          this.killedPids.add(p);
          signalPid(p, 'SIGKILL');
        }
      }, this.graceMs),
    );
  }

  /**
   * The workload and what it started, including processes that left the group, but none of 0x's other
   * children: once the workload has ended those are the ones drawing the flamegraph.
   */
  private workloadTree(): number[] {
    const workload = this.workloadPid;
    const zeroX = this.pid;
    if (workload === undefined || zeroX === undefined) return [];
    const procs = listProcesses();
    const underWorkload = [workload, ...descendantsOf(workload, procs)];
    const underZeroX = new Set(descendantsOf(zeroX, procs));
    const escaped = pidsWithEnv(FLAMEGRAPH_RUN_ENV, this.runId).filter((p) => p !== zeroX && !underZeroX.has(p));
    return unique([...underWorkload, ...escaped]).filter((p) => p !== process.pid);
  }

  private forceKill(reason: string): void {
    const pid = this.pid;
    if (pid === undefined || this.zeroXExit) return;
    this.forcedBecause ??= reason;
    for (const p of this.runningTree()) {
      this.killedPids.add(p);
      signalPid(p, 'SIGKILL');
    }
    signalGroup(pid, 'SIGKILL');
  }

  /** Every process of this run that still runs: the group, the stop snapshot and, on Linux, the run marker. */
  private runningTree(withMarker = true): number[] {
    return runningTree(
      { leaderPid: this.pid, leaderExited: this.zeroXExit !== undefined, snapshot: this.stopSnapshot, marker: { name: FLAMEGRAPH_RUN_ENV, value: this.runId } },
      withMarker,
    );
  }

  private async finish(closed: Promise<unknown>): Promise<FlamegraphResult> {
    for (const t of [...this.workloadTimers.splice(0), ...this.timers.splice(0)]) clearTimeout(t);
    await this.load?.stop(this.graceMs);
    await this.reapLeftovers();
    this.disarm();
    await Promise.race([closed, sleep(STREAM_CLOSE_MS)]);
    // A process that escaped every search can still hold the pipes open; the run is over regardless.
    this.zeroX.stdout?.destroy();
    this.zeroX.stderr?.destroy();
    return this.result();
  }

  /** 0x's exit does not end what the workload started: stop whatever of the tree is left. */
  private reapLeftovers(): Promise<void> {
    return reapLeftovers({
      runningTree: (withMarker) => this.runningTree(withMarker),
      askToStop: (pids) => pids.forEach((p) => signalPid(p, 'SIGTERM')),
      graceMs: LEFTOVER_GRACE_MS,
      leaderPid: this.pid,
      leftover: this.leftoverPids,
      killed: this.killedPids,
    });
  }


  /** Drawn by this run: there, and not the page an earlier run left. */
  private drawnHtml(): string | undefined {
    const now = statOrUndefined(this.htmlFile);
    if (!now) return undefined;
    const before = this.htmlBefore;
    return !before || before.mtimeMs !== now.mtimeMs || before.ino !== now.ino || before.size !== now.size ? this.htmlFile : undefined;
  }

  private result(): FlamegraphResult {
    const rawStderr = this.stderr.text();
    const workloadKilled = this.workloadPid !== undefined && this.killedPids.has(this.workloadPid);
    // 0x says nothing for exit code 0, and a workload it never started has none.
    const exitCode = workloadExitCodeFrom(rawStderr) ?? (workloadKilled || this.workloadPid === undefined ? null : 0);
    const endedAt = this.workloadEndedAt ?? performance.now();
    const r: FlamegraphResult = {
      ...emptyResult(this.outDir),
      htmlFile: this.drawnHtml(),
      stoppedBy: this.stoppedBy,
      exitCode,
      stdoutTail: this.stdout.text(),
      stderrTail: withoutZeroXNotes(rawStderr),
      leftoverPids: [...this.leftoverPids].sort((a, b) => a - b),
      killedPids: [...this.killedPids].sort((a, b) => a - b),
      wallMs: Math.round(endedAt - this.startedAt),
      generateMs: Math.round(performance.now() - endedAt),
      pid: this.pid,
      workloadPid: this.workloadPid,
    };
    if (r.htmlFile === undefined) delete r.htmlFile;
    if (this.load) r.load = this.load.result();
    const failure = this.describeFailure(r, rawStderr, workloadKilled);
    if (failure) {
      r.error = failure.error;
      r.errorKind = failure.kind;
    }
    return r;
  }

  private describeFailure(r: FlamegraphResult, rawStderr: string, workloadKilled: boolean): { error: string; kind: FlamegraphErrorKind } | undefined {
    const noFlamegraph = r.htmlFile === undefined ? this.whyNoFlamegraph(rawStderr) : undefined;
    const also = noFlamegraph ? `; ${noFlamegraph}` : '';
    if (r.stoppedBy === 'timeout') {
      const how = workloadKilled ? 'it did not stop on SIGINT and was killed' : 'it was stopped';
      return { error: `The workload did not finish within ${this.options.timeoutMs / 1000} s; ${how}, with its child processes${also}`, kind: 'timeout' };
    }
    if (r.stoppedBy === 'exit' && r.exitCode !== null && r.exitCode !== 0) {
      // The thrown error is more useful than the exit code; Node prints it as `SomeError: message`. Without
      // one, the last line says more than nothing (`node: bad option: --x`).
      const workloadStderr = workloadStderrFrom(rawStderr);
      const thrown = [...workloadStderr.matchAll(/^\s*(?:Uncaught )?(\w*Error(?: \[\w+\])?: .*)$/gm)].pop()?.[1];
      const lastLine = workloadStderr.trimEnd().split('\n').pop()?.trim();
      const said = thrown ?? lastLine;
      const detail = said ? `: ${said.slice(0, 300)}` : '';
      return { error: `The workload exited with code ${r.exitCode}${detail}${also}`, kind: 'exit-code' };
    }
    if (noFlamegraph) return { error: noFlamegraph.charAt(0).toUpperCase() + noFlamegraph.slice(1), kind: 'flamegraph-failed' };
    return undefined;
  }

  private whyNoFlamegraph(rawStderr: string): string {
    if (this.forcedBecause) return this.forcedBecause;
    const zeroXError = zeroXErrorFrom(rawStderr);
    if (zeroXError) return `0x failed: ${zeroXError}`;
    const exit = this.zeroXExit;
    const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`;
    return `0x ${how} without drawing ${FLAMEGRAPH_HTML} in ${this.outDir}`;
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
