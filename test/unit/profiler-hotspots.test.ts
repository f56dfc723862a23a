// Attribution of CPU-profile time to user lines, hotspots over threads, and blocked stretches, on small
// hand-built profiles and probe series whose right answers can be worked out by hand.
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tempProject } from './temp-project';
import assert from 'node:assert/strict';
import { attributeNodes, attributeProfile, classifyFrame, linesByHeat, packageOf, type Attribution, type PositionTick } from '../../src/profiler/frame-attribution';
import { findHotspots, type Hotspot } from '../../src/profiler/hotspots';
import { blockedSpans, findBlockedStretches, summarizeStretches } from '../../src/profiler/blocked-stretches';
import type { CpuProfile } from '../../src/profiler/profile-busy';
import type { ThreadSeries } from '../../src/profiler/probe-data';
import type { ProbeSampleRecord } from '../../src/profiler/probe-records';

type Node = CpuProfile['nodes'][number] & { positionTicks?: PositionTick[] };

const node = (
  id: number,
  functionName: string,
  url: string,
  lineNumber: number,
  columnNumber: number,
  children: number[] = [],
  positionTicks?: PositionTick[],
): Node => ({
  id,
  callFrame: { functionName, url, lineNumber, columnNumber },
  children,
  ...(positionTicks ? { positionTicks } : {}),
});

const PROBE_DIR = '/probe';

/**
 * A program in /app: a module whose `handler` shells out (execSync), calls lodash and a scoped package
 * that calls back into user code; a timer callback in /app/timer.js (plain path URL, as older Nodes wrote
 * them); Node-internal and probe work with no user frame; the probe's postMessage wrapper.
 */
const NODES: Node[] = [
  node(1, '(root)', '', -1, -1, [2, 3, 4, 5, 13, 16, 17]),
  node(2, '(idle)', '', -1, -1),
  node(3, '(program)', '', -1, -1),
  node(4, '(garbage collector)', '', -1, -1),
  node(5, '', 'file:///app/main.js', 0, 0, [6, 19]),
  node(6, 'handler', 'file:///app/main.js', 8, 16, [7, 10, 21], [
    { line: 12, ticks: 3 },
    { line: 16, ticks: 5 },
    { line: 14, ticks: 5 },
  ]),
  node(7, 'execSync', 'node:child_process', 953, 17, [8]),
  node(8, 'spawnSync', 'node:internal/child_process', 1107, 18, [9]),
  node(9, 'spawn', '', -1, -1),
  node(10, 'get', 'file:///app/node_modules/lodash/get.js', 10, 2, [11]),
  node(11, 'baseGet', 'file:///app/node_modules/lodash/_baseGet.js', 3, 2),
  node(21, 'map', 'file:///app/node_modules/@scope/pkg/index.js', 1, 1, [22]),
  node(22, 'cb', 'file:///app/main.js', 30, 10),
  node(13, 'processTimers', 'node:internal/timers', 503, 24, [14]),
  node(14, 'listOnTimeout', 'node:internal/timers', 523, 24, [15]),
  node(15, 'onTimer', '/app/timer.js', 2, 0),
  node(16, 'Module._load', 'node:internal/modules/cjs/loader', 1002, 23),
  node(17, 'tick', 'file:///probe/probe.js', 146, 17, [18]),
  node(18, 'memoryUsage', '', -1, -1),
  node(19, 'postMessage', 'file:///probe/message-bytes.js', 99, 20, [20]),
  node(20, 'postMessage', '', -1, -1),
];

/** A profile whose samples take exactly the given ms each: sample i lasts until sample i+1. */
function profileOf(nodes: Node[], timeline: [nodeId: number, ms: number][], startUs = 1_000_000, firstDeltaUs = 500): CpuProfile {
  const samples = timeline.map(([id]) => id);
  const timeDeltas = timeline.map((_, i) => (i === 0 ? firstDeltaUs : timeline[i - 1][1] * 1000));
  const endTime = startUs + firstDeltaUs + timeline.reduce((a, [, ms]) => a + ms, 0) * 1000;
  return { nodes, startTime: startUs, endTime, samples, timeDeltas };
}

