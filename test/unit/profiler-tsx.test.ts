// TypeScript through a loader (issue 12): with `profile -- npx tsx app.ts` every hotspot landed on line 2
// of the .ts file, a comment. tsx compiles each file in memory into JavaScript on a single line and keeps
// the source map in memory too, so the positions V8 recorded were positions in code no file holds. The
// probe now saves the map Node holds in the workload (probe-source-maps.ts) and the report maps through it.
//
// The labelled workload examples/workloads/tokenize-tsx.ts is profiled through the built CLI, as a user
// would, started the way `npx tsx` starts it (node_modules/.bin/tsx, a launcher process, then the
// workload). What can be exact is the line of each function's definition: V8 gives it with a column,
// which the map takes to the right line. A function's hottest line cannot be: V8's line ticks carry no
// column, and the whole file is one line of JavaScript, so the report keeps the definition line (see
// docs/profiling.md, "Source maps"). The test asserts those lines exactly, and that no hotspot of the
// file sits anywhere else.
//
// Under load: the verdict is the same CPU-bound main thread as tokenize-main-thread.js; the lines do not
// depend on timing, only on the map. V8 may inline hashChunk into main(), which moves part of its time
// to main(), so hashChunk is required among the hotspots rather than first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST, WORKLOADS, profileWorkload as profile } from './labelled-workloads';
import { freePort } from './process-helpers';

const WORKLOAD = MANIFEST.find((w) => w.name === 'tokenize-tsx');

interface Report {
  workload: { type: string };
  recommendation: { model: string; alreadyRight: boolean; path: { question: string; answer: string; evidence: string }[] };
  hotspots: {
    file: string;
    absFile: string;
    function: string;
    line: number;
    functionLine: number;
    mapped: boolean;
    selfMs: number;
    threads: string;
    generated?: { file: string; line: number; column?: number };
  }[];
}

/** 1-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${file}`);
  return i + 1;
}

describe('TypeScript run through tsx', () => {
  it('the manifest labels a tsx workload with its hot function', () => {
    assert.ok(WORKLOAD, 'tokenize-tsx in examples/workloads/workloads.json');
    assert.deepEqual(WORKLOAD.expect.hotspot, { file: 'tokenize-tsx.ts', function: 'hashChunk', threads: 'main' });
  });

  it('tokenize-tsx: hotspots sit on the functions\' own lines of the .ts file, mapped through the map saved from the workload', async () => {
    assert.ok(WORKLOAD);
    for (const dep of WORKLOAD.dependencies ?? []) {
      assert.doesNotThrow(() => require.resolve(`${dep}/package.json`, { paths: [WORKLOADS] }), `${dep} is not installed: run npm ci at the repository root`);
    }
    const r = await profile(WORKLOAD, await freePort());
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const report = JSON.parse(r.stdout) as Report;
    const evidence = report.recommendation.path.map((s) => `${s.question} ${s.answer}: ${s.evidence}`).join('\n');
    assert.equal(report.workload.type, WORKLOAD.expect.type, evidence);
    assert.equal(report.recommendation.model, WORKLOAD.expect.model, evidence);
    assert.equal(report.recommendation.alreadyRight, WORKLOAD.expect.alreadyRight, evidence);

    const ts = path.join(WORKLOADS, 'tokenize-tsx.ts');
    const shown = JSON.stringify(report.hotspots.slice(0, 6).map((h) => `${h.function} ${h.file}:${h.line}${h.mapped ? ' mapped' : ''}`));
    const want = WORKLOAD.expect.hotspot!;
    const hit = report.hotspots.find((h) => h.file === want.file && h.function === want.function);
    assert.ok(hit, `${want.function} (${want.file}) among the hotspots: ${shown}`);
    assert.equal(hit.absFile, ts);
    assert.equal(hit.line, lineOf(ts, 'function hashChunk('), shown);
    assert.equal(hit.functionLine, hit.line);
    assert.equal(hit.mapped, true);
    assert.equal(hit.threads, want.threads);
    assert.ok(hit.selfMs >= 100, `${hit.selfMs} ms`);
    // Through the map: V8 ran the JavaScript tsx made of the file, not the file.
    assert.equal(hit.generated?.file, ts);
    assert.notEqual(hit.generated?.line, hit.line);

    // The run's top hotspot is this file's work, and every hotspot of the file is a function definition
    // (the module's own code at line 1), never a line in between, such as line 2, a comment.
    assert.equal(report.hotspots[0]?.absFile, ts, shown);
    for (const h of report.hotspots.filter((x) => x.absFile === ts)) {
      const definition = /^[\w$]+$/.test(h.function) ? lineOf(ts, `function ${h.function}(`) : 1;
      assert.equal(h.line, definition, `${h.function} at line ${h.line}: ${shown}`);
      if (definition !== 1) assert.equal(h.mapped, true, `${h.function} mapped`);
    }
  });
});
