// Lets a worker thread's probe write its last samples and its CPU profile before the worker is stopped.
//
// The problem: Worker#terminate() stops a worker without running its 'exit' handlers, so its probe never
// writes its final records nor its .cpuprofile, and a pool's workers never showed up in the hotspots.
// Asking the worker by postMessage does not work either: the message needs the worker's event loop, and
// a piscina worker never returns to it (it blocks in Atomics.wait between tasks), nor does a worker in the
// middle of a long computation.
//
// What works (Node 20, measured): the parent's probe opens an inspector session on its own thread and
// enables the NodeWorker domain, which attaches a session to every worker it starts. A Runtime.evaluate
// sent to a worker through NodeWorker.sendMessageToWorker is dispatched on the worker's thread by a V8
// interrupt, which V8 serves promptly even while the thread computes or sits in Atomics.wait (request to
// marker took 2-20 ms in trials on a loaded 2-core VM). It calls the worker probe's flush function
// (installed under FLUSH_SYMBOL): the probe writes its final sample, stops its profiler and writes the
// profile, synchronously, then drops a marker file. Main thread only: Node 20 has no NodeWorker domain in
// a worker's own inspector, so workers of workers are not covered.
//
// terminate() returns a promise anyway, so the wrapper waits for the marker asynchronously (polling every
// 2 ms, at most `waitMs`) and only then calls the real terminate(): the caller's thread is not blocked,
// which on a loaded 2-core machine would have shown as 25-50 ms of "blocked loop" per worker. The worker
// goes on running for those few ms, unmeasured by its own probe (its CPU is still read by the main
// thread's sampler).
//
// When the parent itself exits or is signalled, nothing asynchronous can run any more: then every worker
// still attached is asked at once, and the parent waits synchronously (sleeping in Atomics.wait) for
// them and for those whose terminate() is still waiting. Node stops the remaining workers after the
// parent's 'exit' handlers, again without their own.
//
// Alternatives considered: flushing the profile periodically from the worker needs the worker's event
// loop (or timers) too; stopping the worker's profiler from the parent through NodeWorker would return the
// profile asynchronously, on the parent's event loop, too late for process.exit() right after terminate().
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The worker probe's flush function lives on its globalThis under this symbol. */
export const FLUSH_SYMBOL = Symbol.for('concurrency-lens.probe.flush');
/** Dropped in the probe directory by a worker once its data and profile are written. */
export const flushMarkerName = (pid: number, threadId: number): string => `flushed-${pid}-${threadId}`;

const EXPRESSION = `(globalThis[Symbol.for(${JSON.stringify(FLUSH_SYMBOL.description)})] || (() => undefined))()`;
const POLL_MS = 2;

/** Writes the marker; the worker side's last act of a flush. */
export function writeFlushMarker(dir: string, pid: number, threadId: number): void {
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- runs once, inside a V8 interrupt while the worker is being stopped; the parent waits for this file
    fs.writeFileSync(path.join(dir, flushMarkerName(pid, threadId)), '');
  } catch {
    /* the parent gives up after its wait */
  }
}

export class WorkerFlusher {
  private session: inspector.Session | undefined;
  /** Worker threadId → the inspector session id the NodeWorker domain gave it. */
  private readonly sessions = new Map<number, string>();
  /** Workers asked to flush once; they are not asked again. */
  private readonly asked = new Set<number>();
  /** Workers asked whose marker has not been seen yet: threadId → marker path. */
  private readonly outstanding = new Map<number, string>();
  private nextId = 1;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  /**
   * @param probeFile  the probe file name of a worker of this process, to check that it is probed at all
   *                   (an unprobed worker would never answer, and the wait would be spent for nothing)
   */
  constructor(
    private readonly dir: string,
    private readonly probeFile: (threadId: number) => string,
    private readonly waitMs: number,
  ) {
    const session = new inspector.Session();
    session.connect();
    session.on('NodeWorker.attachedToWorker', (m) => {
      // workerId is the inspector's own counter, in attach order; the thread id is in the title, which
      // Node 20 makes "[worker <threadId>] <name>".
      const match = /^\[worker (\d+)\]/.exec(m.params.workerInfo.title);
      if (match) this.sessions.set(Number(match[1]), m.params.sessionId);
    });
    session.on('NodeWorker.detachedFromWorker', (m) => {
      for (const [id, sessionId] of this.sessions) if (sessionId === m.params.sessionId) this.sessions.delete(id);
    });
    let failure: Error | undefined;
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (err) => {
      if (err) failure = err;
    });
    if (failure) {
      session.disconnect();
      throw failure;
    }
    this.session = session;

