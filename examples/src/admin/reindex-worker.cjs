'use strict';
// Rebuilds the keyword index from every document on disk, then exits. It runs in a worker thread so
// that reading and tokenising thousands of files does not stall the admin server.
const fs = require('node:fs');
const path = require('node:path');
const { parentPort } = require('node:worker_threads');

// Pause briefly between files so that the service's own disk reads are not starved.
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function buildIndex(docsDir) {
  const index = {};
  for (const name of fs.readdirSync(docsDir)) {
    const text = fs.readFileSync(path.join(docsDir, name), 'utf8');
    for (const word of new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])) {
      (index[word] ??= []).push(name);
    }
    Atomics.wait(PAUSE, 0, 0, 2);
  }
  return index;
}

parentPort.once('message', ({ docsDir, outFile }) => {
  const index = buildIndex(docsDir);
  fs.writeFileSync(outFile, JSON.stringify(index));
  parentPort.postMessage({ words: Object.keys(index).length });
  parentPort.close();
});
