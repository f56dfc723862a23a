// Condenses what the probe recorded into the advisor's Measurements: the workload's main thread (busy,
// delay, CPU, I/O in flight), its workers and child processes (offloaded work) and the data passed
// between threads. Busy time comes from the CPU profile where there is one, because ELU is wrong while
// the sampling profiler runs (see profile-busy.ts).
import * as os from 'node:os';
import type { Measurements } from '../advisor/measurements';
import { intervalIo } from './io-resources';
import type { ProbeData, ProcessSeries, ThreadSeries } from './probe-data';
import { busyFromProfile, type CpuProfile } from './profile-busy';
import { descendants } from './workload-process';

/** The main thread's blocked stretches, summed up (see blocked-stretches.ts for the stretches themselves). */
export interface MainBlocked {
  count: number;
  totalMs: number;
  /** Of `totalMs`, waiting for a CPU (BlockedSummary.runnableWaitMs). */
  runnableWaitMs?: number;
  longestMs: number;
}

export interface MeasureOptions {
  /** CPU profiles already read, by thread file (ThreadSeries.file). */
  profiles: ReadonlyMap<string, CpuProfile>;
  /** Blocked stretches of the main thread, found with the blocking threshold. */
  blocked: MainBlocked;
  cores?: number;
}

/** Below this share of busy time the CPU-per-busy ratio is noise (a few ms of CPU over a few ms busy). */
const MIN_BUSY_FOR_RATIO = 0.03;

interface ThreadBusy {
  /** Per sample, 0..1. */
  perSample: number[];
  busyMs: number;
  wallMs: number;
  source: 'cpu-profile' | 'elu';
}

export function threadBusy(thread: ThreadSeries, profile: CpuProfile | undefined): ThreadBusy {
  const fromProfile = profile ? busyFromProfile(thread, profile) : undefined;
  let busyMs = 0;
  let wallMs = 0;
  const perSample = thread.samples.map((s, i) => {
    const b = Math.min(1, Math.max(0, fromProfile?.[i] ?? s.elu));
    busyMs += b * s.dtMs;
    wallMs += s.dtMs;
    return b;
  });
  return { perSample, busyMs, wallMs, source: fromProfile ? 'cpu-profile' : 'elu' };
}

const cpuOf = (t: ThreadSeries): number => t.samples.reduce((a, s) => a + s.cpuUserMs + s.cpuSystemMs, 0);

export type ThreadRole = 'main' | 'worker' | 'native' | 'runtime' | 'probe';
export const THREAD_ROLES: readonly ThreadRole[] = ['main', 'worker', 'native', 'runtime', 'probe'];

/** One OS thread of a process and the CPU it used over the run. */
export interface ThreadCpu {
  tid: number;
  role: ThreadRole;
  /** The probed thread it is (main thread or worker), when it is one. */
  thread?: ThreadSeries;
  cpuMs: number;
  /** Runnable but waiting for a CPU: part of a computing thread's busy time on a loaded machine. */
  waitMs: number;
}

export interface ProcessThreadCpu {
  threads: ThreadCpu[];
  byRole: Record<ThreadRole, { threads: number; cpuMs: number; runQueueMs: number }>;
  processCpuMs: number;
  /** Process CPU minus the main thread's own: the cross-check of everything off the main thread. */
  offMainCpuMs: number;
  /** Process CPU found in no listed thread (threads that ended between two reads). */
  unlistedCpuMs: number;
}

/**
 * Every thread of a process with its CPU, from the main thread's `tasks` reads, each named by what it is:
 * the main thread and the probed workers by the ids in their start records, V8's and Node's own threads
 * by being there before any workload code ran (`runtimeTids`), the CPU profiler's threads by appearing
 * while a probe started it (`probeTids`); every other thread was started by the program without being a
 * probed worker: libuv's pool, a native add-on's threads. A worker's figures are the larger of the main
 * thread's reads and its own samples (complete when it wrote a final sample, also when it ended between
 * two reads). Undefined when the main thread has no such reads (not Linux, or an older probe).
 */
