// From probe records to the advisor's measurements, on hand-made probe data: which process is the
// workload behind launchers, how busy time splits into computing and waiting, and what counts as I/O
// in flight.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { measure, threadCpuTable } from '../../src/profiler/measure';
import { workloadProcess } from '../../src/profiler/workload-process';
import type { ProbeData, ProcessSeries, ThreadSeries } from '../../src/profiler/probe-data';
import type { ProbeSampleRecord } from '../../src/profiler/probe-records';
import { intervalIo, requestsInFlight } from '../../src/profiler/io-resources';
import type { Measurements } from '../../src/advisor/measurements';
import { DEFAULT_THRESHOLDS } from '../../src/advisor/thresholds';
import { walkMeasured } from '../../src/advisor/walk-tree';

function sample(t: number, over: Partial<ProbeSampleRecord> = {}): ProbeSampleRecord {
  return {
    type: 'sample',
    t,
    dtMs: 100,
    delay: { p50: 1, p99: 2, max: 3, mean: 1 },
    elu: 0,
    mainMs: 0,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    heapUsed: 1e6,
    rss: 3e7,
    gc: { count: 0, ms: 0 },
    resources: { PipeWrap: 2 },
    bytes: { cloned: 0, transferred: 0, shared: 0, strings: 0 },
    messages: 0,
    ...over,
  };
}

function thread(pid: number, threadId: number, samples: ProbeSampleRecord[], argv: string[] = ['node', 'app.js'], ppid = 1): ThreadSeries {
  return {
    file: `probe-${pid}-${threadId}.ndjson`,
    pid,
    threadId,
    isMainThread: threadId === 0,
    start: {
      type: 'start',
      schema: 1,
      pid,
      ppid,
      threadId,
      isMainThread: threadId === 0,
      argv,
      execArgv: [],
      nodeVersion: 'v20.0.0',
      cwd: '/w',
      startTime: 1_000_000,
      timeOrigin: 999_000,
      monotonicStartUs: 0,
      intervalMs: 100,
      delayResolutionMs: 10,
      cpuProfile: false,
      cpuScope: 'process',
    },
    samples,
    signals: [],
    errors: [],
    badLines: 0,
    truncated: false,
  };
}

function data(processes: { main: ThreadSeries; workers?: ThreadSeries[]; parent?: number }[]): ProbeData {
  const series: ProcessSeries[] = processes.map((p) => ({
    pid: p.main.pid,
    ppid: p.main.start.ppid,
    parent: p.parent,
    argv: p.main.start.argv,
    execArgv: [],
    main: p.main,
    workers: p.workers ?? [],
    children: [],
  }));
  for (const s of series) if (s.parent !== undefined) series.find((x) => x.pid === s.parent)?.children.push(s.pid);
  return {
    threads: processes.flatMap((p) => [p.main, ...(p.workers ?? [])]),
    processes: series,
    roots: series.filter((s) => s.parent === undefined).map((s) => s.pid),
    skipped: [],
  };
}

const ten = (f: (i: number) => Partial<ProbeSampleRecord>): ProbeSampleRecord[] => Array.from({ length: 10 }, (_, i) => sample((i + 1) * 100, f(i)));
const noBlock = { count: 0, totalMs: 0, longestMs: 0 };

