// Re-analysis after an edit must give the same answer as a fresh scan, including changes that move a
// function on or off a hot path in another file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Analyzer, analyzePaths, type AnalysisResult } from '../../src/analysis';
import { tempProject } from './temp-project';

const strip = (r: AnalysisResult) => r.findings.map((f) => `${f.file}:${f.line} ${f.rule} [${f.chain.map((s) => s.symbol).join(' > ')}]`);

test('updateFile matches a fresh scan after edits across files', (t) => {
  const p = tempProject({
    'server.ts': `import http from 'node:http';\nimport { render } from './render';\nhttp.createServer((req, res) => res.end(render()));\n`,
    'render.ts': `import { readFileSync } from 'node:fs';\nexport function render() {\n  return 'ok';\n}\n`,
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(strip(a.analyze()), []);

  const blocking = `import { readFileSync } from 'node:fs';\nexport function render() {\n  return readFileSync('t.html', 'utf8');\n}\n`;
  const afterEdit = a.updateFile(p.file('render.ts'), blocking);
  assert.deepEqual(strip(afterEdit), ['render.ts:3 no-sync-io-in-hot-path [<request handler> > render]']);

  // The caller stops calling render: the same line is no longer hot.
  const unhooked = `import http from 'node:http';\nimport { render } from './render';\nhttp.createServer((req, res) => res.end('static'));\nconst page = render();\n`;
  assert.deepEqual(strip(a.updateFile(p.file('server.ts'), unhooked)), []);

  fs.writeFileSync(p.file('server.ts'), unhooked);
  fs.writeFileSync(p.file('render.ts'), blocking);
  assert.deepEqual(strip(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' })), []);
});

test('a new file that satisfies a dangling import is linked; removing it unlinks', (t) => {
  const p = tempProject({ 'server.ts': `import http from 'node:http';\nimport { render } from './render';\nhttp.createServer((req, res) => res.end(render()));\n` });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(strip(a.analyze()), []);
  const text = `import { execSync } from 'node:child_process';\nexport function render() { return execSync('date').toString(); }\n`;
  fs.writeFileSync(p.file('render.ts'), text);
  assert.deepEqual(strip(a.updateFile(p.file('render.ts'))), ['render.ts:2 no-sync-io-in-hot-path [<request handler> > render]']);
  fs.rmSync(p.file('render.ts'));
  assert.deepEqual(strip(a.removeFile(p.file('render.ts'))), []);
});

test('suppression comments and severity overrides', (t) => {
  const p = tempProject({
    'a.ts': [
      `import { readFileSync, statSync } from 'node:fs';`,
      `export async function h(req: unknown, res: unknown) {`,
      `  // concurrency-lens-disable-next-line no-sync-io-in-hot-path`,
      `  readFileSync('a');`,
      `  statSync('b'); // concurrency-lens-disable-line`,
      `  // concurrency-lens-disable-next-line no-busy-wait`,
      `  readFileSync('c');`,
      `}`,
    ].join('\n'),
  });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.findings.map((f) => `${f.line} ${f.severity}`), ['7 warning']);
  const e = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', severity: { 'no-sync-io-in-hot-path': 'error' } });
  assert.deepEqual(e.findings.map((f) => `${f.line} ${f.severity}`), ['7 error']);
  const off = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', severity: { 'no-sync-io-in-hot-path': 'off' } });
  assert.deepEqual(off.findings, []);
});

test('type-aware: editing a file re-links callers that reach it through the type checker', (t) => {
  const p = tempProject({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
    'repo.ts': `import { readFileSync } from 'node:fs';\nexport class Repo {\n  load(p: string) { return readFileSync(p, 'utf8'); }\n}\n`,
    'ctrl.ts': `import type { Repo } from './repo';\nexport function make(repo: Repo) {\n  return async (name: string) => repo.load(name);\n}\n`,
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'on' });
  const before = strip(a.analyze());
  assert.deepEqual(before, ['repo.ts:3 no-sync-io-in-hot-path [<async function> > Repo.load]']);
  const shifted = `// a comment that moves every position\n` + fs.readFileSync(p.file('repo.ts'), 'utf8');
  assert.deepEqual(strip(a.updateFile(p.file('repo.ts'), shifted)), ['repo.ts:4 no-sync-io-in-hot-path [<async function> > Repo.load]']);
});
