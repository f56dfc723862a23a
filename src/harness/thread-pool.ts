// Starts a TaskPool of worker_threads running dist/workers/pool-thread-worker.js.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolReady, PoolReply } from './pool-messages';
import { TaskPool, type PoolEndpoint } from './task-pool';

export const POOL_THREAD_FILE = 'pool-thread-worker.js';

/** Resolves once every worker has loaded and said it is ready. */
export async function startThreadPool(size: number, workersDir: string): Promise<TaskPool> {
  const file = path.join(workersDir, POOL_THREAD_FILE);
  const endpoints = await Promise.all(Array.from({ length: size }, () => startThread(file)));
  return new TaskPool(endpoints);
}

function startThread(file: string): Promise<PoolEndpoint> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file);
    const replyListeners: Array<(r: PoolReply) => void> = [];
    const exitListeners: Array<(why: string) => void> = [];
    worker.on('message', (msg: PoolReply | PoolReady) => {
      if ('ready' in msg) resolve(endpoint);
      else for (const l of replyListeners) l(msg);
    });
    worker.once('error', (err) => {
      reject(err);
      for (const l of exitListeners) l(err.message);
    });
    worker.once('exit', (code) => {
      reject(new Error(`pool thread exited with code ${code} before it was ready`));
      for (const l of exitListeners) l(`exit code ${code}`);
    });
    const endpoint: PoolEndpoint = {
      send: (req) => worker.postMessage(req),
      onReply: (l) => replyListeners.push(l),
      onExit: (l) => exitListeners.push(l),
      stop: async () => void (await worker.terminate()),
    };
  });
}
