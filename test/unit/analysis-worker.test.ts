// The analysis runs in a worker_threads worker in the editor. This drives the real bundled worker
// through the same client the extension uses: results arrive, edits are incremental, cancel stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisClient, type WorkerLoaded } from '../../src/extension/analysis-client';
import { FIXTURES, key, readExpectations } from './fixture-expectations';
import { tempProject } from './temp-project';

const WORKER = path.resolve(__dirname, '../../../dist/workers/analysis-worker.js');

test('the worker analyses, re-analyses one file, and reports errors', async (t) => {
  const p = tempProject({ 'a.ts': `import { readFileSync } from 'fs';\nexport async function h() {\n  return 1;\n}\n` });
  const client = new AnalysisClient(WORKER);
  t.after(() => { client.dispose(); p.cleanup(); });
  const first = await client.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.equal(first.findings.length, 0);
  const second = await client.update!(p.file('a.ts'), `import { readFileSync } from 'fs';\nexport async function h() {\n  return readFileSync('x');\n}\n`);
  assert.deepEqual(second!.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), ['a.ts:3 no-sync-io-in-hot-path']);
  await assert.rejects(client.analyze({ paths: ['/no/such/dir'], cwd: '/' }), /ENOENT/);
});

test('a type-aware analysis in the worker loads the lib files for the checker and finds what only types show', async (t) => {
  const dir = path.join(FIXTURES, 'rules', 'types-only');
  const client = new AnalysisClient(WORKER);
  t.after(() => client.dispose());
  const result = await client.analyze({ paths: [dir], cwd: dir, types: 'on' });
  assert.equal(result.stats.typeAware, true);
  assert.deepEqual(result.notes, []);
  // `db.query(...)` floats only if the checker knows a Promise: the lib files were found.
  assert.deepEqual(result.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort(), readExpectations(dir, ['expect', 'expect-types']).map(key).sort());
});

test('cancel terminates the worker mid-analysis and a later request starts a fresh one', async (t) => {
  const client = new AnalysisClient(WORKER);
  t.after(() => client.dispose());
  const running = client.analyze({ paths: [path.join(FIXTURES, 'rules')], cwd: FIXTURES, types: 'on' });
  setTimeout(() => client.cancel(), 50);
  await assert.rejects(running, /cancelled/);
  assert.equal(client.update('x.ts'), undefined, 'state went with the worker');
  const dir = path.join(FIXTURES, 'rules', 'cross-file');
  const again = await client.analyze({ paths: [dir], cwd: dir, types: 'off' });
  assert.deepEqual(again.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort(), readExpectations(dir).map(key).sort());
});

test('with open files, the worker answers for them first, then for the workspace', async (t) => {
  const p = tempProject({
    'server.ts': `import http from 'node:http';\nimport { render } from './render';\nhttp.createServer((req, res) => res.end(render()));\n`,
    'render.ts': `import { readFileSync } from 'node:fs';\nexport function render() {\n  return readFileSync('t.html', 'utf8');\n}\n`,
    'other.ts': `import { execSync } from 'node:child_process';\nexport async function h() {\n  return execSync('date');\n}\n`,
  });
  const client = new AnalysisClient(WORKER);
  t.after(() => { client.dispose(); p.cleanup(); });
  const order: string[] = [];
  let focusRead = 0;
  const full = await client.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' }, {
    focus: () => {
      focusRead++;
      return [p.file('render.ts')];
    },
    onFirst: (first, focus) => {
      order.push('first');
      assert.deepEqual(focus, [p.file('render.ts')]);
      assert.deepEqual(first.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), ['render.ts:3 no-sync-io-in-hot-path']);
      assert.equal(first.stats.files, 2, 'render.ts and server.ts, which imports it');
    },
  }).then((r) => {
    order.push('workspace');
    return r;
  });
  assert.deepEqual(order, ['first', 'workspace']);
  assert.equal(focusRead, 1);
  assert.deepEqual(full.findings.map((f) => `${f.file}:${f.line} ${f.rule}${f.reach ? ` (${f.reach})` : ''}`), ['other.ts:3 no-sync-io-in-hot-path (unknown)', 'render.ts:3 no-sync-io-in-hot-path']);
  // No open file: no first answer.
  let firsts = 0;
  await client.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' }, { focus: () => [], onFirst: () => firsts++ });
  assert.equal(firsts, 0);
});