export function threadCpuTable(p: ProcessSeries): ProcessThreadCpu | undefined {
  const main = p.main;
  const mainTid = main?.start.tid;
  if (!main || mainTid === undefined || !main.samples.some((s) => s.tasks)) return undefined;
  const totals = new Map<number, { cpuMs: number; waitMs: number }>();
  for (const s of main.samples) {
    for (const [tid, cpuMs, waitMs] of s.tasks?.cpu ?? []) {
      const t = totals.get(tid) ?? { cpuMs: 0, waitMs: 0 };
      t.cpuMs += cpuMs;
      t.waitMs += waitMs;
      totals.set(tid, t);
    }
  }
  const listedCpuMs = [...totals.values()].reduce((a, t) => a + t.cpuMs, 0);
  const byTid = new Map<number, ThreadSeries>();
  for (const t of [main, ...p.workers]) if (t.start.tid !== undefined) byTid.set(t.start.tid, t);
  const runtime = new Set(main.start.runtimeTids ?? []);
  const probe = new Set([main, ...p.workers].flatMap((t) => t.start.probeTids ?? []));
  for (const w of p.workers) if (w.start.tid !== undefined && !totals.has(w.start.tid)) totals.set(w.start.tid, { cpuMs: 0, waitMs: 0 });

  const threads: ThreadCpu[] = [];
  for (const [tid, t] of totals) {
    const thread = byTid.get(tid);
    let { cpuMs, waitMs } = t;
    if (thread && !thread.isMainThread) {
      const own = thread.samples.reduce((a, s) => ({ cpuMs: a.cpuMs + (s.thread?.cpuMs ?? 0), waitMs: a.waitMs + (s.thread?.waitMs ?? 0) }), {
        cpuMs: 0,
        waitMs: 0,
      });
      cpuMs = Math.max(cpuMs, own.cpuMs);
      waitMs = Math.max(waitMs, own.waitMs);
    }
    const role: ThreadRole = tid === mainTid ? 'main' : thread ? 'worker' : probe.has(tid) ? 'probe' : runtime.has(tid) ? 'runtime' : 'native';
    threads.push({ tid, role, thread, cpuMs, waitMs });
  }
  const byRole = Object.fromEntries(THREAD_ROLES.map((r) => [r, { threads: 0, cpuMs: 0, runQueueMs: 0 }])) as ProcessThreadCpu['byRole'];
  for (const t of threads) {
    const r = byRole[t.role];
    r.threads++;
    r.cpuMs += t.cpuMs;
    r.runQueueMs += t.waitMs;
  }
  const processCpuMs = cpuOf(main);
  const mainOwn = main.samples.every((s) => s.thread !== undefined) ? main.samples.reduce((a, s) => a + (s.thread?.cpuMs ?? 0), 0) : byRole.main.cpuMs;
  return {
    threads,
    byRole,
    processCpuMs,
    offMainCpuMs: Math.max(0, processCpuMs - mainOwn),
    unlistedCpuMs: Math.max(0, processCpuMs - listedCpuMs),
  };
}

/** ms a thread was computing or ready to compute, from its CPU table entry. */
export const cpuBusyMs = (t: ThreadCpu): number => t.cpuMs + t.waitMs;

