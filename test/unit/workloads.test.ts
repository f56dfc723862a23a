// The profiler's accuracy on the labelled example workloads (examples/workloads/workloads.json): each one
// is profiled through the built CLI, as a user would, and must get its labelled type and model, and be
// told "keep it" exactly when its label says the model is already right.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MANIFEST, profileWorkload as profile } from './labelled-workloads';
import { freePort } from './process-helpers';

describe('labelled example workloads', () => {
  it('covers the eight kinds the issue asks for', () => {
    assert.ok(MANIFEST.length >= 8);
    const types = new Set(MANIFEST.map((w) => w.expect.type));
    for (const t of ['io-bound', 'cpu-bound', 'sync-io-blocking', 'large-data', 'mixed']) assert.ok(types.has(t), t);
  });

  for (const w of MANIFEST) {
    it(`${w.name}: ${w.expect.type} → ${w.expect.model}${w.expect.alreadyRight ? ' (keep)' : ''}`, async () => {
      const r = await profile(w, await freePort());
      assert.equal(r.code, 0, r.stderr.slice(-2000));
      const report = JSON.parse(r.stdout);
      const evidence = report.recommendation.path.map((s: { question: string; answer: string; evidence: string }) => `${s.question} ${s.answer}: ${s.evidence}`).join('\n');
      assert.equal(report.workload.type, w.expect.type, evidence);
      assert.equal(report.recommendation.model, w.expect.model, evidence);
      assert.equal(report.recommendation.alreadyRight, w.expect.alreadyRight, evidence);
      assert.match(report.run.stdoutTail, /throughput: [\d.]+ \w+\/s\s*$/, 'the workload finished its work and reported it');
      const workers = report.threads.filter((t: { role: string }) => t.role === 'worker');
      assert.equal(workers.length, report.metrics.details.offload.workers, 'every worker has its own utilisation');
      if (!w.expect.alreadyRight && w.expect.type !== 'io-bound') {
        assert.ok(report.recommendation.lines.length > 0, 'names the lines to change');
      }
    });
  }
});
