// The concrete Node idiom behind each verdict, as a short code sketch: data keyed by decision-tree leaf.
// The sketches are deliberately small and dependency-free; they show the shape of the change.

export interface Idiom {
  title: string;
  code: string;
}

const WORKER_POOL = `// pool.js: one worker per spare core, tasks queued, workers reused
const { Worker } = require('node:worker_threads');
const os = require('node:os');

function createPool(file, size = Math.max(1, os.availableParallelism() - 1)) {
  const idle = [], queue = [];
  const run = (w, { task, resolve, reject }) => {
    w.once('message', (r) => { resolve(r); next(w); });
    w.once('error', reject);
    w.postMessage(task);
  };
  const next = (w) => (queue.length ? run(w, queue.shift()) : idle.push(w));
  for (let i = 0; i < size; i++) idle.push(new Worker(file));
  return (task) => new Promise((resolve, reject) => {
    const job = { task, resolve, reject };
    idle.length ? run(idle.pop(), job) : queue.push(job);
  });
}
// const tokenize = createPool(require.resolve('./tokenize-worker.js'));
// const tokens = await tokenize(text);   // the event loop stays free`;

const LIMIT = `// Bounded concurrency: at most \`limit\` calls in flight, results in input order
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
// const answers = await mapLimit(prompts, 16, (p) => callModel(p));`;

const ASYNC_IO = `// The async form frees the loop while the OS (or libuv's pool) waits
const { promisify } = require('node:util');
const exec = promisify(require('node:child_process').exec);
const fs = require('node:fs/promises');

const { stdout } = await exec('git rev-parse HEAD');   // was execSync(...)
const text = await fs.readFile(path, 'utf8');           // was readFileSync(...)`;

const SHARED = `// Share the matrix once instead of cloning it into every message
const { Worker } = require('node:worker_threads');
const sab = new SharedArrayBuffer(rows * cols * Float64Array.BYTES_PER_ELEMENT);
const matrix = new Float64Array(sab);          // fill it in place
const worker = new Worker('./sum-rows.js', { workerData: { sab, rows, cols } });
worker.postMessage({ from: 0, to: rows });     // messages carry only indices

// Or hand a buffer over without copying (the sender loses it):
// worker.postMessage(chunk, [chunk.buffer]);`;

const HYBRID = `// Async for the waits, a worker pool for the CPU stage
const preprocess = createPool(require.resolve('./preprocess-worker.js'));   // see the worker-pool sketch

async function answer(query) {
  const docs = await retrieve(query);           // I/O: stays on the event loop
  const context = await preprocess({ query, docs });   // CPU: runs on another core
  return generate(query, context);              // I/O again
}
await mapLimit(queries, 16, answer);            // bounded concurrency across queries`;

const KEEP = `// Nothing to change in the model. Keep an eye on:
// - event-loop delay (monitorEventLoopDelay) as load grows;
// - the size of the messages you post to workers;
// - the concurrency limit against the remote service's rate limit.`;

export const IDIOMS: Record<string, Idiom> = {
  idle: { title: 'Nothing to change', code: KEEP },
  light: { title: 'Nothing to change', code: KEEP },
  'large-data-copied': { title: 'A SharedArrayBuffer or a transfer list', code: SHARED },
  'sync-io': { title: 'The async form of the blocking call', code: ASYNC_IO },
  'mixed-on-main': { title: 'Async I/O plus a worker pool for the CPU stages', code: HYBRID },
  'cpu-on-main': { title: 'A pool of worker_threads', code: WORKER_POOL },
  'hybrid-in-place': { title: 'Keep the hybrid', code: KEEP },
  'shared-in-place': { title: 'Keep sharing', code: KEEP },
  'pool-in-place': { title: 'Keep the pool', code: KEEP },
  'io-serial': { title: 'A concurrency limit (p-limit style)', code: LIMIT },
  'io-unbounded': { title: 'A concurrency limit (p-limit style)', code: LIMIT },
  'io-concurrent': { title: 'Keep the bounded async fan-out', code: KEEP },
};
