// Runs a workload under 0x and leaves 0x's HTML flamegraph in a directory of the user's. This is a run
// of its own, without the probe: 0x's --prof sampling slows the workload down, which must not distort
// the measurement run, and the probe must not show up in the flamegraph.
//
// 0x draws the flamegraph after its node child exits, so every stop (timeout, duration, Ctrl-C) is
// a SIGINT to that child only, never to 0x: 0x's own SIGINT handler does not stop the child, and once
// the child is gone 0x has no handler left, so a SIGINT would kill it halfway through drawing. 0x leads
// the process tree that ProcessSupervisor runs; this file finds the workload below it and stops that.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { scriptExists } from './command-line';
import type { LoadResult } from './load-command';
import { ProcessSupervisor, type StoppedBy, type SupervisorOptions } from './process-supervisor';
import { descendantsOf, isRunning, listProcesses, pidsWithEnv, processInfo, signalPid } from './process-tree';
import { POLL_MS, unique } from './run-support';
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

export interface FlamegraphOptions extends SupervisorOptions {
  /** `app.js ARGS` or `node [node options] app.js ARGS`; 0x cannot reach through launchers such as npm. */
  command: string[];
  /** Receives 0x's output: flamegraph.html, the V8 log it was drawn from, meta.json. Created when missing. */
  outDir: string;
  /** Hard limit for the workload, from spawn; drawing the flamegraph afterwards has `generateGraceMs`. */
  timeoutMs: number;
  /** For servers: stop the workload after this long (from spawn); the flamegraph is still drawn. */
  durationMs?: number;
  /**
   * Shell command run alongside, `loadDelayMs` after spawn (without the probe, the run cannot see the
   * server listen). Without `durationMs` the workload is stopped when it ends.
   */
  loadCommand?: string;
  /** Aborting it is the programmatic Ctrl-C: the workload stops and the flamegraph is still drawn. */
  signal?: AbortSignal;
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

const DEFAULT_GENERATE_GRACE_MS = 30_000;
/** For what is left once 0x is gone: it is no longer needed for anything. */
const LEFTOVER_GRACE_MS = 1000;
/** After the SIGKILL of a workload that ignored SIGINT, how long 0x has to notice its end. */
const STOP_BACKSTOP_MS = 2000;

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
  private readonly supervisor: ProcessSupervisor;
  private readonly generateGraceMs: number;
  private readonly htmlFile: string;
  private readonly htmlBefore: fs.Stats | undefined;
  /** V8 logs already in the output directory; a new one there means 0x has moved the workload's in. */
  private readonly logsBefore: Set<string>;
  private workloadPid: number | undefined;
  /** The load is out of the way: the stop is carried out as soon as the workload's pid is known. */
  private stopReady = false;
  private stopSent = false;
  /** Why 0x itself was killed, when it was: it then drew nothing. */
  private forcedBecause: string | undefined;

  constructor(
    private readonly options: FlamegraphOptions,
    cwd: string,
    private readonly outDir: string,
    private readonly workingDir: string,
    private readonly command: NodeCommand,
    private readonly cmdPath: string,
  ) {
    this.generateGraceMs = options.generateGraceMs ?? DEFAULT_GENERATE_GRACE_MS;
    this.htmlFile = path.join(outDir, FLAMEGRAPH_HTML);
    this.htmlBefore = statOrUndefined(this.htmlFile);
    this.logsBefore = new Set(this.isolateLogs(outDir));
    this.supervisor = new ProcessSupervisor(
      { ...options, cwd },
      {
        markerName: FLAMEGRAPH_RUN_ENV,
        leftoverGraceMs: LEFTOVER_GRACE_MS,
        armed: () => this.armed(),
        stopBegun: () => this.armStopBackstop(),
        signalWorkload: () => {
          this.stopReady = true;
          this.signalWorkload();
        },
        interruptNow: () => this.forceKill('the run was interrupted again, so 0x was stopped before it drew the flamegraph'),
        askLeftoversToStop: (pids) => pids.forEach((p) => signalPid(p, 'SIGTERM')),
      },
    );
  }

  async run(): Promise<FlamegraphResult> {
    const { node } = this.command;
    // 0x runs under the node the workload would use, found on PATH like the workload's.
    const args = zeroXArgs(this.cmdPath, this.outDir, this.workingDir, this.command);
    const outcome = await this.supervisor.start({ file: node, args }, this.options.env ?? process.env);
    if (outcome.started) return this.result();
    const notFound = outcome.error.code === 'ENOENT';
    return {
      ...emptyResult(this.outDir),
      error: notFound ? `Command not found: ${node} (is Node.js installed and on PATH?)` : `Could not start 0x with ${node}: ${outcome.error.message}`,
      errorKind: notFound ? 'command-not-found' : 'spawn-failed',
    };
  }

  /** Without the probe the run cannot see the workload listen: the load starts after the delay. */
  private armed(): void {
    const { supervisor } = this;
    if (this.options.loadCommand) supervisor.untilWorkloadEnds(setTimeout(() => supervisor.startLoad(), supervisor.loadDelayMs));
    supervisor.untilRunEnds(setInterval(() => this.watchWorkload(), POLL_MS));
  }

