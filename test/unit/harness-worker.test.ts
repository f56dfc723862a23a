// The real harness in its bundled worker (dist/workers/bench-worker.js), driven through the client the
// CLI and the editor use, on sizes small enough for CI. Assertions are on physical sense with room for a
// shared, noisy machine; the strict figures (2-worker speedup 1.6-2.0x) belong to a manual quick run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { QUICK_CONFIG, type BenchConfig } from '../../src/harness/bench-config';
import { BenchCancelled, BenchRun } from '../../src/harness/bench-client';
import type { BenchProgress, BenchResult } from '../../src/harness/result-types';
import { othersCores, readCpu } from './process-helpers';

const WORKER = path.resolve(__dirname, '../../../dist/workers/bench-worker.js');
const MiB = 1024 * 1024;

const SMALL: BenchConfig = {
  warmupRuns: 1,
  runs: 3,
  io: { latencyMs: 5, calls: [10, 50], concurrencyLimit: 8, maxSequentialCalls: 50 },
  cpu: { workerCounts: [1, 2, 4], tokenizeItems: 60_000, hashItems: 8_000, chunks: 8, startupRepeats: 3 },
  serialization: { sizesBytes: [1 * MiB, 4 * MiB, 16 * MiB], computeMs: [1, 10, 50] },
  hybrid: { queries: 8, retrieveMs: 10, generateMs: 20, preprocessItems: 8_000, poolSize: 2 },
};

