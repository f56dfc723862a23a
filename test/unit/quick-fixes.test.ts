// Quick fixes, each checked for the exact text it produces on a finding the real analyser reported, and
// that the finding is gone once the fix is applied. Where no rewrite is safe, there is no fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { applyFix, quickFixes } from '../../src/analysis/quick-fixes';
import { tempProject } from './temp-project';

async function findingsOf(file: string, text: string): Promise<{ findings: Finding[]; reanalyze: (t: string) => Promise<Finding[]> }> {
  const project = tempProject({ [file]: text });
  const run = async (): Promise<Finding[]> => (await analyzePaths({ paths: [project.dir], cwd: project.dir, types: 'off' })).findings;
  const findings = await run();
  return {
    findings,
    reanalyze: async (t) => {
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
    const { findings, reanalyze } = await findingsOf('server.js', src);
    const f = one(findings, 'no-sync-io-in-hot-path');
    const fixes = quickFixes(src, 'server.js', f);
    assert.deepEqual(fixes.map((x) => x.title), ['Use await fs.promises.readFile()']);
    const fixed = applyFix(src, fixes[0]);
    assert.equal(fixed.split('\n')[3], "  res.end((await fs.promises.readFile('page.html', 'utf8')).trim());");
    assert.deepEqual((await reanalyze(fixed)).filter((x) => x.rule === 'no-sync-io-in-hot-path'), []);
  });

  it('a readFileSync imported on its own gets readFile imported from node:fs/promises beside it', async () => {
    const esm = [
      "import { readFileSync } from 'node:fs';",
      "import http from 'node:http';",
      'http.createServer(async (req, res) => {',
      "  res.end(readFileSync('page.html'));",
      '}).listen(3000);',
      '',
    ].join('\n');
    const { findings, reanalyze } = await findingsOf('server.mjs', esm);
    const [fix] = quickFixes(esm, 'server.mjs', one(findings, 'no-sync-io-in-hot-path'));
    assert.equal(fix.title, 'Use await readFile() from node:fs/promises');
    const fixed = applyFix(esm, fix);
    assert.deepEqual(fixed.split('\n').slice(0, 5), [
      "import { readFileSync } from 'node:fs';",
      "import { readFile } from 'node:fs/promises';",
      "import http from 'node:http';",
      'http.createServer(async (req, res) => {',
      "  res.end(await readFile('page.html'));",
    ]);
    assert.deepEqual((await reanalyze(fixed)).filter((x) => x.rule === 'no-sync-io-in-hot-path'), []);

    const cjs = "const { statSync } = require('fs');\nasync function size(p) {\n  return statSync(p).size;\n}\n";
    const [cjsFix] = quickFixes(cjs, 'size.js', { rule: 'no-sync-io-in-hot-path', line: 3, column: 10, endLine: 3, endColumn: 21 });
    assert.equal(applyFix(cjs, cjsFix), "const { statSync } = require('fs');\nconst { stat } = require('node:fs/promises');\nasync function size(p) {\n  return (await stat(p)).size;\n}\n");
    // `readFile` already means something in the file: no fix rather than a clash.
    const clash = "const { readFileSync, readFile } = require('fs');\nasync function f() { return readFileSync('x'); }\n";
    assert.deepEqual(quickFixes(clash, 'c.js', { rule: 'no-sync-io-in-hot-path', line: 2, column: 29 }), []);
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
    const { findings, reanalyze } = await findingsOf('server.mjs', src);
    const sync = findings.filter((x) => x.rule === 'no-sync-io-in-hot-path');
    assert.equal(sync.length, 2, JSON.stringify(findings));
    for (const f of sync) assert.deepEqual(quickFixes(src, 'server.mjs', f), [], `line ${f.line}`);
    await reanalyze(src);
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
    const { findings, reanalyze } = await findingsOf('login.js', src);
    const f = one(findings, 'no-blocking-crypto-in-hot-path');
    const [fix] = quickFixes(src, 'login.js', f);
    assert.equal(fix.title, "Use the async crypto.pbkdf2() (libuv's thread pool)");
    const fixed = applyFix(src, fix);
    assert.equal(
      fixed.split('\n')[4],
      "  const key = await new Promise((resolve, reject) => crypto.pbkdf2(req.body.password, 'salt', 100000, 64, 'sha512', (err, result) => (err ? reject(err) : resolve(result))));",
    );
    assert.deepEqual((await reanalyze(fixed)).filter((x) => x.rule === 'no-blocking-crypto-in-hot-path'), []);
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
    const { findings, reanalyze } = await findingsOf('server.js', src);
    const f = one(findings, 'no-sync-io-in-hot-path');
    const [fix] = quickFixes(src, 'server.js', f);
    assert.equal(fix.title, 'Use the async cp.exec() (the event loop keeps running while it waits)');
    const fixed = applyFix(src, fix);
    assert.equal(fixed.split('\n')[3], "  res.end((await new Promise((resolve, reject) => cp.exec('git rev-parse HEAD', (err, result) => (err ? reject(err) : resolve(result))))).toString().trim());");
    assert.deepEqual((await reanalyze(fixed)).filter((x) => x.rule === 'no-sync-io-in-hot-path'), []);
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
      "async function audit(entry) { await fetch('http://audit.local', { method: 'POST', body: entry.url }); }",
      'http.createServer(async (req, res) => {',
      "  audit({ url: req.url });",
      "  res.end('ok');",
      '}).listen(3000);',
      '',
    ].join('\n');
    const { findings, reanalyze } = await findingsOf('server.js', src);
    const f = one(findings, 'no-floating-promise');
    const fixes = quickFixes(src, 'server.js', f);
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [
      ['Await it', true],
      ['Let it run, handling its rejection: void … .catch()', false],
    ]);
    assert.equal(applyFix(src, fixes[0]).split('\n')[3], '  await audit({ url: req.url });');
    const caught = applyFix(src, fixes[1]);
    assert.equal(caught.split('\n')[3], '  void audit({ url: req.url }).catch((err) => console.error(err));');
    assert.deepEqual((await reanalyze(caught)).filter((x) => x.rule === 'no-floating-promise'), []);
  });

  it('an unbounded Promise.all(items.map(fn)) gets a limit, with the helper added once, typed in TypeScript', async () => {
    const src = [
      "import express from 'express';",
      'const app = express();',
      'async function embed(doc: string): Promise<number[]> { return [doc.length]; }',
      "app.post('/embed', async (req, res) => {",
      '  const docs: string[] = req.body.docs;',
      '  res.json(await Promise.all(docs.map((doc) => embed(doc))));',
      '});',
      '',
    ].join('\n');
    const { findings, reanalyze } = await findingsOf('embed.ts', src);
    const f = one(findings, 'no-unbounded-promise-all');
    const [fix] = quickFixes(src, 'embed.ts', f);
    assert.equal(fix.title, 'Limit it to 16 at a time: mapWithLimit(docs, 16, …)');
    const fixed = applyFix(src, fix);
    assert.equal(fixed.split('\n')[5], '  res.json(await mapWithLimit(docs, 16, (doc) => embed(doc)));');
    // After the last line of the file: a blank line, then the helper.
    assert.equal(
      fixed.slice(fixed.lastIndexOf('});\n') + 4),
      [
        '',
        '/** At most `limit` calls of `fn` in flight at once; results in input order, like Promise.all(items.map(fn)). */',
        'async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number, all: readonly T[]) => R | Promise<R>): Promise<R[]> {',
        '  const results: R[] = new Array(items.length);',
        '  let next = 0;',
        '  const lane = async () => {',
        '    while (next < items.length) {',
        '      const i = next++;',
        '      results[i] = await fn(items[i], i, items);',
        '    }',
        '  };',
        '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));',
        '  return results;',
        '}',
        '',
      ].join('\n'),
    );
    // A second fix in the same file reuses the helper.
    assert.equal(quickFixes(fixed.replace('mapWithLimit(docs, 16, (doc) => embed(doc))', 'Promise.all(docs.map((doc) => embed(doc)))'), 'embed.ts', f)[0].edits.length, 1);
    // The fixed file has no finding of its own: not the fan-out, and nothing in the helper.
    assert.deepEqual((await reanalyze(fixed)).map((x) => `${x.rule}@${x.line}`), []);
  });

  it('the helper is untyped in JavaScript, and other Promise.all shapes get no fix', () => {
    const js = 'async function h(ids) {\n  return Promise.all(ids.map(load));\n}\n';
    const [fix] = quickFixes(js, 'h.js', { rule: 'no-unbounded-promise-all', line: 2, column: 10 });
    assert.equal(applyFix(js, fix).split('\n')[1], '  return mapWithLimit(ids, 16, load);');
    assert.match(fix.edits[1].text, /\nasync function mapWithLimit\(items, limit, fn\) \{\n  const results = new Array\(items\.length\);/);
    assert.deepEqual(quickFixes('Promise.all([a(), b()]);', 'a.js', { rule: 'no-unbounded-promise-all', line: 1, column: 1 }), []);
    assert.deepEqual(quickFixes('Promise.all(ids.map(f, ctx));', 'a.js', { rule: 'no-unbounded-promise-all', line: 1, column: 1 }), []);
  });

  it('rules without a safe rewrite get none', () => {
    assert.deepEqual(quickFixes('while (Date.now() < t) {}', 'a.js', { rule: 'no-busy-wait', line: 1, column: 1 }), []);
    assert.deepEqual(quickFixes('x();', 'a.js', { rule: 'no-sync-io-in-hot-path', line: 9, column: 1 }), []);
  });
});
