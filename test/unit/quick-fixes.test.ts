// Quick fixes, each checked for the exact text it produces on a finding the real analyser reported, and
// that the finding is gone once the fix is applied. Where no rewrite is safe, there is no fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { applyFix, quickFixes } from '../../src/analysis/quick-fixes';
import { tempProject } from './temp-project';

async function findingsOf(file: string, text: string): Promise<{ findings: Finding[]; reanalyse: (t: string) => Promise<Finding[]> }> {
  const project = tempProject({ [file]: text });
  const run = async (): Promise<Finding[]> => (await analyzePaths({ paths: [project.dir], cwd: project.dir, types: 'off' })).findings;
  const findings = await run();
  return {
    findings,
    reanalyse: async (t) => {
      fs.writeFileSync(project.file(file), t);
      try {
        return await run();
      } finally {
        project.cleanup();
      }
    },
  };
}

const one = (findings: Finding[], rule: string): Finding => {
  const f = findings.filter((x) => x.rule === rule);
  assert.equal(f.length, 1, JSON.stringify(findings.map((x) => `${x.rule}@${x.line}`)));
  return f[0];
};

describe('quick fixes', () => {
  it('readFileSync in an async handler becomes await fs.promises.readFile, with parentheses where the result is used', async () => {
    const src = [
      "const fs = require('node:fs');",
      "const http = require('node:http');",
      'http.createServer(async (req, res) => {',
      "  res.end(fs.readFileSync('page.html', 'utf8').trim());",
      '}).listen(3000);',
      '',
    ].join('\n');
    const { findings, reanalyse } = await findingsOf('server.js', src);
    const f = one(findings, 'no-sync-io-in-hot-path');
    const fixes = quickFixes(src, 'server.js', f);
    assert.deepEqual(fixes.map((x) => x.title), ['Use await fs.promises.readFile()']);
    const fixed = applyFix(src, fixes[0]);
    assert.equal(fixed.split('\n')[3], "  res.end((await fs.promises.readFile('page.html', 'utf8')).trim());");
    assert.deepEqual((await reanalyse(fixed)).filter((x) => x.rule === 'no-sync-io-in-hot-path'), []);
  });

  it('no fix outside an async function, nor for a sync call without a promise twin', async () => {
    const src = [
      "import fs from 'node:fs';",
      "import http from 'node:http';",
      'http.createServer((req, res) => {',
      "  res.end(fs.readFileSync('page.html'));",
      '}).listen(3000);',
      'http.createServer(async (req, res) => {',
      "  res.end(String(fs.existsSync('page.html')));",
      '}).listen(3001);',
      '',
    ].join('\n');
    const { findings, reanalyse } = await findingsOf('server.mjs', src);
    const sync = findings.filter((x) => x.rule === 'no-sync-io-in-hot-path');
    assert.equal(sync.length, 2, JSON.stringify(findings));
    for (const f of sync) assert.deepEqual(quickFixes(src, 'server.mjs', f), [], `line ${f.line}`);
    await reanalyse(src);
  });

  it('pbkdf2Sync in an async function becomes an awaited callback form', async () => {
    const src = [
      "const crypto = require('node:crypto');",
      "const express = require('express');",
      'const app = express();',
      "app.post('/login', async (req, res) => {",
      "  const key = crypto.pbkdf2Sync(req.body.password, 'salt', 100000, 64, 'sha512');",
      '  res.json({ ok: key.length > 0 });',
      '});',
      '',
    ].join('\n');
    const { findings, reanalyse } = await findingsOf('login.js', src);
    const f = one(findings, 'no-blocking-crypto-in-hot-path');
    const [fix] = quickFixes(src, 'login.js', f);
    assert.equal(fix.title, "Use the async crypto.pbkdf2() (libuv's thread pool)");
    const fixed = applyFix(src, fix);
    assert.equal(
      fixed.split('\n')[4],
      "  const key = await new Promise((resolve, reject) => crypto.pbkdf2(req.body.password, 'salt', 100000, 64, 'sha512', (err, result) => (err ? reject(err) : resolve(result))));",
    );
    assert.deepEqual((await reanalyse(fixed)).filter((x) => x.rule === 'no-blocking-crypto-in-hot-path'), []);
  });

  it('execSync in an async handler becomes an awaited exec, keeping the result usable as text', async () => {
    const src = [
      "const cp = require('node:child_process');",
      "const http = require('node:http');",
      'http.createServer(async (req, res) => {',
      "  res.end(cp.execSync('git rev-parse HEAD').toString().trim());",
      '}).listen(3000);',
      '',
    ].join('\n');
    const { findings, reanalyse } = await findingsOf('server.js', src);
    const f = one(findings, 'no-sync-io-in-hot-path');
    const [fix] = quickFixes(src, 'server.js', f);
    assert.equal(fix.title, 'Use the async cp.exec() (the event loop keeps running while it waits)');
    const fixed = applyFix(src, fix);
    assert.equal(fixed.split('\n')[3], "  res.end((await new Promise((resolve, reject) => cp.exec('git rev-parse HEAD', (err, result) => (err ? reject(err) : resolve(result))))).toString().trim());");
    assert.deepEqual((await reanalyse(fixed)).filter((x) => x.rule === 'no-sync-io-in-hot-path'), []);
  });

  it('a typed array posted to a worker gets a transfer list', () => {
    const src = ['function send(worker, matrix) {', '  worker.postMessage(matrix);', '}', ''].join('\n');
    const [fix] = quickFixes(src, 'send.js', { rule: 'no-large-postmessage-copy', line: 2, column: 3, endLine: 2, endColumn: 29 });
    assert.equal(fix.title, 'Transfer matrix.buffer instead of copying it (matrix is unusable here afterwards)');
    assert.equal(applyFix(src, fix).split('\n')[1], '  worker.postMessage(matrix, [matrix.buffer]);');
    // A second argument (options or an existing transfer list) or a non-name payload is left alone.
    assert.deepEqual(quickFixes('w.postMessage(m, [m.buffer]);', 'a.js', { rule: 'no-large-postmessage-copy', line: 1, column: 1 }), []);
    assert.deepEqual(quickFixes('w.postMessage(make());', 'a.js', { rule: 'no-large-postmessage-copy', line: 1, column: 1 }), []);
  });

  it('a floating promise is awaited in an async function, or kept running with a .catch', async () => {
    const src = [
      "const http = require('node:http');",
      'async function audit(entry) { return entry; }',
      'http.createServer(async (req, res) => {',
      "  audit({ url: req.url });",
      "  res.end('ok');",
      '}).listen(3000);',
      '',
    ].join('\n');
    const { findings, reanalyse } = await findingsOf('server.js', src);
    const f = one(findings, 'no-floating-promise');
    const fixes = quickFixes(src, 'server.js', f);
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [
      ['Await it', true],
      ['Let it run, handling its rejection: void … .catch()', false],
    ]);
    assert.equal(applyFix(src, fixes[0]).split('\n')[3], '  await audit({ url: req.url });');
    const caught = applyFix(src, fixes[1]);
    assert.equal(caught.split('\n')[3], '  void audit({ url: req.url }).catch((err) => console.error(err));');
    assert.deepEqual((await reanalyse(caught)).filter((x) => x.rule === 'no-floating-promise'), []);
  });

  it('rules without a safe rewrite get none', () => {
    assert.deepEqual(quickFixes('while (Date.now() < t) {}', 'a.js', { rule: 'no-busy-wait', line: 1, column: 1 }), []);
    assert.deepEqual(quickFixes('x();', 'a.js', { rule: 'no-sync-io-in-hot-path', line: 9, column: 1 }), []);
  });
});