/** The CPU table entry of every probed thread of these processes that has one. */
export function threadCpuEntries(processes: readonly ProcessSeries[]): Map<ThreadSeries, ThreadCpu> {
  const out = new Map<ThreadSeries, ThreadCpu>();
  for (const p of processes) for (const t of threadCpuTable(p)?.threads ?? []) if (t.thread) out.set(t.thread, t);
  return out;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function measure(data: ProbeData, workload: ProcessSeries, options: MeasureOptions): Measurements {
  const main = workload.main;
  if (!main) throw new Error(`process ${workload.pid} has no main-thread probe data`);
  const busyOf = (t: ThreadSeries): ThreadBusy => threadBusy(t, options.profiles.get(t.file));
  const mainBusy = busyOf(main);
  const wallMs = mainBusy.wallMs;

  const children = descendants(data, workload);
  const workers = [...workload.workers, ...children.flatMap((c) => c.workers)];
  // Workers are measured from their CPU where the main thread's sampler could read every thread: their
  // own samples need their event loop, which a piscina worker (Atomics.wait) or a long computation never
  // gives back, and their CPU profile counts a worker blocked in Atomics.wait as running.
  const tables = new Map<ProcessSeries, ProcessThreadCpu | undefined>([workload, ...children].map((p) => [p, threadCpuTable(p)]));
  const cpuEntry = new Map<ThreadSeries, ThreadCpu>();
  for (const table of tables.values()) for (const t of table?.threads ?? []) if (t.thread) cpuEntry.set(t.thread, t);
  const workerBusyMs = (t: ThreadSeries): number => {
    const entry = cpuEntry.get(t);
    return entry ? cpuBusyMs(entry) : busyOf(t).busyMs;
  };
  const nativeBusyMs = [...tables.values()].reduce((a, table) => a + (table?.threads ?? []).filter((t) => t.role === 'native').reduce((b, t) => b + cpuBusyMs(t), 0), 0);
  const childMainBusyMs = children.reduce((a, c) => a + (c.main ? busyOf(c.main).busyMs : 0), 0);
  const offloadBusyMs = workers.reduce((a, t) => a + workerBusyMs(t), 0) + childMainBusyMs + nativeBusyMs;
  const ownWorkerBusyMs = workload.workers.reduce((a, t) => a + workerBusyMs(t), 0);
  const ownTable = tables.get(workload);

  // process.cpuUsage() is process-wide, so the main thread's samples hold the whole process's CPU.
  const processCpuMs = cpuOf(main);
  const childCpuMs = children.reduce((a, c) => a + (c.main ? cpuOf(c.main) : 0), 0);
  // The thread's own clock where the OS has one; otherwise the process's CPU less what the workers were busy.
  const ownClock = main.samples.length > 0 && main.samples.every((s) => s.thread !== undefined);
  const mainCpuMs = ownClock ? main.samples.reduce((a, s) => a + (s.thread?.cpuMs ?? 0), 0) : Math.max(0, processCpuMs - ownWorkerBusyMs);
  const runQueueMs = ownClock ? main.samples.reduce((a, s) => a + (s.thread?.waitMs ?? 0), 0) : 0;
  const cpuWhileBusy = mainBusy.busyMs >= MIN_BUSY_FOR_RATIO * wallMs && mainBusy.busyMs > 0 ? (mainCpuMs + runQueueMs) / mainBusy.busyMs : null;

  // Waiting is idle time while work is pending: an outstanding request or connect, a child process the
  // program waits for, a promise waiting on a timer. Within an interval (15 ms) the probe cannot line up
  // idle and pending time, so an interval's idle share times its pending share is taken as waiting: a
  // loop that waited throughout (pending all the interval) keeps all its idle time, and one that only had
  // a request open while its handler computed (a synchronous server) gets next to none.
  let waitMs = 0;
  let ioWaitMs = 0;
  let runQueueWhileBusyMs = 0;
  let inFlightWeighted = 0;
  let maxInFlight = 0;
  const peakByType: Record<string, number> = {};
  const operationMs: Record<string, number> = {};
  main.samples.forEach((s, i) => {
    for (const [type, n] of Object.entries(s.resources)) peakByType[type] = Math.max(peakByType[type] ?? 0, n);
    const io = intervalIo(s);
    for (const [kind, ms] of Object.entries(io.byKind)) operationMs[kind] = (operationMs[kind] ?? 0) + ms;
    maxInFlight = Math.max(maxInFlight, io.max);
    if (s.dtMs <= 0) return;
    if (ownClock) runQueueWhileBusyMs += Math.min(s.thread?.waitMs ?? 0, mainBusy.perSample[i] * s.dtMs);
    const idle = 1 - mainBusy.perSample[i];
    waitMs += idle * io.pendingMs;
    ioWaitMs += idle * io.ioMs;
    inFlightWeighted += idle * io.opMs;
  });
  // The main thread's shares (busy, waiting) are of the time it could run: wall time less the wait for a
  // CPU inside its busy time. Why: a thread preempted in the middle of its work waits in the run queue, and
  // the CPU profile (like ELU) counts that wait as busy, so on a loaded machine CPU stages stretch while
  // waits on I/O, set by the other side, do not, and shares of wall time follow the machine's load rather
  // than the program (rag-pipeline beside six busy loops on 2 cores: busy 90%, waiting 9%, cpu-bound;
  // quiet 59%, 41%; with the wait taken out 66%, 33%). At most an interval's busy time is taken out: a wait
  // to wake from idle shows as idle in the profile, and it ends an idle or waiting stretch whose length the
  // other side set. Without a per-thread clock the wait is unknown and the shares stay of wall time.
  const couldRunMs = wallMs - runQueueWhileBusyMs;
  const ofRun = (ms: number): number => (couldRunMs > 0 ? Math.min(1, Math.max(0, ms / couldRunMs)) : 0);

  const allThreads = [main, ...workload.workers, ...children.flatMap((c) => [c.main, ...c.workers].filter((t): t is ThreadSeries => t !== undefined))];
  const messages: Measurements['messages'] = { count: 0, clonedBytes: 0, transferredBytes: 0, sharedBytes: 0 };
  // Summed over every sender, like the bytes: each thread pays for the messages it serialises. The main
  // thread's part is kept apart because it is the part that stalls the event loop.
  let serializeMs: number | undefined;
  let mainSerializeMs = 0;
  let gcMs = 0;
  let gcCount = 0;
  for (const t of allThreads) {
    for (const s of t.samples) {
      messages.count += s.messages;
      messages.clonedBytes += s.bytes.cloned + s.bytes.strings;
      messages.transferredBytes += s.bytes.transferred;
      messages.sharedBytes += s.bytes.shared;
      if (s.serializeMs !== undefined) {
        serializeMs = (serializeMs ?? 0) + s.serializeMs;
        if (t === main) mainSerializeMs += s.serializeMs;
      }
      gcMs += s.gc.ms;
      gcCount += s.gc.count;
    }
  }
  // Only when the probe timed the calls: a zero would read as "measured, no copying" for older probe files.
  if (serializeMs !== undefined) {
    messages.serializeMs = Math.round(serializeMs * 1000) / 1000;
    messages.mainSerializeMs = Math.round(mainSerializeMs * 1000) / 1000;
  }

  return {
    wallMs,
    cores: options.cores ?? os.availableParallelism(),
    main: {
      busy: ofRun(mainBusy.busyMs - runQueueWhileBusyMs),
      busySource: mainBusy.source,
      cpuWhileBusy: cpuWhileBusy === null ? null : Math.round(cpuWhileBusy * 1000) / 1000,
      cpuMs: Math.round(mainCpuMs),
      runQueueMs: Math.round(runQueueMs),
      runQueueWhileBusyMs: Math.round(runQueueWhileBusyMs),
      delayMs: {
        p50: percentile(main.samples.map((s) => s.delay.p50), 0.5),
        p99: percentile(main.samples.map((s) => s.delay.p99), 0.99),
        max: main.samples.reduce((a, s) => Math.max(a, s.delay.max), 0),
      },
      blocked: { ...options.blocked, share: wallMs > 0 ? Math.max(0, options.blocked.totalMs - (options.blocked.runnableWaitMs ?? 0)) / wallMs : 0 },
    },
    offload: {
      workers: workers.length,
      childProcesses: children.length,
      busyCores: wallMs > 0 ? offloadBusyMs / wallMs : 0,
      source: ownTable ? 'thread-cpu' : 'busy',
      nativeCores: wallMs > 0 ? nativeBusyMs / wallMs : 0,
    },
    ...(ownTable && {
      threadCpu: {
        byRole: Object.fromEntries(THREAD_ROLES.map((r) => [r, { threads: ownTable.byRole[r].threads, cpuMs: Math.round(ownTable.byRole[r].cpuMs), runQueueMs: Math.round(ownTable.byRole[r].runQueueMs) }])) as NonNullable<Measurements['threadCpu']>['byRole'],
        offMainCpuMs: Math.round(ownTable.offMainCpuMs),
        unlistedCpuMs: Math.round(ownTable.unlistedCpuMs),
      },
    }),
    cpu: { ms: processCpuMs + childCpuMs, perWall: wallMs > 0 ? (processCpuMs + childCpuMs) / wallMs : 0 },
    io: {
      waitShare: ofRun(waitMs),
      timerWaitShare: ofRun(Math.max(0, waitMs - ioWaitMs)),
      meanInFlight: ioWaitMs > 0 ? inFlightWeighted / ioWaitMs : 0,
      maxInFlight,
      peakByType,
      operationMs: Object.fromEntries(Object.entries(operationMs).map(([k, ms]) => [k, Math.round(ms)])),
    },
    messages,
    gc: { ms: gcMs, count: gcCount },
    memory: {
      peakHeapUsed: main.samples.reduce((a, s) => Math.max(a, s.heapUsed), 0),
      peakRss: main.samples.reduce((a, s) => Math.max(a, s.rss), 0),
    },
  };
}
