'use strict';
// Near-duplicate detection over a crawl: MinHash signatures of every document, computed by a pool of
// worker_threads (one per core, at most 4), each taking every n-th document. The workers never return
// to their event loop: each runs one endless loop and reports progress with postMessage, and the main
// thread stops the pool with Worker#terminate() when its time is up, the way a job with a deadline (or a
// server shutting down) stops workers that are still computing.
//
// Expected profile: cpu-bound; model worker-pool; already right. The workers' hot line is in
// lib/minhash.js (minhashSignature), which the profile must show although the workers are terminated.
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

const CORPUS = { count: 1000, wordsPerDocument: 200, seed: 7 };
const POOL_SIZE = Math.min(os.availableParallelism(), 4);

async function main() {
  let documents = 0;
  const workers = Array.from({ length: POOL_SIZE }, (_, first) => new Worker(path.join(__dirname, 'lib', 'minhash-worker.js'), { workerData: { corpus: CORPUS, first, stride: POOL_SIZE } }));
  // Start the clock once every worker has built its corpus.
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.once('error', reject);
    w.on('message', (m) => (m.ready ? resolve() : (documents += m.documents)));
  })));
  documents = 0;

  const budget = new TimeBudget();
  await new Promise((resolve) => setTimeout(resolve, budget.seconds * 1000));
  await Promise.all(workers.map((w) => w.terminate()));
  printThroughput(documents, 'documents', budget.elapsedSeconds());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
