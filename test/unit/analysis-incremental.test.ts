// Re-analysis after an edit must give the same answer as a fresh scan, including changes that move a
// function on or off a hot path in another file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Analyzer, analyzePaths, type AnalysisResult } from '../../src/analysis';
import { importSpecifiers, relatedFiles } from '../../src/analysis/import-graph';
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

test('removing a deleted folder forgets every file under it, and only those', (t) => {
  const sync = `import { execSync } from 'node:child_process';\nexport function render() { return execSync('date').toString(); }\n`;
  const p = tempProject({
    'server.ts': `import http from 'node:http';\nimport { render } from './views/render';\nimport { page } from './views-old/page';\nhttp.createServer((req, res) => res.end(render() + page())).listen(0);\n`,
    'views/render.ts': sync,
    'views-old/page.ts': sync.replace('render', 'page'),
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(strip(a.analyze()), [
    'views-old/page.ts:2 no-sync-io-in-hot-path [<request handler> > page]',
    'views/render.ts:2 no-sync-io-in-hot-path [<request handler> > render]',
  ]);
  fs.rmSync(p.file('views'), { recursive: true });
  // `views`, not `views-old`: a folder is a path prefix up to a separator.
  assert.deepEqual(strip(a.removeFile(p.file('views'))), ['views-old/page.ts:2 no-sync-io-in-hot-path [<request handler> > page]']);
  assert.equal(a.removeFile(p.file('never-analysed.log')).findings.length, 1, 'a path the analysis never held changes nothing');
});

test('a folder created on disk brings in the source files under it that the analysis takes', (t) => {
  const sync = `import { execSync } from 'node:child_process';\nexport function render() { return execSync('date').toString(); }\n`;
  const p = tempProject({
    'server.ts': [
      "import http from 'node:http';",
      "import { render } from './gen.v2/render';",
      'http.createServer((req, res) => res.end(render())).listen(0);',
      '',
    ].join('\n'),
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(strip(a.analyze()), []);
  fs.mkdirSync(p.file('gen.v2/nested'), { recursive: true });
  fs.writeFileSync(p.file('gen.v2/render.ts'), sync);
  fs.writeFileSync(p.file('gen.v2/nested/other.ts'), sync.replace('render', 'other'));
  fs.writeFileSync(p.file('gen.v2/render.test.ts'), sync); // a test: not taken
  fs.writeFileSync(p.file('gen.v2/notes.md'), '# not source\n');
  const after = a.updateFile(p.file('gen.v2'));
  assert.deepEqual(strip(after), ['gen.v2/render.ts:2 no-sync-io-in-hot-path [<request handler> > render]']);
  assert.equal(after.stats.files, 3);
  assert.deepEqual(strip(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' })), strip(after));
  assert.equal(a.updateFile(p.file('gen.v2/notes.md')).findings, after.findings, 'a file that is not source changes nothing');
});

test('files and folders deleted together are forgotten in one request, as a fresh scan of what is left would see it', (t) => {
  const sync = `import { execSync } from 'node:child_process';\nexport function render() { return execSync('date').toString(); }\n`;
  const p = tempProject({
    'server.ts': [
      "import http from 'node:http';",
      "import { render } from './views/render';",
      "import { render as v2 } from './api.v2/render';",
      "import { render as kept } from './kept/render';",
      'http.createServer((req, res) => res.end(render() + v2() + kept())).listen(0);',
      '',
    ].join('\n'),
    'views/render.ts': sync,
    'api.v2/render.ts': sync,
    'api.v2/nested/more.ts': sync,
    'kept/render.ts': sync,
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.equal(a.analyze().findings.length, 3);
  fs.rmSync(p.file('views/render.ts'));
  fs.rmSync(p.file('api.v2'), { recursive: true });
  // A file, a folder whose name has a dot, and a path the analysis never held.
  const after = a.removeFiles([p.file('views/render.ts'), p.file('api.v2'), p.file('logo.png')]);
  assert.deepEqual(strip(after), ['kept/render.ts:2 no-sync-io-in-hot-path [<request handler> > render]']);
  assert.equal(after.stats.files, 2);
  assert.deepEqual(strip(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' })), strip(after));
});

test('a request that changes nothing (a file outside the analysis opened or deleted) answers the last result without linking again', (t) => {
  const p = tempProject({
    'server.ts': `import http from 'node:http';\nimport { execSync } from 'node:child_process';\nhttp.createServer((req, res) => res.end(execSync('date'))).listen(0);\n`,
    'server.test.ts': `import { execSync } from 'node:child_process';\nexecSync('true');\n`,
  });
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  const first = a.analyze();
  assert.deepEqual(strip(first), ['server.ts:3 no-sync-io-in-hot-path [<request handler>]']);
  // The same findings, not recomputed ones: a test file is excluded, a declaration file in node_modules is outside.
  assert.equal(a.updateFile(p.file('server.test.ts')).findings, first.findings);
  assert.equal(a.updateFile(p.file('node_modules/lib/index.d.ts'), 'export declare const x: number;\n').findings, first.findings);
  assert.equal(a.removeFile(p.file('gone-folder')).findings, first.findings);
  // A real change links again, and the answer after it is the new one.
  const edited = a.updateFile(p.file('server.ts'), `import http from 'node:http';\nhttp.createServer((req, res) => res.end('ok')).listen(0);\n`);
  assert.deepEqual(strip(edited), []);
  assert.equal(a.updateFile(p.file('server.test.ts')).findings, edited.findings);
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

// The editor's first pass (Analyzer.analyzeFocus): the open file's findings from the files related to it by imports.
const FOCUS_PROJECT = {
  'server.ts': `import http from 'node:http';\nimport { route } from './routes';\nhttp.createServer((req, res) => res.end(route(req.url ?? '')));\n`,
  'routes.ts': `import { render } from './render';\nexport function route(url: string) {\n  return render(url);\n}\n`,
  'render.ts': `import { readFileSync } from 'node:fs';\nimport { escape } from './util';\nexport function render(name: string) {\n  return escape(readFileSync(name, 'utf8'));\n}\n`,
  'util.ts': `import { execSync } from 'node:child_process';\nexport function escape(s: string) {\n  return s.replace(/</g, '&lt;');\n}\nexport function unused() {\n  return execSync('date');\n}\n`,
  'other.ts': `import { readFileSync } from 'node:fs';\nexport async function elsewhere() {\n  return readFileSync('x');\n}\n`,
};

test('analyzeFocus: the focus file\'s findings, reached through importers of importers, and nothing outside it', (t) => {
  const p = tempProject(FOCUS_PROJECT);
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  const first = a.analyzeFocus([p.file('render.ts')]);
  assert.deepEqual(strip(first), ['render.ts:4 no-sync-io-in-hot-path [<request handler> > route > render]']);
  // render.ts, its importers (routes, server) and its import (util); not other.ts.
  assert.equal(first.stats.files, 4);
  // The whole workspace afterwards, as if the first pass had not run; the same answer for render.ts.
  const full = a.analyze();
  assert.deepEqual(strip(full), strip(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' })));
  assert.deepEqual(strip(full).filter((s) => s.startsWith('render.ts')), strip(first));
});

test('analyzeFocus: within a size budget the nearest files come first, and floating promises wait for the full pass', (t) => {
  const p = tempProject({
    ...FOCUS_PROJECT,
    'jobs.ts': `import { send } from './mail';\nsetInterval(() => {\n  send();\n}, 1000);\n`,
    'mail.ts': `import { post } from './transport';\nexport async function send() {\n  await post();\n}\n`,
    'transport.ts': `export async function post() {\n  try {\n    await fetch('http://x');\n  } catch {\n    return;\n  }\n}\n`,
  });
  t.after(p.cleanup);
  const chars = (...names: string[]): number => names.reduce((n, f) => n + fs.readFileSync(p.file(f), 'utf8').length, 0);
  // Importers and imports at distance 1 only: routes.ts and util.ts, not server.ts, so no entry reaches render().
  const near = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' }).analyzeFocus([p.file('render.ts')], chars('render.ts', 'routes.ts', 'util.ts'));
  assert.equal(near.stats.files, 3);
  assert.equal(near.complete, false);
  assert.deepEqual(strip(near), []);
  // The same with every file counting for 1,000 characters.
  assert.equal(new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' }).analyzeFocus([p.file('render.ts')], 3000, 1000).stats.files, 3);
  // A second call with a larger budget grows the first's answer: server.ts now holds the entry.
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(strip(a.analyzeFocus([p.file('render.ts')], 3000, 1000)), []);
  const wider = a.analyzeFocus([p.file('render.ts')]);
  assert.equal(wider.complete, true);
  assert.deepEqual(strip(wider), ['render.ts:4 no-sync-io-in-hot-path [<request handler> > route > render]']);
  // send() cannot fail because post() catches everything: only known with transport.ts, which the budget leaves out.
  const full = strip(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' })).filter((s) => s.startsWith('jobs.ts'));
  assert.deepEqual(full, []);
  assert.deepEqual(strip(new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' }).analyzeFocus([p.file('jobs.ts')])), full);
  assert.deepEqual(strip(new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' }).analyzeFocus([p.file('jobs.ts')], chars('jobs.ts', 'mail.ts'))), []);
});

test('analyzeFocus: excluded or missing focus files are ignored, and updateFile after it scans the workspace', (t) => {
  const p = tempProject(FOCUS_PROJECT);
  t.after(p.cleanup);
  const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off', exclude: ['other.ts'] });
  const first = a.analyzeFocus([p.file('other.ts'), p.file('nope.ts')]);
  assert.deepEqual(first.findings, []);
  assert.equal(first.stats.files, 0);
  const updated = a.updateFile(p.file('render.ts'));
  assert.deepEqual(strip(updated), ['render.ts:4 no-sync-io-in-hot-path [<request handler> > route > render]']);
  assert.equal(updated.stats.files, 4, 'the whole workspace but the excluded file');
});

test('relatedFiles: importers at every level come before imports beyond the direct ones, within the budget', () => {
  // e → d → c → focus → a → b → x ("→": imports)
  const imports = new Map([['e', ['d']], ['d', ['c']], ['c', ['focus']], ['focus', ['a']], ['a', ['b']], ['b', ['x']], ['x', []], ['other', ['x']]]);
  const all = relatedFiles(['focus'], imports);
  assert.deepEqual([...all.files].sort(), ['a', 'b', 'c', 'd', 'e', 'focus', 'x']);
  assert.equal(all.complete, true);
  const cut = relatedFiles(['focus'], imports, 5);
  assert.deepEqual([...cut.files], ['focus', 'c', 'a', 'd', 'e']);
  assert.equal(cut.complete, false);
  assert.deepEqual(importSpecifiers(`import a from './a';\nimport type { B } from "./b";\nexport * from './c';\nimport './d';\nconst e = require('./e');\nconst f = await import('./f');\n// import x from './in-a-comment' counts too\n`), ['./a', './b', './c', './d', './e', './f', './in-a-comment']);
});
