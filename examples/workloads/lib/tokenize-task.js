'use strict';
// Task module for tokenize-piscina.js: piscina loads it in each of its worker threads and calls the
// exported function once per task. Like tokenize-worker.js it regenerates the corpus from the same seed
// (once per worker, when the module loads), so a task is a document range and the answer a token count.
const { workerData } = require('node:worker_threads');
const { generateDocuments } = require('./corpus');
const { createCorpusTokenizer } = require('./corpus-tokenizer');

const documents = generateDocuments(workerData.corpus);
const tokenizer = createCorpusTokenizer();
const ids = [];

function countTokens({ start, count }) {
  let tokens = 0;
  for (let i = start; i < start + count; i++) {
    ids.length = 0;
    tokens += tokenizer.encode(documents[i % documents.length], ids).length;
  }
  return tokens;
}

module.exports = countTokens;