/** 600 ms in execSync over three samples of very different lengths; then one sample of everything else. */
const TIMELINE: [number, number][] = [
  [9, 100],
  [9, 200],
  [9, 300],
  [6, 2],
  [6, 3],
  [2, 50],
  [4, 7],
  [3, 11],
  [11, 13],
  [22, 17],
  [15, 19],
  [16, 23],
  [18, 29],
  [20, 31],
  [5, 37],
];
const TOTAL_MS = TIMELINE.reduce((a, [, ms]) => a + ms, 0);
const BUSY_MS = TOTAL_MS - 50;

function sample(t: number, dtMs: number, extra: { delayMax?: number; mainMs?: number; cpuUserMs?: number; cpuSystemMs?: number } = {}): ProbeSampleRecord {
  const max = extra.delayMax ?? 1;
  return {
    type: 'sample',
    t,
    dtMs,
    delay: { p50: Math.min(1, max), p99: max, max, mean: Math.min(1, max) },
    elu: 0.5,
    mainMs: extra.mainMs ?? 0,
    cpuUserMs: extra.cpuUserMs ?? 0,
    cpuSystemMs: extra.cpuSystemMs ?? 0,
    heapUsed: 1,
    rss: 2,
    gc: { count: 0, ms: 0 },
    resources: {},
    bytes: { cloned: 0, transferred: 0, shared: 0, strings: 0 },
    messages: 0,
  };
}

function thread(pid: number, threadId: number, samples: ProbeSampleRecord[], monotonicStartUs = 1_000_000): ThreadSeries {
  return {
    file: `/probe-dir/probe-${pid}-${threadId}.ndjson`,
    pid,
    threadId,
    isMainThread: threadId === 0,
    start: {
      type: 'start', schema: 1, pid, ppid: 1, threadId, isMainThread: threadId === 0, argv: ['node', 'main.js'], execArgv: [], nodeVersion: 'v20.20.2',
      cwd: '/app', startTime: 1_700_000_000_000, timeOrigin: 1_700_000_000_000, monotonicStartUs, intervalMs: 15, delayResolutionMs: 5, cpuProfile: true, cpuScope: 'process',
    },
    samples,
    signals: [],
    errors: [],
    badLines: 0,
    truncated: false,
  };
}

const userSite = (a: Attribution | undefined) => {
  assert.ok(a && a.kind === 'user', `expected a user attribution, got ${JSON.stringify(a)}`);
  return a;
};

test('frames are classified by URL: user files, node_modules, node internals, native code, the probe', () => {
  const cls = (url: string, functionName = 'f') => classifyFrame({ functionName, url, lineNumber: 0, columnNumber: 0 }, [PROBE_DIR]);
  assert.equal(cls('file:///app/main.js'), 'user');
  assert.equal(cls('/app/main.js'), 'user');
  assert.equal(cls('file:///app/node_modules/lodash/get.js'), 'library');
  assert.equal(cls('/app/.yarn/cache/x.zip/node_modules/y/index.js'), 'library');
  assert.equal(cls('node:child_process'), 'node');
  assert.equal(cls(''), 'native');
  assert.equal(cls('', '(idle)'), 'idle');
  assert.equal(cls('', '(garbage collector)'), 'gc');
  assert.equal(cls('', '(program)'), 'program');
  assert.equal(cls('', '(root)'), 'root');
  assert.equal(cls('file:///probe/probe.js'), 'probe');
  // The probe's postMessage hook stands in for the API; a postMessage defined anywhere else is just code.
  assert.equal(cls('file:///probe/probe.js', 'postMessage'), 'probe-wrapper');
  assert.equal(cls('file:///probe/probe.js', 'countMessage'), 'probe');
  assert.equal(cls('file:///app/main.js', 'postMessage'), 'user');
  // Only the probe directory itself, not what lies below it.
  assert.equal(cls('file:///probe/app/x.js'), 'user');
  assert.equal(cls('evalmachine.<anonymous>'), 'other');
  assert.equal(packageOf('/a/node_modules/@scope/pkg/lib/x.js'), '@scope/pkg');
  assert.equal(packageOf('/a/node_modules/x/node_modules/lodash/get.js'), 'lodash');
  assert.equal(packageOf('/a/b.js'), undefined);
  assert.equal(linesByHeat([{ line: 12, ticks: 3 }, { line: 16, ticks: 5 }, { line: 14, ticks: 5 }])[0], 14);
  assert.deepEqual(linesByHeat([{ line: 12, ticks: 3 }, { line: 16, ticks: 5 }, { line: 14, ticks: 5 }]), [14, 16, 12]);
  assert.equal(linesByHeat(undefined)[0], undefined);
});