test('when the nearest files leave some out, a second first pass from more files follows, before the workspace', async (t) => {
  // server.ts → r1.ts → … → r11.ts → render.ts: the entry is 12 importers away, beyond the quick pass's 10 files.
  const files: Record<string, string> = {
    'server.ts': `import http from 'node:http';\nimport { r1 } from './r1';\nhttp.createServer((req, res) => res.end(r1()));\n`,
    'render.ts': `import { readFileSync } from 'node:fs';\nexport function render() {\n  return readFileSync('t.html', 'utf8');\n}\n`,
  };
  for (let i = 1; i <= 11; i++) files[`r${i}.ts`] = `import { ${i === 11 ? 'render' : `r${i + 1}`} } from './${i === 11 ? 'render' : `r${i + 1}`}';\nexport function r${i}() {\n  return ${i === 11 ? 'render' : `r${i + 1}`}();\n}\n`;
  const p = tempProject(files);
  const client = new AnalysisClient(WORKER);
  t.after(() => { client.dispose(); p.cleanup(); });
  const firsts: Array<{ files: number; findings: number }> = [];
  const full = await client.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' }, {
    focus: () => [p.file('render.ts')],
    onFirst: (first) => firsts.push({ files: first.stats.files, findings: first.findings.length }),
  });
  assert.deepEqual(firsts, [{ files: 10, findings: 0 }, { files: 13, findings: 1 }]);
  assert.equal(full.findings.length, 1);
});

test('requests made while the worker loads wait in order; the worker reports its load and writes a code cache that the next start uses', async (t) => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-code-cache-'));
  const p = tempProject({ 'a.ts': `import { readFileSync } from 'fs';\nexport async function h() {\n  return readFileSync('x');\n}\n` });
  t.after(() => { p.cleanup(); fs.rmSync(cache, { recursive: true, force: true }); });
  const first = new AnalysisClient(WORKER, { codeCacheDir: cache });
  t.after(() => first.dispose());
  first.start();
  assert.ok(!first.loaded, 'loading takes a while');
  // Sent before `ready`: analyze, then an update that needs it; both answer, in order.
  const analysed = first.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' });
  const updated = first.update(p.file('a.ts'), `export async function h() {\n  return 1;\n}\n`);
  assert.ok(updated, 'update is accepted once analyze has been asked for');
  assert.equal((await analysed).findings.length, 1);
  assert.equal((await updated!).findings.length, 0);
  const loaded = first.loaded as WorkerLoaded | undefined;
  assert.equal(loaded?.codeCache, 'none');
  assert.ok(loaded.readyMs >= loaded.loadMs && loaded.loadMs > 0, JSON.stringify(loaded));
  // The caches are written after the first analysis, off the request's way: TypeScript and the analyser (a syntax-only
  // analysis never loads the lib files, which only the type checker needs).
  const written = await waitUntil(() => {
    const bins = fs.readdirSync(cache).filter((f) => f.endsWith('.bin'));
    return bins.length >= 2 ? bins : [];
  });
  assert.deepEqual(written.map((f) => f.replace(/-\d.*$/, '')).sort(), ['analysis-core', 'typescript']);
  first.dispose();

  const second = new AnalysisClient(WORKER, { codeCacheDir: cache });
  t.after(() => second.dispose());
  const again = await second.analyze({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.equal(again.findings.length, 1, 'from the file on disk (the update was an unsaved text)');
  assert.equal(second.loaded?.codeCache, 'used');
});

async function waitUntil<T>(probe: () => T[], ms = 20_000): Promise<T[]> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v.length > 0 || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
