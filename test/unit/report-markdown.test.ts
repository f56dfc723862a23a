// The Markdown summary, from the real profile and bench reports in test/fixtures/reports: what a reviewer
// reads in a pull-request comment, and that no report text can break its tables or code spans.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { BenchResult } from '../../src/harness/result-types';
import { lensDocument, type LensDocument } from '../../src/report/lens-document';
import type { ConfirmedFinding, ProfileReport } from '../../src/report/profile-report';
import { code, renderReportMarkdown } from '../../src/report/report-markdown';
import { formatValue } from '../../src/report/views/format';

const REPORTS = path.resolve(__dirname, '../../../test/fixtures/reports');
const load = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(REPORTS, name), 'utf8')) as T;
const profile = (name: string): ProfileReport => load<ProfileReport>(`profile-${name}.json`);
const bench = (): BenchResult => load<BenchResult>('bench-quick.json');
const doc = (p?: ProfileReport, b?: BenchResult): LensDocument =>
  lensDocument({ version: '1.2.3', now: new Date('2026-11-21T10:00:00.000Z'), ...(p ? { profile: p } : {}), ...(b ? { bench: b, benchSource: { ranForReport: false } } : {}) });

/** The cells of a table row, split on the pipes that are not escaped. */
const cells = (line: string): string[] => line.replace(/^\| /, '').replace(/ \|$/, '').split(/(?<!\\) \| /);
const tableRows = (md: string, heading: RegExp): string[] => {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  assert.ok(start >= 0, `no heading ${heading}`);
  const rows: string[] = [];
  for (const l of lines.slice(start + 4)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  return rows;
};

describe('renderReportMarkdown', () => {
  it('heads with the verdict, the title and the summary', () => {
    const p = profile('rag-pipeline');
    const md = renderReportMarkdown(doc(p));
    const lines = md.split('\n');
    // The step whose deciding measurement came nearest its threshold (the fixture's step 3: 45 % against 25 %).
    assert.equal(lines[0], '## Concurrency Lens: mixed → hybrid (closest call: step 3, margin 20 points)');
    assert.equal(lines[2], '**I/O and CPU on one loop: move the CPU stages to a worker pool**');
    assert.equal(lines[4], p.recommendation.summary);
    assert.equal(lines[6], '`examples/workloads/rag-pipeline.js`: 4.07 s wall, 2.56 s CPU, main thread busy 55 %, loop delay p99 196 ms, exit 0');
    const tokenize = renderReportMarkdown(doc(profile('tokenize-main-thread'))).split('\n')[0];
    // Step 4: CPU while busy 99.8 % against 50 %, a hair nearer than step 3's 99.9 % against 50 %.
    assert.equal(tokenize, '## Concurrency Lens: cpu-bound → worker-pool (closest call: step 4, margin 50 points)');
    const fanout = renderReportMarkdown(doc(profile('llm-fanout')));
    assert.match(fanout.split('\n')[2], /^\*\*Already async with bounded concurrency\*\* \(already right\)$/);
  });

  it('lists every step of the decision path with its answer and evidence', () => {
    for (const name of ['rag-pipeline', 'tokenize-main-thread', 'llm-fanout', 'matrix-copy-to-workers']) {
      const p = profile(name);
      const md = renderReportMarkdown(doc(p));
      assert.ok(p.recommendation.path.length >= 2);
      p.recommendation.path.forEach((step, i) => {
        const line = `${i + 1}. ${step.question} → **${step.answer}**: ${step.evidence}`;
        assert.ok(md.split('\n').includes(line), `${name}: missing step ${i + 1}:\n${line}\nin\n${md}`);
      });
    }
  });

  it('names each line to change as file:line with its why, and the top five hotspots in a table', () => {
    const p = profile('rag-pipeline');
    const md = renderReportMarkdown(doc(p));
    const lines = tableRows(md, /^### Lines to change$/);
    assert.equal(lines.length, Math.min(5, p.recommendation.lines.length));
    const first = p.recommendation.lines[0];
    assert.deepEqual(cells(lines[0]), [`\`${first.file}:${first.line}\``, first.function ? `\`${first.function}\`` : '', first.why]);
    const hot = tableRows(md, /^### Top 5 hotspots$/);
    assert.equal(hot.length, 5);
    assert.deepEqual(cells(hot[0]), ['`(anonymous)`', '`examples/workloads/rag-pipeline.js:27`', '1.3 s', '32 %', '1.11 s', '']);
    assert.deepEqual(
      hot.map((r) => cells(r)[1]),
      p.hotspots.slice(0, 5).map((h) => `\`${h.file}:${h.line}\``),
    );
  });

  it('escapes | and newlines in table cells, and backticks in code spans', () => {
    const p = profile('rag-pipeline');
    p.recommendation.lines[0].why = 'splits a | b\nacross lines';
    p.recommendation.lines[0].function = 'pipe|name';
    p.hotspots[0].function = 'tick`ed';
    p.hotspots[0].file = '`odd`.js';
    const md = renderReportMarkdown(doc(p));
    const row = tableRows(md, /^### Lines to change$/)[0];
    assert.equal(cells(row).length, 3, row);
    assert.equal(cells(row)[1], '`pipe\\|name`');
    assert.equal(cells(row)[2], 'splits a \\| b across lines');
    const hot = cells(tableRows(md, /^### Top 5 hotspots$/)[0]);
    assert.equal(hot.length, 6);
    assert.equal(hot[0], '``tick`ed``');
    assert.equal(hot[1], '`` `odd`.js:27 ``');
    assert.equal(code('a``b'), '```a``b```');
    assert.equal(code('plain'), '`plain`');
  });

  it('keeps report text from turning into HTML', () => {
    const p = profile('rag-pipeline');
    p.notes = ['a note with </script><img src=x onerror=alert(1)> &amp; in it', 'main thread busy [< 10%]'];
    const md = renderReportMarkdown(doc(p));
    assert.ok(md.includes('- a note with &lt;/script>&lt;img src=x onerror=alert(1)> &amp;amp; in it'), md);
    assert.ok(md.includes('- main thread busy [< 10%]'));
    p.notes = ['see [the docs](https://x.example/a) and ![pixel](https://x.example/p.png), ping @octocat about #12'];
    const linked = renderReportMarkdown(doc(p));
    assert.ok(linked.includes('- see [the docs]\\(https://x.example/a) and \\![pixel]\\(https://x.example/p.png), ping \\@octocat about \\#12'), linked);
    assert.ok(!md.includes('<img'));
  });

  it('counts the static findings by rule, or says why there are none', () => {
    const p = profile('rag-pipeline');
    const sa = p.staticAnalysis as { findings: ConfirmedFinding[]; files: number; durationMs: number };
    const f = sa.findings[0];
    // As the panel counts them: those in the workload's folder (examples/workloads/), then the rest of the workspace.
    sa.findings = [f, { ...f, line: 40 }, { ...f, rule: 'no-sync-io-in-hot-path', runtimeMs: 12 }, { ...f, file: 'examples/src/server.ts' }];
    const md = renderReportMarkdown(doc(p));
    assert.ok(md.includes('3 in `examples/workloads/`: `no-blocking-crypto-in-hot-path` × 2, `no-sync-io-in-hot-path` × 1; 1 confirmed by the profile. 1 more elsewhere in the workspace.'), md);
    sa.findings = [{ ...f, file: 'examples/src/server.ts' }];
    assert.ok(renderReportMarkdown(doc(p)).includes(`None in \`examples/workloads/\` (${sa.files} files analysed). 1 more elsewhere in the workspace.`));
    p.staticAnalysis = { error: 'no tsconfig <here>' };
    assert.ok(renderReportMarkdown(doc(p)).includes('Skipped: no tsconfig &lt;here>'));
    delete p.staticAnalysis;
    assert.ok(renderReportMarkdown(doc(p)).includes('Not run (`--no-static`).'));
  });

  it('gives the benchmark highlights with the figures of the result', () => {
    const b = bench();
    const md = renderReportMarkdown(doc(profile('rag-pipeline'), b));
    const tokenize = b.cpu!.workloads.find((w) => w.workload === 'tokenize')!;
    const two = tokenize.pools.find((p) => p.pool === 'worker-threads' && p.workers === 2)!;
    assert.equal(two.speedup, 1.57);
    assert.match(md, /^- 2 worker threads: 1\.57× the main thread's speed on tokenize/m);
    const crossovers = b.serialization!.crossovers;
    assert.equal(crossovers.length, 4);
    const clone = md.split('\n').find((l) => l.startsWith('- Structured clone costs more'))!;
    for (const c of crossovers) assert.ok(clone.includes(`${formatValue(c.sizeBytes, 'bytes')} for ${c.computeMs} ms`), `${c.sizeBytes} B in ${clone}`);
    assert.ok(clone.includes('362 KiB for 1 ms') && clone.includes('4.32 MiB for 10 ms'), clone);
    const hybrid = md.split('\n').find((l) => l.startsWith('- RAG pipeline'))!;
    assert.equal(hybrid, `- RAG pipeline, 16 queries: ${b.hybrid!.points.map((p) => `${p.queriesPerSecond} q/s ${p.mode}`).join(', ')}`);
    assert.ok(hybrid.includes('89 q/s hybrid-worker-pool') && hybrid.includes('20.3 q/s sequential'));
    assert.match(md, /^### Benchmarks on this machine \(quick, saved \d{4}-\d\d-\d\d\)$/m);
    assert.match(md, /^2 cores · .* · Node v\d+\.\d+\.\d+ · linux\/x64 · load /m);
  });

  it('leaves out what the document lacks', () => {
    const noBench = renderReportMarkdown(doc(profile('llm-fanout')));
    assert.ok(!noBench.includes('### Benchmarks'));
    const benchOnly = renderReportMarkdown(doc(undefined, bench()));
    assert.equal(benchOnly.split('\n')[0], '## Concurrency Lens: benchmarks of this machine');
    assert.ok(!benchOnly.includes('### Decision path'));
    assert.ok(benchOnly.includes('- 2 worker threads: 1.57×'));
  });

  it('stays short enough for a pull-request comment and ends with the tool, the time and the HTML file', () => {
    for (const name of ['rag-pipeline', 'tokenize-main-thread', 'llm-fanout', 'matrix-copy-to-workers']) {
      const md = renderReportMarkdown(doc(profile(name), bench()), { htmlFile: 'report.html' });
      const lines = md.trimEnd().split('\n');
      assert.ok(lines.length <= 60, `${name}: ${lines.length} lines`);
      assert.equal(lines.at(-1), '<sub>Concurrency Lens 1.2.3 · 2026-11-21T10:00:00.000Z · charts and the decision tree: `report.html`</sub>');
    }
  });

  it('says when the workload failed or was interrupted', () => {
    const p = profile('tokenize-main-thread');
    p.run = { ...p.run, exitCode: 1, error: 'exited with code 1' };
    assert.match(renderReportMarkdown(doc(p)), /, failed: exited with code 1$/m);
    p.run = { ...p.run, stoppedBy: 'interrupt' };
    assert.match(renderReportMarkdown(doc(p)), /, interrupted$/m);
  });
});