test('time below a user frame goes to that frame, naming the outermost call it went into', () => {
  const byNode = attributeNodes(profileOf(NODES, TIMELINE), { probeDirs: [PROBE_DIR] });
  for (const id of [7, 8, 9]) {
    const a = userSite(byNode.get(id));
    assert.equal(a.site.function, 'handler');
    assert.equal(a.site.absFile, '/app/main.js');
    // V8 has no call sites: the definition line (lineNumber 8 is 0-based).
    assert.equal(a.site.line, 9);
    assert.equal(a.site.column, 17);
    assert.equal(a.leaf, false);
    assert.deepEqual(a.via, { name: 'execSync', module: 'node:child_process' });
  }
  assert.deepEqual(userSite(byNode.get(11)).via, { name: 'get', module: 'lodash' });
  assert.deepEqual(userSite(byNode.get(21)).via, { name: 'map', module: '@scope/pkg' });

  // The user frame itself as leaf: its hottest line from positionTicks (1-based), ties to the earlier line.
  const handler = userSite(byNode.get(6));
  assert.equal(handler.leaf, true);
  assert.equal(handler.via, undefined);
  assert.equal(handler.site.line, 14);
  assert.equal(handler.site.functionLine, 9);
  assert.equal(handler.site.mapped, false);

  // A user callback called by a library is its own frame, without ticks: its definition line.
  const cb = userSite(byNode.get(22));
  assert.equal(cb.site.function, 'cb');
  assert.equal(cb.site.line, 31);
  assert.equal(cb.leaf, true);

  // A user timer below Node's timer internals; a plain absolute path as URL.
  assert.equal(userSite(byNode.get(15)).site.absFile, '/app/timer.js');

  // The probe's postMessage wrapper is transparent: the user's top level called postMessage.
  for (const id of [19, 20]) {
    const top = userSite(byNode.get(id));
    assert.equal(top.site.function, '(top level)');
    assert.equal(top.site.line, 1);
    assert.deepEqual(top.via, { name: 'postMessage' });
  }

  assert.equal(byNode.get(2)?.kind, 'idle');
  assert.equal(byNode.get(3)?.kind, 'program');
  assert.equal(byNode.get(4)?.kind, 'gc');
  assert.equal(byNode.get(16)?.kind, 'unattributed');
  assert.equal(byNode.get(14)?.kind, 'unattributed');
  assert.equal(byNode.get(17)?.kind, 'probe');
  assert.equal(byNode.get(18)?.kind, 'probe');
});

/**
 * A pool posting a large message, as V8 profiles it under the probe (matrix-copy-to-workers): dispatch()
 * calls Worker#postMessage, which the probe wraps; Node's Worker#postMessage forwards to the MessagePort's,
 * wrapped too, and the native serialisation inside it lands on that inner wrapper's own frame. Around it,
 * the probe's bookkeeping: countMessage walking the message, its clock, its sampler tick, and its exit
 * handler writing files when the workload calls process.exit().
 */
