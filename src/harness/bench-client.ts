// Starts the bench worker, relays its progress and settles with its result. cancel() terminates the
// worker and kills any child process it started that has not exited: a terminated thread's children are
// not killed by Node, and a child busy in a long task would notice its closed IPC channel only afterwards.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BenchEvent, BenchRequest } from './bench-messages';
import type { BenchProgress, BenchResult } from './result-types';

export const BENCH_WORKER_FILE = 'bench-worker.js';

export class BenchCancelled extends Error {
  override readonly name = 'BenchCancelled';
  constructor() {
    super('benchmark cancelled');
  }
}

export interface BenchClientOptions {
  /** dist/workers/bench-worker.js by default (this module is bundled into dist/cli.js or dist/extension.js). */
  workerFile?: string;
  onProgress?(progress: BenchProgress): void;
  /** Leave the children to exit on their own when their channel closes; for tests of that fallback. */
  keepChildrenOnCancel?: boolean;
}

export class BenchRun {
  readonly result: Promise<BenchResult>;
  /** Child processes started and not yet known to have exited. */
  readonly liveChildren = new Set<number>();
  /** Of those, the ones that lead a process group: killed with their group (a Python interpreter and its pool). */
  private readonly groupLeaders = new Set<number>();
  readonly serverPorts: number[] = [];
  private readonly worker: Worker;
  private settle!: { resolve(r: BenchResult): void; reject(e: Error): void };
  private finished = false;

  constructor(request: BenchRequest, private readonly options: BenchClientOptions = {}) {
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.worker = new Worker(options.workerFile ?? path.join(__dirname, 'workers', BENCH_WORKER_FILE), { workerData: request });
    this.worker.on('message', (event: BenchEvent) => this.handle(event));
    this.worker.on('error', (err) => this.finish(() => this.settle.reject(err)));
    this.worker.on('exit', (code) => this.finish(() => this.settle.reject(new Error(`bench worker exited with code ${code} before a result`))));
  }

  /** Stops the run; `result` rejects with BenchCancelled. Resolves when the worker is gone. */
  async cancel(): Promise<void> {
    this.finish(() => this.settle.reject(new BenchCancelled()));
    const terminated = this.worker.terminate();
    if (!this.options.keepChildrenOnCancel) this.killChildren();
    await terminated;
  }

  private handle(event: BenchEvent): void {
    switch (event.type) {
      case 'progress':
        if (!this.finished) this.options.onProgress?.(event.progress);
        return;
      case 'child':
        if (event.state === 'started') this.liveChildren.add(event.pid);
        else this.liveChildren.delete(event.pid);
        if (event.group && event.state === 'started') this.groupLeaders.add(event.pid);
        else this.groupLeaders.delete(event.pid);
        return;
      case 'server':
        this.serverPorts.push(event.port);
        return;
      case 'result':
        this.finish(() => this.settle.resolve(event.result));
        void this.worker.terminate();
        return;
      case 'error':
        this.finish(() => this.settle.reject(new Error(event.message)));
        void this.worker.terminate().then(() => this.killChildren());
        return;
    }
  }

  private finish(settle: () => void): void {
    if (this.finished) return;
    this.finished = true;
    settle();
  }

  private killChildren(): void {
    for (const pid of this.liveChildren) {
      try {
        process.kill(this.groupLeaders.has(pid) ? -pid : pid, 'SIGKILL');
      } catch {
        // Already gone: that is the outcome wanted.
      }
    }
    this.liveChildren.clear();
  }
}
