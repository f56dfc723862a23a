// A Python run's timeline from hand-made probe windows (python-timeline.ts), with exact values, and the
// four profile charts as a Python report draws them: in Python's terms, nothing unmeasured drawn as zero.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { digestPython } from '../../src/profiler/python/profile-python';
import type { PyProcessData, PyWindow } from '../../src/profiler/python/python-probe-data';
import { buildPythonTimeline } from '../../src/profiler/python/python-timeline';
import { MAX_TIMELINE_POINTS, type Timeline } from '../../src/profiler/timeline';
import type { ProfileReport } from '../../src/report/profile-report';
import type { ChartSpec, Point } from '../../src/report/views/chart-spec';
import { profileView } from '../../src/report/views/profile-view';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/reports/profile-python-threads-gil.json');

function proc(over: Partial<PyProcessData>): PyProcessData {
  return {
    kind: 'python-probe',
    formatVersion: 1,
    pid: 100,
    ppid: 1,
    runId: 'r',
    argv: ['app.py'],
    executable: '/usr/bin/python3',
    pythonVersion: '3.11.7',
    implementation: 'cpython',
    gilEnabled: true,
    freeThreadedBuild: false,
    cores: 2,
    epochMs: 1_000_000,
    wallMs: 200,
    ended: true,
    reason: 'exit',
    threadClock: 'schedstat',
    mainTid: 100,
    samplerTid: 101,
    cpuMs: 140,
    childrenCpuMs: 0,
    mainThreadTimeMs: null,
    peakRss: 1 << 20,
    gc: { ms: 2, count: 1 },
    config: { sampleMs: 10, windowMs: 100, blockMs: 50, heartbeatMs: 10 },
    threads: [],
    windows: [],
    loops: [],
    transfers: {
      pickleCount: 0,
      pickleBytes: 0,
      pickleMs: 0,
      largestPickle: 0,
      loadsCount: 0,
      loadsBytes: 0,
      loadsMs: 0,
      sendMs: 0,
      sharedCount: 0,
      sharedBytes: 0,
    },
    gil: { samples: 20, running: 20, contended: 11, threadsInBytecode: 30 },
    samples: { count: 20, stacks: [] },
    error: null,
    ...over,
  };
}

/**
 * Two windows of 100 ms. The first: the main thread's asyncio loop ran 50 ms (30 of them in select()), four
 * heartbeats, 0.6 sockets in flight on average; thread 102 computes, the sampler (101) takes 2 ms. The
 * second: the loop has ended, the main thread computes 40 ms. A pool process (pid 200) starts 50 ms in; its
 * first window ends at 150 ms (in the workload's second window), its second after the workload's last.
 */
const WORKLOAD = proc({
  windows: [
    {
      t: 100,
      ms: 100,
      cpu: 60,
      th: [[100, 20, 5, 10, 10, 4], [101, 2, 0], [102, 30, 10, 10, 10, 8]],
      loops: [[100, 50, 30, 20, 0, 60, 2, 1.5, 4, 6, 4]],
      gil: [10, 3],
      gcMs: 2,
      xfer: [1000, 0],
    },
    { t: 200, ms: 100, cpu: 80, th: [[100, 40, 0], [102, 35, 5]], loops: [], gil: [10, 8], gcMs: 0, xfer: [500, 4096] },
  ],
});
const CHILD = proc({
  pid: 200,
  ppid: 100,
  epochMs: 1_000_050,
  mainTid: 200,
  samplerTid: 201,
  windows: [
    { t: 100, ms: 100, cpu: 50, th: [[200, 45, 0], [201, 5, 0]], loops: [], gil: [10, 0], gcMs: 1, xfer: [2000, 0] },
    { t: 200, ms: 100, cpu: 50, th: [[200, 50, 0]], loops: [], gil: [10, 0], gcMs: 0, xfer: [9999, 0] },
  ],
});

const EXPECTED: Timeline = {
  t: [0.1, 0.2],
  delayP50Ms: [1.5, 0],
  delayP99Ms: [4, 0],
  delayMaxMs: [6, 0],
  // The loop's 20 ms outside select(), and the other 50 ms at the thread's CPU + run-queue rate (25 %); then 40 ms of CPU.
  busy: [0.325, 0.4],
  // Thread 102 (not the sampler); then 35 ms of 102 and the child's 45 ms without its sampler's 5.
  offloadCores: [0.3, 0.8],
  cpuCores: [0.6, 1.3],
  gcMs: [2, 0],
  ioInFlight: [0.6, 0],
  ioMaxInFlight: [2, 0],
  clonedBytes: [1000, 2500],
  movedBytes: [0, 4096],
  resources: {},
  loopRunning: [0.5, 0],
  heartbeats: [4, 0],
  gilContended: [0.3, 0.8],
};

