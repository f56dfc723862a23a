// Rerank worker: receives its own copy of the corpus matrix, then a query vector, and replies with the
// best-scoring rows.
import { parentPort, workerData } from 'node:worker_threads';

const { dims, top } = workerData;
let corpus = null;

parentPort.on('message', (msg) => {
  if (corpus === null) {
    corpus = msg;
    return;
  }
  const ranked = [];
  for (let row = 0; row < corpus.length / dims; row++) {
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += corpus[row * dims + i] * msg[i];
    if (dot !== 0) ranked.push({ row, score: dot });
  }
  ranked.sort((a, b) => b.score - a.score);
  parentPort.postMessage(ranked.slice(0, top));
});