    const original = Worker.prototype.terminate as (this: Worker, ...a: unknown[]) => Promise<number>;
    // The wrapper needs both its own `this` (the worker) and the flusher.
    const flusher = this;
    Worker.prototype.terminate = function terminate(this: Worker, ...args: unknown[]): Promise<number> {
      let threadId: number | undefined;
      try {
        threadId = this.threadId;
        if (!flusher.ask(threadId)) threadId = undefined;
      } catch {
        threadId = undefined;
      }
      if (threadId === undefined) return original.apply(this, args);
      const id = threadId;
      const deadline = Date.now() + flusher.waitMs;
      return new Promise<number>((resolve, reject) => {
        const poll = (): void => {
          if (!flusher.settled(id) && Date.now() < deadline) {
            // Ref'd on purpose: a caller awaiting terminate() must see it resolve before the process may end.
            setTimeout(poll, POLL_MS);
            return;
          }
          flusher.outstanding.delete(id);
          try {
            original.apply(this, args).then(resolve, reject);
          } catch (e) {
            reject(e);
          }
        };
        poll();
      });
    } as Worker['terminate'];
  }

  /**
   * Sends the flush request to a worker: true when it was sent (attached, probed, not asked before).
   * Its marker is then awaited through `settled` or `flushAll`.
   */
  private ask(threadId: number): boolean {
    const session = this.session;
    const sessionId = this.sessions.get(threadId);
    if (!session || sessionId === undefined || this.asked.has(threadId)) return false;
    if (!fs.existsSync(path.join(this.dir, this.probeFile(threadId)))) return false;
    this.asked.add(threadId);
    const message = JSON.stringify({ id: this.nextId++, method: 'Runtime.evaluate', params: { expression: EXPRESSION, silent: true } });
    try {
      session.post('NodeWorker.sendMessageToWorker', { sessionId, message });
    } catch {
      return false; // the worker is gone
    }
    this.outstanding.set(threadId, path.join(this.dir, flushMarkerName(process.pid, threadId)));
    return true;
  }

  /** True once the worker's marker is there (it is then removed), or when nothing is awaited from it. */
  private settled(threadId: number): boolean {
    const marker = this.outstanding.get(threadId);
    if (marker === undefined) return true;
    if (!fs.existsSync(marker)) return false;
    this.outstanding.delete(threadId);
    try {
      fs.unlinkSync(marker);
    } catch {
      /* left for the runner's clean-up */
    }
    return true;
  }

  /**
   * For the parent's own exit or stop signal: asks every attached worker not asked yet, and waits
   * synchronously (at most `waitMs`) for them and for any terminate() still waiting.
   */
  flushAll(): void {
    for (const threadId of this.sessions.keys()) this.ask(threadId);
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      for (const threadId of [...this.outstanding.keys()]) this.settled(threadId);
      if (this.outstanding.size === 0 || Date.now() >= deadline) break;
      // concurrency-lens-disable-next-line no-atomics-wait-on-main-thread -- a 2 ms sleep while workers write their profiles, once, as the process exits: nothing asynchronous runs any more
      Atomics.wait(this.sleeper, 0, 0, POLL_MS);
    }
    this.outstanding.clear();
  }

  close(): void {
    const session = this.session;
    this.session = undefined;
    try {
      session?.disconnect();
    } catch {
      /* already gone */
    }
  }
}