const POSTING: Node[] = [
  node(1, '(root)', '', -1, -1, [2, 20, 30]),
  node(2, 'lane', 'file:///app/main.js', 35, 15, [3]),
  node(3, 'run', 'file:///app/lib/pool.js', 38, 5, [4]),
  node(4, 'dispatch', 'file:///app/lib/pool.js', 45, 10, [5]),
  node(5, 'postMessage', 'file:///probe/probe.js', 191, 17, [6, 9, 11]),
  node(6, 'countMessage', 'file:///probe/probe.js', 139, 20, [7]),
  node(7, 'visit', 'file:///probe/probe.js', 145, 16, [8]),
  node(8, 'keys', '', -1, -1),
  node(9, 'probeNow', 'file:///probe/probe.js', 184, 15, [10]),
  node(10, 'now', 'node:internal/perf/utils', 30, 12),
  node(11, 'postMessage', 'node:internal/worker', 381, 13, [12]),
  node(12, 'postMessage', 'file:///probe/probe.js', 191, 17, [13], [{ line: 204, ticks: 4 }]),
  node(13, 'postMessage', '', -1, -1),
  node(20, 'processTimers', 'node:internal/timers', 503, 24, [21]),
  node(21, 'listOnTimeout', 'node:internal/timers', 523, 24, [22]),
  node(22, 'tick', 'file:///probe/probe.js', 812, 17),
  node(30, 'main', 'file:///app/main.js', 26, 20, [31]),
  node(31, 'exit', 'node:internal/process/per_thread', 180, 16, [32]),
  node(32, 'finish', 'file:///probe/probe.js', 860, 20, [33]),
  node(33, 'writeFileSync', 'node:fs', 2340, 22),
];

/** 900 ms serialising over four samples of the inner wrapper, against 28 ms of the probe's own work. */
const POSTING_TIMELINE: [number, number][] = [
  [7, 4],
  [8, 3],
  [10, 2],
  [12, 300],
  [12, 200],
  [12, 250],
  [12, 150],
  [13, 40],
  [11, 10],
  [22, 5],
  [33, 11],
  [30, 6],
];

test('the probe\'s postMessage wrapper is transparent: the copy is the posting function\'s, the probe\'s bookkeeping stays overhead', () => {
  const byNode = attributeNodes(profileOf(POSTING, POSTING_TIMELINE), { probeDirs: [PROBE_DIR] });
  // Both wrappers, Node's forwarding between them and the native call: dispatch() called postMessage.
  for (const id of [5, 11, 12, 13]) {
    const a = userSite(byNode.get(id));
    assert.equal(a.site.function, 'dispatch');
    assert.equal(a.site.absFile, '/app/lib/pool.js');
    // The inner wrapper's own line ticks are the probe's line, not the user's: dispatch's definition line.
    assert.equal(a.site.line, 46);
    assert.equal(a.leaf, false);
    assert.deepEqual(a.via, { name: 'postMessage' });
  }
  // The probe's own work and whatever it calls, with workload code above it or not.
  for (const id of [6, 7, 8, 9, 10, 22, 32, 33]) assert.equal(byNode.get(id)?.kind, 'probe', `node ${id}`);

  const { hotspots, totals } = findHotspots([{ thread: thread(10, 0, []), profile: profileOf(POSTING, POSTING_TIMELINE) }], { cwd: '/app', probeDirs: [PROBE_DIR] });
  const [dispatch] = hotspots;
  assert.equal(dispatch.function, 'dispatch');
  assert.equal(dispatch.file, 'lib/pool.js');
  assert.equal(dispatch.line, 46);
  assert.equal(dispatch.selfMs, 300 + 200 + 250 + 150 + 40 + 10);
  assert.equal(dispatch.leafMs, 0);
  assert.deepEqual(dispatch.via, [{ name: 'postMessage', ms: 950 }]);
  assert.ok(hotspots.every((h) => !h.absFile.startsWith(PROBE_DIR)), JSON.stringify(hotspots));
  assert.equal(totals[0].probeMs, 4 + 3 + 2 + 5 + 11);
  assert.equal(totals[0].userMs, 950 + 6);
});

