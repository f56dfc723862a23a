'use strict';
// A toy text embedder with the cost profile of a real one's last step: every token id has a learned
// vector (here: seeded random numbers) in one Float32Array table, and a text's embedding is the mean
// of its tokens' vectors, scaled to length 1. With unit vectors, cosine similarity is a dot product.
const { seededRandom } = require('./seeded-random');

class TokenEmbedder {
  /**
   * @param {object} options
   * @param {number} options.vocabularySize  token ids are 0 .. vocabularySize - 1
   * @param {number} options.dims            vector length (384 is common for small sentence models)
   */
  constructor({ vocabularySize, dims, seed = 3 }) {
    this.vocabularySize = vocabularySize;
    this.dims = dims;
    this.table = new Float32Array(vocabularySize * dims);
    const random = seededRandom(seed);
    for (let i = 0; i < this.table.length; i++) this.table[i] = random() - 0.5;
  }

  /** The unit-length mean of the vectors of `tokenIds`. */
  embed(tokenIds) {
    const { dims, table } = this;
    const vector = new Float32Array(dims);
    for (const id of tokenIds) {
      const row = (id % this.vocabularySize) * dims;
      for (let d = 0; d < dims; d++) vector[d] += table[row + d];
    }
    return normalise(vector);
  }
}

function normalise(vector) {
  let sumOfSquares = 0;
  for (let d = 0; d < vector.length; d++) sumOfSquares += vector[d] * vector[d];
  const length = Math.sqrt(sumOfSquares) || 1;
  for (let d = 0; d < vector.length; d++) vector[d] /= length;
  return vector;
}

/** Cosine similarity of two unit-length vectors. */
function cosine(a, b) {
  let dot = 0;
  for (let d = 0; d < a.length; d++) dot += a[d] * b[d];
  return dot;
}

module.exports = { TokenEmbedder, cosine };
