// The pure view-model builders against real reports (four profiled example workloads and a quick bench
// run): every number a chart will show is checked here, without a DOM or chart.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DECISION_TREE } from '../../src/advisor/decision-tree';
import { cloneRoundTripMs, crossoverSize } from '../../src/harness/crossover';
import type { BenchResult } from '../../src/harness/result-types';
import type { ProfileReport } from '../../src/report/profile-report';
import type { ChartSpec, Point } from '../../src/report/views/chart-spec';
import { formatValue, sig3 } from '../../src/report/views/format';
import { PROFILE_CHART_IDS, profileView, workloadFolder } from '../../src/report/views/profile-view';
import { BENCH_CHART_IDS, benchView } from '../../src/report/views/bench-view';
import {
  cloneFitOf,
  COMPUTE_PRESETS,
  COMPUTE_RANGE,
  computeMs,
  DEFAULT_COMPUTE_NS_PER_BYTE,
  exploreSerialization,
  nsPerByteAt,
  sliderPositionOf,
} from '../../src/report/views/serialization-explorer';
import { guidedTreeView, measuredTreeView, treeAsText, treeLayout } from '../../src/report/views/tree-view';
import { SIM_MODELS, simulate } from '../../src/report/views/simulator-model';
import { MAX_TABLE_ROWS } from '../../src/report/views/table';
import { parseWebviewState } from '../../src/report/webview-protocol';

const ROOT = path.resolve(__dirname, '../../..');
const REPORTS = path.join(ROOT, 'test/fixtures/reports');
const PROFILES = ['rag-pipeline', 'tokenize-main-thread', 'matrix-copy-to-workers', 'llm-fanout'] as const;

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(REPORTS, file), 'utf8')) as T;
const profile = (name: (typeof PROFILES)[number]): ProfileReport => readJson<ProfileReport>(`profile-${name}.json`);
const bench = (): BenchResult => readJson<BenchResult>('bench-quick.json');
const chart = (charts: ChartSpec[], id: string): ChartSpec => {
  const c = charts.find((x) => x.id === id);
  assert.ok(c, `chart ${id}`);
  return c;
};
const points = (c: ChartSpec, label: string): Point[] => {
  const s = c.series.find((x) => x.label === label);
  assert.ok(s, `series ${label} of ${c.id}`);
  return s.data as Point[];
};

/** What every chart must satisfy, drawn or empty: a table as wide as its header, an accessible description. */
function assertWellFormed(c: ChartSpec): void {
  assert.ok(c.description.length > 0, `${c.id} has a description`);
  assert.ok(c.table.caption.length > 0, `${c.id} has a caption`);
  assert.ok(c.table.rows.length <= MAX_TABLE_ROWS, `${c.id} table is bounded`);
  for (const row of c.table.rows) assert.equal(row.length, c.table.columns.length, `${c.id}: a row as wide as the header`);
  if (c.empty) return;
  assert.ok(c.series.length > 0, `${c.id} draws something`);
  assert.ok(c.table.rows.length > 0, `${c.id} table has rows`);
  for (const s of c.series) {
    if (c.labels && !(s.data.length > 0 && typeof s.data[0] === 'object' && s.data[0] !== null)) assert.equal(s.data.length, c.labels.length, `${c.id}/${s.label} aligned with labels`);
    for (const d of s.data) if (d && typeof d === 'object') assert.ok(Number.isFinite(d.x) && Number.isFinite(d.y), `${c.id}/${s.label} finite point`);
  }
  for (const m of c.markers) assert.ok(Number.isFinite(m.at), `${c.id} marker at a number`);
  assert.doesNotThrow(() => JSON.stringify(c));
}

describe('formatValue', () => {
  it('reads each unit the way the panels and tables print it', () => {
    const cases: [number, Parameters<typeof formatValue>[1], string][] = [
      [12, 'ms', '12 ms'],
      [1240, 'ms', '1.24 s'],
      [0.586, 'ms', '0.586 ms'],
      [3.2, 's', '3.2 s'],
      [512, 'bytes', '512 B'],
      [1536, 'bytes', '1.5 KiB'],
      [23.8 * 1024 * 1024, 'bytes', '23.8 MiB'],
      [0.42, 'share', '42 %'],
      [0.004, 'share', '0.4 %'],
      [1.3, 'cores', '1.3 cores'],
      [1.81, 'speedup', '1.81×'],
      [31.4, 'qps', '31.4 q/s'],
      [1234, 'count', '1,234'],
      [Number.NaN, 'ms', '–'],
    ];
    for (const [v, unit, text] of cases) assert.equal(formatValue(v, unit), text, `${v} ${unit}`);
    assert.equal(sig3(123456), 123000);
    assert.equal(sig3(0.0012345), 0.00123);
  });
});