describe('which process is the workload', () => {
  it('descends through npm and the tsx CLI to the program they start', () => {
    const npm = thread(10, 0, ten(() => ({})), ['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'serve']);
    const tsx = thread(11, 0, ten(() => ({})), ['node', '/p/node_modules/tsx/dist/cli.mjs', 'src/server.ts'], 10);
    const app = thread(12, 0, ten(() => ({})), ['node', '/p/src/server.ts'], 11);
    const d = data([{ main: npm }, { main: tsx, parent: 10 }, { main: app, parent: 11 }]);
    assert.equal(workloadProcess(d)?.pid, 12);
  });

  it('knows npm by its bin link too', () => {
    const npm = thread(13, 0, ten(() => ({})), ['/usr/bin/node', '/usr/bin/npm', 'run', 'crunch']);
    const app = thread(14, 0, ten(() => ({})), ['/usr/bin/node', '/p/cpu-loop.js'], 13);
    assert.equal(workloadProcess(data([{ main: npm }, { main: app, parent: 13 }]))?.pid, 14);
  });

  it('keeps a program that is not a launcher, even when it has children', () => {
    const app = thread(20, 0, ten(() => ({})), ['node', '/p/app.js']);
    const child = thread(21, 0, ten(() => ({})), ['node', '/p/child.js'], 20);
    assert.equal(workloadProcess(data([{ main: app }, { main: child, parent: 20 }]))?.pid, 20);
  });
});

describe('measurements', () => {
  it("leaves the stalls' wait for a CPU out of the blocked share: a busy machine's, not the program's", () => {
    const main = thread(1, 0, ten(() => ({ elu: 0.2, cpuUserMs: 5, thread: { cpuMs: 5, waitMs: 0 } })));
    const d = data([{ main }]);
    // 1 s of runs; 400 ms in stalls, 300 ms of which the thread was runnable but had no CPU.
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: { count: 4, totalMs: 400, longestMs: 150, runnableWaitMs: 300 }, cores: 2 });
    assert.equal(m.main.blocked.totalMs, 400);
    assert.equal(m.main.blocked.runnableWaitMs, 300);
    assert.equal(m.main.blocked.share, 0.1);
    // Without the per-thread clock (no wait known) the whole stretch counts, as before.
    assert.equal(measure(d, d.processes[0], { profiles: new Map(), blocked: { count: 4, totalMs: 400, longestMs: 150 }, cores: 2 }).main.blocked.share, 0.4);
  });

  it('tells computing from waiting by the thread clock, counting run-queue time as computing', () => {
    // Busy all the time; 40 ms of each 100 on the CPU and 50 waiting for one: a CPU-bound thread on a busy machine.
    const main = thread(1, 0, ten(() => ({ elu: 1, cpuUserMs: 40, thread: { cpuMs: 40, waitMs: 50 } })));
    const m = measure(data([{ main }]), data([{ main }]).processes[0], { profiles: new Map(), blocked: noBlock, cores: 2 });
    assert.equal(m.main.busy, 1);
    assert.equal(m.main.busySource, 'elu');
    assert.equal(m.main.cpuMs, 400);
    assert.equal(m.main.runQueueMs, 500);
    assert.equal(m.main.cpuWhileBusy, 0.9);

    // Busy all the time, 5 ms CPU and no wait: blocked in a synchronous call.
    const blocked = thread(2, 0, ten(() => ({ elu: 1, cpuUserMs: 5, thread: { cpuMs: 5, waitMs: 0 } })));
    const d = data([{ main: blocked }]);
    assert.equal(measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock }).main.cpuWhileBusy, 0.05);
  });

  it('takes shares of the time the main thread could run, so a busy machine does not turn a mixed run cpu-bound', () => {
    // rag-pipeline's shape: CPU stages on the main thread (busy, 8 calls outstanding) and waits on those
    // calls (idle, 8 outstanding). Quiet: six 100 ms CPU stages and 400 ms of waiting. Loaded (2 cores
    // beside six busy loops): the same stages get a quarter of a CPU, so each lasts 400 ms, 300 of them
    // runnable without a CPU, while the waits on the other side's answers last as long as before; waking
    // from them takes 10 ms in the run queue, which the profile sees as idle.
    const calls = { ioMs: 100, opMs: 800, max: 8, open: 8, pendingMs: 100, byKind: { http: 800 } };
    const run = (stage: { intervals: number; cpuMs: number; waitMs: number; wakeMs: number }): ProbeSampleRecord[] => {
      const kinds = [...Array<'cpu'>(stage.intervals).fill('cpu'), ...Array<'wait'>(4).fill('wait')];
      return kinds.map((k, i) =>
        sample(
          (i + 1) * 100,
          k === 'cpu'
            ? { elu: 1, cpuUserMs: stage.cpuMs, thread: { cpuMs: stage.cpuMs, waitMs: stage.waitMs }, io: calls }
            : { elu: 0, thread: { cpuMs: 0, waitMs: stage.wakeMs }, io: calls },
        ),
      );
    };
    const verdict = (samples: ProbeSampleRecord[]): { m: Measurements; leaf: string } => {
      const d = data([{ main: thread(8, 0, samples) }]);
      const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock, cores: 2 });
      return { m, leaf: walkMeasured(m, DEFAULT_THRESHOLDS).leaf.id };
    };
    const quiet = verdict(run({ intervals: 6, cpuMs: 100, waitMs: 0, wakeMs: 0 }));
    const loaded = verdict(run({ intervals: 24, cpuMs: 25, waitMs: 75, wakeMs: 10 }));
    for (const { m, leaf } of [quiet, loaded]) {
      assert.equal(leaf, 'mixed-on-main');
      assert.equal(Math.round(m.main.busy * 1000) / 1000, 0.6);
      assert.equal(Math.round(m.io.waitShare * 1000) / 1000, 0.4, 'of wall time it would be 400 / 2800 = 14% loaded, under the 15% threshold');
      assert.ok(m.main.cpuWhileBusy! >= 1, 'computing while busy');
    }
    assert.equal(loaded.m.wallMs, 2800);
    assert.equal(loaded.m.main.runQueueMs, 1840);
    assert.equal(loaded.m.main.runQueueWhileBusyMs, 1800, 'the waits to wake from idle stay idle');
    const busyStep = walkMeasured(loaded.m, DEFAULT_THRESHOLDS).path.find((s) => s.node === 'main-busy');
    assert.match(busyStep?.evidence ?? '', /main thread busy 60% of 1\.0 s \(2\.8 s less 1\.8 s waiting for a CPU on a busy machine\)/);
  });

  it('without a thread clock, takes the process CPU less what the workers were busy', () => {
    const main = thread(3, 0, ten(() => ({ elu: 0.5, cpuUserMs: 150 })));
    const worker = thread(3, 1, ten(() => ({ elu: 1 })));
    const d = data([{ main, workers: [worker] }]);
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock });
    // 1500 ms process CPU - 1000 ms of worker busy time = 500 ms over 500 ms of main busy time.
    assert.equal(m.main.cpuWhileBusy, 1);
    assert.equal(m.offload.workers, 1);
    assert.equal(m.offload.busyCores, 1);
  });

  it('counts waiting only while the loop is idle with work pending, not with open handles', () => {
    // Half the samples wait on 6 requests with the loop idle; the rest hold a listening server, idle
    // keep-alive sockets and a child process, with nothing pending: idle, not waiting.
    const calls = { ioMs: 100, opMs: 600, max: 6, open: 6, pendingMs: 100, byKind: { http: 600 } };
    const nothing = { ioMs: 0, opMs: 0, max: 0, open: 0, pendingMs: 0, byKind: {} };
    const main = thread(
      4,
      0,
      ten((i): Partial<ProbeSampleRecord> =>
        i < 5
          ? { elu: 0, resources: { PipeWrap: 2, TCPSocketWrap: 6, Timeout: 1 }, io: calls }
          : { elu: 0, resources: { PipeWrap: 4, TCPServerWrap: 1, TCPSocketWrap: 6, ProcessWrap: 1, Timeout: 3 }, io: nothing },
      ),
    );
    const d = data([{ main }]);
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock });
    assert.equal(m.io.waitShare, 0.5);
    assert.equal(m.io.timerWaitShare, 0);
    assert.equal(m.io.meanInFlight, 6);
    assert.equal(m.io.maxInFlight, 6);
    assert.equal(m.io.peakByType.Timeout, 3);
    assert.deepEqual(m.io.operationMs, { http: 3000 });
  });

  it('counts promises waiting on timers as waiting, apart from the I/O and its mean outstanding', () => {
    // Five samples only wait on a back-off timer; five have two calls out with the loop half busy.
    const backOff = { ioMs: 0, opMs: 0, max: 0, open: 0, pendingMs: 100, byKind: { timer: 100 } };
    const calls = { ioMs: 100, opMs: 200, max: 2, open: 2, pendingMs: 100, byKind: { http: 200 } };
    const main = thread(5, 0, ten((i): Partial<ProbeSampleRecord> => (i < 5 ? { elu: 0, io: backOff } : { elu: 0.5, io: calls })));
    const d = data([{ main }]);
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock });
    assert.equal(m.io.waitShare, 0.75);
    assert.equal(m.io.timerWaitShare, 0.5);
    assert.equal(m.io.meanInFlight, 2, 'timers are not I/O operations');
    assert.deepEqual(m.io.operationMs, { timer: 500, http: 1000 });
  });

  it('sums message bytes over every thread, strings counting as cloned', () => {
    const main = thread(5, 0, ten(() => ({ messages: 1, bytes: { cloned: 1000, transferred: 0, shared: 0, strings: 24 } })));
    const worker = thread(5, 1, ten(() => ({ messages: 1, bytes: { cloned: 0, transferred: 4096, shared: 8192, strings: 0 } })));
    const d = data([{ main, workers: [worker] }]);
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock });
    assert.deepEqual(m.messages, { count: 20, clonedBytes: 10_240, transferredBytes: 40_960, sharedBytes: 81_920 });
    // Probe files from before the calls were timed: no copy time rather than a copy time of zero.
    assert.equal('serializeMs' in m.messages, false);
  });

  it('sums the senders\' time in postMessage over every thread, keeping the main thread\'s part apart', () => {
    const main = thread(6, 0, ten(() => ({ messages: 1, bytes: { cloned: 32 << 20, transferred: 0, shared: 0, strings: 0 }, serializeMs: 90.5 })));
    const reply = { cloned: 16_384, transferred: 0, shared: 0, strings: 0 };
    const worker = thread(6, 1, ten((i) => ({ messages: 1, bytes: reply, serializeMs: i === 0 ? 0.25 : 0 })));
    const d = data([{ main, workers: [worker] }]);
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock });
    assert.equal(m.messages.serializeMs, 905.25);
    assert.equal(m.messages.mainSerializeMs, 905);
    assert.equal(m.messages.clonedBytes, 10 * (32 << 20) + 10 * 16_384, 'the bytes are counted as before');
    // A probe that timed the calls and saw none measured zero.
    const quiet = thread(7, 0, ten(() => ({ serializeMs: 0 })));
    const q = data([{ main: quiet }]);
    const mq = measure(q, q.processes[0], { profiles: new Map(), blocked: noBlock }).messages;
    assert.deepEqual([mq.serializeMs, mq.mainSerializeMs], [0, 0]);
  });
});

