'use strict';
// A fixed pool of worker_threads, started once and reused: the Node.js counterpart of a
// ProcessPoolExecutor. Starting a worker costs tens of milliseconds and a few MB, so a worker per task
// (or per request) spends more on start-up than on work; a pool pays that once.
//
// Protocol: `run(task)` posts `task` to an idle worker; the worker answers with one message,
// `{ result }` or `{ error }`. Each worker holds at most one task, the rest wait in a queue.
// Whatever `task` holds is copied to the worker by structured clone, unless it is shared memory
// (a SharedArrayBuffer) or listed for transfer.
const { Worker } = require('node:worker_threads');

class WorkerPool {
  /**
   * @param {string} file       the worker script
   * @param {number} size       number of workers
   * @param {object} [options]  passed to each `new Worker()` (workerData, resourceLimits, ...)
   */
  constructor(file, size, options = {}) {
    this.workers = [];
    this.idle = [];
    this.queue = [];
    /** worker → the task it is running */
    this.running = new Map();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, options);
      worker.on('message', (message) => this.finish(worker, message));
      worker.on('error', (error) => this.retire(worker, error));
      worker.on('exit', (code) => this.retire(worker, new Error(`worker stopped (exit code ${code})`)));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size() {
    return this.workers.length;
  }

  /** Resolves with the worker's `result`, rejects with its `error`. */
  run(task) {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  dispatch() {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop();
      const job = this.queue.shift();
      this.running.set(worker, job);
      worker.postMessage(job.task);
    }
  }

  finish(worker, { result, error }) {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (job && error) job.reject(error instanceof Error ? error : new Error(String(error)));
    else if (job) job.resolve(result);
    this.dispatch();
  }

  /** A worker that crashed or exited fails its task and leaves the pool; it is not replaced. */
  retire(worker, error) {
    const job = this.running.get(worker);
    this.running.delete(worker);
    if (job) job.reject(error);
    this.workers = this.workers.filter((w) => w !== worker);
    this.idle = this.idle.filter((w) => w !== worker);
    if (this.workers.length === 0) for (const queued of this.queue.splice(0)) queued.reject(error);
  }

  /** Stops every worker; tasks still queued are rejected. */
  async close() {
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

module.exports = { WorkerPool };
