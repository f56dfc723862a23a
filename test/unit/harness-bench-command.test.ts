// `concurrency-lens bench` in-process with a fake harness: what reaches stdout, stderr and the results
// folder, and the exit codes. The real harness in its worker is exercised by harness-worker.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIO } from '../../src/cli/io';
import { run, type CliDeps } from '../../src/cli/run';
import { BenchCancelled } from '../../src/harness/bench-client';
import type { BenchRequest } from '../../src/harness/bench-messages';
import type { BenchResult } from '../../src/harness/result-types';
import { sampleBenchResult } from './harness-sample';

const dir = mkdtempSync(path.join(tmpdir(), 'cl-bench-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function bench(argv: string[], outcome: () => Promise<BenchResult> = () => Promise.resolve(sampleBenchResult())) {
  let stdout = '';
  let stderr = '';
  const requests: BenchRequest[] = [];
  const io: CliIO = { cwd: dir, env: {}, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const deps: CliDeps = {
    analyze: () => {
      throw new Error('not used');
    },
    packageInfo: () => ({ version: '9.8.7' }),
    profile: () => Promise.reject(new Error('not used')),
    flamegraph: () => Promise.reject(new Error('not used')),
    bench: (request, onProgress) => {
      requests.push(request);
      onProgress({ suite: 'cpu', step: 'tokenize, worker-threads × 2', percent: 42 });
      return outcome();
    },
  };
  const code = await run(['bench', ...argv], io, deps);
  return { code, stdout, stderr, requests };
}

describe('bench command', () => {
  it('json: the result on stdout, progress on stderr, the same document saved under --results-dir', async () => {
    const r = await bench(['--suite', 'serialization,hybrid', '--quick', '--format', 'json', '--results-dir', 'results']);
    assert.equal(r.code, 0);
    assert.deepEqual(r.requests, [{ suites: ['serialization', 'hybrid'], quick: true, version: '9.8.7' }]);
    assert.deepEqual(JSON.parse(r.stdout), sampleBenchResult());
    assert.match(r.stderr, /\[ 42%\] cpu: tokenize, worker-threads × 2\n/);
    const saved = readdirSync(path.join(dir, 'results'));
    assert.deepEqual(saved, ['bench-2026-01-02T03-04-05.678Z.json']);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'results', saved[0]), 'utf8')), sampleBenchResult());
    assert.match(r.stderr, /saved .*bench-2026-01-02T03-04-05\.678Z\.json/);
  });

  it('text: one table per suite, the crossover in MiB; --no-save leaves no file', async () => {
    const r = await bench(['--no-save', '--results-dir', 'never']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Concurrency Lens benchmarks \(quick\): 2 cores, Test CPU, Node v20\.0\.0, 8\.0 GiB RAM, load 0\.1 0\.2 0\.3 before, 1\.5 0\.5 0\.4 after\n/);
    assert.match(r.stdout, /clone rate 2000 MiB\/s, overhead 1\.0 ms/);
    assert.match(r.stdout, /50 ms → 49\.0 MiB/);
    assert.match(r.stdout, /hybrid-worker-pool\s+50\.0 ms ±0\.0 ms\s+80$/m);
    assert.match(r.stdout, /skipped: needs about 1024 MB/);
    assert.doesNotMatch(r.stdout, /I\/O fan-out|CPU scaling/, 'suites that did not run are not shown');
    assert.throws(() => readdirSync(path.join(dir, 'never')), /ENOENT/);
  });

  it('an interrupted run exits 130 and prints and saves nothing', async () => {
    const r = await bench(['--results-dir', 'cancelled'], () => Promise.reject(new BenchCancelled()));
    assert.equal(r.code, 130);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /benchmark interrupted; nothing was saved/);
    assert.throws(() => readdirSync(path.join(dir, 'cancelled')), /ENOENT/);
  });

  it('a harness failure is reported as the run failing, exit 2', async () => {
    const r = await bench(['--no-save'], () => Promise.reject(new Error('worker exploded')));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /benchmark failed: worker exploded/);
  });
});