  /**
   * Finds the workload and notices its end. Node names its V8 log after its pid as soon as it starts
   * (forks of the workload write theirs too, hence the parent check), and 0x moves the log out of the
   * working directory only once the workload has exited.
   */
  private watchWorkload(): void {
    if (this.supervisor.exit || this.supervisor.workloadEnded) return;
    if (this.workloadPid === undefined) {
      const candidates = this.isolateLogs(this.workingDir).map((f) => isolateLogPid(f)!);
      this.workloadPid = candidates.find((p) => processInfo(p)?.ppid === this.supervisor.pid);
      if (this.workloadPid !== undefined && this.stopReady) this.signalWorkload();
    }
    const moved = this.isolateLogs(this.outDir).find((f) => !this.logsBefore.has(f));
    if (moved !== undefined) this.workloadPid ??= isolateLogPid(moved);
    if (moved !== undefined || (this.workloadPid !== undefined && !isRunning(this.workloadPid))) this.onWorkloadEnd();
  }

  private onWorkloadEnd(): void {
    this.supervisor.noteWorkloadEnd();
    this.supervisor.untilRunEnds(
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

  /**
   * Should the workload never be found (no V8 log, no process list on this platform), or 0x hang before
   * it starts, the stop must still end the run: after the load's stop, the grace and a margin.
   */
  private armStopBackstop(): void {
    const { supervisor } = this;
    const backstopMs = supervisor.loadStopMs + supervisor.graceMs + STOP_BACKSTOP_MS;
    supervisor.untilWorkloadEnds(setTimeout(() => this.forceKill('the workload could not be stopped on its own, so 0x was stopped with it'), backstopMs));
  }

  /** 0x's preload ends the workload on SIGINT with process.exit(), which writes out the V8 log. */
  private signalWorkload(): void {
    const { supervisor } = this;
    if (this.workloadPid === undefined || this.stopSent || supervisor.workloadEnded || supervisor.exit) return;
    this.stopSent = true;
    for (const p of this.workloadTree()) supervisor.stopSnapshot.add(p);
    for (const p of supervisor.stopSnapshot) signalPid(p, 'SIGINT');
    supervisor.untilWorkloadEnds(
      setTimeout(() => {
        // A blocked event loop never runs the SIGINT handler. 0x still draws what the log holds so far.
        for (const p of [...supervisor.stopSnapshot, ...this.workloadTree()]) {
          if (!isRunning(p)) continue;
          supervisor.killedPids.add(p);
          signalPid(p, 'SIGKILL');
        }
      }, supervisor.graceMs),
    );
  }

  /**
   * The workload and what it started, including processes that left the group, but none of 0x's other
   * children: once the workload has ended those are the ones drawing the flamegraph.
   */
  private workloadTree(): number[] {
    const workload = this.workloadPid;
    const zeroX = this.supervisor.pid;
    if (workload === undefined || zeroX === undefined) return [];
    const procs = listProcesses();
    const underWorkload = [workload, ...descendantsOf(workload, procs)];
    const underZeroX = new Set(descendantsOf(zeroX, procs));
    const { marker } = this.supervisor;
    const escaped = pidsWithEnv(marker.name, marker.value).filter((p) => p !== zeroX && !underZeroX.has(p));
    return unique([...underWorkload, ...escaped]).filter((p) => p !== process.pid);
  }

  private forceKill(reason: string): void {
    if (!this.supervisor.leaderRunning) return;
    this.forcedBecause ??= reason;
    this.supervisor.killTree();
  }

  /** Drawn by this run: there, and not the page an earlier run left. */
  private drawnHtml(): string | undefined {
    const now = statOrUndefined(this.htmlFile);
    if (!now) return undefined;
    const before = this.htmlBefore;
    return !before || before.mtimeMs !== now.mtimeMs || before.ino !== now.ino || before.size !== now.size ? this.htmlFile : undefined;
  }

  private result(): FlamegraphResult {
    const sup = this.supervisor;
    const rawStderr = sup.stderr.text();
    const workloadKilled = this.workloadPid !== undefined && sup.killedPids.has(this.workloadPid);
    // 0x says nothing for exit code 0, and a workload it never started has none.
    const exitCode = workloadExitCodeFrom(rawStderr) ?? (workloadKilled || this.workloadPid === undefined ? null : 0);
    const r: FlamegraphResult = {
      ...emptyResult(this.outDir),
      htmlFile: this.drawnHtml(),
      stoppedBy: sup.stoppedBy,
      exitCode,
      stdoutTail: sup.stdout.text(),
      stderrTail: withoutZeroXNotes(rawStderr),
      leftoverPids: [...sup.leftoverPids].sort((a, b) => a - b),
      killedPids: [...sup.killedPids].sort((a, b) => a - b),
      wallMs: sup.wallMs,
      generateMs: Math.round(performance.now() - (sup.workloadEndedAt ?? performance.now())),
      pid: sup.pid,
      workloadPid: this.workloadPid,
    };
    if (r.htmlFile === undefined) delete r.htmlFile;
    if (sup.load) r.load = sup.load.result();
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
    const exit = this.supervisor.exit;
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