describe('profileView', () => {
  it('gives the four charts in order for every fixture, each with a table as wide as its columns', () => {
    for (const name of PROFILES) {
      const v = profileView(profile(name));
      assert.deepEqual(v.charts.map((c) => c.id), [...PROFILE_CHART_IDS], name);
      v.charts.forEach(assertWellFormed);
    }
  });

  it('gives a Python report the same four charts, well formed, from its own timeline (python-timeline.test.ts has the details)', () => {
    const r = readJson<ProfileReport>('profile-python-threads-gil.json');
    const v = profileView(r);
    assert.deepEqual(v.charts.map((c) => c.id), [...PROFILE_CHART_IDS]);
    v.charts.forEach(assertWellFormed);
    const util = chart(v.charts, 'utilisation');
    assert.equal(util.empty, undefined, 'the main thread, the threads and the GIL over time');
    assert.deepEqual(points(util, 'Threads and child processes').map((p) => p.y), r.timeline!.offloadCores);
    for (const id of ['loop-delay', 'resources']) assert.match(chart(v.charts, id).empty ?? '', /No asyncio event loop ran on the main thread/, id);
  });

  it('draws the timeline as it is: p50/p99/max lines equal the timeline, x in seconds', () => {
    const r = profile('tokenize-main-thread');
    const tl = r.timeline!;
    const c = chart(profileView(r).charts, 'loop-delay');
    assert.equal(c.empty, undefined);
    assert.deepEqual(points(c, 'p99').map((p) => p.y), tl.delayP99Ms);
    assert.deepEqual(points(c, 'p50').map((p) => p.y), tl.delayP50Ms);
    assert.deepEqual(points(c, 'max').map((p) => p.y), tl.delayMaxMs);
    assert.deepEqual(points(c, 'p99').map((p) => p.x), tl.t);
    assert.equal(c.x.unit, 's');
    assert.equal(c.x.min, 0);
    assert.ok(c.x.max! >= tl.t[tl.t.length - 1]);
  });

  it('marks every blocked stretch as an x range on the same time axis as the timeline', () => {
    for (const name of PROFILES) {
      const r = profile(name);
      const c = chart(profileView(r).charts, 'loop-delay');
      const ranges = c.markers.filter((m) => m.kind === 'x-range');
      assert.equal(ranges.length, r.blocked.stretches.length, name);
      ranges.forEach((m, i) => {
        const s = r.blocked.stretches[i];
        assert.ok(m.at >= c.x.min! && m.to! <= c.x.max! && m.at <= m.to!, `${name}: stretch ${i} inside the x range`);
        assert.equal(m.at, s.startMs / 1000);
      });
    }
    // rag-pipeline's longest stall (230 ms, ending near 0.86 s) lines up with the interval whose max delay recorded it.
    const r = profile('rag-pipeline');
    const longest = [...r.blocked.stretches].sort((a, b) => b.durationMs - a.durationMs)[0];
    const tl = r.timeline!;
    const i = tl.t.findIndex((t) => t * 1000 >= longest.endMs - 1);
    assert.ok(Math.abs(tl.delayMaxMs[i] - longest.maxDelayMs) < 1, 'the stall sits where the timeline recorded it');
  });

  it('marks GC per interval, bounded, only where there was GC', () => {
    const r = profile('tokenize-main-thread');
    const tl = r.timeline!;
    const gc = points(chart(profileView(r).charts, 'loop-delay'), 'GC in interval');
    assert.ok(gc.length > 0 && gc.length <= 100);
    assert.equal(gc.length, Math.min(100, tl.gcMs!.filter((x) => x > 0).length));
    for (const p of gc) assert.ok(p.y > 0 && tl.t.includes(p.x));
  });

  it('shares the x range between loop delay and utilisation, with cores on y2', () => {
    const r = profile('matrix-copy-to-workers');
    const v = profileView(r);
    const delay = chart(v.charts, 'loop-delay');
    const util = chart(v.charts, 'utilisation');
    assert.deepEqual([util.x.min, util.x.max], [delay.x.min, delay.x.max]);
    assert.deepEqual(points(util, 'Workers and child processes').map((p) => p.y), r.timeline!.offloadCores);
    assert.equal(util.series.find((s) => s.label === 'Process CPU')!.axis, 'y2');
    assert.equal(util.y2!.unit, 'cores');
    assert.ok(util.y2!.max! >= Math.max(...r.timeline!.cpuCores));
  });

  it('shows resources by type and bytes cloned against moved, with running totals', () => {
    const r = profile('matrix-copy-to-workers');
    const v = profileView(r);
    const res = chart(v.charts, 'resources');
    assert.deepEqual(res.series.map((s) => s.label).sort(), Object.keys(r.timeline!.resources).sort());
    const bytes = chart(v.charts, 'message-bytes');
    const cloned = points(bytes, 'Cloned (structured clone)');
    assert.equal(cloned[cloned.length - 1].y, r.timeline!.clonedBytes!.reduce((a, b) => a + b, 0));
    assert.equal(bytes.table.rows[bytes.table.rows.length - 1][1], formatValue(cloned[cloned.length - 1].y, 'bytes'), 'the table ends on the chart\'s total');
    // No postMessage traffic at all: a sentence, not an empty plot.
    assert.match(chart(profileView(profile('llm-fanout')).charts, 'message-bytes').empty ?? '', /^None: nothing was cloned, transferred or shared\.$/);
  });

  it('thins long tables but never the chart, and says so in the caption', () => {
    const r = profile('llm-fanout');
    const c = chart(profileView(r).charts, 'loop-delay');
    const n = r.timeline!.t.length;
    assert.ok(n > MAX_TABLE_ROWS, 'the fixture is long enough to thin');
    assert.equal(points(c, 'p99').length, n);
    assert.ok(c.table.rows.length <= MAX_TABLE_ROWS && c.table.rows.length < n);
    assert.match(c.table.caption, /One row in \d+ is shown/);
    assert.equal(c.table.rows[c.table.rows.length - 1][0], formatValue(r.timeline!.t[n - 1], 's'), 'the last row is kept');
  });

  it('puts the static finding\'s line on a hotspot that has one, so jumping lands on the call', () => {
    const r = profile('matrix-copy-to-workers');
    const h = r.hotspots[0];
    r.hotspots[0] = { ...h, staticFinding: { rule: 'no-large-postmessage', line: h.line + 3, column: 7, message: 'copies', strength: 'api' } };
    const rows = profileView(r).hotspots;
    assert.equal(rows[0].line, h.line + 3);
    assert.equal(rows[0].column, 7);
    assert.equal(rows[0].staticRule, 'no-large-postmessage');
    assert.equal(rows[0].source, 'both');
    assert.equal(rows[0].via, 'postMessage');
    assert.equal(rows[0].shareOfWall, sig3(h.selfMs / r.metrics.wallMs));
    assert.equal(rows[1].line, r.hotspots[1].line);
    assert.equal(rows[1].source, 'runtime');
    assert.equal(rows[1].staticRule, undefined);
  });

  it('states the verdict with its headline, lines and idiom', () => {
    const r = profile('tokenize-main-thread');
    const v = profileView(r);
    assert.equal(v.verdict.headline, 'cpu-bound → worker-pool');
    assert.equal(v.verdict.leaf, 'cpu-on-main');
    assert.deepEqual(v.verdict.lines, r.recommendation.lines);
    assert.equal(v.verdict.idiom.title, r.recommendation.idiom.title);
    assert.equal(v.run.command, 'examples/workloads/tokenize-main-thread.js');
    assert.equal(v.staticFindings.length, 1);
    assert.equal(v.staticFindings[0].rule, 'no-blocking-crypto-in-hot-path');
    assert.deepEqual(v.staticScope, { folder: 'examples/workloads', elsewhere: 0 });
  });

  it('counts and lists only the static findings in the workload\'s folder; the editor\'s workspace-wide ones elsewhere are counted apart', () => {
    const r = profile('rag-pipeline');
    const sa = r.staticAnalysis as Extract<ProfileReport['staticAnalysis'], { findings: unknown }>;
    const at = (file: string) => ({ ...sa.findings[0], file });
    // As the extension hands them over: the whole workspace, relative to the workload's cwd.
    sa.findings = [at('examples/workloads/lib/tokenizer.js'), at('examples/service/src/server.js'), at('src/extension/export-command.ts'), at('../other-folder/x.js'), ...sa.findings];
    const v = profileView(r);
    assert.deepEqual(v.staticScope, { folder: 'examples/workloads', elsewhere: 3 });
    assert.deepEqual(v.staticFindings.map((f) => f.file), ['examples/workloads/lib/tokenizer.js', 'examples/workloads/password-server.js']);
  });

  it('finds the workload\'s folder from the command or the main process\'s script, else the cwd', () => {
    const folder = (command: string[], argv: string[] = [], cwd = '/ws') => workloadFolder({ command, cwd, workload: { argv } });
    assert.equal(folder(['examples/workloads/rag-pipeline.js']), 'examples/workloads');
    assert.equal(folder(['./app.js']), '.');
    assert.equal(folder(['/ws/src/jobs/run.mjs']), 'src/jobs', 'the extension runs the active file by its absolute path');
    assert.equal(folder(['npm', 'run', 'start'], ['/usr/bin/node', '/ws/server/index.js']), 'server', 'an npm script: the script its Node ran');
    assert.equal(folder(['npm', 'run', 'start'], ['/usr/bin/node', '/ws/node_modules/.bin/tsx', 'x']), '.', 'a launcher in node_modules is not the workload');
    assert.equal(folder(['/elsewhere/job.js']), '.', 'a script outside the cwd');
    assert.equal(folder(['node', '--inspect', 'srv\\main.ts'], [], 'C:\\ws'), 'srv');
  });

  it('turns a report without a timeline into sentences, not an exception', () => {
    const r = profile('rag-pipeline');
    delete r.timeline;
    r.blocked = { summary: { count: 0, totalMs: 0, startupCount: 0, startupMs: 0, longest: null }, stretches: [] };
    const v = profileView(r);
    assert.deepEqual(v.charts.map((c) => c.id), [...PROFILE_CHART_IDS]);
    for (const c of v.charts) {
      assert.match(c.empty ?? '', /no timeline/);
      assert.equal(c.series.length, 0);
      assertWellFormed(c);
    }
    assert.ok(v.notes.some((n) => /no timeline/.test(n)));
  });
});