test('a hot line lies inside its own function: line ticks of code V8 inlined from elsewhere are left out', () => {
  const p = tempProject({
    // main spans lines 2-7; helper (lines 9-11) is outside it. The file has 12 lines.
    'job.js': "'use strict';\nfunction main(items) {\n  let n = 0;\n  for (const x of items) n += helper(x);\n  return n;\n  // end\n}\n\nfunction helper(x) {\n  return x * 2;\n}\nmain([1]);\n",
  });
  try {
    const url = pathToFileURL(p.file('job.js')).href;
    const nodes = [
      node(1, '(root)', '', -1, -1, [2, 3, 4]),
      // Hottest tick at line 63: the inlined function's line, from another file (past this file's end).
      node(2, 'main', url, 1, 0, [], [{ line: 63, ticks: 9 }, { line: 10, ticks: 5 }, { line: 4, ticks: 2 }]),
      // Only ticks outside the function: the definition line.
      node(3, 'main', url, 1, 0, [], [{ line: 10, ticks: 3 }]),
      // The top level spans the whole file.
      node(4, '', url, 0, 0, [], [{ line: 12, ticks: 1 }]),
    ];
    const byNode = attributeNodes(profileOf(nodes, [[2, 10], [3, 10], [4, 10]]));
    assert.equal(userSite(byNode.get(2)).site.line, 4, 'line 63 is past the end of the file and line 10 is helper\'s');
    assert.equal(userSite(byNode.get(3)).site.line, 2, 'no tick inside main: its definition line');
    assert.equal(userSite(byNode.get(4)).site.line, 12);
  } finally {
    p.cleanup();
  }
});

test('without a probe directory the probe is just another user file', () => {
  const byNode = attributeNodes(profileOf(NODES, TIMELINE));
  assert.equal(userSite(byNode.get(18)).site.function, 'tick');
});

test('sample time comes from the timestamps: each sample lasts until the next one', () => {
  const p = profileOf(NODES, TIMELINE);
  const attributed = attributeProfile(p, { probeDirs: [PROBE_DIR] });
  assert.deepEqual(
    attributed.samples.map((s) => Math.round(s.ms * 1000) / 1000),
    TIMELINE.map(([, ms]) => ms),
  );
  assert.equal(attributed.samples[0].atUs, 1_000_500);
  assert.equal(attributed.samples[1].atUs, 1_100_500);
  // Out-of-order timestamps give no negative time.
  const odd = attributeProfile({ ...p, samples: [9, 9, 9], timeDeltas: [0, 5000, -1000], endTime: p.startTime + 10_000 });
  assert.deepEqual(
    odd.samples.map((s) => s.ms),
    [5, 0, 6],
  );
});