describe('I/O in flight', () => {
  it('adds the fs and DNS requests seen in flight; handles, timers and a lookup inside a counted connect do not count', () => {
    const handles = { PipeWrap: 5, TCPServerWrap: 1, TCPSocketWrap: 3, ProcessWrap: 1, Timeout: 4, Immediate: 1 };
    assert.deepEqual(requestsInFlight(handles), {});
    assert.deepEqual(requestsInFlight({ ...handles, FSReqCallback: 2, FSReqPromise: 1, GetAddrInfoReqWrap: 1 }, 1), { fs: 3 });
    assert.deepEqual(requestsInFlight({ GetAddrInfoReqWrap: 2, QueryWrap: 1 }, 1), { dns: 2 });
  });

  it('takes a request seen at the end of an interval as in flight for all of it', () => {
    const io = { ioMs: 4, opMs: 4, max: 1, open: 1, pendingMs: 6, byKind: { http: 4, timer: 2 } };
    assert.deepEqual(intervalIo({ dtMs: 15, resources: { FSReqCallback: 1, TCPSocketWrap: 4 }, io }), {
      ioMs: 15,
      opMs: 19,
      max: 2,
      pendingMs: 15,
      byKind: { http: 4, timer: 2, fs: 15 },
    });
    // Probe files from before the channels were counted: only the requests seen in flight.
    assert.deepEqual(intervalIo({ dtMs: 15, resources: { TCPSocketWrap: 4, ProcessWrap: 1 } }), { ioMs: 0, opMs: 0, max: 0, pendingMs: 0, byKind: {} });
  });
});

