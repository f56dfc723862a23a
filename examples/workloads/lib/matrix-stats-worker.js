'use strict';
// Worker for the matrix workloads: column means of a row-major Float64Array matrix, the kind of cheap
// statistic (feature means for normalisation) that is computed before the real work. One pass over the
// data, a few milliseconds for 32 MB. It answers with the means (rows × 8 bytes) and its compute time.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', ({ matrix, rows, cols }) => {
  try {
    const startedAt = performance.now();
    const means = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const offset = r * cols;
      for (let c = 0; c < cols; c++) means[c] += matrix[offset + c];
    }
    for (let c = 0; c < cols; c++) means[c] /= rows;
    parentPort.postMessage({ result: { means, computeMs: performance.now() - startedAt } });
  } catch (err) {
    parentPort.postMessage({ error: err });
  }
});