test('hotspots: time by line, split into own code and calls, with idle, GC, program, probe time apart', () => {
  const { hotspots, totals } = findHotspots([{ thread: thread(10, 0, []), profile: profileOf(NODES, TIMELINE) }], { cwd: '/app', probeDirs: [PROBE_DIR] });
  const find = (fn: string, line: number): Hotspot => {
    const h = hotspots.find((x) => x.function === fn && x.line === line);
    assert.ok(h, `${fn}:${line} in ${JSON.stringify(hotspots.map((x) => `${x.function}:${x.line}`))}`);
    return h;
  };
  // 100 + 200 + 300 ms in execSync and 13 ms in lodash, at the definition line.
  const calls = find('handler', 9);
  assert.equal(calls.selfMs, 613);
  assert.equal(calls.leafMs, 0);
  assert.deepEqual(calls.via, [
    { name: 'execSync', module: 'node:child_process', ms: 600 },
    { name: 'get', module: 'lodash', ms: 13 },
  ]);
  assert.equal(calls.file, 'main.js');
  assert.equal(calls.absFile, '/app/main.js');
  assert.equal(calls.share, Math.round((613 / BUSY_MS) * 1e4) / 1e4);
  assert.equal(calls.threads, 'main');
  assert.deepEqual(calls.pids, [10]);
  assert.equal(calls.mapped, false);
  assert.equal(calls.blockedMs, 0);

  const own = find('handler', 14);
  assert.equal(own.selfMs, 5);
  assert.equal(own.leafMs, 5);
  assert.deepEqual(own.via, []);

  // The top level's own time and its postMessage call share one line.
  const top = find('(top level)', 1);
  assert.equal(top.selfMs, 68);
  assert.equal(top.leafMs, 37);
  assert.deepEqual(top.via, [{ name: 'postMessage', ms: 31 }]);

  assert.equal(find('cb', 31).selfMs, 17);
  assert.equal(find('onTimer', 3).file, 'timer.js');
  assert.deepEqual(
    hotspots.map((h) => h.selfMs),
    [613, 68, 19, 17, 5],
  );

  assert.equal(totals.length, 1);
  assert.deepEqual(
    { ...totals[0], cpuProfile: undefined },
    {
      pid: 10, threadId: 0, isMainThread: true, cpuProfile: undefined, samples: TIMELINE.length,
      profileMs: TOTAL_MS, busyMs: BUSY_MS,
      userMs: 613 + 5 + 68 + 19 + 17, idleMs: 50, gcMs: 7, programMs: 11, probeMs: 29, unattributedMs: 23,
    },
  );
});

test('hotspots over threads and processes: main/worker/both, pids, share of those threads, blocked time of the main loop only', () => {
  // The main thread's loop was blocked for the last 400 ms of the execSync samples ([200.5, 600.5] ms).
  const blockedSamples = [sample(15, 15), sample(600.5, 585.5, { delayMax: 400 }), sample(700, 99.5), sample(850, 150)];
  const main = thread(10, 0, blockedSamples);
  const worker = thread(10, 1, blockedSamples);
  const other = thread(11, 0, [sample(15, 15)]);
  const timerOnly = profileOf(NODES, [
    [15, 40],
    [2, 60],
  ]);
  const { hotspots, totals } = findHotspots(
    [
      { thread: main, profile: profileOf(NODES, TIMELINE) },
      { thread: worker, profile: profileOf(NODES, TIMELINE) },
      { thread: other, profile: timerOnly },
    ],
    { cwd: '/elsewhere', probeDirs: [PROBE_DIR], limit: 3 },
  );
  assert.equal(hotspots.length, 3);
  const [calls, top, timer] = hotspots;
  assert.equal(calls.function, 'handler');
  assert.equal(calls.selfMs, 1226);
  assert.equal(calls.threads, 'both');
  assert.deepEqual(calls.pids, [10]);
  // Only the main thread's samples within its blocked stretch: 100 ms of the 200 ms sample, all of the 300.
  assert.equal(calls.blockedMs, 400);
  assert.equal(calls.share, Math.round(((2 * 613) / (2 * BUSY_MS)) * 1e4) / 1e4);
  assert.equal(calls.file, '/app/main.js');
  assert.equal(top.function, '(top level)');
  assert.equal(timer.function, 'onTimer');
  assert.equal(timer.selfMs, 2 * 19 + 40);
  assert.deepEqual(timer.pids, [10, 11]);
  // 78 ms of the busy time of all three threads (the timer-only thread idled 60 ms).
  assert.equal(timer.share, Math.round((78 / (2 * BUSY_MS + 40)) * 1e4) / 1e4);
  assert.deepEqual(
    totals.map((t) => [t.pid, t.threadId, t.isMainThread, t.busyMs]),
    [
      [10, 0, true, BUSY_MS],
      [10, 1, false, BUSY_MS],
      [11, 0, true, 40],
    ],
  );
});

/**
 * Probe samples of a main thread: the main module runs 120 ms before the loop starts; then loop blocks of
 * 80 ms, 52 ms (3 ms after the first), a 40 ms one, and a 150 ms one reaching back into the interval before.
 */
