// `bench --python`: the seed article's benchmarks run by the machine's python3 through the same bench worker
// and client as Node's (dist/workers/bench-worker.js, so `npm run build` first), and their summary, storage,
// thresholds and views. The article's two results are asserted as the physics makes them hold on any load:
// threads running pure Python never use much more than one core between them (the GIL), and pickling a
// payload costs in proportion to its size while a shared_memory block costs the same at any size.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatBenchText } from '../../src/harness/result-text';
import { parseCommandLine } from '../../src/cli/args';
import type { BenchConfig } from '../../src/harness/bench-config';
import { BenchCancelled, BenchRun } from '../../src/harness/bench-client';
import { thresholdsFromBenchmark } from '../../src/harness/benchmark-thresholds';
import { pythonSuites, type RawPythonResult } from '../../src/harness/python-suites';
import { loadLatestResult, saveResult } from '../../src/harness/result-store';
import type { BenchResult } from '../../src/harness/result-types';
import { benchView } from '../../src/report/views/bench-view';

const WORKER = path.resolve(__dirname, '../../../dist/workers/bench-worker.js');
const SCRIPT = path.resolve(__dirname, '../../../dist/python-bench/concurrency_lens_bench.py');
const MiB = 1024 * 1024;
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const skip = python.error || python.status !== 0 ? 'python3 is not on PATH' : !existsSync(WORKER) || !existsSync(SCRIPT) ? 'dist/ is missing: run npm run build' : false;

const SMALL: BenchConfig = {
  warmupRuns: 1,
  runs: 3,
  io: { latencyMs: 20, calls: [10, 30], concurrencyLimit: 10, maxSequentialCalls: 30 },
  cpu: { workerCounts: [1, 2], tokenizeItems: 30_000, hashItems: 6_000, chunks: 8, startupRepeats: 1 },
  serialization: { sizesBytes: [1 * MiB, 8 * MiB], computeMs: [1, 10, 50] },
  hybrid: { queries: 4, retrieveMs: 20, generateMs: 40, preprocessItems: 6_000, poolSize: 2 },
};

/** Samples in ms, as the script prints them. */
const RAW: RawPythonResult = {
  python: { version: '3.11.7', implementation: 'cpython', executable: '/usr/bin/python3', gil: true },
  cpu: {
    workerCounts: [1, 2],
    workloads: [
      {
        workload: 'tokenize',
        items: 40_000,
        chunks: 16,
        sequentialMs: [170, 180, 175, 172],
        pools: [
          { pool: 'threads', workers: 1, wallMs: [170, 171], speedups: [1.0, 1.02], coresUsed: [0.98, 0.99], startMs: 21.04, memoryPerWorkerBytes: 20480 },
          { pool: 'threads', workers: 2, wallMs: [220, 230], speedups: [0.77, 0.79], coresUsed: [0.99, 0.97], startMs: 22 },
          { pool: 'processes', workers: 1, wallMs: [175, 178], speedups: [0.97, 0.99], coresUsed: [0.95, 0.97], startMs: 150 },
          { pool: 'processes', workers: 2, wallMs: [90, 92], speedups: [1.9, 2.1], coresUsed: [1.8, 1.9], startMs: 160, memoryPerWorkerBytes: 26e6 },
        ],
      },
    ],
  },
  serialization: {
    sizesBytes: [MiB, 10 * MiB],
    points: [
      { mode: 'pickle', sizeBytes: MiB, roundTripMs: [4, 4, 4] },
      { mode: 'shared-memory', sizeBytes: MiB, roundTripMs: [0.7, 0.7], setupMs: [3, 3] },
      { mode: 'pickle', sizeBytes: 10 * MiB, roundTripMs: [40, 40, 40] },
      { mode: 'shared-memory', sizeBytes: 10 * MiB, roundTripMs: [0.8, 0.8], setupMs: [30, 30] },
    ],
  },
  hybrid: { points: [{ mode: 'sequential', wallMs: [1000] }, { mode: 'hybrid-process-pool', wallMs: [400, 500, 450] }] },
};

