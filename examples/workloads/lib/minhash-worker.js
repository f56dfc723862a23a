'use strict';
// Worker for minhash-workers.js. It computes MinHash signatures of its share of the corpus in one loop
// that never ends and never returns to the worker's event loop: it reports progress with postMessage
// (which needs no event loop to send) and is stopped from outside, by Worker#terminate().
const { parentPort, workerData } = require('node:worker_threads');
const { generateDocuments } = require('./corpus');
const { hashFamily, minhashSignature } = require('./minhash');

const documents = generateDocuments(workerData.corpus);
const family = hashFamily();
const signature = new Uint32Array(family.a.length);
/** Documents per progress message: a few ms of work, so the count is fresh when the pool is stopped. */
const REPORT_EVERY = 20;

parentPort.postMessage({ ready: true });
let done = 0;
for (let i = workerData.first; ; i += workerData.stride) {
  minhashSignature(documents[i % documents.length], family, signature);
  if (++done === REPORT_EVERY) {
    parentPort.postMessage({ documents: done });
    done = 0;
  }
}
