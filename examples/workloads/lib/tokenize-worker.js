'use strict';
// Worker for tokenize-worker-pool.js. It regenerates the same corpus from the same seed when it starts,
// so a task is just a range of document indices (a few bytes) and the answer a token count: the text
// never crosses the thread boundary.
const { parentPort, workerData } = require('node:worker_threads');
const { generateDocuments } = require('./corpus');
const { createCorpusTokenizer } = require('./corpus-tokenizer');

const documents = generateDocuments(workerData.corpus);
const tokenizer = createCorpusTokenizer();
const ids = [];

parentPort.on('message', ({ start, count }) => {
  try {
    let tokens = 0;
    for (let i = start; i < start + count; i++) {
      ids.length = 0;
      tokens += tokenizer.encode(documents[i % documents.length], ids).length;
    }
    parentPort.postMessage({ result: tokens });
  } catch (err) {
    parentPort.postMessage({ error: err });
  }
});