describe('Python probe windows → timeline', () => {
  it('builds every series from the windows, the child folded in by wall-clock time', () => {
    assert.deepEqual(buildPythonTimeline(WORKLOAD, [CHILD]), EXPECTED);
  });

  it('is what digestPython attaches to the run', () => {
    const digested = digestPython({ processes: [WORKLOAD, CHILD], skipped: [] }, '/work', 50);
    assert.deepEqual(digested.timeline, EXPECTED);
  });

  it('leaves out what was not measured instead of writing zeros', () => {
    const old = (w: PyWindow): PyWindow => {
      const { gcMs: _gc, xfer: _xfer, ...rest } = w;
      return { ...rest, loops: [] };
    };
    const tl = buildPythonTimeline(proc({ gilEnabled: false, windows: WORKLOAD.windows.map(old) }), [])!;
    assert.deepEqual(Object.keys(tl).sort(), ['busy', 'cpuCores', 'delayMaxMs', 'delayP50Ms', 'delayP99Ms', 'ioInFlight', 'offloadCores', 'resources', 't']);
    assert.deepEqual([tl.delayP50Ms, tl.delayP99Ms, tl.delayMaxMs, tl.ioInFlight], [[], [], [], []], 'no loop on the main thread: no lag, no I/O in flight');
    assert.deepEqual(tl.busy, [0.25, 0.4], 'without a loop, the thread\'s CPU and run-queue share');
    assert.equal(buildPythonTimeline(proc({ windows: [] }), []), undefined, 'a run shorter than one window has none');
  });

  it('merges long runs down to MAX_TIMELINE_POINTS: sums summed, maxima kept, the p50 weighted by heartbeats', () => {
    const windows: PyWindow[] = Array.from({ length: 1300 }, (_, i) => ({
      t: (i + 1) * 10,
      ms: 10,
      cpu: 5,
      th: [[100, i % 2 === 0 ? 4 : 2, 0], [102, 1, 0]],
      loops: [[100, 10, 5, 5, 0, 10 * (i % 3), i % 3, i % 2 === 0 ? 1 : 3, 2 + i, 2 + 2 * i, i % 2 === 0 ? 1 : 3]],
      gil: [1, i % 3 === 0 ? 1 : 0],
      gcMs: 0.5,
      xfer: [i, 0],
    }));
    const tl = buildPythonTimeline(proc({ windows }), [])!;
    // ceil(1300 / 600) = 3 windows a point: 434 points, the last of one window.
    assert.equal(tl.t.length, 434);
    assert.ok(tl.t.length <= MAX_TIMELINE_POINTS);
    const first = [tl.t, tl.delayP50Ms, tl.delayP99Ms, tl.delayMaxMs, tl.heartbeats!, tl.gcMs!, tl.clonedBytes!];
    first.push(tl.ioInFlight, tl.ioMaxInFlight!, tl.gilContended!, tl.cpuCores, tl.offloadCores);
    assert.deepEqual(
      first.map((ys) => ys[0]),
      // p50: (1×1 + 3×3 + 1×1) / 5 heartbeats; in flight: (0 + 10 + 20) / 30 ms; GIL: 1 of 3 samples.
      [0.03, 2.2, 4, 6, 5, 1.5, 0 + 1 + 2, 1, 2, 0.333, 0.5, 0.1],
    );
    assert.deepEqual([tl.t[433], tl.heartbeats![433], tl.delayMaxMs[433]], [13, 3, 2 + 2 * 1299]);
    assert.equal(tl.clonedBytes!.reduce((a, b) => a + b, 0), (1299 * 1300) / 2, 'no byte lost in merging');
  });
});

const fixture = (): ProfileReport => JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as ProfileReport;
const withTimeline = (tl: Timeline | undefined): ProfileReport => ({ ...fixture(), timeline: tl });
const chart = (r: ProfileReport, id: string): ChartSpec => profileView(r).charts.find((c) => c.id === id)!;
const data = (c: ChartSpec, label: string): Point[] => c.series.find((s) => s.label === label)!.data as Point[];

