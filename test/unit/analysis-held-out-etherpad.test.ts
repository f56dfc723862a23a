// Judgements made after reading Etherpad (held out from the rules' tuning): what a project function returned, named
// for its class (`const retrievedPad = await padManager.getPad(id); retrievedPad.remove();`), and a module's function
// called by a key through `.apply`. Etherpad writes CommonJS in TypeScript (`const padManager = require(...)`,
// `exports.getPad = ...`), which the type checker cannot follow: the walk decides from names. Each case is a small
// project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import { analyseTempProject } from './analyse-temp-project';
import { tempProject } from './temp-project';

const padModule = [
  "declare const db: { remove(k: string): Promise<void>; get(k: string): Promise<string> };",
  'export class Pad {',
  '  constructor(readonly id: string) {}',
  '  async init() { await db.get(this.id); }',
  '  async remove() { await db.remove(this.id); }',
  '  async touch() { try { await db.get(this.id); } catch { /* a cache refresh */ } }',
  '}',
].join('\n');
const padManager = [
  "const PadModule = require('./Pad');",
  'const globalPads = new Map<string, any>();',
  'exports.getPad = async (id: string) => {',
  '  let pad = globalPads.get(id);',
  '  if (pad != null) return pad;',
  '  pad = new PadModule.Pad(id);',
  '  await pad.init();',
  '  globalPads.set(id, pad);',
  '  return pad;',
  '};',
  // Another class's method of the same name: the receiver's name picks the Pad's.
  'export class PadList { remove(name: string) { globalPads.delete(name); } }',
].join('\n');

/** A route that gets a pad and drops `retrievedPad.remove()` at line 6, then runs `more`. */
const deleteRoute = (more: string[]): string => [
  "import express from 'express';",
  "const padManager = require('./PadManager');",
  'const app = express();',
  "app.post('/pads/:id/delete', async (req, res) => {",
  '  const retrievedPad = await padManager.getPad(req.params.id);',
  '  retrievedPad.remove();', // 6: can fail
  ...more,
  '  res.end();',
  '});',
].join('\n');

test('a method dropped on what a project function returned, named for its class, is a floating promise when it can fail', () => {
  const findings = analyseTempProject({
    'Pad.ts': padModule,
    'PadManager.ts': padManager,
    'handler.ts': deleteRoute([
      '  retrievedPad.touch();', // 7: catches everything
      '  const list = await padManager.getPad(req.params.id);',
      '  list.remove();', // 9: named for no class
    ]),
  });
  const floating = findings.filter((f) => f.rule === 'no-floating-promise');
  assert.deepEqual(floating.map((f) => `${f.file}:${f.line} ${f.severity}`), ['handler.ts:6 warning']);
  assert.match(floating[0].message, /^the promise returned by retrievedPad\.remove\(\) is neither awaited nor handled on a request path/);
});

test("a module's function called by a computed key through .apply is reached, as a direct keyed call is", () => {
  const findings = analyseTempProject({
    'api.js': [
      "const fs = require('fs');",
      "exports.getText = (padID) => fs.readFileSync(`pads/${padID}.txt`, 'utf8');", // 2
      'exports.listPads = () => [];',
    ].join('\n'),
    'server.js': [
      "const app = require('express')();",
      "const api = require('./api');",
      "app.get('/api/:fn', (req, res) => {",
      '  res.json(api[req.params.fn].apply(null, [req.query.padID]));',
      '});',
    ].join('\n'),
  });
  const blocking = findings.filter((f) => f.rule === 'no-sync-io-in-hot-path');
  assert.deepEqual(blocking.map((f) => `${f.file}:${f.line} ${f.chain.map((s) => s.symbol).join(' → ')}`), ['api.js:2 GET /api/:fn → exports.getText']);
});

test('with the type checker on, which sees `any` through require, the class the name says still decides', () => {
  const p = tempProject({
    'Pad.ts': padModule,
    'PadManager.ts': padManager,
    'handler.ts': deleteRoute([]),
  });
  try {
    const result = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'on', skipUnknownReach: true });
    assert.equal(result.stats.typeAware, true);
    assert.deepEqual(result.findings.filter((f) => f.rule === 'no-floating-promise').map((f) => `${f.file}:${f.line}`), ['handler.ts:6']);
  } finally {
    p.cleanup();
  }
});
