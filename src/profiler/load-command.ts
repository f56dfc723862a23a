// A load generator run beside a server workload (e.g. `autocannon -d 5 http://localhost:3000`).
// It runs through the shell because users type it as one string, in its own process group so it can be
// stopped as a whole, and without the probe: its own CPU use must not be mistaken for the server's.
import { spawn, type ChildProcess } from 'node:child_process';
import { OutputTail } from './output-tail';
import { pidsWithEnv, signalGroup, signalPid } from './process-tree';

export interface LoadResult {
  command: string;
  /** ms after the workload started. */
  startedAfterMs: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** True when it was still running at the end and the runner stopped it. */
  stoppedByRunner: boolean;
  stdoutTail: string;
  stderrTail: string;
  error?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class LoadCommand {
  private readonly child: ChildProcess;
  private readonly stdout = new OutputTail();
  private readonly stderr = new OutputTail();
  private exitCode: number | null = null;
  private signal: NodeJS.Signals | null = null;
  private exited = false;
  private stoppedByRunner = false;
  private error: string | undefined;
  /** Settles when the command has exited (or failed to start). */
  readonly done: Promise<void>;

  constructor(
    readonly command: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
    /** An environment entry set for this command only, to find what it started after that left its group. */
    private readonly marker: { name: string; value: string },
    private readonly startedAfterMs: number,
  ) {
    this.child = spawn(command, { cwd, env, shell: true, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child.stdout?.on('data', (c: Buffer) => this.stdout.push(c));
    this.child.stderr?.on('data', (c: Buffer) => this.stderr.push(c));
    this.done = new Promise((resolve) => {
      this.child.on('error', (e) => {
        this.error = `load command failed to start: ${e.message}`;
        this.exited = true;
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        this.exited = true;
        resolve();
      });
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  async stop(graceMs: number): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (!this.exited) {
      this.stoppedByRunner = true;
      signalGroup(pid, 'SIGTERM');
      await Promise.race([this.done, sleep(graceMs)]);
    }
    // Whatever it started may outlive the shell itself; the group is gone once all of it is.
    signalGroup(pid, 'SIGKILL');
    for (const p of pidsWithEnv(this.marker.name, this.marker.value)) signalPid(p, 'SIGKILL');
    await Promise.race([this.done, sleep(1000)]);
  }

  result(): LoadResult {
    return {
      command: this.command,
      startedAfterMs: Math.round(this.startedAfterMs),
      exitCode: this.exitCode,
      signal: this.signal,
      stoppedByRunner: this.stoppedByRunner,
      stdoutTail: this.stdout.text(),
      stderrTail: this.stderr.text(),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
