// The Node side of the Python profiler with fixed probe data: what the probe's files become (measurements,
// hotspots, stretches, the process tree) and the verdict the Python tree gives, with exact values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS } from '../../src/advisor/thresholds';
import { recommend } from '../../src/advisor/recommendation';
import { PYTHON_ADVICE, PYTHON_ADVICE_LEAVES } from '../../src/advisor/python-advice';
import { PYTHON_TREE } from '../../src/advisor/python-tree';
import { digestPython } from '../../src/profiler/python/profile-python';
import { isPythonCommand, prependPythonPath, resolvePythonCommand } from '../../src/profiler/python/python-command';
import { measurePython } from '../../src/profiler/python/python-measure';
import type { PyProcessData } from '../../src/profiler/python/python-probe-data';
import { pythonWorkload } from '../../src/profiler/python/python-process-tree';

const NO_TRANSFERS = {
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
};

function process(over: Partial<PyProcessData>): PyProcessData {
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
    wallMs: 1000,
    ended: true,
    reason: 'exit',
    threadClock: 'schedstat',
    mainTid: 100,
    samplerTid: 101,
    cpuMs: 0,
    childrenCpuMs: 0,
    mainThreadTimeMs: null,
    peakRss: 1 << 20,
    gc: { ms: 1, count: 2 },
    config: { sampleMs: 10, windowMs: 100, blockMs: 50, heartbeatMs: 10 },
    threads: [],
    windows: [],
    loops: [],
    transfers: NO_TRANSFERS,
    gil: { samples: 100, running: 0, contended: 0, threadsInBytecode: 0 },
    samples: { count: 100, stacks: [] },
    error: null,
    ...over,
  };
}

const thread = (tid: number, cpuMs: number, runQueueMs: number, bytecodeSamples = 0) => ({
  tid,
  name: `t${tid}`,
  firstMs: 0,
  lastMs: 1000,
  cpuMs,
  runQueueMs,
  samples: 100,
  activeSamples: bytecodeSamples,
  bytecodeSamples,
});

/** Two threads computing under the GIL: 90 of 100 samples find both running bytecode. */
const GIL_BOUND = process({
  cpuMs: 980,
  threads: [thread(100, 2, 1), thread(101, 10, 5), thread(102, 490, 20, 95), thread(103, 488, 22, 95)],
  windows: [
    { t: 500, ms: 500, cpu: 490, th: [[100, 1, 0], [102, 245, 10, 50, 50, 48], [103, 244, 11, 50, 50, 47]], loops: [], gil: [50, 45] },
    { t: 1000, ms: 500, cpu: 490, th: [[100, 1, 1], [102, 245, 10, 50, 50, 47], [103, 244, 11, 50, 50, 48]], loops: [], gil: [50, 45] },
  ],
  gil: { samples: 100, running: 99, contended: 90, threadsInBytecode: 189 },
  samples: {
    count: 100,
    stacks: [
      { tid: 102, file: '/work/app.py', line: 5, function: 'score', functionLine: 3, via: '', n: 95, blocked: 0 },
      { tid: 103, file: '/work/app.py', line: 5, function: 'score', functionLine: 3, via: '', n: 95, blocked: 0 },
    ],
  },
});

/** An asyncio loop blocked by time.sleep inside async def: busy outside select(), hardly any CPU. */
const BLOCKING = process({
  cpuMs: 60,
  threads: [thread(100, 50, 10), thread(101, 8, 2)],
  windows: [
    { t: 500, ms: 500, cpu: 30, th: [[100, 25, 5]], loops: [[100, 500, 20, 0, 0, 0, 0, 120, 400, 450, 4]] },
    { t: 1000, ms: 500, cpu: 30, th: [[100, 25, 5]], loops: [[100, 500, 30, 0, 0, 0, 0, 100, 300, 300, 6]] },
  ],
  loops: [
    {
      tid: 100,
      startMs: 0,
      endMs: 1000,
      running: false,
      beats: 10,
      selectMs: 50,
      ioWaitMs: 0,
      timerWaitMs: 0,
      inFlightMs: 0,
      maxInFlight: 0,
      stalls: [
        [10, 450],
        [500, 300],
        [900, 30],
      ],
      slowCallbacks: [],
    },
  ],
  samples: { count: 100, stacks: [{ tid: 100, file: '/work/app.py', line: 9, function: 'handle', functionLine: 8, via: '', n: 90, blocked: 70 }] },
});

