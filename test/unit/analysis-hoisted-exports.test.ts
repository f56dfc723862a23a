// A module that exports an object of its functions above their declarations (Overleaf's web app: `export default {
// flush: callbackify(flush), promises: { flush } }` first, `async function flush() {}` below) names the functions
// JavaScript hoists: a route that calls `Flusher.promises.flush()` reaches them, in either order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const EXPORT = ['export default {', '  flush: callbackify(flush),', '  promises: {', '    flush,', '  },', '};'];
const FUNCTIONS = [
  'async function flush(ids) {',
  '  for (const id of ids) {',
  "    await fetch(`http://docstore/doc/${id}`, { method: 'POST' });",
  '  }',
  "  return readFileSync('/etc/flush.conf', 'utf8');",
  '}',
];
const ROUTE = [
  "import express from 'express';",
  "import Flusher from './flusher.mjs';",
  'const app = express();',
  "app.post('/project/:id/flush', async (req, res) => {",
  '  await Flusher.promises.flush(req.body.ids);',
  '  res.end();',
  '});',
  "app.post('/project/:id/flush-cb', (req, res) => {",
  '  Flusher.flush(req.body.ids, () => res.end());',
  '});',
].join('\n');

const found = (flusher: string[]): string[] =>
  analyseTempProject({
    'flusher.mjs': ["import { callbackify } from 'node:util';", "import { readFileSync } from 'node:fs';", ...flusher].join('\n'),
    'route.mjs': ROUTE,
  }).map((f) => `${f.file} ${f.rule} ${f.severity} ${f.chain[0]!.symbol}`).sort();

test('functions exported by an object above their declarations are reached, as when declared first', () => {
  const below = found([...EXPORT, ...FUNCTIONS]);
  const above = found([...FUNCTIONS, ...EXPORT]);
  assert.deepEqual(below, above);
  assert.deepEqual(below, [
    'flusher.mjs no-sequential-await-in-loop info POST /project/:id/flush',
    'flusher.mjs no-sync-io-in-hot-path warning POST /project/:id/flush',
  ]);
});
