// The Python probe's data condensed into the advisor's Measurements, with the same meaning as Node's where
// there is one: the main thread's event loop (its time outside select()) is the loop that must stay free,
// the heartbeat's lateness is the loop delay, pickled bytes are the copies, pool processes and other
// threads are the offloaded work. What only Python has (the GIL) goes into `gil`.
import type { Measurements } from '../../advisor/measurements';
import type { PyLoop, PyProcessData, PyThread, PyWindow } from './python-probe-data';

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Median of the window medians and the 99th percentile of the window p99s, as Node's delay is summarised. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const cpuRq = (t: Pick<PyThread, 'cpuMs' | 'runQueueMs'>): number => t.cpuMs + t.runQueueMs;

function mainThreadWindow(w: PyWindow, tid: number): { cpu: number; rq: number } {
  const t = w.th.find((x) => x[0] === tid);
  return t ? { cpu: t[1], rq: t[2] } : { cpu: 0, rq: 0 };
}

/**
 * Busy time of the main thread per window: where its event loop ran, the loop's running time outside
 * select() plus, for the rest of the window, its CPU and run-queue share; without a loop, its CPU and
 * run-queue time (a script that waits in a blocking call is idle, not blocked: there is no loop to block).
 */
export function mainBusyMs(p: PyProcessData): { busyMs: number; windowMs: number; cpuRqMs: number } {
  let busyMs = 0;
  let windowMs = 0;
  let cpuRqMs = 0;
  for (const w of p.windows) {
    const { cpu, rq } = mainThreadWindow(w, p.mainTid);
    busyMs += mainBusyInWindow(w, p.mainTid);
    windowMs += w.ms;
    cpuRqMs += cpu + rq;
  }
  return { busyMs, windowMs, cpuRqMs };
}

/** The main thread's busy ms in one window, as `mainBusyMs` adds them up (the timeline draws them one by one). */
export function mainBusyInWindow(w: PyWindow, mainTid: number): number {
  const { cpu, rq } = mainThreadWindow(w, mainTid);
  const demand = Math.min(w.ms, cpu + rq);
  const loop = w.loops.find((l) => l[0] === mainTid);
  const loopRun = loop ? Math.min(w.ms, loop[1]) : 0;
  const loopBusy = loop ? Math.max(0, loopRun - loop[2]) : 0;
  return loopBusy + Math.max(0, w.ms - loopRun) * (w.ms > 0 ? demand / w.ms : 0);
}

function mainLoops(p: PyProcessData): PyLoop[] {
  return p.loops.filter((l) => l.tid === p.mainTid);
}

export interface PythonMeasureOptions {
  blockThresholdMs: number;
}

