// Starts a TaskPool of child processes running dist/workers/pool-child-worker.js. Every child's pid is
// announced through `onChild`, so whoever can terminate the harness can also kill what it started.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { PoolReady, PoolReply } from './pool-messages';
import { TaskPool, type PoolEndpoint } from './task-pool';

export const POOL_CHILD_FILE = 'pool-child-worker.js';

export interface ChildEvents {
  /** `group`: the child leads its own process group (POSIX), and a cancel kills the whole group. */
  onChild?(event: { pid: number; state: 'started' | 'exited'; group?: boolean }): void;
}

export interface ChildPool {
  pool: TaskPool;
  /** Sum of the children's own resident memory when they reported ready. */
  rssBytes: number;
}

export async function startChildPool(size: number, workersDir: string, events: ChildEvents = {}): Promise<ChildPool> {
  const file = path.join(workersDir, POOL_CHILD_FILE);
  const started = await Promise.allSettled(Array.from({ length: size }, () => startChild(file, events)));
  const failed = started.find((s) => s.status === 'rejected');
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.all(ok.map((c) => c.endpoint.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  return { pool: new TaskPool(ok.map((c) => c.endpoint)), rssBytes: ok.reduce((s, c) => s + c.rssBytes, 0) };
}

function startChild(file: string, events: ChildEvents): Promise<{ endpoint: PoolEndpoint; rssBytes: number }> {
  return new Promise((resolve, reject) => {
    // No execArgv: the parent's flags (an inspector, a loader) have no business in a benchmark child.
    const child: ChildProcess = fork(file, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    const pid = child.pid;
    if (pid !== undefined) events.onChild?.({ pid, state: 'started' });
    const replyListeners: Array<(r: PoolReply) => void> = [];
    const exitListeners: Array<(why: string) => void> = [];
    let exited = false;
    const exitedPromise = new Promise<void>((done) => child.once('exit', () => done()));
    child.on('message', (msg: PoolReply | PoolReady) => {
      if ('ready' in msg) resolve({ endpoint, rssBytes: msg.rssBytes });
      else for (const l of replyListeners) l(msg);
    });
    child.once('error', (err) => reject(err));
    child.once('exit', (code, signal) => {
      exited = true;
      if (pid !== undefined) events.onChild?.({ pid, state: 'exited' });
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      reject(new Error(`pool child exited (${why}) before it was ready`));
      for (const l of exitListeners) l(why);
    });
    const endpoint: PoolEndpoint = {
      send: (req) => child.send(req),
      onReply: (l) => replyListeners.push(l),
      onExit: (l) => exitListeners.push(l),
      stop: async () => {
        if (exited) return;
        // Closing the channel is the child's signal to leave; kill is the fallback if it is mid-task and slow.
        if (child.connected) child.disconnect();
        const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exitedPromise;
        clearTimeout(killer);
      },
    };
  });
}