describe('benchView', () => {
  it('gives the five charts in order, a machine line and well-formed tables', () => {
    const b = bench();
    const v = benchView(b);
    assert.deepEqual(v.charts.map((c) => c.id), [...BENCH_CHART_IDS]);
    v.charts.forEach(assertWellFormed);
    for (const c of v.charts) assert.equal(c.empty, undefined, c.id);
    assert.match(v.machine, /^2 cores · AMD EPYC · Node v20\.20\.2/);
  });

  it('draws I/O time per N and mode, with a gap where a run was skipped', () => {
    const b = bench();
    const c = chart(benchView(b).charts, 'io-time');
    assert.deepEqual(c.labels, [10, 50, 100, 500]);
    const seq = c.series.find((s) => s.label === 'Sequential awaits')!.data as (number | null)[];
    assert.equal(seq[3], null, 'sequential at 500 was skipped');
    assert.equal(seq[0], sig3(b.io!.points.find((p) => p.mode === 'sequential' && p.calls === 10)!.wallMs!.median));
    const mem = chart(benchView(b).charts, 'io-memory');
    assert.equal(mem.type, 'bar');
    assert.equal(mem.y.unit, 'bytes');
  });

  it('leaves memory at or below zero off the log axis and says so; the table keeps the reading', () => {
    const b = bench();
    const io = b.io!;
    const at = (mode: string, calls: number) => io.points.findIndex((p) => p.mode === mode && p.calls === calls);
    // Heap per call rounded to nothing, and the pool's RSS shrinking between the two readings.
    const points = io.points.map((p, i) =>
      i === at('promise-all-limited', 50) ? { ...p, memoryPerInFlightBytes: { ...p.memoryPerInFlightBytes!, median: 0 } } : i === at('worker-pool', 100) ? { ...p, memoryPerInFlightBytes: { ...p.memoryPerInFlightBytes!, median: -4096 } } : p,
    );
    const c = chart(benchView({ ...b, io: { ...io, points } }).charts, 'io-memory');
    assert.equal(c.y.type, 'logarithmic', 'still a log scale');
    const bars = (label: string) => c.series.find((s) => s.label.startsWith(label))!.data as (number | null)[];
    assert.equal(bars('Promise.all, limited')[c.labels!.indexOf(50)], null);
    assert.equal(bars('Worker pool')[c.labels!.indexOf(100)], null);
    for (const s of c.series) for (const v of s.data as (number | null)[]) assert.ok(v === null || v > 0, `${s.label}: only positive values on the log axis (${v})`);
    assert.equal(bars('Worker pool')[c.labels!.indexOf(50)], sig3(io.points[at('worker-pool', 50)]!.memoryPerInFlightBytes!.median), 'the others are drawn');
    assert.match(c.description, /2 values at or below zero are not drawn on the log scale/);
    assert.match(c.table.caption, /2 values at or below zero are not drawn on the log scale/);
    const row = (calls: number) => c.table.rows.find((r) => r[0] === formatValue(calls, 'count'))!;
    const col = (label: string) => c.table.columns.findIndex((t) => t.startsWith(label));
    assert.equal(row(50)[col('Promise.all, limited')], formatValue(0, 'bytes'));
    assert.equal(row(100)[col('Worker pool')], formatValue(-4096, 'bytes'));
    assertWellFormed(c);
    // A run with nothing at or below zero says nothing of it.
    const plain = chart(benchView(b).charts, 'io-memory');
    assert.doesNotMatch(plain.description, /not drawn/);
    assert.doesNotMatch(plain.table.caption, /not drawn/);
  });

  it('draws CPU speedup with the ideal line, bent at the cores, and a marker at the core count', () => {
    const b = bench();
    const c = chart(benchView(b).charts, 'cpu-speedup');
    const ideal = c.series.find((s) => s.label === 'Ideal');
    assert.ok(ideal?.dashed);
    for (const p of ideal.data as Point[]) assert.equal(p.y, Math.min(p.x, b.machine.cores));
    const coresLine = c.markers.find((m) => m.kind === 'x-line');
    assert.equal(coresLine?.at, b.machine.cores);
    assert.equal(coresLine?.label, '2 cores');
    assert.equal(c.series.length, 4 + 1, 'two workloads × two pool kinds, and the ideal');
    const tok = points(c, 'tokenize · worker-threads');
    assert.deepEqual(tok.map((p) => p.x), [1, 2, 4, 8]);
    assert.equal(tok[1].y, 1.57);
  });

  it('draws serialization log-log with the bench\'s crossovers as x lines', () => {
    const b = bench();
    const c = chart(benchView(b).charts, 'serialization');
    assert.equal(c.x.type, 'logarithmic');
    assert.deepEqual(c.markers.filter((m) => m.kind === 'x-line').map((m) => m.at), b.serialization!.crossovers.map((x) => x.sizeBytes));
    assert.ok(c.x.min! <= Math.min(...b.serialization!.crossovers.map((x) => x.sizeBytes)), 'every crossover is inside the x range');
    assert.deepEqual(points(c, 'Transfer list').map((p) => p.x), b.serialization!.sizesBytes);
    // Short labels in the axis's order ("1 ms" … "100 ms"), so they fit side by side at a panel's width.
    const lines = c.markers.filter((m) => m.kind === 'x-line');
    assert.deepEqual(lines.map((m) => m.at), [...lines.map((m) => m.at)].sort((x, y) => x - y));
    assert.deepEqual(lines.map((m) => m.label), [...b.serialization!.crossovers].sort((x, y) => x.sizeBytes - y.sizeBytes).map((x) => formatValue(x.computeMs, 'ms')));
    // No series hidden at first (it would sit struck through in the legend); the one-off setup is in the table.
    assert.ok(c.series.every((x) => !('hidden' in x)));
    assert.ok(!c.series.some((x) => /setup/i.test(x.label)));
    assert.ok(c.table.columns.some((x) => /SharedArrayBuffer setup/.test(x)));
  });

  it('draws hybrid queries per second as bars', () => {
    const c = chart(benchView(bench()).charts, 'hybrid-qps');
    assert.equal(c.type, 'bar');
    assert.deepEqual(c.series[0].data, [20.3, 51.6, 89]);
  });

  it('says which suite to run when one is missing', () => {
    const { io: _io, cpu: _cpu, serialization: _s, hybrid: _h, ...empty } = bench();
    const v = benchView(empty);
    assert.deepEqual(v.charts.map((c) => c.id), [...BENCH_CHART_IDS]);
    for (const c of v.charts) {
      assert.match(c.empty ?? '', /^Run the (I\/O|CPU|serialisation|hybrid) suite to see this: concurrency-lens bench --suite (io|cpu|serialization|hybrid)\.$/);
      assertWellFormed(c);
    }
    assert.match(chart(v.charts, 'cpu-speedup').empty!, /--suite cpu/);
  });
});

