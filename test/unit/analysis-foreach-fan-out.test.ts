// A promise started for every item of a forEach, its rejection handled and nothing waiting for it, is a fan-out like
// Promise.all over map: all of them at once. Each case is a small project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const summary = (f: Finding): string => `${f.line} ${f.rule} ${f.severity}`;

test('a handled promise started per item of a forEach over data is unbounded concurrency, reported on the call', () => {
  const findings = analyseTempProject({
    'app.js': [
      "const app = require('express')();",
      "const { Feature, refresh } = require('./model');",
      "const REGIONS = ['eu', 'us'];",
      "app.delete('/projects/:id', async (req, res) => {",
      '  const features = await Feature.find({ project: req.params.id });',
      '  features.forEach((f) => {',
      "    refresh(f).catch((e) => console.error('refresh failed', e));", // 7: per row of a query
      '  });',
      '  REGIONS.forEach((r) => refresh(r).catch(console.error));', // 9: a list the code wrote
      '  req.body.ids.forEach((id) => refresh(id).catch(console.error));', // 10: the client's list
      '  features.forEach((f) => console.log(f.id));', // 11: no promise
      "  ['eu', 'us'].forEach((r) => refresh(r).catch(console.error));", // 12: written in place
      '  res.end();',
      '});',
    ].join('\n'),
    'model.js': 'exports.Feature = { find: async (q) => fetch(`http://db/${q.project}`) };\nexports.refresh = async (f) => { await fetch(`http://sdk/${f.id}`); };\n',
  });
  assert.deepEqual(findings.map(summary), ['7 no-unbounded-promise-all info', '10 no-unbounded-promise-all warning']);
  assert.match(findings[0].message, /^refresh\(\) starts for every item of features\.forEach\(\.\.\.\) at once, and nothing waits for them on a request path; cap/);
});

test('an async forEach callback is the floating-promise rule\'s, not this one\'s', () => {
  const findings = analyseTempProject({
    'app.js': [
      "const app = require('express')();",
      "app.post('/sync', async (req, res) => {",
      '  const rows = await (await fetch("http://db/rows")).json();',
      '  rows.forEach(async (r) => { await fetch(`http://sync/${r.id}`); });',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => f.rule), ['no-floating-promise']);
});

test('the same fan-out written as a for…of loop that awaits nothing is reported; a loop that awaits is paced by it', () => {
  const findings = analyseTempProject({
    'app.js': [
      "const app = require('express')();",
      "const pLimit = require('p-limit');",
      "const { Feature, refresh, save } = require('./model');",
      'const limit = pLimit(4);',
      "app.delete('/projects/:id', async (req, res) => {",
      '  const features = await Feature.find({ project: req.params.id });',
      '  for (const f of features) {',
      "    refresh(f).catch((e) => console.error('refresh failed', e));", // 8: per row, all at once
      '  }',
      '  for (const id of req.body.ids) refresh(id).catch(console.error);', // 10: the client's list, a statement body
      '  for (const f of features) {',
      '    await save(f);',
      '    refresh(f).catch(console.error);', // 13: paced by the await before it
      '  }',
      "  for (const r of ['eu', 'us']) refresh(r).catch(console.error);", // 15: written in place
      '  for (const f of features) limit(() => refresh(f)).catch(console.error);', // 16: through a limiter
      '  for await (const f of features) refresh(f).catch(console.error);', // 17: for await waits for each item
      '  res.end();',
      '});',
    ].join('\n'),
    'model.js': [
      'exports.Feature = { find: async (q) => fetch(`http://db/${q.project}`) };',
      'exports.refresh = async (f) => { await fetch(`http://sdk/${f.id}`); };',
      'exports.save = async (f) => { await fetch(`http://db/${f.id}`, { method: "PUT" }); };',
    ].join('\n'),
  });
  const fanOut = findings.filter((f) => f.rule === 'no-unbounded-promise-all');
  assert.deepEqual(fanOut.map(summary), ['8 no-unbounded-promise-all info', '10 no-unbounded-promise-all warning']);
  assert.match(fanOut[0].message, /^refresh\(\) starts for every item of features at once \(the loop awaits nothing\), and nothing waits for them on a request path; cap/);
});