export function measurePython(workload: PyProcessData, children: readonly PyProcessData[], options: PythonMeasureOptions): Measurements {
  const w = workload;
  const wallMs = Math.max(1, w.wallMs);
  const mainThread = w.threads.find((t) => t.tid === w.mainTid);
  const probeThread = w.threads.find((t) => t.tid === w.samplerTid);
  const others = w.threads.filter((t) => t !== mainThread && t !== probeThread);
  const workers = others.filter((t) => t.cpuMs >= 0.01 * wallMs || t.bytecodeSamples > 0);

  const { busyMs, windowMs, cpuRqMs } = mainBusyMs(w);
  // Without windows (a run shorter than one), the whole-run clock of the main thread is all there is.
  const mainCpuRq = mainThread ? cpuRq(mainThread) : (w.mainThreadTimeMs ?? 0);
  const busy = windowMs > 0 ? Math.min(1, busyMs / windowMs) : Math.min(1, mainCpuRq / wallMs);
  const busyTotalMs = windowMs > 0 ? busyMs : mainCpuRq;
  const cpuWhileBusy = busyTotalMs >= 1 ? round((windowMs > 0 ? cpuRqMs : mainCpuRq) / busyTotalMs) : null;

  const loops = mainLoops(w);
  const lagWindows = w.windows.flatMap((win) => win.loops.filter((l) => l[0] === w.mainTid && l[10] > 0));
  const stalls = loops.flatMap((l) => l.stalls).filter(([, lag]) => lag >= options.blockThresholdMs);
  const stalledMs = stalls.reduce((a, [, lag]) => a + lag, 0);
  const ioWaitMs = loops.reduce((a, l) => a + l.ioWaitMs, 0);
  const timerWaitMs = loops.reduce((a, l) => a + l.timerWaitMs, 0);
  const inFlightMs = loops.reduce((a, l) => a + l.inFlightMs, 0);

  const processes = [w, ...children];
  const transfers = processes.map((p) => p.transfers);
  const sum = (f: (t: PyProcessData['transfers']) => number): number => transfers.reduce((a, t) => a + f(t), 0);

  // A child's busy time: its threads' CPU plus run-queue time (what it wanted of the cores), the probe's own thread left out.
  const childBusy = (c: PyProcessData): number => {
    const threads = c.threads.filter((t) => t.tid !== c.samplerTid);
    return threads.length > 0 ? threads.reduce((a, t) => a + cpuRq(t), 0) : c.cpuMs;
  };
  const childrenCpuMs = children.reduce((a, c) => a + c.cpuMs, 0);
  // Children the probe did not see (a non-Python subprocess) still show in the parent's reaped-children CPU.
  const unprobedChildCpu = Math.max(0, w.childrenCpuMs - children.filter((c) => c.ppid === w.pid).reduce((a, c) => a + c.cpuMs, 0));
  const offloadMs = workers.reduce((a, t) => a + cpuRq(t), 0) + children.reduce((a, c) => a + childBusy(c), 0) + unprobedChildCpu;
  const threadsCpu = w.threads.reduce((a, t) => a + t.cpuMs, 0);
  const role = (threads: PyThread[]): { threads: number; cpuMs: number; runQueueMs: number } => ({
    threads: threads.length,
    cpuMs: round(threads.reduce((a, t) => a + t.cpuMs, 0)),
    runQueueMs: round(threads.reduce((a, t) => a + t.runQueueMs, 0)),
  });
  const gilSamples = w.gil.samples;
  const cpuMs = w.cpuMs + childrenCpuMs + unprobedChildCpu;

  return {
    wallMs: round(wallMs),
    cores: w.cores,
    language: 'python',
    main: {
      busy: round(busy, 4),
      busySource: 'cpu-profile',
      cpuWhileBusy,
      cpuMs: round(mainThread?.cpuMs ?? w.mainThreadTimeMs ?? 0),
      runQueueMs: round(mainThread?.runQueueMs ?? 0),
      delayMs: {
        p50: round(percentile(lagWindows.map((l) => l[7] ?? 0), 0.5)),
        p99: round(percentile(lagWindows.map((l) => l[8] ?? 0), 0.99)),
        max: round(lagWindows.reduce((a, l) => Math.max(a, l[9] ?? 0), 0)),
      },
      blocked: {
        count: stalls.length,
        totalMs: round(stalledMs),
        longestMs: round(stalls.reduce((a, [, lag]) => Math.max(a, lag), 0)),
        share: round(Math.min(1, stalledMs / wallMs), 4),
      },
    },
    offload: {
      workers: workers.length,
      childProcesses: children.length,
      busyCores: round(offloadMs / wallMs, 4),
      source: 'thread-cpu',
      nativeCores: 0,
    },
    threadCpu: {
      byRole: {
        main: role(mainThread ? [mainThread] : []),
        worker: role(others),
        native: role([]),
        runtime: role([]),
        probe: role(probeThread ? [probeThread] : []),
      },
      offMainCpuMs: round(Math.max(0, w.cpuMs - (mainThread?.cpuMs ?? 0))),
      unlistedCpuMs: round(Math.max(0, w.cpuMs - threadsCpu)),
    },
    cpu: { ms: round(cpuMs), perWall: round(cpuMs / wallMs, 4) },
    io: {
      waitShare: round(Math.min(1, (ioWaitMs + timerWaitMs) / wallMs), 4),
      timerWaitShare: round(Math.min(1, timerWaitMs / wallMs), 4),
      meanInFlight: ioWaitMs > 0 ? round(inFlightMs / ioWaitMs, 2) : 0,
      maxInFlight: loops.reduce((a, l) => Math.max(a, l.maxInFlight), 0),
      peakByType: {},
      operationMs: { socket: round(inFlightMs), timer: round(timerWaitMs) },
    },
    messages: {
      count: sum((t) => t.pickleCount),
      clonedBytes: sum((t) => t.pickleBytes),
      transferredBytes: 0,
      sharedBytes: sum((t) => t.sharedBytes),
      serializeMs: round(sum((t) => t.pickleMs + t.sendMs + t.loadsMs)),
      mainSerializeMs: round(w.transfers.pickleMs + w.transfers.sendMs + w.transfers.loadsMs),
    },
    gc: { ms: round(processes.reduce((a, p) => a + p.gc.ms, 0)), count: processes.reduce((a, p) => a + p.gc.count, 0) },
    memory: { peakHeapUsed: 0, peakRss: w.peakRss },
    gil: {
      enabled: w.gilEnabled,
      contendedShare: w.gilEnabled && gilSamples > 0 ? round(w.gil.contended / gilSamples, 4) : null,
      busyShare: gilSamples > 0 ? round(w.gil.running / gilSamples, 4) : null,
      meanThreads: gilSamples > 0 ? round(w.gil.threadsInBytecode / gilSamples, 3) : null,
      samples: gilSamples,
    },
  };
}