describe('exploreSerialization', () => {
  const ser = bench().serialization!;
  const fit = cloneFitOf(ser);

  it('puts the crossover where the clone round trip equals the computation, as the bench\'s crossoverSize does', () => {
    const e = exploreSerialization(ser, DEFAULT_COMPUTE_NS_PER_BYTE);
    assert.ok(e.crossoverBytes !== null);
    const s = e.crossoverBytes;
    assert.ok(Math.abs(crossoverSize(fit, computeMs(DEFAULT_COMPUTE_NS_PER_BYTE, s)) - s) <= 1, 'crossoverSize of the computation at that size gives the same size');
    assert.ok(Math.abs(cloneRoundTripMs(fit, s) - computeMs(DEFAULT_COMPUTE_NS_PER_BYTE, s)) < 1e-3);
    assert.deepEqual(e.chart.markers, [{ kind: 'x-line', at: s, label: `crossover ${formatValue(s, 'bytes')}`, color: 'orange' }]);
    assert.ok(e.chart.x.min! <= s && s <= e.chart.x.max!);
    assertWellFormed(e.chart);
  });

  it('tells the fitted clone line from the measured clone points by colour', () => {
    const e = exploreSerialization(ser, DEFAULT_COMPUTE_NS_PER_BYTE);
    const colour = (label: string) => e.chart.series.find((x) => x.label === label)!.color;
    assert.notEqual(colour('Structured clone round trip (fit)'), colour('Structured clone (measured)'));
    assert.equal(colour('Structured clone (measured)'), chart(benchView(bench()).charts, 'serialization').series.find((x) => x.label === 'Structured clone')!.color, 'the measured clone reads as in the bench chart');
    assert.equal(new Set(e.chart.series.map((x) => x.color)).size, e.chart.series.length, 'every series its own colour');
    assert.equal(e.chart.title, 'Clone round trip against the computation', 'not the section\'s own heading again');
  });

  it('moves the crossover with the slider: below it the message costs more than the work', () => {
    const at = (ns: number) => exploreSerialization(ser, ns);
    const heavy = at(50).crossoverBytes!;
    const medium = at(5).crossoverBytes!;
    assert.ok(heavy < medium, 'more work per byte amortises the per-message cost sooner');
    // Work cheaper per byte than the copy: the lines never cross and the clone costs more at every size.
    assert.equal(at(0.5).crossoverBytes, null);
    assert.equal(at(0.5).chart.markers.length, 0);
    assert.ok(at(0.5).maxOverheadRatio > 1);
    assert.notEqual(at(0.5).bestMethod.mode, 'structured-clone');
    assert.equal(at(500).bestMethod.mode, 'structured-clone');
  });

  it('computes the overhead ratio at the largest measured size and plots the measured points', () => {
    const e = exploreSerialization(ser, 5);
    const largest = Math.max(...ser.sizesBytes);
    assert.equal(e.maxOverheadRatio, sig3(cloneRoundTripMs(fit, largest) / computeMs(5, largest)));
    const computation = e.chart.series.find((s) => s.label.startsWith('Computation'))!.data as Point[];
    for (const p of computation) assert.equal(p.y, sig3(computeMs(5, p.x)));
    assert.equal(points(e.chart, 'SharedArrayBuffer (measured)').length, ser.points.filter((p) => p.mode === 'shared-array-buffer' && p.roundTripMs).length);
  });

  it('maps slider positions to ns per byte and back, with medium the default', () => {
    assert.equal(COMPUTE_PRESETS.find((p) => p.id === 'medium')!.nsPerByte, DEFAULT_COMPUTE_NS_PER_BYTE);
    for (const p of COMPUTE_PRESETS) assert.ok(Math.abs(nsPerByteAt(sliderPositionOf(p.nsPerByte)) - p.nsPerByte) / p.nsPerByte < 0.1, p.id);
    assert.ok(nsPerByteAt(COMPUTE_RANGE.min) < nsPerByteAt(COMPUTE_RANGE.max));
    assert.equal(sliderPositionOf(1e9), COMPUTE_RANGE.max);
  });
});

