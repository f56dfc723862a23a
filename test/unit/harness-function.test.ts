// `bench --function`: the user's own function measured through the built CLI, as a user runs it. String
// inputs go through cloning pools only; typed-array inputs also through shared memory, which must beat
// cloning them. Broken functions and arguments end with a clear error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadLatestResult } from '../../src/harness/result-store';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/bench-function');

function bench(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'bench', '--quick', ...args], { cwd: FIXTURES, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bench --function', () => {
  it('measures a CommonJS function on string inputs on one thread and on pools, and saves it apart from machine results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-fn-'));
    try {
      const r = bench(['--format', 'json', '--results-dir', dir, '--function', 'score-text.js#scoreText', '--input', 'text-inputs.js']);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      assert.deepEqual(['io', 'cpu', 'serialization', 'hybrid'].filter((k) => k in result), [], 'only the function is measured');
      const f = result.function;
      assert.equal(f.module, path.join(FIXTURES, 'score-text.js'));
      assert.deepEqual([f.exportName, f.inputs, f.binary], ['scoreText', 24, false]);
      assert.ok(f.mainThreadMs.median > 0);
      const workers = f.points.map((p: { mode: string; workers: number }) => `${p.mode}:${p.workers}`);
      const cores = os.availableParallelism();
      assert.deepEqual(workers, [1, 2, 4, 8].filter((n) => n <= Math.max(2, cores * 2)).map((n) => `worker-threads:${n}`));
      for (const p of f.points) assert.ok(p.speedup > 0 && p.wallMs.samples.length === 3, JSON.stringify(p));
      assert.ok(f.points.some((p: { workers: number; mode: string }) => p.mode === f.best.mode && p.workers === f.best.workers));
      assert.match(f.notes.join(' '), /Shared memory was not tried/);
      const saved = fs.readdirSync(dir);
      assert.equal(saved.length, 1);
      assert.match(saved[0], /^function-.*\.json$/);
      assert.equal(await loadLatestResult(dir), undefined, 'a function run never stands in for the machine thresholds');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands typed-array inputs over in shared memory too, an ES module, and sharing beats cloning them', () => {
    const r = bench(['--format', 'json', '--no-save', '--function', 'column-sums.mjs#columnSums', '--input', 'matrix-inputs.mjs']);
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout).function;
    assert.equal(f.binary, true);
    assert.equal(f.inputBytes, 8 * 512 * 512 * 8);
    assert.ok(f.sharedSetupMs >= 0);
    // 16 MiB cloned per pass against a few ms of reading it: the copy dominates. The best run of each
    // model, over every pool size, is what a neighbour's load disturbs least.
    const best = (mode: string): number =>
      Math.min(...f.points.filter((p: { mode: string }) => p.mode === mode).map((p: { wallMs: { min: number } }) => p.wallMs.min));
    assert.ok(best('shared-memory') < best('worker-threads'), JSON.stringify(f.points));
  });

  it('prints text with a row per model', () => {
    const r = bench(['--no-save', '--function', 'score-text.js#scoreText', '--input', 'text-inputs.js']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Your function scoreText .* on 24 inputs/);
    assert.match(r.stdout, /worker-threads +2 +[\d.]+ ms/);
    assert.match(r.stdout, /best: worker-threads × \d+/);
  });

  it('reports the function\'s own failure, and a missing export, as errors of the run', () => {
    const threw = bench(['--no-save', '--function', 'throws.js#explode', '--input', 'text-inputs.js']);
    assert.equal(threw.code, 2);
    assert.equal(threw.stdout, '');
    assert.match(threw.stderr, /benchmark failed: the function under test failed/);
    const missing = bench(['--no-save', '--function', 'score-text.js#notAFunction', '--input', 'text-inputs.js']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /has no exported function 'notAFunction' \(found number\)/);
  });

  it('refuses bad arguments before anything runs', () => {
    for (const [args, message] of [
      [['--function', 'score-text.js#scoreText'], /--function and --input go together/],
      [['--function', 'nowhere.js#f', '--input', 'text-inputs.js'], /--function: .*nowhere\.js does not exist/],
      [['--function', 'score-text.js#scoreText', '--input', 'nowhere.js'], /--input: .*nowhere\.js does not exist/],
      [['--function', 'score-text.js#', '--input', 'text-inputs.js'], /expected path\/to\/module\.js#exportName/],
    ] as const) {
      const r = bench([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
