// Embedding worker. The "model" is a feature-hashing embedder: every token is hashed with a keyed,
// deliberately slow PBKDF2 (a stand-in for a real model's forward pass) into a few signed buckets.
// It is CPU-bound, which is why it runs on its own thread and not on the server's event loop.
import { pbkdf2Sync } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { dims, matrix, modelId } = workerData;
const HASHES_PER_TOKEN = 4;
let scores = null;

function embedText(text) {
  const vector = new Float32Array(dims);
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const digest = pbkdf2Sync(token, modelId, 1_000, HASHES_PER_TOKEN * 4, 'sha256');
    for (let h = 0; h < HASHES_PER_TOKEN; h++) {
      const bits = digest.readUInt32LE(h * 4);
      vector[bits % dims] += bits & 0x8000_0000 ? -1 : 1;
    }
  }
  const norm = Math.hypot(...vector) || 1;
  for (let i = 0; i < dims; i++) vector[i] /= norm;
  return vector;
}

function scoreInto(target, query) {
  for (let row = 0; row < target.length; row++) {
    let dot = 0;
    const offset = row * dims;
    for (let i = 0; i < dims; i++) dot += matrix[offset + i] * query[i];
    target[row] = dot;
  }
}

parentPort.on('message', (msg) => {
  if (msg instanceof Float64Array) {
    // Where the next query's scores go: shared with the main thread.
    scores = msg;
  } else if (msg instanceof Float32Array) {
    scoreInto(scores, msg);
    parentPort.postMessage({ kind: 'scored' });
  } else {
    const vectors = new Float32Array(msg.texts.length * dims);
    msg.texts.forEach((text, i) => vectors.set(embedText(text), i * dims));
    parentPort.postMessage({ kind: 'embedded', vectors }, [vectors.buffer]);
  }
});