describe('tree views', () => {
  it('lays the tree out as an outline: every node placed, each child one indent under its parent, subtrees contiguous', () => {
    const layout = treeLayout();
    const ids = new Set(layout.nodes.map((n) => n.id));
    assert.deepEqual([...ids].sort(), Object.keys(DECISION_TREE.nodes).sort(), 'every node of the tree is drawn');
    assert.equal(new Set(layout.nodes.map((n) => n.key)).size, layout.nodes.length, 'each place has its own key');
    const byKey = new Map(layout.nodes.map((n) => [n.key, n]));
    assert.equal(layout.nodes[0].id, 'active');
    assert.equal(layout.nodes[0].depth, 0);
    layout.nodes.forEach((n, i) => assert.equal(n.row, i, 'rows in order'));
    assert.equal(layout.rows, layout.nodes.length);
    // Only a leaf is met twice (a DAG); decisions appear once, so their subtrees are drawn once.
    for (const n of layout.nodes) if (n.kind === 'decision') assert.equal(layout.nodes.filter((m) => m.id === n.id).length, 1, n.id);
    assert.deepEqual(layout.nodes.filter((n) => n.key !== n.id).map((n) => n.key), ['mixed-on-main@main-cpu-share']);
    // One edge per answer of each decision, joining a parent place to a child place one indent deeper and further down.
    assert.equal(layout.edges.length, 2 * layout.nodes.filter((n) => n.kind === 'decision').length);
    for (const e of layout.edges) {
      const a = byKey.get(e.fromKey)!;
      const b = byKey.get(e.toKey)!;
      assert.equal(a.id, e.from);
      assert.equal(b.id, e.to);
      assert.equal(b.parent, a.key);
      assert.equal(b.answer, e.answer);
      assert.equal(b.depth, a.depth + 1, `${e.fromKey} → ${e.toKey}`);
      assert.ok(b.row > a.row);
    }
    // "yes" before "no", and a subtree's rows are contiguous: an edge down the parent's indent passes only
    // rows deeper than the parent, so it crosses no box and no other edge.
    for (const e of layout.edges) {
      const a = byKey.get(e.fromKey)!;
      const b = byKey.get(e.toKey)!;
      for (const between of layout.nodes.slice(a.row + 1, b.row)) assert.ok(between.depth > a.depth, `${between.key} lies inside ${a.key}'s subtree`);
    }
    for (const n of layout.nodes.filter((x) => x.kind === 'decision')) {
      const [yes, no] = ['yes', 'no'].map((ans) => layout.nodes.find((c) => c.parent === n.key && c.answer === ans)!);
      assert.ok(yes.row < no.row, `${n.id}: yes first`);
    }
    assert.equal(layout.depths, Math.max(...layout.nodes.map((n) => n.depth)) + 1);
  });

  it('lights a leaf met twice only where the walk arrived', () => {
    const viaWaits = guidedTreeView({ active: 'yes', copies: 'no', 'main-busy': 'yes', 'cpu-while-busy': 'yes', 'waits-too': 'yes' });
    assert.equal(viaWaits.leaf?.id, 'mixed-on-main');
    assert.equal(viaWaits.places['mixed-on-main'], 'leaf');
    assert.equal(viaWaits.places['mixed-on-main@main-cpu-share'], 'off');
    const viaCpuShare = guidedTreeView({ active: 'yes', copies: 'no', 'main-busy': 'no', offloaded: 'no', 'waits-io': 'yes', 'main-cpu-share': 'yes' });
    assert.equal(viaCpuShare.leaf?.id, 'mixed-on-main');
    assert.equal(viaCpuShare.places['mixed-on-main'], 'off');
    assert.equal(viaCpuShare.places['mixed-on-main@main-cpu-share'], 'leaf');
    assert.equal(viaCpuShare.places['main-cpu-share'], 'taken');
  });

  it('draws a Python report on the Python tree: its GIL question and gil-bound leaf are on the path', () => {
    const r = readJson<ProfileReport>('profile-python-threads-gil.json');
    assert.equal(r.language, 'python');
    const v = measuredTreeView(r);
    assert.deepEqual(
      Object.entries(v.nodes).filter(([, n]) => n.state !== 'off').map(([id, n]) => `${id}:${n.state}`),
      [...r.recommendation.path.map((s) => `${s.node}:taken`), `${r.recommendation.leaf}:leaf`],
    );
    assert.equal(v.leaf?.type, 'gil-bound');
    assert.ok(v.nodes.gil, 'the Python tree has the GIL question');
    assert.equal(measuredTreeView(r, DECISION_TREE).nodes.gil, undefined, 'which the Node tree has not');
  });

  it('highlights exactly the measured path and its leaf, with the evidence at each step', () => {
    for (const name of PROFILES) {
      const r = profile(name);
      const v = measuredTreeView(r);
      const onPath = new Set(r.recommendation.path.map((s) => s.node));
      for (const [id, n] of Object.entries(v.nodes)) {
        const expected = id === r.recommendation.leaf ? 'leaf' : onPath.has(id) ? 'taken' : 'off';
        assert.equal(n.state, expected, `${name}: ${id}`);
      }
      for (const s of r.recommendation.path) {
        const n = v.nodes[s.node];
        assert.equal(n.answer, s.answer);
        assert.equal(n.evidence, s.evidence);
        assert.deepEqual(n.tests, s.tests);
        assert.equal(n.confidence, s.confidence);
        // The fixtures predate the margin: it is worked out from their tests, on the deciding test's side.
        assert.ok(n.margin, `${name}: ${s.node} has a margin`);
        const t = s.tests[n.margin.test];
        assert.equal(t.holds, s.answer === 'yes' ? true : false, `${name}: ${s.node}: the deciding test agrees with the answer`);
        assert.equal(n.margin.value, t.value);
        assert.equal(n.margin.threshold, t.threshold);
      }
      assert.ok(v.closestCall, `${name}: a closest call`);
      const rel = (id: string) => v.nodes[id].margin?.relative ?? -1;
      for (const id of v.path) assert.ok(rel(v.closestCall.node) <= rel(id), `${name}: the closest call is the smallest margin`);
      const taken = v.edges.filter((e) => e.state === 'taken');
      assert.equal(taken.length, r.recommendation.path.length, `${name}: one taken edge per step`);
      assert.equal(taken[taken.length - 1].to, r.recommendation.leaf);
      assert.equal(v.leaf?.id, r.recommendation.leaf);
      assert.equal(v.pending, undefined);
    }
  });

  it('walks the user\'s answers, pending at the first unanswered question and ignoring answers off the path', () => {
    const v = guidedTreeView({ active: 'yes', copies: 'no', bounded: 'no', 'waits-io': 'yes' });
    assert.equal(v.pending?.id, 'main-busy');
    assert.equal(v.nodes['main-busy'].state, 'pending');
    assert.deepEqual(v.path, ['active', 'copies']);
    assert.equal(v.nodes.bounded.state, 'off', 'an answer off the walked path is ignored');
    assert.equal(v.nodes['waits-io'].state, 'off');
    assert.equal(v.leaf, undefined);

    const done = guidedTreeView({ active: 'yes', copies: 'no', 'main-busy': 'yes', 'cpu-while-busy': 'yes', 'waits-too': 'no' });
    assert.equal(done.leaf?.id, 'cpu-on-main');
    assert.equal(done.nodes['cpu-on-main'].state, 'leaf');
    assert.equal(done.leaf?.model, 'worker-pool');
    assert.ok(done.idiom?.code.includes('worker_threads'));
    assert.equal(done.pending, undefined);
  });

  it('reads as text: one line per answered question, then the verdict', () => {
    const r = profile('llm-fanout');
    const lines = treeAsText(measuredTreeView(r));
    assert.equal(lines.filter((l) => /^\d+\. /.test(l)).length, r.recommendation.path.length);
    assert.ok(lines.some((l) => l.startsWith(`→ ${r.recommendation.title}`)));
    assert.match(treeAsText(guidedTreeView({}))[0], /^Next question: Does the program compute/);
    assert.ok(!lines.some((l) => /confidence/.test(l)), 'steps give their margin, not a confidence');
    assert.ok(lines.filter((l) => /^\d+\. /.test(l)).every((l) => /\(margin: .* (above|below) the threshold of .*\)$/.test(l)), lines.join('\n'));
  });
});

