// The analysis runs in a worker_threads worker in the editor. This drives the real bundled worker
// through the same client the extension uses: results arrive, edits are incremental, cancel stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AnalysisClient } from '../../src/extension/analysis-client';
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