const STRETCH_SAMPLES = [
  sample(130, 130, { mainMs: 120, cpuUserMs: 100, cpuSystemMs: 10 }),
  sample(145, 15, { delayMax: 3, cpuUserMs: 1 }),
  sample(245, 100, { delayMax: 80, cpuUserMs: 8, cpuSystemMs: 2 }),
  sample(300, 55, { delayMax: 52, cpuUserMs: 11 }),
  sample(400, 100, { delayMax: 40, cpuUserMs: 50 }),
  sample(520, 120, { delayMax: 150, cpuUserMs: 100, cpuSystemMs: 20 }),
];

test('blocked stretches: placed at the end of their interval, split by threshold, merged when they touch', () => {
  const th = thread(10, 0, STRETCH_SAMPLES);
  const spans = (threshold?: number, gap?: number) => blockedSpans(th, threshold, gap).map((s) => [s.kind, s.startMs, s.endMs]);
  assert.deepEqual(spans(), [
    ['startup', 0, 120],
    ['loop', 165, 245],
    ['loop', 248, 300],
    ['loop', 370, 520],
  ]);
  // 3 ms apart: one stretch once the gap allowance covers it.
  assert.deepEqual(spans(50, 5), [
    ['startup', 0, 120],
    ['loop', 165, 300],
    ['loop', 370, 520],
  ]);
  // A lower threshold takes in the 40 ms block, which overlaps the 150 ms one.
  assert.deepEqual(spans(30), [
    ['startup', 0, 120],
    ['loop', 165, 245],
    ['loop', 248, 300],
    ['loop', 360, 520],
  ]);
  assert.deepEqual(spans(100), [
    ['startup', 0, 120],
    ['loop', 370, 520],
  ]);
});

test('blocked stretches without a profile: times, CPU share from the overlapping samples, and a summary', () => {
  const th = thread(10, 0, STRETCH_SAMPLES);
  const stretches = findBlockedStretches(th);
  assert.equal(stretches.length, 4);
  const [startup, first, , last] = stretches;
  assert.equal(startup.kind, 'startup');
  assert.equal(startup.durationMs, 120);
  // 120 of the interval's 130 ms: 110 * 120 / 130 ms of CPU.
  assert.equal(startup.cpuMs, Math.round(((110 * 120) / 130) * 1000) / 1000);

  assert.deepEqual(
    {
      kind: first.kind,
      startMs: first.startMs,
      endMs: first.endMs,
      durationMs: first.durationMs,
      maxDelayMs: first.maxDelayMs,
      cpuMs: first.cpuMs,
      cpuShare: first.cpuShare,
    },
    { kind: 'loop', startMs: 165, endMs: 245, durationMs: 80, maxDelayMs: 80, cpuMs: 8, cpuShare: 0.1 },
  );
  assert.equal(first.startEpochMs, 1_700_000_000_165);
  assert.equal(first.endEpochMs, 1_700_000_000_245);
  assert.deepEqual(first.frames, []);
  assert.equal(first.profile, null);

  // 30 ms in the interval before (50 ms CPU over 100 ms) and all of its own (120 ms over 120 ms).
  assert.equal(last.cpuMs, 135);
  assert.equal(last.cpuShare, 0.9);

  assert.deepEqual(summarizeStretches(stretches), {
    count: 4,
    totalMs: 120 + 80 + 52 + 150,
    // Without the per-thread clock no stretch knows its wait for a CPU.
    runnableWaitMs: 0,
    startupCount: 1,
    startupMs: 120,
    longest: { pid: 10, threadId: 0, kind: 'loop', startMs: 370, durationMs: 150 },
  });
  assert.deepEqual(summarizeStretches([]), { count: 0, totalMs: 0, runnableWaitMs: 0, startupCount: 0, startupMs: 0, longest: null });
});