describe('CPU per thread, read by the main thread', () => {
  // A piscina-like pool: the workers never sampled themselves (one was killed before any sample, the
  // other wrote one final sample when its parent asked before terminate()), yet the main thread's reads
  // of every thread saw them compute. Thread ids: main 100, V8/Node helpers 101, the profiler 103,
  // workers 110 and 111, a libuv pool thread 120.
  const withTid = (th: ThreadSeries, tid: number, extra: Partial<ThreadSeries['start']> = {}): ThreadSeries => ({ ...th, start: { ...th.start, tid, ...extra } });
  const tasks = { spanMs: 100, cpu: [[100, 5, 0], [101, 2, 1], [103, 1, 0], [110, 80, 15], [111, 70, 25], [120, 10, 0]] as [number, number, number][] };
  const main = withTid(
    thread(
      30,
      0,
      ten(() => ({ elu: 0.05, cpuUserMs: 170, thread: { cpuMs: 5, waitMs: 0 }, tasks })),
    ),
    100,
    { runtimeTids: [101, 102], probeTids: [103] },
  );
  const killed = withTid(thread(30, 1, []), 110);
  const flushed = withTid(thread(30, 2, [{ ...sample(1000), dtMs: 1000, elu: 1, thread: { cpuMs: 750, waitMs: 100 } }]), 111);
  const d = data([{ main, workers: [killed, flushed] }]);

  it('names each thread by role and takes the larger of the main thread\'s reads and a worker\'s own samples', () => {
    const table = threadCpuTable(d.processes[0])!;
    const byTid = new Map(table.threads.map((t) => [t.tid, t]));
    assert.deepEqual([...byTid.keys()].sort(), [100, 101, 103, 110, 111, 120]);
    assert.deepEqual([100, 101, 103, 110, 111, 120].map((tid) => byTid.get(tid)!.role), ['main', 'runtime', 'probe', 'worker', 'worker', 'native']);
    assert.equal(byTid.get(110)!.thread, killed);
    assert.deepEqual([byTid.get(111)!.cpuMs, byTid.get(111)!.waitMs], [750, 250]);
    assert.equal(Math.round(table.byRole.worker.cpuMs), 1550);
    assert.equal(table.processCpuMs, 1700);
    assert.equal(table.offMainCpuMs, 1650);
    assert.equal(Math.round(table.unlistedCpuMs), 20);
  });

  it('the pool is offloaded CPU work from its CPU and run-queue time, whatever its own samples say', () => {
    const m = measure(d, d.processes[0], { profiles: new Map(), blocked: noBlock, cores: 2 });
    assert.equal(m.offload.source, 'thread-cpu');
    // Workers 800 + 150 and 750 + 250 ms, the libuv thread 100 ms, over 1000 ms of wall time.
    assert.equal(Math.round(m.offload.busyCores * 100) / 100, 2.05);
    assert.equal(Math.round(m.offload.nativeCores! * 100) / 100, 0.1);
    assert.equal(m.threadCpu?.byRole.native.threads, 1);
    assert.equal(m.main.cpuMs, 50);
  });

  it('without reads of every thread, workers count by their own samples as before', () => {
    const plain = data([{ main: thread(31, 0, ten(() => ({ elu: 0.05 }))), workers: [thread(31, 1, ten(() => ({ elu: 1 })))] }]);
    const m = measure(plain, plain.processes[0], { profiles: new Map(), blocked: noBlock });
    assert.equal(m.offload.source, 'busy');
    assert.equal(m.offload.busyCores, 1);
    assert.equal(m.threadCpu, undefined);
  });
});