/** A process that still exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc')) return existsSync(stat) && !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

describe('the harness in its worker', () => {
  it('runs every suite and reports figures that make physical sense', async (t) => {
    const loadAtStart = os.loadavg()[0];
    const cpuAtStart = readCpu();
    const progress: BenchProgress[] = [];
    const run = new BenchRun({ suites: ['io', 'cpu', 'serialization', 'hybrid'], quick: true, version: 'test', config: SMALL }, { workerFile: WORKER, onProgress: (p) => progress.push(p) });
    const r: BenchResult = await run.result;

    assert.equal(r.machine.cores, os.availableParallelism());
    assert.equal(r.machine.node, process.version);
    assert.equal(r.loadAverageAfter.length, 3);
    assert.deepEqual([...new Set(progress.map((p) => p.suite))], ['io', 'cpu', 'serialization', 'hybrid']);
    const percents = progress.map((p) => p.percent);
    assert.deepEqual([...percents].sort((a, b) => a - b), percents, 'progress only moves forward');

    const io = r.io!;
    const wall = (mode: string, calls: number) => io.points.find((p) => p.mode === mode && p.calls === calls)!.wallMs!.median;
    assert.ok(wall('sequential', 50) >= 50 * io.latencyMs, 'sequential calls wait one after another');
    assert.ok(wall('promise-all-limited', 50) < wall('sequential', 50) / 2, 'eight in flight overlap their waits');
    assert.ok(wall('worker-pool', 50) < wall('sequential', 50) / 2, 'so do eight threads');
    const memory = (mode: string) => io.points.find((p) => p.mode === mode && p.calls === 50)!.memoryPerInFlightBytes!.median;
    assert.ok(memory('worker-pool') > 10 * memory('promise-all-limited'), `a thread per call costs far more than a promise (${memory('worker-pool')} vs ${memory('promise-all-limited')} bytes)`);

    const cpu = r.cpu!;
    for (const w of cpu.workloads) {
      for (const p of w.pools) assert.ok(p.speedup <= r.machine.cores * 1.5, `${w.workload} ${p.pool} × ${p.workers}: ${p.speedup}x cannot beat ${r.machine.cores} cores`);
      assert.ok(cpu.workerCounts.includes(w.saturatesAt['worker-threads']!));
    }
    // Fastest starts: noise on a shared machine only ever adds time, so the minimum is the fair comparison.
    assert.ok(cpu.workerStartupMs['child-process']!.min > cpu.workerStartupMs['worker-threads']!.min, 'a process starts slower than a thread');
    const tokenize = cpu.workloads[0];
    const twoThreadPool = tokenize.pools.find((p) => p.pool === 'worker-threads' && p.workers === 2)!;
    // Best runs against best runs, like the starts above: the median of the paired ratios (1.18x once) moves with
    // whatever else the machine runs, test files beside this one included, while the fastest run of each shows what
    // two threads can do.
    const twoThreads = round2(tokenize.sequentialMs.min / twoThreadPool.wallMs.min);
    // With another job holding a core, two workers cannot run in parallel: the check needs a core to spare. On Linux
    // that is measured over the run itself: the CPU everything else took (other programs, a test file beside this
    // one, a hypervisor's steal: 1.02x once in a clean-clone CI run with the load average below 1.5). Elsewhere the
    // load average stands in, read at both ends since it lags by a minute (it counts this test's threads, hence the
    // half core of slack).
    const cpuAtEnd = readCpu();
    const others = cpuAtStart && cpuAtEnd ? othersCores(cpuAtStart, cpuAtEnd) : undefined;
    const load = Math.max(loadAtStart, os.loadavg()[0]);
    const coreFree = others !== undefined ? others < 0.25 : load < r.machine.cores - 0.5;
    // Either comparison may be pulled down by a burst of load landing on one side (best runs: 1.16x once, in a
    // clean-clone CI run, with the median of pairs at 2.13x); a pool that does not run in parallel fails both.
    const parallel = Math.max(twoThreads, twoThreadPool.speedup) > 1.2;
    const busy = others !== undefined ? `other programs took ${others.toFixed(2)} cores` : `load average ${load}`;
    if (r.machine.cores >= 2 && coreFree) assert.ok(parallel, `2 worker threads, best runs: ${twoThreads}x (median of pairs ${twoThreadPool.speedup}x; ${busy})`);
    else t.diagnostic(`2-worker speedup ${twoThreads}x not checked: ${busy}, no core free`);

    const ser = r.serialization!;
    const trip = (mode: string, size: number) => ser.points.find((p) => p.mode === mode && p.sizeBytes === size)!.roundTripMs!.median;
    assert.ok(trip('structured-clone', 16 * MiB) > trip('structured-clone', 1 * MiB), 'copying more takes longer');
    assert.ok(trip('transfer-list', 16 * MiB) < trip('structured-clone', 16 * MiB) / 2, 'moving a buffer beats copying it');
    assert.ok(trip('shared-array-buffer', 16 * MiB) < trip('structured-clone', 16 * MiB) / 2, 'sharing it too');
    assert.ok(ser.cloneBytesPerMs > 10 * 1024 && ser.cloneBytesPerMs < 100 * 1024 * MiB, `clone rate ${ser.cloneBytesPerMs} B/ms`);
    const sizes = ser.crossovers.map((c) => c.sizeBytes);
    assert.deepEqual([...sizes].sort((a, b) => a - b), sizes);

    const qps = Object.fromEntries(r.hybrid!.points.map((p) => [p.mode, p.queriesPerSecond]));
    // Overlapping the waits must beat waiting for each in turn. By how much depends on the CPU the machine has left:
    // on a quiet machine 2x and more, at a load average of 8.7 on 2 cores 1.44x (the CPU stages stretch, the waits
    // do not), so the margin asked for is one that load cannot take away, not a quiet machine's figure.
    assert.ok(qps['async-cpu-on-main'] > qps.sequential * 1.15, `overlapping the waits: ${JSON.stringify(qps)}`);
    assert.ok(qps['hybrid-worker-pool'] > qps.sequential * 1.15, `${JSON.stringify(qps)}`);
  });

  it('cancelled halfway, it leaves no worker, child process or server behind', async () => {
    let sawChildren!: () => void;
    const childrenRunning = new Promise<void>((r) => (sawChildren = r));
    const config: BenchConfig = { ...SMALL, cpu: { ...QUICK_CONFIG.cpu, workerCounts: [4], startupRepeats: 1 } };
    const run = new BenchRun(
      { suites: ['io', 'cpu'], quick: true, version: 'test', config },
      { workerFile: WORKER, onProgress: (p) => p.step.includes('child-process × 4') && sawChildren() },
    );
    const outcome = run.result.then(
      () => 'finished',
      (e: unknown) => e,
    );
    await childrenRunning;
    assert.ok(await waitUntil(() => run.liveChildren.size === 4, 5000), 'four children were started');
    const pids = [...run.liveChildren];
    assert.equal(run.serverPorts.length, 1, 'the io suite ran its server');
    await run.cancel();
    assert.ok((await outcome) instanceof BenchCancelled);
    assert.ok(await waitUntil(() => pids.every((pid) => !running(pid)), 2000), `children still running: ${pids.filter(running).join(', ')}`);
    assert.equal(await accepts(run.serverPorts[0]), false, 'the server is closed');
  });

  it('children leave by themselves when the worker is terminated, even without the client killing them', async () => {
    let sawChildren!: () => void;
    const childrenRunning = new Promise<void>((r) => (sawChildren = r));
    const config: BenchConfig = { ...SMALL, cpu: { ...QUICK_CONFIG.cpu, workerCounts: [2], startupRepeats: 1 } };
    const run = new BenchRun(
      { suites: ['cpu'], quick: true, version: 'test', config },
      { workerFile: WORKER, keepChildrenOnCancel: true, onProgress: (p) => p.step.includes('child-process × 2') && sawChildren() },
    );
    run.result.catch(() => undefined);
    await childrenRunning;
    assert.ok(await waitUntil(() => run.liveChildren.size === 2, 5000));
    const pids = [...run.liveChildren];
    await run.cancel();
    assert.ok(await waitUntil(() => pids.every((pid) => !running(pid)), 5000), `children still running: ${pids.filter(running).join(', ')}`);
  });
});

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
