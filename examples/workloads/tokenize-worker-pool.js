'use strict';
// The tokenising job of tokenize-main-thread.js, done right: the chunks go to a fixed pool of
// worker_threads, one per core (at most 4). Tasks and answers are tiny (a document range out, a token
// count back), so no time goes into copying; the main thread only hands out chunks and adds up counts.
//
// Expected profile: cpu-bound; model worker-pool; already right.
const os = require('node:os');
const path = require('node:path');
const { WorkerPool } = require('./lib/worker-pool');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

/** The same corpus as tokenize-main-thread.js; each worker generates it from these settings. */
const CORPUS = { count: 2000, wordsPerDocument: 200, seed: 42 };
/** Documents per task: about 20 ms of CPU, long enough that messaging costs nothing by comparison. */
const CHUNK = 200;
const POOL_SIZE = Math.min(os.availableParallelism(), 4);

async function main() {
  const pool = new WorkerPool(path.join(__dirname, 'lib', 'tokenize-worker.js'), POOL_SIZE, { workerData: { corpus: CORPUS } });
  // One empty task per worker (all are idle, so each gets one): returns once every worker has built its
  // corpus and tokenizer, so that start-up is not counted as work time.
  await Promise.all(pool.workers.map(() => pool.run({ start: 0, count: 0 })));

  const budget = new TimeBudget();
  let tokens = 0;
  let next = 0;
  // One lane per worker: each keeps its worker busy with the next chunk until the deadline.
  const lane = async () => {
    while (!budget.expired) {
      const start = next;
      next = (next + CHUNK) % CORPUS.count;
      const counted = await pool.run({ start, count: CHUNK });
      // Not `tokens += await ...`: that reads `tokens` before the await and loses the other lanes' counts.
      tokens += counted;
    }
  };
  await Promise.all(Array.from({ length: pool.size }, lane));
  const seconds = budget.elapsedSeconds();

  await pool.close();
  printThroughput(tokens, 'tokens', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