describe('Python probe data → measurements', () => {
  it('reads GIL contention, per-thread CPU and the offloaded threads exactly', () => {
    const m = measurePython(GIL_BOUND, [], { blockThresholdMs: 50 });
    assert.deepEqual(m.gil, { enabled: true, contendedShare: 0.9, busyShare: 0.99, meanThreads: 1.89, samples: 100 });
    assert.equal(m.wallMs, 1000);
    assert.equal(m.main.busy, 0.003); // 3 ms of the main thread's CPU and run-queue time over 1000 ms
    assert.equal(m.main.cpuWhileBusy, 1);
    assert.equal(m.offload.workers, 2);
    assert.equal(m.offload.busyCores, 1.02); // (490 + 20 + 488 + 22) / 1000
    assert.deepEqual(m.threadCpu?.byRole.probe, { threads: 1, cpuMs: 10, runQueueMs: 5 });
    assert.equal(m.cpu.perWall, 0.98);
    assert.equal(m.language, 'python');
  });

  it('reads loop busy time, lag and blocked stretches from the heartbeat', () => {
    const m = measurePython(BLOCKING, [], { blockThresholdMs: 50 });
    assert.equal(m.main.busy, 0.95); // (500 - 20) + (500 - 30) of 1000 ms outside select()
    assert.equal(m.main.cpuWhileBusy, 0.063); // 60 ms CPU and run queue over 950 ms busy
    assert.deepEqual(m.main.delayMs, { p50: 120, p99: 400, max: 450 });
    assert.deepEqual(m.main.blocked, { count: 2, totalMs: 750, longestMs: 450, share: 0.75 });
    assert.equal(m.io.waitShare, 0);
  });

  it('counts pickled bytes and their time over the workload and its pool processes', () => {
    const parent = process({
      threads: [thread(100, 100, 0)],
      transfers: {
        ...NO_TRANSFERS,
        pickleCount: 10,
        pickleBytes: 80 << 20,
        pickleMs: 40,
        largestPickle: 8 << 20,
        loadsCount: 10,
        loadsBytes: 1000,
        loadsMs: 1,
        sendMs: 300,
      },
    });
    const child = process({
      pid: 200,
      ppid: 100,
      mainTid: 200,
      samplerTid: 201,
      cpuMs: 400,
      threads: [thread(200, 380, 20), thread(201, 5, 0)],
      transfers: { ...NO_TRANSFERS, pickleCount: 10, pickleBytes: 1000, pickleMs: 1, largestPickle: 100, loadsCount: 10, loadsBytes: 80 << 20, loadsMs: 59 },
    });
    const tree = pythonWorkload({ processes: [parent, child], skipped: [] });
    assert.equal(tree?.workload.pid, 100);
    assert.deepEqual(tree?.children.map((c) => c.pid), [200]);
    const m = measurePython(parent, [child], { blockThresholdMs: 50 });
    const expected = { count: 20, clonedBytes: (80 << 20) + 1000, transferredBytes: 0, sharedBytes: 0, serializeMs: 401, mainSerializeMs: 341 };
    assert.deepEqual(m.messages, expected);
    assert.equal(m.offload.childProcesses, 1);
    assert.equal(m.offload.busyCores, 0.4); // the child's 380 + 20 ms, its probe thread left out
    const v = recommend(m, DEFAULT_THRESHOLDS, [], [], PYTHON_ADVICE);
    assert.equal(v.workload.type, 'large-data');
    assert.equal(v.recommendation.model, 'shared-memory');
    assert.match(v.recommendation.summary, /multiprocessing\.shared_memory/);
  });
});