test('with the per-thread clock a stretch counts only its own thread\'s CPU, and its wait for a CPU', () => {
  const withClock = STRETCH_SAMPLES.map((s, i) => ({ ...s, thread: { cpuMs: i * 10, waitMs: i } }));
  const [, first, , last] = findBlockedStretches(thread(10, 0, withClock));
  // [165, 245] is 80 ms of the 100 ms interval that had 20 ms of thread CPU and 2 ms of run-queue wait.
  assert.deepEqual(
    { scope: first.cpuScope, cpuMs: first.cpuMs, cpuShare: first.cpuShare, wait: first.runnableWaitMs },
    { scope: 'thread', cpuMs: 16, cpuShare: 0.2, wait: 1.6 },
  );
  // 30 % of interval 4 and all of interval 5: 0.3 * 40 + 50 ms.
  assert.equal(last.cpuMs, 62);
  assert.equal(last.runnableWaitMs, 0.3 * 4 + 5);
  // The summary adds up the stretches' waits for a CPU: a busy machine's share of the stalls.
  const all = findBlockedStretches(thread(10, 0, withClock));
  const waits = all.reduce((a, x) => a + Math.min(x.durationMs, x.runnableWaitMs ?? 0), 0);
  assert.ok(waits > 0);
  assert.equal(summarizeStretches(all).runnableWaitMs, Math.round(waits * 1000) / 1000);

  // Without the thread clock in one overlapping interval the two clocks are not mixed.
  const mixed = withClock.map((s, i) => (i === 5 ? { ...s, thread: undefined } : s));
  const [, firstMixed, , lastMixed] = findBlockedStretches(thread(10, 0, mixed));
  assert.equal(firstMixed.cpuScope, 'thread');
  assert.deepEqual(
    { scope: lastMixed.cpuScope, cpuMs: lastMixed.cpuMs, wait: lastMixed.runnableWaitMs },
    { scope: 'process', cpuMs: 135, wait: null },
  );
  assert.equal(findBlockedStretches(thread(10, 0, STRETCH_SAMPLES))[1].cpuScope, 'process');
});

test('blocked stretches with a profile list the user frames that held the loop, by time inside the stretch', () => {
  const th = thread(10, 0, STRETCH_SAMPLES, 5_000_000);
  // Idle until 165 ms; then 40 ms in execSync, 10 ms of handler's own code, 30 ms in lodash: the 80 ms block.
  const profile = profileOf(
    NODES,
    [
      [2, 165],
      [9, 40],
      [6, 10],
      [11, 30],
      [2, 100],
    ],
    5_000_000,
    0,
  );
  const stretches = findBlockedStretches(th, attributeProfile(profile, { probeDirs: [PROBE_DIR] }), { cwd: '/app' });
  const first = stretches.find((s) => s.startMs === 165);
  assert.ok(first);
  assert.deepEqual(first.frames, [
    {
      function: 'handler', file: 'main.js', absFile: '/app/main.js', line: 9, column: 17, functionLine: 9, mapped: false, ms: 70,
      via: [
        { name: 'execSync', module: 'node:child_process', ms: 40 },
        { name: 'get', module: 'lodash', ms: 30 },
      ],
    },
    { function: 'handler', file: 'main.js', absFile: '/app/main.js', line: 14, column: 1, functionLine: 9, mapped: false, ms: 10, via: [] },
  ]);
  assert.deepEqual(first.profile, { userMs: 80, idleMs: 0, gcMs: 0, programMs: 0, probeMs: 0, unattributedMs: 0 });
  // The 52 ms block at [248, 300]: 97 ms of idle from 245 on, as far as the profile tells.
  const second = stretches.find((s) => s.startMs === 248);
  assert.deepEqual(second?.frames, []);
  assert.deepEqual(second?.profile, { userMs: 0, idleMs: 52, gcMs: 0, programMs: 0, probeMs: 0, unattributedMs: 0 });
  // Past the profile's end: no sample, so no split at all.
  assert.equal(stretches.find((s) => s.startMs === 370)?.profile, null);
});
