// The profile worker the editor uses (dist/workers/profile-worker.js through profile-client.ts): the
// workload's output is relayed as it comes, Cancel stops the workload and keeps the data, the report is
// built there too, and a job that fails rejects with its reason instead of hanging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProfileJob } from '../../src/profiler/profile-client';
import { neverStarted } from '../../src/profiler/runner';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'workers', 'profile-worker.js');
const WORKLOADS = path.join(ROOT, 'test', 'fixtures', 'workloads');

describe('profile worker', () => {
  it('profiles a workload off the calling thread, relays its output, then builds the report there', async () => {
    let output = '';
    const profiled = await runProfileJob(
      { kind: 'profile', options: { command: ['cpu-loop.js', '900', 'sync'], cwd: WORKLOADS, timeoutMs: 60_000, stdio: 'capture', stdin: 'ignore', blockThresholdMs: 50 } },
      { workerFile: WORKER, onOutput: (stream, text) => (output += `${stream}:${text}`) },
    );
    assert.equal(profiled.run.stoppedBy, 'exit');
    assert.equal(profiled.run.exitCode, 0);
    assert.match(output, /^stdout:rounds 1\n/);
    assert.ok(profiled.workload && profiled.measurements, 'the probe (dist/probe.js, beside the workers folder) reported');
    assert.ok(profiled.mainStretches.some((s) => s.durationMs >= 500), 'the one long synchronous block is a blocked stretch');

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-profile-worker-'));
    try {
      const report = await runProfileJob(
        {
          kind: 'report',
          input: {
            version: 'test',
            command: ['cpu-loop.js'],
            cwd: WORKLOADS,
            profiled: { ...profiled, workload: profiled.workload, measurements: profiled.measurements },
            staticAnalysis: { findings: [], files: 1, durationMs: 1 },
          },
          thresholds: { resultsDir: empty, blockMs: 80 },
        },
        { workerFile: WORKER },
      );
      assert.equal(report.kind, 'profile');
      assert.equal(report.workload.type, 'cpu-bound');
      assert.equal(report.thresholds.blockMs.value, 80, "the user's block threshold reached the worker");
      assert.equal(report.thresholds.blockMs.source, 'user');
      // The worker scopes the editor's findings to what the script loads (TypeScript required in the bundle).
      const sa = report.staticAnalysis;
      assert.ok(sa && 'findings' in sa && sa.scope, JSON.stringify(sa));
      assert.deepEqual(sa.scope, { script: 'cpu-loop.js', files: ['cpu-loop.js'], complete: true });
      const hot = report.hotspots.find((h) => h.file === 'cpu-loop.js');
      assert.ok(hot, 'the loop is a hotspot');
      assert.ok(hot.line <= fs.readFileSync(path.join(WORKLOADS, 'cpu-loop.js'), 'utf8').split('\n').length);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('stops the workload when the signal aborts, and keeps what was measured', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 1500);
    const profiled = await runProfileJob(
      { kind: 'profile', options: { command: ['sleeper.js'], cwd: WORKLOADS, timeoutMs: 60_000, stdio: 'capture', stdin: 'ignore', blockThresholdMs: 50 } },
      { workerFile: WORKER, signal: abort.signal },
    );
    assert.equal(profiled.run.stoppedBy, 'interrupt');
    assert.ok(Date.now() - started < 30_000, 'stopped long before the timeout');
    assert.ok(profiled.workload, 'the interrupted run still has its probe data');
  });

  it('reports a command that cannot start as a result, and a failing job as a rejection', async () => {
    const missing = await runProfileJob(
      { kind: 'profile', options: { command: ['no-such-script.js'], cwd: WORKLOADS, timeoutMs: 10_000, stdio: 'capture', stdin: 'ignore', blockThresholdMs: 50 } },
      { workerFile: WORKER },
    );
    assert.ok(neverStarted(missing.run));
    assert.match(missing.run.error ?? '', /no-such-script\.js/);
    await assert.rejects(
      // A report without a profile cannot be built: the worker's error comes back as the rejection.
      runProfileJob({ kind: 'report', input: { version: 'test', command: ['x.js'], cwd: WORKLOADS, profiled: {} as never }, thresholds: { useSaved: false } }, { workerFile: WORKER }),
      (err: Error) => err.message !== '' && !/exited with code/.test(err.message),
    );
    await assert.rejects(runProfileJob({ kind: 'report', input: {} as never, thresholds: {} }, { workerFile: path.join(ROOT, 'dist', 'workers', 'missing.js') }), /Cannot find module|missing\.js/);
  });
});