describe('Python verdicts', () => {
  it('GIL contention → gil-bound, processes, in Python terms', () => {
    const run = digestPython({ processes: [GIL_BOUND], skipped: [] }, '/work', 50);
    assert.equal(run.language, 'python');
    assert.deepEqual(run.analysis.hotspots.map((h) => [h.file, h.line, h.function, h.selfMs, h.threads]), [['app.py', 5, 'score', 1900, 'worker']]);
    const v = recommend(run.measurements!, DEFAULT_THRESHOLDS, [], [], PYTHON_ADVICE);
    assert.deepEqual(v.recommendation.path.map((s) => `${s.node}:${s.answer}`), ['active:yes', 'copies:no', 'gil:yes']);
    assert.equal(v.workload.type, 'gil-bound');
    assert.equal(v.recommendation.model, 'worker-pool');
    assert.equal(v.recommendation.alreadyRight, false);
    assert.match(v.recommendation.summary, /ProcessPoolExecutor/);
    assert.match(v.recommendation.path[2]!.evidence, /90% of 100 stack samples/);
  });

  it('a free-threaded interpreter is never GIL-bound', () => {
    const m = measurePython({ ...GIL_BOUND, gilEnabled: false }, [], { blockThresholdMs: 50 });
    assert.equal(m.gil?.contendedShare, null);
    const v = recommend(m, DEFAULT_THRESHOLDS, [], [], PYTHON_ADVICE);
    assert.notEqual(v.workload.type, 'gil-bound');
    assert.match(v.recommendation.path.find((s) => s.node === 'gil')!.evidence, /free-threaded/);
  });

  it('time.sleep inside async def → sync-io-blocking, with the blocked line', () => {
    const run = digestPython({ processes: [BLOCKING], skipped: [] }, '/work', 50);
    assert.deepEqual(run.mainStretches.map((s) => [s.startMs, s.durationMs]), [
      [10, 450],
      [500, 300],
    ]);
    const hot = run.analysis.hotspots.map((h) => ({ ...h, ms: h.selfMs, via: [], thread: h.threads }));
    const v = recommend(run.measurements!, DEFAULT_THRESHOLDS, hot, [], PYTHON_ADVICE);
    assert.equal(v.workload.type, 'sync-io-blocking');
    assert.equal(v.recommendation.model, 'async');
    assert.deepEqual(v.recommendation.lines.map((l) => `${l.file}:${l.line}`), ['app.py:9']);
    assert.match(v.recommendation.summary, /asyncio\.to_thread/);
  });

  it('every leaf of the Python tree has advice', () => {
    const leaves = Object.values(PYTHON_TREE.nodes).filter((n) => n.kind === 'leaf').map((n) => n.id);
    assert.deepEqual([...leaves].sort(), [...PYTHON_ADVICE_LEAVES].sort());
  });
});

describe('Python commands', () => {
  it('recognises scripts, interpreters and launchers', () => {
    assert.ok(isPythonCommand(['app.py']));
    assert.ok(isPythonCommand(['python3', '-m', 'uvicorn', 'app:app']));
    assert.ok(isPythonCommand(['/usr/bin/python3.11', 'x.py']));
    assert.ok(isPythonCommand(['poetry', 'run', 'python', 'app.py']));
    assert.ok(!isPythonCommand(['node', 'app.js']));
    assert.ok(!isPythonCommand(['npm', 'run', 'serve']));
  });

  it('runs a script with --python or python3, and keeps PYTHONPATH', () => {
    assert.deepEqual(resolvePythonCommand(['app.py', '-v'], '/w'), { file: 'python3', args: ['app.py', '-v'], script: '/w/app.py', interpreter: 'python3' });
    assert.deepEqual(resolvePythonCommand(['app.py'], '/w', '/opt/py/bin/python'), { file: '/opt/py/bin/python', args: ['app.py'], script: '/w/app.py', interpreter: '/opt/py/bin/python' });
    assert.deepEqual(resolvePythonCommand(['python', '-m', 'mod'], '/w'), { file: 'python', args: ['-m', 'mod'], interpreter: 'python' });
    assert.equal(prependPythonPath(undefined, '/probe'), '/probe');
    assert.equal(prependPythonPath('/mine', '/probe'), `/probe${require('node:path').delimiter}/mine`);
  });
});
