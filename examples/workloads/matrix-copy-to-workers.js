'use strict';
// A 2048 × 2048 matrix of doubles (32 MB) posted to a pool of two workers on every call, without a
// transfer list. postMessage copies it with structured clone: the main thread serialises all 32 MB,
// the worker allocates and fills another 32 MB, and only then runs a computation (column means) that
// takes a fraction of the copying time. More workers would only copy more.
//
// Expected profile: large-data; model shared-memory; not right yet: put the matrix in a
// SharedArrayBuffer once and send the workers only row ranges (or transfer the buffer when the sender no
// longer needs it).
const path = require('node:path');
const { WorkerPool } = require('./lib/worker-pool');
const { seededRandom } = require('./lib/seeded-random');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

const ROWS = 2048;
const COLS = 2048;
const WORKERS = 2;

function randomMatrix(rows, cols) {
  const random = seededRandom(7);
  const matrix = new Float64Array(rows * cols);
  for (let i = 0; i < matrix.length; i++) matrix[i] = random();
  return matrix;
}

async function main() {
  const matrix = randomMatrix(ROWS, COLS);
  const pool = new WorkerPool(path.join(__dirname, 'lib', 'matrix-stats-worker.js'), WORKERS);

  const budget = new TimeBudget();
  let calls = 0;
  let callMs = 0;
  let computeMs = 0;
  // One lane per worker, each sending the whole matrix again for every call.
  const lane = async () => {
    while (!budget.expired) {
      const sentAt = performance.now();
      const result = await pool.run({ matrix, rows: ROWS, cols: COLS }); // copied: no transfer list
      callMs += performance.now() - sentAt;
      computeMs += result.computeMs;
      calls++;
    }
  };
  await Promise.all(Array.from({ length: pool.size }, lane));
  const seconds = budget.elapsedSeconds();

  await pool.close();
  console.log(`${calls} calls of ${(callMs / calls).toFixed(1)} ms each, of which ${(computeMs / calls).toFixed(1)} ms computing; the rest is copying and queueing`);
  printThroughput(calls, 'matrices', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
