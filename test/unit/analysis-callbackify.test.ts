// `callbackify(f)` and `promisify(f)` change how a function is called, not what it runs. Overleaf's web app exports
// `{ ...callbackifyAll(Handler), promises: Handler }` and its routes call the callback forms, so a route that calls
// `Handler.flushAll(ids, cb)` runs `flushAll`; a callback-form call returns no promise, so nothing floats there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const HANDLER = [
  "import { callbackify } from 'node:util';",
  "import { callbackifyAll } from './promise-utils.mjs';",
  "import { readFileSync } from 'node:fs';",
  'async function flushAll(ids) {',
  '  for (const id of ids) {',
  "    await fetch(`http://docupdater/project/${id}/flush`, { method: 'POST' });",
  '  }',
  '}',
  'async function fireHook(name, ...args) {',
  "  await fetch(`http://hooks/${name}`, { method: 'POST', body: JSON.stringify(args) });",
  '}',
  'async function readTemplate(name) {',
  "  return readFileSync(`/srv/templates/${name}`, 'utf8');",
  '}',
  'const Handler = { flushAll, readTemplate };',
  'export default {',
  '  ...callbackifyAll(Handler),',
  '  fire: callbackify(fireHook),',
  '  promises: Handler,',
  '};',
].join('\n');

const routes = (handlerImport: string): string => [
  "import express from 'express';",
  handlerImport,
  'const app = express();',
  "app.get('/download', (req, res, next) => {",
  "  Handler.flushAll(req.query.ids.split(','), (err) => {",
  '    if (err) return next(err);',
  "    Handler.fire('downloaded', req.query.ids, () => res.end());",
  '  });',
  '});',
].join('\n');

const PROMISE_UTILS = 'export function callbackifyAll(obj) { return obj; }\n';

const found = (files: Record<string, string>): string[] =>
  analyseTempProject(files).map((f) => `${f.file}:${f.line} ${f.rule} ${f.chain.map((s) => s.symbol).join(' → ')}`).sort();

test('a route that calls the callback form of a callbackified function reaches the function, and drops no promise', () => {
  assert.deepEqual(found({ 'handler.mjs': HANDLER, 'promise-utils.mjs': PROMISE_UTILS, 'routes.mjs': routes("import Handler from './handler.mjs';") }), [
    'handler.mjs:6 no-sequential-await-in-loop GET /download → flushAll',
  ]);
});

test('members written after a spread win over the spread ones, also when what they hold is not known', () => {
  const handlerFiles = (handler: string): Record<string, string> =>
    ({ 'handler.mjs': handler, 'promise-utils.mjs': PROMISE_UTILS, 'routes.mjs': routes("import Handler from './handler.mjs';") });
  const known = HANDLER.replace('  promises: Handler,', '  flushAll: (ids, cb) => cb(),\n  promises: Handler,');
  assert.deepEqual(found(handlerFiles(known)), []);
  const unknown = HANDLER.replace('  promises: Handler,', '  flushAll: makeNoop(),\n  promises: Handler,') + '\nfunction makeNoop() { return (ids, cb) => cb(); }';
  assert.deepEqual(found(handlerFiles(unknown)), []);
  // Written before the spread, the member is the spread's.
  const before = HANDLER.replace('  ...callbackifyAll(Handler),', '  flushAll: (ids, cb) => cb(),\n  ...callbackifyAll(Handler),');
  assert.deepEqual(found(handlerFiles(before)), ['handler.mjs:6 no-sequential-await-in-loop GET /download → flushAll']);
});

test('a callback-form call of a callbackified function in the same file drops no promise', () => {
  // A plain function that returns a promise: known to make one without waiting for the files to be linked.
  const local = [
    "import express from 'express';",
    "import { callbackify } from 'node:util';",
    'function fireHook(name, ...args) {',
    '  return new Promise((resolve, reject) => setTimeout(() => (args.length ? resolve() : reject(new Error(name))), 10));',
    '}',
    'const fire = callbackify(fireHook);',
    'const app = express();',
    "app.get('/ping', (req, res) => {",
    "  fire('ping', req.query.id, () => res.end());",
    '});',
  ].join('\n');
  assert.deepEqual(found({ 'app.mjs': local }), []);
  assert.deepEqual(found({ 'app.mjs': local.replace('callbackify(fireHook)', 'fireHook') }).map((f) => f.split(' ')[1]), ['no-floating-promise']);
});

test('promisify(f) runs f: an awaited promisified callback function is followed into', () => {
  const reader = [
    "const { promisify } = require('util');",
    "const fs = require('fs');",
    'function readConfig(name, callback) {',
    "  callback(null, fs.readFileSync(`/srv/config/${name}.json`, 'utf8'));",
    '}',
    'module.exports = { readConfig: promisify(readConfig) };',
  ].join('\n');
  const route = [
    "const express = require('express');",
    "const { readConfig } = require('./reader');",
    'const app = express();',
    "app.get('/config/:name', async (req, res) => res.send(await readConfig(req.params.name)));",
  ].join('\n');
  assert.deepEqual(found({ 'reader.js': reader, 'route.js': route }), [
    'reader.js:4 no-sync-io-in-hot-path GET /config/:name → readConfig',
  ]);
});

test('the callback form of a function called with its promise dropped is still reported when it is not callbackified', () => {
  // Without the wrapper, `Handler.fire(name, ids, cb)` hands a rest parameter the callback: the async function's promise floats.
  const plain = HANDLER.replace('fire: callbackify(fireHook)', 'fire: fireHook');
  const rules = found({ 'handler.mjs': plain, 'promise-utils.mjs': PROMISE_UTILS, 'routes.mjs': routes("import Handler from './handler.mjs';") })
    .map((f) => f.split(' ')[1]);
  assert.deepEqual(rules.sort(), ['no-floating-promise', 'no-sequential-await-in-loop']);
});

test('a local given its value in `export default X = {...}` holds the object: members assigned to it later are followed', () => {
  // Overleaf's clsi: `let OutputCacheManager; export default OutputCacheManager = {...}`, then
  // `OutputCacheManager.promises = { saveOutputFiles: promisify(OutputCacheManager.saveOutputFiles) }`.
  const cache = [
    "import { promisify } from 'node:util';",
    "import fs from 'node:fs';",
    'let OutputCacheManager;',
    'export default OutputCacheManager = {',
    '  saveOutputFiles(dir, callback) {',
    "    callback(null, fs.readFileSync(`${dir}/output.log`, 'utf8'));",
    '  },',
    '};',
    'OutputCacheManager.promises = { saveOutputFiles: promisify(OutputCacheManager.saveOutputFiles) };',
  ].join('\n');
  const route = [
    "import express from 'express';",
    "import OutputCacheManager from './cache.mjs';",
    'const app = express();',
    "app.post('/compile', async (req, res) => res.send(await OutputCacheManager.promises.saveOutputFiles(req.body.dir)));",
  ].join('\n');
  assert.deepEqual(found({ 'cache.mjs': cache, 'route.mjs': route }), [
    'cache.mjs:6 no-sync-io-in-hot-path POST /compile → default.saveOutputFiles',
  ]);
});
