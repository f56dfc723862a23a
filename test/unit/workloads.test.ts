// The profiler's accuracy on the labelled example workloads (examples/workloads/workloads.json): each one
// is profiled through the built CLI, as a user would, and must get its labelled type and model, and be
// told "keep it" exactly when its label says the model is already right.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST, profileWorkload as profile } from './labelled-workloads';
import { freePort } from './process-helpers';

interface Place { file: string; line: number; source?: string }

/**
 * Every line a report points at exists in its file, no line is listed twice, and static findings among the
 * lines to change come from files the workload loads (not from a script beside it in the folder).
 */
function assertPlaceableLines(report: {
  cwd: string;
  hotspots: Place[];
  recommendation: { lines: Place[] };
  staticAnalysis?: { scope?: { files: string[] } };
}): void {
  const lineCount = new Map<string, number>();
  const linesIn = (file: string): number => {
    const abs = path.resolve(report.cwd, file);
    if (!lineCount.has(abs)) lineCount.set(abs, fs.readFileSync(abs, 'utf8').split('\n').length);
    return lineCount.get(abs)!;
  };
  for (const p of [...report.hotspots, ...report.recommendation.lines]) {
    assert.ok(p.line >= 1 && p.line <= linesIn(p.file), `${p.file}:${p.line} lies inside its file (${linesIn(p.file)} lines)`);
  }
  const keys = report.recommendation.lines.map((l) => `${path.resolve(report.cwd, l.file)}:${l.line}`);
  assert.equal(new Set(keys).size, keys.length, `no line twice: ${keys.join(', ')}`);
  const scope = report.staticAnalysis?.scope;
  assert.ok(scope, 'the command names a script, so the static findings are scoped to what it loads');
  const loaded = new Set(scope.files.map((f) => path.resolve(report.cwd, f)));
  for (const l of report.recommendation.lines) {
    if (l.source === 'static') assert.ok(loaded.has(path.resolve(report.cwd, l.file)), `${l.file} is loaded by the workload`);
  }
}

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
      assertPlaceableLines(report);
    });
  }
});