const resultOf = (raw: RawPythonResult): BenchResult => ({
  tool: 'concurrency-lens',
  kind: 'bench',
  version: 'test',
  language: 'python',
  python: raw.python,
  createdAt: '2026-12-05T07:00:00.000Z',
  quick: true,
  machine: { cores: 2, cpuModel: 'test CPU', totalMemBytes: 8 * 1024 ** 3, freeMemBytes: 1024 ** 3, node: 'v20.0.0', platform: 'linux', arch: 'x64', loadAverage: [0.5, 0.5, 0.5] },
  loadAverageAfter: [0.5, 0.5, 0.5],
  durationMs: 1000,
  ...pythonSuites(raw, SMALL),
});

describe('the Python benchmark summary', () => {
  it('summarises the raw samples as the Node suites do', () => {
    const r = resultOf(RAW);
    const w = r.cpu!.workloads[0]!;
    assert.equal(w.sequentialMs.median, 173.5);
    const twoThreads = w.pools.find((p) => p.pool === 'threads' && p.workers === 2)!;
    assert.deepEqual([twoThreads.speedup, twoThreads.coresUsed, twoThreads.memoryPerWorkerBytes], [0.78, 0.98, 0]);
    // Threads never beat one thread, so they saturate at 1; processes gain 2x at 2.
    assert.deepEqual(w.saturatesAt, { threads: 1, processes: 2 });
    assert.equal(r.cpu!.usableParallelism, 2, 'the best process speedup on tokenising');
    assert.deepEqual(Object.keys(r.cpu!.workerStartupMs).sort(), ['processes', 'threads']);
    assert.equal(r.cpu!.workerStartupMs.threads!.median, 21, 'start-up rounded to 0.1 ms');
    // 4 ms per 1 MiB round trip (2 MiB copied), 40 ms per 10 MiB: 2 MiB per 4 ms, no fixed cost.
    const ser = r.serialization!;
    assert.equal(ser.cloneBytesPerMs, 524288);
    assert.equal(ser.cloneOverheadMs, 0);
    assert.deepEqual(ser.crossovers.map((c) => c.sizeBytes), [262144, 2621440, 13107200]);
    assert.deepEqual(r.hybrid!.points.map((p) => [p.mode, p.queriesPerSecond]), [['sequential', 4], ['hybrid-process-pool', 8.9]]);
    assert.equal(r.io, undefined, 'a suite that did not run stays out');
  });

  it('reads in Python terms, with the article beside it', () => {
    const r = resultOf(RAW);
    const view = benchView(r);
    assert.match(view.machine, /Python 3\.11\.7 \(cpython, with the GIL\)/);
    const cpu = view.charts.find((c) => c.id === 'cpu-speedup')!;
    assert.ok('series' in cpu);
    const labels = cpu.series.map((s) => s.label);
    assert.ok(labels.includes('tokenize · threads') && labels.includes('tokenize · processes'), labels.join(', '));
    const article = cpu.series.find((s) => s.label === 'article · threads')!;
    assert.equal(article.dashed, true);
    assert.deepEqual((article.data as Array<{ x: number }>).map((p) => p.x), [1, 2, 4, 8]);
    const ser = view.charts.find((c) => c.id === 'serialization')!;
    assert.ok('series' in ser);
    assert.deepEqual(ser.series.map((s) => s.label), ['pickle to a process', 'shared_memory, named per task', 'article · pickle (dumps + loads)']);
    assert.match(ser.description, /Pickling copies the payload both ways/);
    const empty = view.charts.find((c) => c.id === 'io-time')!;
    assert.match(empty.description, /concurrency-lens bench --python --suite io/);

    const text = formatBenchText(r);
    assert.match(text, /benchmarks in Python \(quick\)/);
    assert.match(text, /threads +2 +225 ms.*0\.78x.*0\.98 +0\.96x/, 'two threads, their cores used and the article\'s 2-thread figure');
    assert.match(text, /pickle rate 500 MiB\/s/);
  });

  it('saves Python results apart and judges only Python profiles by them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-pybench-'));
    try {
      const file = await saveResult(resultOf(RAW), dir);
      assert.equal(path.basename(file), 'bench-python-2026-12-05T07-00-00.000Z.json');
      assert.equal(await loadLatestResult(dir), undefined, 'a Node profile does not take Python figures');
      assert.equal((await loadLatestResult(dir, 'python'))?.python?.version, '3.11.7');
      const t = thresholdsFromBenchmark(resultOf(RAW));
      assert.equal(t.cloneBytesPerMs?.value, 524288);
      assert.match(t.cloneBytesPerMs!.why, /Pickling to a pool process measured on this machine: 500 MiB\/s/);
      assert.match(t.largeMessageBytes!.why, /to pickle to a process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes --python with or without a path', () => {
    const bench = (argv: string[]) => {
      const parsed = parseCommandLine(['bench', ...argv]);
      assert.equal(parsed.kind, 'bench');
      return parsed.kind === 'bench' ? parsed.args : undefined;
    };
    assert.equal(bench(['--python'])!.python, 'python3');
    assert.equal(bench(['--python', '--quick'])!.python, 'python3');
    assert.equal(bench(['--quick', '--python', '/opt/py/bin/python3.12'])!.python, '/opt/py/bin/python3.12');
    assert.equal(bench(['--quick'])!.python, undefined);
    assert.throws(() => parseCommandLine(['bench', '--python', '--function', 'a.js#f', '--input', 'b.js']), /does not go with --python/);
  });
});