describe('the profile charts of a Python report', () => {
  it('draws the asyncio loop lag only where a heartbeat ran, with GC dots', () => {
    const c = chart(withTimeline(EXPECTED), 'loop-delay');
    assert.equal(c.title, 'asyncio loop lag over time');
    assert.equal(c.y.title, 'Heartbeat lag');
    assert.equal(c.empty, undefined);
    assert.deepEqual(c.series.map((s) => s.label), ['p50', 'p99', 'max', 'GC in interval']);
    assert.deepEqual(data(c, 'p50'), [{ x: 0.1, y: 1.5 }]);
    assert.deepEqual(data(c, 'max'), [{ x: 0.1, y: 6 }]);
    assert.deepEqual(data(c, 'GC in interval'), [{ x: 0.1, y: 2 }]);
    assert.deepEqual(c.table.columns, ['Time', 'p50 lag', 'p99 lag', 'Max lag', 'GC in interval', 'Blocked']);
    assert.deepEqual(c.table.rows, [['0.1 s', '1.5 ms', '4 ms', '6 ms', '2 ms', ''], ['0.2 s', '–', '–', '–', '0 ms', '']]);
    assert.match(c.description, /heartbeat on the main thread's asyncio loop/);
    assert.match(c.description, /1 of 2 intervals had no heartbeat/);
  });

  it('says so when no asyncio loop ran on the main thread (the threads_gil fixture)', () => {
    const r = fixture();
    assert.ok(r.timeline && r.timeline.t.length > 0, 'the fixture carries a timeline');
    const v = profileView(r);
    assert.match(v.charts[0].empty ?? '', /^No asyncio event loop ran on the main thread, so there is no loop lag to draw/);
    assert.match(v.charts[2].empty ?? '', /^No asyncio event loop ran on the main thread, so there is no I\/O in flight to draw/);
    assert.match(v.charts[3].empty ?? '', /^None: nothing was pickled for another process/);
    const util = v.charts[1];
    assert.equal(util.empty, undefined);
    assert.deepEqual(data(util, 'GIL contended').map((p) => p.y), r.timeline.gilContended);
    assert.ok(r.timeline.gilContended!.some((s) => s > 0.5), 'two threads fighting over the GIL show it');
    assert.deepEqual(v.notes.filter((n) => /no timeline/.test(n)), []);
  });

  it('draws main thread, GIL contention, CPU and the threads and child processes, in Python\'s words', () => {
    const c = chart(withTimeline(EXPECTED), 'utilisation');
    assert.equal(c.title, 'Main thread, threads and CPU over time');
    assert.deepEqual(
      c.series.map((s) => [s.label, s.axis, s.dashed ?? false]),
      [
        ['Main thread busy', 'y', false],
        ['GIL contended', 'y', true],
        ['CPU, process and child processes', 'y2', false],
        ['Threads and child processes', 'y2', false],
      ],
    );
    assert.deepEqual(data(c, 'GIL contended'), [{ x: 0.1, y: 0.3 }, { x: 0.2, y: 0.8 }]);
    assert.deepEqual(data(c, 'Threads and child processes').map((p) => p.y), [0.3, 0.8]);
    assert.deepEqual(c.table.rows[1], ['0.2 s', '40 %', '80 %', '1.3 cores', '0.8 cores']);
    assert.doesNotMatch(c.description, /worker|event-loop utilisation/);
    const free = chart(withTimeline({ ...EXPECTED, gilContended: undefined }), 'utilisation');
    assert.deepEqual(free.series.map((s) => s.label), ['Main thread busy', 'CPU, process and child processes', 'Threads and child processes']);
    assert.equal(free.table.columns.length, 4);
  });

  it('draws the loop\'s sockets in flight where the loop ran, and no resources by type', () => {
    const c = chart(withTimeline(EXPECTED), 'resources');
    assert.equal(c.title, 'asyncio I/O in flight');
    assert.deepEqual(data(c, 'Mean in flight'), [{ x: 0.1, y: 0.6 }]);
    assert.deepEqual(data(c, 'Most at one wait'), [{ x: 0.1, y: 2 }]);
    assert.deepEqual(c.table.rows, [['0.1 s', '0.6', '2'], ['0.2 s', '–', '–']]);
    const idle = chart(withTimeline({ ...EXPECTED, ioInFlight: [0, 0], ioMaxInFlight: [0, 0] }), 'resources');
    assert.match(idle.empty ?? '', /never waited with a socket outstanding/);
  });

  it('draws the pickled and shared_memory bytes as running totals, or says it has only the totals', () => {
    const r = withTimeline(EXPECTED);
    const c = chart(r, 'message-bytes');
    assert.equal(c.title, 'Bytes pickled for other processes');
    assert.deepEqual(data(c, 'Pickled').map((p) => p.y), [1000, 3500]);
    assert.deepEqual(data(c, 'In shared_memory').map((p) => p.y), [0, 4096]);
    assert.deepEqual(c.table.rows[1], ['0.2 s', '3.42 KiB', '4 KiB']);
    const m = r.metrics.details.messages;
    const messages = { ...m, count: 84, clonedBytes: 320 * 1048576, sharedBytes: 0 };
    const timeline = { ...EXPECTED, clonedBytes: undefined, movedBytes: undefined };
    const old = { ...r, timeline, metrics: { ...r.metrics, details: { ...r.metrics.details, messages } } };
    assert.equal(
      chart(old, 'message-bytes').empty,
      'The probe counted 320 MiB pickled in 84 objects and 0 B placed in shared_memory over the run, but not per interval (its files predate that), so there is no line to draw. Profile again to see when they were passed.',
    );
  });

  it('says why a Python report without a timeline has none', () => {
    const v = profileView(withTimeline(undefined));
    for (const c of v.charts) assert.match(c.empty ?? '', /Python probe recorded no window/);
    assert.equal(v.notes.filter((n) => /Python probe recorded no window/.test(n)).length, 1);
  });
});
