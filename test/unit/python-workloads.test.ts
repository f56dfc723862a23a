// The Python profiler on the labelled Python workloads (examples/workloads/python/workloads.json): each is
// profiled through the built CLI (dist/cli.js, so `npm run build` first) with the machine's python3, and
// must get its labelled type and model, and "keep it" exactly when its label says the model is right. The labels
// hold for the documented thresholds (--default-thresholds): a `bench --python` result saved on this machine
// must not change what the test checks, as for the Node workloads (labelled-workloads.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIR = path.join(ROOT, 'examples', 'workloads', 'python');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface LabelledPython {
  name: string;
  command: string[];
  expect: { type: string; model: string; alreadyRight: boolean };
}

const MANIFEST = JSON.parse(fs.readFileSync(path.join(DIR, 'workloads.json'), 'utf8')) as LabelledPython[];
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const skip = python.error || python.status !== 0 ? 'python3 is not on PATH: the Python profiler cannot be tested here' : !fs.existsSync(CLI) ? 'dist/cli.js is missing: run npm run build' : false;

function profile(w: LabelledPython): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'profile', '--no-static', '--default-thresholds', '--format', 'json', '--timeout', '120', ...w.command], { cwd: DIR, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('labelled Python workloads', { skip }, () => {
  it('covers every type, the GIL-bound one included', () => {
    const types = new Set(MANIFEST.map((w) => w.expect.type));
    for (const t of ['io-bound', 'cpu-bound', 'gil-bound', 'large-data', 'sync-io-blocking', 'mixed']) assert.ok(types.has(t), t);
  });

  for (const w of MANIFEST) {
    it(`${w.name}: ${w.expect.type} → ${w.expect.model}${w.expect.alreadyRight ? ' (keep)' : ''}`, async () => {
      const r = await profile(w);
      assert.equal(r.code, 0, r.stderr.slice(-2000));
      const report = JSON.parse(r.stdout);
      const evidence = report.recommendation.path.map((s: { question: string; answer: string; evidence: string }) => `${s.question} ${s.answer}: ${s.evidence}`).join('\n');
      assert.equal(report.language, 'python');
      assert.equal(report.workload.type, w.expect.type, evidence);
      assert.equal(report.recommendation.model, w.expect.model, evidence);
      assert.equal(report.recommendation.alreadyRight, w.expect.alreadyRight, evidence);
      assert.deepEqual(report.run.leftoverPids, [], 'nothing the run started outlives it');
      if (!w.expect.alreadyRight && w.expect.type !== 'io-bound') assert.ok(report.recommendation.lines.length > 0, `names the lines to change\n${evidence}`);
    });
  }
});

describe('a missing Python interpreter', { skip: fs.existsSync(CLI) ? false : 'dist/cli.js is missing: run npm run build' }, () => {
  it('says which interpreter was not found, and exits 2', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'profile', '--no-static', '--python', '/nonexistent/python3', 'threads_gil.py'], { cwd: DIR }, (error, _stdout, stderr) =>
        resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stderr }),
      ),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Python interpreter not found: \/nonexistent\/python3/);
  });
});