describe('simulate', () => {
  it('mirrors the seed\'s defaults and names itself a model', () => {
    const s = simulate({ tasks: 30, ioShare: 0.5, workers: 4 });
    assert.deepEqual(Object.keys(s.models), [...SIM_MODELS]);
    assert.match(s.caveat, /model, not a measurement/);
    for (const m of SIM_MODELS) {
      const run = s.models[m];
      assert.equal(new Set(run.blocks.filter((b) => b.kind === 'cpu').map((b) => b.task)).size, 30, `${m}: every task computes once`);
      assert.equal(run.makespanMs, Math.max(...run.blocks.map((b) => b.endMs)));
      assert.ok(run.mainBlockedShare >= 0 && run.mainBlockedShare <= 1);
    }
  });

  it('keeps each thread to one CPU-holding block at a time', () => {
    const s = simulate({ tasks: 25, ioShare: 0.3, workers: 3 });
    for (const m of SIM_MODELS) {
      const byThread = new Map<string, { startMs: number; endMs: number }[]>();
      for (const b of s.models[m].blocks) if (b.kind !== 'io') byThread.set(b.thread, [...(byThread.get(b.thread) ?? []), b]);
      for (const [thread, blocks] of byThread) {
        const sorted = [...blocks].sort((a, b) => a.startMs - b.startMs);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].startMs >= sorted[i - 1].endMs - 1e-9, `${m}/${thread} overlaps`);
      }
    }
  });

  it('is as fast on the event loop as on the pool when tasks only wait', () => {
    const s = simulate({ tasks: 30, ioShare: 1, workers: 4 });
    assert.equal(s.models['event-loop'].makespanMs, s.models['worker-pool'].makespanMs);
    assert.equal(s.models['event-loop'].makespanMs, 100);
    assert.equal(s.models['event-loop'].mainBlockedShare, 0);
  });

  it('lets the pool beat the event loop by about the worker count when tasks only compute', () => {
    for (const workers of [2, 4, 8]) {
      const s = simulate({ tasks: 40, ioShare: 0, workers });
      const ratio = s.models['event-loop'].makespanMs / s.models['worker-pool'].makespanMs;
      assert.ok(ratio > 0.85 * workers && ratio <= workers, `${workers} workers: ${ratio}`);
      assert.equal(s.models['event-loop'].mainBlockedShare, 1);
    }
  });

  it('never has shared memory slower than the pool', () => {
    for (const tasks of [1, 7, 30, 64])
      for (const ioShare of [0, 0.2, 0.5, 0.8, 1])
        for (const workers of [1, 2, 4, 16])
          for (const copyMsPerTask of [0, 5, 40]) {
            const s = simulate({ tasks, ioShare, workers, copyMsPerTask });
            assert.ok(s.models['shared-memory'].makespanMs <= s.models['worker-pool'].makespanMs, `${tasks}/${ioShare}/${workers}/${copyMsPerTask}`);
          }
  });

  it('is deterministic', () => {
    assert.deepEqual(simulate({ tasks: 30, ioShare: 0.5, workers: 4 }), simulate({ tasks: 30, ioShare: 0.5, workers: 4 }));
  });
});

