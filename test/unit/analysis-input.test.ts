// Input the analyser must survive: syntax errors, binary and minified files, huge files, every source
// extension, solution-style tsconfigs with path aliases, and projects with no config at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import { tempProject } from './temp-project';

const HOT_READ = `import { readFileSync } from 'fs';\nexport async function h() { return readFileSync('x'); }\n`;

test('a file with a syntax error is analysed as far as it parses and noted', (t) => {
  const p = tempProject({
    'broken.ts': `import { readFileSync } from 'fs';\nexport async function h() {\n  readFileSync('a');\n  const x = ;\n}\nfunction (\n`,
    'ok.ts': HOT_READ,
  });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}`), ['broken.ts:3', 'ok.ts:2']);
  assert.equal(r.notes.length, 1);
  assert.equal(r.notes[0].file, 'broken.ts');
  assert.match(r.notes[0].reason, /syntax error at line 4/);
});

test('binary, minified and oversized files are skipped with a reason, the rest is analysed', (t) => {
  const minified = 'var a=1;'.repeat(5000) + HOT_READ.replace(/\n/g, ';');
  const huge = '// padding\n'.repeat(600_000) + HOT_READ;
  const binary = Buffer.concat([Buffer.from('const x = 1;'), Buffer.from([0, 1, 2, 0, 255]), Buffer.alloc(100)]);
  const p = tempProject({ 'bundle.min.js': minified, 'huge.ts': huge, 'image.js': binary, 'ok.ts': HOT_READ });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.findings.map((f) => f.file), ['ok.ts']);
  const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
  assert.match(reasons['bundle.min.js'], /minified/);
  assert.match(reasons['huge.ts'], /larger than 2\.0 MB/);
  assert.match(reasons['image.js'], /binary/);
  assert.equal(r.stats.files, 1);
});

test('pathologically deep nesting is skipped with a reason, not a crash', (t) => {
  const deep = 'export async function f(x: number) { return x' + '\n + x'.repeat(60_000) + '; }\n';
  const p = tempProject({ 'deep.ts': deep, 'ok.ts': HOT_READ });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.findings.map((f) => f.file), ['ok.ts']);
  assert.deepEqual(r.skipped.map((s) => s.file), ['deep.ts']);
  assert.match(r.skipped[0].reason, /nested too deeply/);
});

test('every source extension is analysed: .mjs .cjs .tsx .jsx .mts .cts', (t) => {
  const p = tempProject({
    'a.mjs': HOT_READ,
    'b.cjs': `const { readFileSync } = require('fs');\nexports.h = async () => readFileSync('x');\n`,
    'c.tsx': `import { readFileSync } from 'fs';\nexport async function C() { return <div>{readFileSync('x')}</div>; }\n`,
    'd.jsx': `import { readFileSync } from 'fs';\nexport const D = async () => <p>{readFileSync('x')}</p>;\n`,
    'e.mts': HOT_READ,
    'f.cts': HOT_READ,
    'notes.txt': HOT_READ,
  });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}`), ['a.mjs:2', 'b.cjs:2', 'c.tsx:2', 'd.jsx:2', 'e.mts:2', 'f.cts:2']);
});

test('solution-style tsconfig with references and path aliases links files across packages', (t) => {
  const p = tempProject({
    'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/api' }, { path: './packages/core' }] }),
    'packages/core/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['src'] }),
    'packages/core/src/io.ts': `import { readFileSync } from 'node:fs';\nexport function load(n: string) {\n  return readFileSync(n, 'utf8');\n}\n`,
    'packages/api/tsconfig.json': JSON.stringify({
      // comments and trailing commas are allowed in tsconfig
      compilerOptions: { baseUrl: '.', paths: { '@core/*': ['../core/src/*'] } }, include: ['src'], references: [{ path: '../core' }],
    }),
    'packages/api/src/server.ts': `import http from 'node:http';\nimport { load } from '@core/io';\nhttp.createServer((req, res) => res.end(load('x')));\n`,
  });
  t.after(p.cleanup);
  for (const types of ['off', 'on'] as const) {
    const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types });
    assert.equal(r.findings.length, 1, `types ${types}`);
    const f = r.findings[0];
    assert.equal(f.file, 'packages/core/src/io.ts');
    assert.equal(f.line, 3);
    assert.deepEqual(f.chain.map((s) => `${s.file}:${s.line}:${s.column} ${s.symbol}`), [
      'packages/api/src/server.ts:3:41 <request handler>',
      'packages/core/src/io.ts:3:10 load',
    ]);
  }
});

test('without any tsconfig or node_modules, imports are resolved from syntax alone', (t) => {
  const p = tempProject({ 'src/a.js': `import * as f from 'node:fs';\nexport async function h() { f.readFileSync('x'); }\n` });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'auto' });
  assert.equal(r.stats.typeAware, false);
  assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn}`), ['src/a.js:2:29-48']);
});

test('a missing path is an error, not an empty result', () => {
  assert.throws(() => analyzePaths({ paths: ['/definitely/not/here'], cwd: '/' }), /ENOENT/);
});

test('exclude globs and the default excludes keep files out', (t) => {
  const p = tempProject({ 'src/a.ts': HOT_READ, 'dist/a.js': HOT_READ, 'node_modules/x/index.js': HOT_READ, 'src/gen/b.ts': HOT_READ });
  t.after(p.cleanup);
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', exclude: ['src/gen/**'] });
  assert.deepEqual(r.findings.map((f) => f.file), ['src/a.ts']);
  const inc = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', include: ['src/gen/**'] });
  assert.deepEqual(inc.findings.map((f) => f.file), ['src/gen/b.ts']);
});

test('a folder asked for by name is analysed even inside a default-excluded folder name', (t) => {
  const p = tempProject({ 'build/tools/a.ts': HOT_READ, 'build/tools/node_modules/x/index.js': HOT_READ, 'src/b.ts': HOT_READ });
  t.after(p.cleanup);
  const all = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(all.findings.map((f) => f.file), ['src/b.ts']);
  const tools = analyzePaths({ paths: [p.file('build/tools')], cwd: p.dir, types: 'off' });
  assert.deepEqual(tools.findings.map((f) => f.file), ['build/tools/a.ts']);
});

test('test files are excluded by default and come back with --include, as test code: start-up, never hot', (t) => {
  const p = tempProject({ 'src/a.ts': HOT_READ, 'src/a.test.ts': HOT_READ, 'src/__tests__/b.ts': HOT_READ, 'src/c.spec.js': HOT_READ });
  t.after(p.cleanup);
  const byDefault = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(byDefault.findings.map((f) => f.file), ['src/a.ts']);
  assert.equal(byDefault.stats.files, 1);
  // Analysed again (calls through them link), but an async function in a test is a test, not code of unknown reach.
  const withTests = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', include: ['src/**'] });
  assert.equal(withTests.stats.files, 4);
  assert.deepEqual(withTests.findings.map((f) => f.file), ['src/a.ts']);
});