describe('the Python benchmarks, run', { skip }, () => {
  it("reproduce the article: two threads are no faster than one, processes are; pickling costs by size, shared memory does not", async (t) => {
    const loadAtStart = os.loadavg()[0];
    const run = new BenchRun({ suites: ['io', 'cpu', 'serialization', 'hybrid'], quick: true, version: 'test', config: SMALL, python: { interpreter: 'python3' } }, { workerFile: WORKER });
    const r = await run.result;
    assert.equal(r.language, 'python');
    assert.equal(r.python?.implementation, 'cpython');

    const tokenize = r.cpu!.workloads.find((w) => w.workload === 'tokenize')!;
    const pool = (kind: string, workers: number) => tokenize.pools.find((p) => p.pool === kind && p.workers === workers)!;
    if (r.python?.gil !== false) {
      // The GIL: two threads running pure Python add up to one core at most, so they cannot beat one thread.
      assert.ok(pool('threads', 2).coresUsed! <= 1.15, `2 threads used ${pool('threads', 2).coresUsed} cores`);
      // Fastest against fastest: other work on the machine only ever adds time, and a one-thread run slowed by it
      // made the paired median read 1.31x once in CI. The best runs compare the computations themselves.
      const best = tokenize.sequentialMs.min / pool('threads', 2).wallMs.min;
      assert.ok(best <= 1.25, `2 threads: best ${pool('threads', 2).wallMs.min} ms against one thread's best ${tokenize.sequentialMs.min} ms (${best.toFixed(2)}x)`);
    }
    // Processes need a free core to show it; the 1-minute load counts this test's own processes too.
    const load = Math.max(loadAtStart, os.loadavg()[0]);
    if (r.machine.cores >= 2 && load < r.machine.cores - 0.5) {
      // Best runs again: the paired medians read 1.52x against 1.37x once in CI, with other work started mid-run
      // slowing one-thread runs (which inflates the threads' median speedup) and the processes' own.
      const bestSpeedup = (kind: string): number => tokenize.sequentialMs.min / pool(kind, 2).wallMs.min;
      assert.ok(bestSpeedup('processes') > bestSpeedup('threads') * 1.2,
        `2 processes best ${bestSpeedup('processes').toFixed(2)}x against 2 threads best ${bestSpeedup('threads').toFixed(2)}x (medians ${pool('processes', 2).speedup}x, ${pool('threads', 2).speedup}x)`);
    } else t.diagnostic(`2-process speedup ${pool('processes', 2).speedup}x not compared: load average ${load} leaves no core free`);

    const ser = r.serialization!;
    const trip = (mode: string, size: number) => ser.points.find((p) => p.mode === mode && p.sizeBytes === size)!.roundTripMs!.median;
    assert.ok(trip('pickle', 8 * MiB) > 3 * trip('pickle', 1 * MiB), `pickle grows with size: ${trip('pickle', 1 * MiB)} → ${trip('pickle', 8 * MiB)} ms`);
    assert.ok(trip('shared-memory', 8 * MiB) * 5 < trip('pickle', 8 * MiB), `shared_memory per task ${trip('shared-memory', 8 * MiB)} ms against pickle ${trip('pickle', 8 * MiB)} ms`);
    assert.ok(ser.cloneBytesPerMs > 0 && ser.crossovers.length === 3);

    const wall = (mode: string, calls: number) => r.io!.points.find((p) => p.mode === mode && p.calls === calls)!.wallMs!.median;
    assert.ok(wall('sequential', 30) >= 30 * 20, 'sequential calls wait one after another');
    for (const mode of ['asyncio-gather-limited', 'thread-pool']) assert.ok(wall(mode, 30) < wall('sequential', 30) / 2, `${mode} overlaps the waits`);

    const qps = Object.fromEntries(r.hybrid!.points.map((p) => [p.mode, p.queriesPerSecond]));
    assert.deepEqual(Object.keys(qps), ['sequential', 'async-cpu-on-main', 'async-to-thread', 'hybrid-process-pool']);
    for (const mode of ['async-cpu-on-main', 'async-to-thread', 'hybrid-process-pool']) assert.ok(qps[mode]! > qps.sequential!, `${mode} overlaps the waits of its queries`);
  });

  it('a cancel kills the interpreter and its pool processes', async () => {
    // A 128 MiB payload takes seconds to pickle to the pool process and back: long enough to cancel mid-trip.
    const big: BenchConfig = { ...SMALL, serialization: { sizesBytes: [128 * MiB], computeMs: [10] } };
    let started: (() => void) | undefined;
    const inTrip = new Promise<void>((resolve) => (started = resolve));
    const run = new BenchRun({ suites: ['serialization'], quick: true, version: 'test', config: big, python: { interpreter: 'python3' } }, { workerFile: WORKER, onProgress: (p) => p.step.includes('MiB') && started?.() });
    const outcome = run.result.then(() => 'finished', (e: unknown) => e);
    await Promise.race([inTrip, outcome]);
    const leader = [...run.liveChildren][0];
    assert.ok(leader !== undefined, 'the interpreter was announced');
    const group = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d) && pgidOf(d) === leader);
    assert.ok(group().length >= 2, 'the interpreter and its pool processes share its group');
    await run.cancel();
    assert.ok(await outcome instanceof BenchCancelled);
    const until = Date.now() + 5000;
    while (group().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(group(), [], 'nothing of the group is left');
  });

  it('says which interpreter is missing', async () => {
    const run = new BenchRun({ suites: ['cpu'], quick: true, version: 'test', config: SMALL, python: { interpreter: '/nonexistent/python3' } }, { workerFile: WORKER });
    await assert.rejects(run.result, /Python interpreter not found: \/nonexistent\/python3; pass --python PATH/);
  });
});

/** The process group of /proc/<pid>, or undefined for one that is gone or a zombie. */
function pgidOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : Number(fields[2]);
  } catch {
    return undefined;
  }
}
