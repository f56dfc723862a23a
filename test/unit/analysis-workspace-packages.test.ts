// Monorepos: one package of a workspace importing another by its package name (`@acme/db`), found from the analysed
// files' own package.json files, through `exports` (subpaths and conditions), `main` naming built output that is
// looked for in the sources, and nothing for a package the analysis does not hold. Each case is a small project
// analysed as `check` would, with no node_modules and no tsconfig paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { WorkspacePackages } from '../../src/analysis/workspace-packages';
import { tempProject } from './temp-project';

function analyse(files: Record<string, string>, paths: string[]): Finding[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: paths.map((x) => p.file(x)), cwd: p.dir, types: 'off', skipUnknownReach: true }).findings;
  } finally {
    p.cleanup();
  }
}

const SERVER = [
  "import express from 'express';",
  "import { loadReport } from '@acme/db';",
  "import { userCount } from '@acme/db/users';",
  "import { render } from '@acme/ui';",
  'const app = express();',
  "app.get('/report', (req, res) => res.send(loadReport(req.query.id) + userCount() + render()));",
].join('\n');

const DB = {
  'packages/db/package.json': JSON.stringify({
    name: '@acme/db',
    main: './dist/index.js',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './users': { import: './src/users.ts' } },
  }),
  'packages/db/src/index.ts': "import fs from 'node:fs';\nexport function loadReport(id: string) { return fs.readFileSync(`/reports/${id}.json`, 'utf8'); }\n",
  'packages/db/src/users.ts': "import { execSync } from 'node:child_process';\nexport function userCount() { return Number(execSync('wc -l /etc/passwd')); }\n",
};

test('an import of another workspace package by name reaches its source: exports, built output mapped to src/, subpaths', () => {
  const findings = analyse({ 'package.json': '{"private":true,"workspaces":["apps/*","packages/*"]}', 'apps/api/package.json': '{"name":"@acme/api"}', 'apps/api/src/server.ts': SERVER, ...DB }, ['apps/api/src', 'packages/db/src']);
  const blocking = findings.filter((f) => f.rule === 'no-sync-io-in-hot-path').map((f) => `${f.file}:${f.line} ${f.chain.map((s) => s.symbol).join(' → ')}`);
  assert.deepEqual(blocking.sort(), [
    'packages/db/src/index.ts:2 GET /report → loadReport',
    'packages/db/src/users.ts:2 GET /report → userCount',
  ]);
});

test('a workspace package whose files are not analysed, or a package of the registry, is not followed', () => {
  const findings = analyse({ 'apps/api/package.json': '{"name":"@acme/api"}', 'apps/api/src/server.ts': SERVER, ...DB }, ['apps/api/src']);
  assert.deepEqual(findings.filter((f) => f.rule === 'no-sync-io-in-hot-path'), []);
});

test('package entries: exports conditions, wildcard subpaths, main, and src/ fallbacks, in that order', () => {
  const manifests: Record<string, object> = {
    '/w/a/package.json': { name: 'a', exports: { '.': { require: './lib/index.js', source: './src/main.ts' }, './features/*': './src/features/*.ts' } },
    '/w/b/package.json': { name: '@s/b', main: 'build/index.js' },
    '/w/c/package.json': { name: 'c' },
  };
  const files = ['/w/a/src/main.ts', '/w/b/src/index.ts', '/w/c/index.ts'];
  const ws = new WorkspacePackages(() => files, (f) => (manifests[f] ? JSON.stringify(manifests[f]) : undefined));
  assert.deepEqual(ws.candidates('a').slice(0, 3), ['/w/a/src/main.ts', '/w/a/lib/index.js', '/w/a/src/index.js']);
  assert.deepEqual(ws.candidates('a/features/search'), ['/w/a/src/features/search.ts', '/w/a/features/search', '/w/a/src/features/search']);
  assert.deepEqual(ws.candidates('@s/b').slice(0, 2), ['/w/b/build/index.js', '/w/b/src/index.js']);
  assert.deepEqual(ws.candidates('c'), ['/w/c/src/index', '/w/c/index']);
  assert.deepEqual(ws.candidates('express'), []);
  assert.deepEqual(ws.candidates('a/../../etc'), []);
});
