'use strict';
// A batch job that tokenises a document collection before embedding it, on the main thread. Each chunk
// of documents is pure CPU work (regex pre-tokenising, vocabulary lookups, the BPE merge loop); the job
// yields to the event loop between chunks, so timers still run, but only one core ever works while the
// machine has more.
//
// Expected profile: cpu-bound; model worker-pool; not right yet: spread the chunks over a pool of
// worker_threads (tokenize-worker-pool.js does exactly that).
const { setImmediate: yieldToEventLoop } = require('node:timers/promises');
const { generateDocuments } = require('./lib/corpus');
const { createCorpusTokenizer } = require('./lib/corpus-tokenizer');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

const DOCUMENTS = 2000;
const WORDS_PER_DOCUMENT = 200;
/** Documents tokenised between two turns of the event loop: about 20 ms of CPU. */
const CHUNK = 200;

async function main() {
  const documents = generateDocuments({ count: DOCUMENTS, wordsPerDocument: WORDS_PER_DOCUMENT });
  const tokenizer = createCorpusTokenizer();
  const ids = [];

  const budget = new TimeBudget();
  let tokens = 0;
  for (let start = 0; !budget.expired; start = (start + CHUNK) % DOCUMENTS) {
    for (let i = start; i < start + CHUNK; i++) {
      ids.length = 0;
      tokens += tokenizer.encode(documents[i], ids).length;
    }
    await yieldToEventLoop();
  }
  printThroughput(tokens, 'tokens', budget.elapsedSeconds());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
