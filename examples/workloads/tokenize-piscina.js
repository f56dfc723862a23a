'use strict';
// The tokenising job of tokenize-worker-pool.js on piscina, the most used worker pool for Node.js, with
// its defaults. Between tasks piscina's workers do not return to their event loop: they block in
// Atomics.wait until the next task arrives (`atomics: 'sync'`), so no timer ever fires in them, and
// `destroy()` ends them with Worker#terminate(). The pool keeps every core busy; the main thread only
// hands out chunks and adds up counts.
//
// Expected profile: cpu-bound; model worker-pool; already right.
const os = require('node:os');
const path = require('node:path');
const { Piscina } = require('piscina');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

/** The same corpus as tokenize-main-thread.js; each worker generates it from these settings. */
const CORPUS = { count: 2000, wordsPerDocument: 200, seed: 42 };
/** Documents per task: about 20 ms of CPU, long enough that messaging costs nothing by comparison. */
const CHUNK = 200;
const POOL_SIZE = Math.min(os.availableParallelism(), 4);

async function main() {
  const pool = new Piscina({
    filename: path.join(__dirname, 'lib', 'tokenize-task.js'),
    minThreads: POOL_SIZE,
    maxThreads: POOL_SIZE,
    workerData: { corpus: CORPUS },
  });
  // One empty task per worker: returns once the workers have loaded the task module (corpus and
  // tokenizer built), so that start-up is not counted as work time.
  await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.run({ start: 0, count: 0 })));

  const budget = new TimeBudget();
  let tokens = 0;
  let next = 0;
  // One lane per worker: each keeps a worker busy with the next chunk until the deadline.
  const lane = async () => {
    while (!budget.expired) {
      const start = next;
      next = (next + CHUNK) % CORPUS.count;
      const counted = await pool.run({ start, count: CHUNK });
      tokens += counted;
    }
  };
  await Promise.all(Array.from({ length: POOL_SIZE }, lane));
  const seconds = budget.elapsedSeconds();

  await pool.destroy();
  printThroughput(tokens, 'tokens', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
