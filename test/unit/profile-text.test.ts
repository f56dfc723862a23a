// The `profile` command's text report, from the real profile reports in test/fixtures/reports: the lines a
// person reads in a terminal, checked for the figures they must carry.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Measurements } from '../../src/advisor/measurements';
import { formatProfileText } from '../../src/report/profile-text';
import type { ConfirmedFinding, ProfileReport } from '../../src/report/profile-report';

const REPORTS = path.resolve(__dirname, '../../../test/fixtures/reports');
const profile = (name: string): ProfileReport => JSON.parse(fs.readFileSync(path.join(REPORTS, `profile-${name}.json`), 'utf8')) as ProfileReport;
const text = (p: ProfileReport): string[] => formatProfileText(p, { color: false }).split('\n');

describe('formatProfileText', () => {
  it('gives the closest call of the decision path beside the workload type, not a confidence', () => {
    const lines = text(profile('rag-pipeline'));
    // Step 3 of the fixture's path: main-thread stalls 45 % against a threshold of 25 %.
    assert.equal(lines.find((l) => l.startsWith('Workload:')), 'Workload:        mixed (closest call: step 3, margin 20 points)');
    assert.ok(!lines.some((l) => /confidence/i.test(l)));
  });

  it('speaks Python for a Python report: threads, the asyncio loop, the GIL and pickling, no postMessage or V8 heap', () => {
    const p = profile('matrix-copy-to-workers');
    p.language = 'python';
    p.machine.node = 'Python 3.11.7';
    const m = p.metrics.details;
    m.gil = { enabled: true, contendedShare: 0.25 } as NonNullable<Measurements['gil']>;
    m.messages = { count: 84, clonedBytes: 320 * 1024 * 1024, transferredBytes: 0, sharedBytes: 0, serializeMs: 7100, mainSerializeMs: 7000 };
    const lines = text(p);
    const all = lines.join('\n');
    assert.match(lines[1], /on \d+ cores, Python 3\.11\.7, /);
    assert.ok(lines.includes('  pickled for other processes: 84 objects, 320 MiB (7.1 s pickling, sending and loading) · 0 B placed in shared_memory'), all);
    assert.ok(lines.some((l) => l.startsWith('  threads ') && l.includes(' · processes ')), all);
    assert.ok(lines.some((l) => l.endsWith('two or more threads wanted the GIL in 25% of the samples')), all);
    assert.doesNotMatch(all, /postMessage:|heap peak|Node Python/);
  });

  it('shows CPU by thread role when the run measured it, and only the roles that had threads', () => {
    const p = profile('rag-pipeline');
    const row = (threads: number, cpuMs: number) => ({ threads, cpuMs, runQueueMs: 0 });
    const threadCpu: NonNullable<Measurements['threadCpu']> = {
      byRole: { main: row(1, 2400), worker: row(2, 3200), native: row(0, 0), runtime: row(5, 310), probe: row(1, 12) },
      offMainCpuMs: 3522,
      unlistedCpuMs: 0,
    };
    p.metrics.details.threadCpu = threadCpu;
    assert.ok(text(p).includes('  CPU by thread: main 2.4 s · workers ×2 3.2 s · V8 and Node helpers (GC, compiler) ×5 310 ms · the probe ×1 12 ms'), text(p).join('\n'));
    delete p.metrics.details.threadCpu;
    p.metrics.details.messages.serializeMs = 3200;
    assert.ok(text(p).some((l) => l.startsWith('  postMessage: ') && l.endsWith(', 3.2 s serialising in the senders')), text(p).join('\n'));
    assert.ok(!text(p).some((l) => l.includes('CPU by thread')));
  });

  it("counts the static findings in the workload's folder, as the panel does, and says how many are elsewhere", () => {
    const p = profile('rag-pipeline');
    const sa = p.staticAnalysis as { findings: ConfirmedFinding[]; files: number; durationMs: number };
    const f = sa.findings[0];
    sa.findings = [{ ...f, runtimeMs: 12 }, { ...f, line: 40 }, { ...f, file: 'examples/src/server.ts' }, { ...f, file: 'examples/src/routes.ts' }];
    const lines = text(p);
    const at = lines.indexOf('Static findings');
    assert.ok(at > 0);
    assert.equal(lines[at + 1], '  2 in examples/workloads/, 1 confirmed by the profile; 2 more elsewhere in the workspace:');
    assert.equal(lines[at + 2], `  ${f.file}:${f.line} ${f.rule} — 12 ms measured`);
  });
});