// The views' settings as a panel saves them (its state is untrusted when restored): only values the
// views' own controls could have produced come back.
describe('parseWebviewState: the views\' saved settings', () => {
  it('keeps compute per byte only within the explorer slider\'s range', () => {
    assert.equal(parseWebviewState({ panel: 'bench', computeNsPerByte: 5 }, 'bench').computeNsPerByte, 5);
    assert.equal(parseWebviewState({ panel: 'bench', computeNsPerByte: nsPerByteAt(COMPUTE_RANGE.max) }, 'bench').computeNsPerByte, nsPerByteAt(COMPUTE_RANGE.max));
    assert.equal(parseWebviewState({ panel: 'bench', computeNsPerByte: nsPerByteAt(COMPUTE_RANGE.min) }, 'bench').computeNsPerByte, nsPerByteAt(COMPUTE_RANGE.min));
    for (const bad of [1e308, 1001, 0.05, 0, -1, Infinity, NaN, '5']) assert.equal(parseWebviewState({ panel: 'bench', computeNsPerByte: bad }, 'bench').computeNsPerByte, undefined, String(bad));
  });

  it('keeps the simulator\'s sliders only when all three are on their slider', () => {
    assert.deepEqual(parseWebviewState({ panel: 'simulator', sim: { tasks: 60, ioShare: 0.45, workers: 5, extra: 1 } }, 'simulator').sim, { tasks: 60, ioShare: 0.45, workers: 5 });
    assert.deepEqual(parseWebviewState({ sim: { tasks: 1, ioShare: 0, workers: 16 } }, 'simulator').sim, { tasks: 1, ioShare: 0, workers: 16 });
    for (const sim of [
      { tasks: 101, ioShare: 0.5, workers: 4 },
      { tasks: 0, ioShare: 0.5, workers: 4 },
      { tasks: 30.5, ioShare: 0.5, workers: 4 },
      { tasks: 30, ioShare: 1.05, workers: 4 },
      { tasks: 30, ioShare: 0.33, workers: 4 },
      { tasks: 30, ioShare: -0.05, workers: 4 },
      { tasks: 30, ioShare: 0.5, workers: 17 },
      { tasks: 30, ioShare: 0.5, workers: 2.5 },
      { tasks: 30, ioShare: 0.5 },
      { tasks: '30', ioShare: 0.5, workers: 4 },
      [30, 0.5, 4],
      null,
      'sim',
    ]) {
      assert.equal(parseWebviewState({ panel: 'simulator', sim }, 'simulator').sim, undefined, JSON.stringify(sim));
    }
  });

  it('keeps the tree\'s mode only as measured or guided', () => {
    assert.equal(parseWebviewState({ panel: 'tree', treeMode: 'guided' }, 'tree').treeMode, 'guided');
    assert.equal(parseWebviewState({ panel: 'tree', treeMode: 'measured' }, 'tree').treeMode, 'measured');
    for (const bad of ['Guided', 'other', 1, true, null]) assert.equal(parseWebviewState({ panel: 'tree', treeMode: bad }, 'tree').treeMode, undefined, String(bad));
    assert.deepEqual(parseWebviewState({ panel: 'tree', treeMode: 'x', sim: 1, computeNsPerByte: 1e308 }, 'tree'), { panel: 'tree' });
  });
});
