// A timer drops the promise its callback returns, as an emitter drops a listener's: a rejection inside an async
// timer callback is unhandled (on Node 15 and later it ends the process). Each case is a small project analysed as
// `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const summary = (f: Finding): string => `${f.line} ${f.rule} ${f.severity}${f.reach ? ` ${f.reach}` : ''}`;

test('an async setTimeout callback on a request path is a floating promise when it can fail', () => {
  const findings = analyseTempProject({
    'search.js': [
      "const app = require('express')();",
      "const db = require('./db');",
      "app.get('/search', async (req, res) => {",
      '  setTimeout(async () => {', // 4: can fail
      "    await db.incr('searches', req.query.q);",
      '  }, 5000);',
      '  setTimeout(async () => {', // 7: catches everything
      "    try { await db.incr('hits', 1); } catch (err) { console.error(err); }",
      '  }, 5000);',
      "  setTimeout(() => db.incr('views', 1).catch(console.error), 10);", // 10: not async
      '  res.json([]);',
      '});',
      "setTimeout(async () => { await db.incr('boots', 1); }, 0);", // 13: at start-up, once
      'app.listen(3000);',
    ].join('\n'),
    'db.js': "exports.incr = async (key, by) => { await fetch(`http://db/${key}/${by}`); };",
  });
  const floating = findings.filter((f) => f.rule === 'no-floating-promise');
  assert.deepEqual(floating.map((f) => `${f.file}:${summary(f)}`), ['search.js:4 no-floating-promise warning']);
  assert.match(floating[0].message, /^this async callback returns a promise the timer drops on a request path/);
  assert.deepEqual(floating[0].chain.map((s) => s.symbol), ['GET /search', '<callback of setTimeout>']);
});

test('a named async callback a timer reschedules, or an emitter hears on two events, is reported once', () => {
  const findings = analyseTempProject({
    'poll.js': [
      "const { EventEmitter } = require('events');",
      'const bus = new EventEmitter();',
      'async function tick() {',
      "  await fetch('http://queue/poll');",
      '  setTimeout(tick, 1000);', // 5: the loop goes on
      '}',
      'async function onToken(token) {',
      "  await fetch('http://usage', { method: 'POST', body: token.id });",
      '}',
      'function start() {',
      '  setTimeout(tick, 1000);', // 11
      "  bus.on('token.saved', onToken);", // 12
      "  bus.on('token.issued', onToken);", // 13
      '}',
      'module.exports = { start, bus };',
    ].join('\n'),
  });
  const floating = findings.filter((f) => f.rule === 'no-floating-promise');
  assert.deepEqual(floating.map(summary), ['5 no-floating-promise warning', '12 no-floating-promise info']);
  assert.match(floating[0].message, /^tick is an async timer callback: the timer drops the promise it returns/);
  assert.match(floating[1].message, /^onToken is an async listener: the emitter drops the promise it returns/);
});

test('code quoted in a message is on one line, with its words apart: new Embedder().load(), tree.filter(...)', () => {
  const findings = analyseTempProject({
    'app.js': [
      "const app = require('express')();",
      'class Embedder { async load() { await fetch("http://models/minilm"); } }',
      "app.post('/settings', async (req, res) => {",
      '  new Embedder().load();',
      '  const rows = await (await fetch("http://tree")).json();',
      '  await Promise.all(rows',
      "    .filter((o) => o.type === 'blob')",
      '    .map((o) => fetch(o.path)));',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['4 no-floating-promise warning', '6 no-unbounded-promise-all info']);
  assert.match(findings[0].message, /^the promise returned by new Embedder\(\)\.load\(\) is neither awaited/);
  assert.match(findings[1].message, /^Promise\.all\(rows\.filter\(\(o\) => o\.type ===…\.map\(\.\.\.\)\) starts one operation per item/);
});

test("a cron job's callback is a repeating timer, and so is what a cron wrapper's callers pass it in an options object", () => {
  // NodeBB: `cron.addJob({ name, cronTime, onTick })` wraps `new CronJob(cronTime, async () => { await onTick(); })`.
  const findings = analyseTempProject({
    'cron.js': [
      "const { CronJob } = require('cron');",
      'exports.addJob = async function (options) {',
      '  const { cronTime, onTick } = options;',
      '  new CronJob(cronTime, async function () {',
      '    try { await onTick(); } catch (err) { console.error(err); }',
      '  });',
      '};',
      'exports.addOther = async ({ cronTime, run }) => {',
      '  new CronJob(cronTime, async () => { try { await run(); } catch (err) { console.error(err); } });',
      '};',
    ].join('\n'),
    'uploads.js': [
      "const fs = require('fs');",
      "const { CronJob } = require('cron');",
      "const cron = require('./cron');",
      'async function cleanOrphans(files) {',
      '  await Promise.all(files.map((f) => fs.promises.unlink(f)));', // 5: reached from the wrapper's tick
      '}',
      'function sweep() { return fs.readdirSync(\'/tmp/sweep\'); }', // 7: reached from the parameter-list form
      'function rebuild() { return fs.readFileSync(\'/tmp/index.json\'); }', // 8: a cron job written directly
      'function notScheduled() { return fs.readFileSync(\'/tmp/other.json\'); }',
      'exports.startJobs = async function () {',
      "  await cron.addJob({ cronTime: '0 2 * * 0', onTick: async () => { await cleanOrphans(await fs.promises.readdir('/u')); } });",
      "  await cron.addOther({ cronTime: '* * * * *', run: sweep });",
      '};',
      "new CronJob('*/5 * * * *', () => rebuild());",
      'exports.startJobs();',
      'module.exports.notScheduled = notScheduled;',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.file === 'uploads.js').map(summary), [
    '5 no-unbounded-promise-all info',
    '7 no-sync-io-in-hot-path warning',
    '8 no-sync-io-in-hot-path warning',
  ]);
  assert.match(findings.find((f) => f.line === 5)!.chain[0].symbol, /^cron job/);
});
