// Condenses what the probe recorded into the advisor's Measurements: the workload's main thread (busy,
// delay, CPU, I/O in flight), its workers and child processes (offloaded work) and the data passed
// between threads. Busy time comes from the CPU profile where there is one, because ELU is wrong while
// the sampling profiler runs (see profile-busy.ts).
import * as os from 'node:os';
import type { Measurements } from '../advisor/measurements';
import { baselineCounts, ioInFlight } from './io-resources';
import type { ProbeData, ProcessSeries, ThreadSeries } from './probe-data';
import { busyFromProfile, type CpuProfile } from './profile-busy';
import { descendants } from './workload-process';

/** The main thread's blocked stretches, summed up (see blocked-stretches.ts for the stretches themselves). */
export interface MainBlocked {
  count: number;
  totalMs: number;
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
  const offloadThreads = [...workers, ...children.map((c) => c.main).filter((t): t is ThreadSeries => t !== undefined)];
  const offloadBusyMs = offloadThreads.reduce((a, t) => a + busyOf(t).busyMs, 0);
  const ownWorkerBusyMs = workload.workers.reduce((a, t) => a + busyOf(t).busyMs, 0);

  // process.cpuUsage() is process-wide, so the main thread's samples hold the whole process's CPU.
  const processCpuMs = cpuOf(main);
  const childCpuMs = children.reduce((a, c) => a + (c.main ? cpuOf(c.main) : 0), 0);
  // The thread's own clock where the OS has one; otherwise the process's CPU less what the workers were busy.
  const ownClock = main.samples.length > 0 && main.samples.every((s) => s.thread !== undefined);
  const mainCpuMs = ownClock ? main.samples.reduce((a, s) => a + (s.thread?.cpuMs ?? 0), 0) : Math.max(0, processCpuMs - ownWorkerBusyMs);
  const runQueueMs = ownClock ? main.samples.reduce((a, s) => a + (s.thread?.waitMs ?? 0), 0) : 0;
  const cpuWhileBusy = mainBusy.busyMs >= MIN_BUSY_FOR_RATIO * wallMs && mainBusy.busyMs > 0 ? (mainCpuMs + runQueueMs) / mainBusy.busyMs : null;

  const baseline = baselineCounts(main.samples);
  let waitMs = 0;
  let inFlightWeighted = 0;
  let maxInFlight = 0;
  const peakByType: Record<string, number> = {};
  main.samples.forEach((s, i) => {
    const inFlight = ioInFlight(s.resources, baseline);
    maxInFlight = Math.max(maxInFlight, inFlight);
    for (const [type, n] of Object.entries(s.resources)) peakByType[type] = Math.max(peakByType[type] ?? 0, n);
    if (inFlight > 0) {
      const idleMs = (1 - mainBusy.perSample[i]) * s.dtMs;
      waitMs += idleMs;
      inFlightWeighted += inFlight * idleMs;
    }
  });

  const allThreads = [main, ...workload.workers, ...children.flatMap((c) => [c.main, ...c.workers].filter((t): t is ThreadSeries => t !== undefined))];
  const messages = { count: 0, clonedBytes: 0, transferredBytes: 0, sharedBytes: 0 };
  let gcMs = 0;
  let gcCount = 0;
  for (const t of allThreads) {
    for (const s of t.samples) {
      messages.count += s.messages;
      messages.clonedBytes += s.bytes.cloned + s.bytes.strings;
      messages.transferredBytes += s.bytes.transferred;
      messages.sharedBytes += s.bytes.shared;
      gcMs += s.gc.ms;
      gcCount += s.gc.count;
    }
  }

  return {
    wallMs,
    cores: options.cores ?? os.availableParallelism(),
    main: {
      busy: wallMs > 0 ? mainBusy.busyMs / wallMs : 0,
      busySource: mainBusy.source,
      cpuWhileBusy: cpuWhileBusy === null ? null : Math.round(cpuWhileBusy * 1000) / 1000,
      cpuMs: Math.round(mainCpuMs),
      runQueueMs: Math.round(runQueueMs),
      delayMs: {
        p50: percentile(main.samples.map((s) => s.delay.p50), 0.5),
        p99: percentile(main.samples.map((s) => s.delay.p99), 0.99),
        max: main.samples.reduce((a, s) => Math.max(a, s.delay.max), 0),
      },
      blocked: { ...options.blocked, share: wallMs > 0 ? options.blocked.totalMs / wallMs : 0 },
    },
    offload: { workers: workers.length, childProcesses: children.length, busyCores: wallMs > 0 ? offloadBusyMs / wallMs : 0 },
    cpu: { ms: processCpuMs + childCpuMs, perWall: wallMs > 0 ? (processCpuMs + childCpuMs) / wallMs : 0 },
    io: {
      waitShare: wallMs > 0 ? waitMs / wallMs : 0,
      meanInFlight: waitMs > 0 ? inFlightWeighted / waitMs : 0,
      maxInFlight,
      peakByType,
    },
    messages,
    gc: { ms: gcMs, count: gcCount },
    memory: {
      peakHeapUsed: main.samples.reduce((a, s) => Math.max(a, s.heapUsed), 0),
      peakRss: main.samples.reduce((a, s) => Math.max(a, s.rss), 0),
    },
  };
}
