'use strict';
// Rerank retrieved chunks and keep the best few for the prompt, by maximal marginal relevance (MMR):
// each pick is the chunk most similar to the question minus its similarity to what was already picked.
// Overlapping windows of the same passage are near-duplicates; MMR keeps them from filling the prompt.
const { cosine } = require('./token-embedder');

/**
 * @param {Float32Array} query            unit-length question embedding
 * @param {Float32Array[]} candidates     unit-length chunk embeddings
 * @param {number} k                      how many to keep
 * @param {number} [lambda]               1 = relevance only, 0 = diversity only
 * @returns {number[]} indices into `candidates`, best first
 */
function selectContext(query, candidates, k, lambda = 0.7) {
  const relevance = candidates.map((c) => cosine(query, c));
  const redundancy = new Float64Array(candidates.length).fill(-Infinity); // max similarity to a picked chunk
  const picked = [];
  const taken = new Uint8Array(candidates.length);
  while (picked.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (taken[i]) continue;
      const score = lambda * relevance[i] - (1 - lambda) * (picked.length === 0 ? 0 : redundancy[i]);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    picked.push(best);
    taken[best] = 1;
    for (let i = 0; i < candidates.length; i++) {
      if (!taken[i]) redundancy[i] = Math.max(redundancy[i], cosine(candidates[best], candidates[i]));
    }
  }
  return picked;
}

module.exports = { selectContext };
