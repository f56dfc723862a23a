// Turns the running thread's counters into one record per sampling interval. Every figure is a delta
// over the interval (never cumulative), so a reader can see phases: startup, a blocked stretch, idling.
import { monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram, type PerformanceEntry } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { emptyByteCounts, type ByteCounts } from './message-bytes';
import type { DelayStats, IoIntervalRecord, ProbeSampleRecord } from './probe-records';
import { TaskClockReader, ThreadClockReader, type ThreadClock } from './probe-thread-clock';

export interface SamplerOptions {
  intervalMs: number;
  delayResolutionMs: number;
  isMainThread: boolean;
  /** Epoch ms that sample `t` counts from. */
  startTime: number;
  /** Read every thread of the process (main thread only; see ProbeSampleRecord.tasks). */
  readTasks?: boolean;
  /** The loop's outstanding operations (main threads; see probe-io-channels.ts), added up for each interval. */
  operations?: { sample(): IoIntervalRecord | undefined };
}

/** Every thread's counters are read at most this often: CPU sums need no finer grain, and it keeps the cost at ~0.1%. */
const TASKS_EVERY_MS = 100;

const nowEpoch = (): number => performance.timeOrigin + performance.now();
const round = (n: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export class IntervalSampler {
  /** Filled by the postMessage hook, emptied by every sample. */
  bytes: ByteCounts = emptyByteCounts();
  private readonly histogram: IntervalHistogram;
  private readonly gcObserver: PerformanceObserver | undefined;
  private gcCount = 0;
  private gcMs = 0;
  private prevEpoch = nowEpoch();
  private prevElu: EventLoopUtilization = performance.eventLoopUtilization();
  private prevCpu = process.cpuUsage();
  private readonly threadClock = new ThreadClockReader();
  private prevThread: ThreadClock | undefined = this.threadClock.read();
  private readonly taskClock: TaskClockReader | undefined;
  private prevTasksEpoch = nowEpoch();

  constructor(private readonly options: SamplerOptions) {
    if (options.readTasks) {
      this.taskClock = new TaskClockReader();
      // The first read sets the zero point of the threads already running: their CPU before the probe is start-up.
      this.taskClock.read();
    }
    this.histogram = monitorEventLoopDelay({ resolution: options.delayResolutionMs });
    this.histogram.enable();
    try {
      const observer = new PerformanceObserver((list) => this.addGc(list.getEntries()));
      observer.observe({ entryTypes: ['gc'] });
      this.gcObserver = observer;
    } catch {
      this.gcObserver = undefined;
    }
  }

  private addGc(entries: PerformanceEntry[]): void {
    for (const e of entries) {
      this.gcCount++;
      this.gcMs += e.duration;
    }
  }

  /** `final`: the last sample of the thread, which always reads every thread whatever the cadence. */
  sample(final = false): ProbeSampleRecord {
    const { delayResolutionMs } = this.options;
    const now = nowEpoch();
    const dtMs = Math.max(0, now - this.prevEpoch);

    // Before the loop starts (the main module still running) neither ELU nor the delay histogram count
    // anything, yet the thread was busy. Worker threads report the process's loop start, so only the
    // main thread can tell; a worker's ELU already counts its own start-up as active.
    let mainMs = 0;
    if (this.options.isMainThread) {
      const loopStart = performance.nodeTiming.loopStart;
      const loopStartEpoch = loopStart >= 0 ? performance.timeOrigin + loopStart : now;
      mainMs = Math.min(dtMs, Math.max(0, loopStartEpoch - this.prevEpoch));
    }

    const elu = performance.eventLoopUtilization();
    const d = performance.eventLoopUtilization(elu, this.prevElu);
    const busy = d.active + mainMs;
    const total = d.idle + d.active + mainMs;

    const cpu = process.cpuUsage();
    const thread = this.threadClock.read();
    const mem = process.memoryUsage();

    if (this.gcObserver) this.addGc(this.gcObserver.takeRecords());

    const record: ProbeSampleRecord = {
      type: 'sample',
      t: round(now - this.options.startTime),
      dtMs: round(dtMs),
      delay: this.delayStats(Math.max(0, dtMs - mainMs), delayResolutionMs),
      elu: round(total > 0 ? Math.min(1, busy / total) : 0, 4),
      mainMs: round(mainMs),
      cpuUserMs: round((cpu.user - this.prevCpu.user) / 1000),
      cpuSystemMs: round((cpu.system - this.prevCpu.system) / 1000),
      heapUsed: mem.heapUsed,
      rss: mem.rss,
      gc: { count: this.gcCount, ms: round(this.gcMs) },
      resources: countResources(),
      bytes: { cloned: this.bytes.cloned, transferred: this.bytes.transferred, shared: this.bytes.shared, strings: this.bytes.strings },
      messages: this.bytes.messages,
      serializeMs: round(this.bytes.serializeMs),
    };
    if (thread && this.prevThread) {
      record.thread = { cpuMs: round((thread.cpuNs - this.prevThread.cpuNs) / 1e6), waitMs: round((thread.waitNs - this.prevThread.waitNs) / 1e6) };
    }
    const io = this.options.operations?.sample();
    if (io) record.io = io;
    if (this.taskClock && (final || now - this.prevTasksEpoch >= TASKS_EVERY_MS)) {
      const cpu = this.taskClock.read();
      if (cpu) record.tasks = { spanMs: round(now - this.prevTasksEpoch), cpu };
      this.prevTasksEpoch = now;
    }

    this.prevEpoch = now;
    this.prevElu = elu;
    this.prevCpu = cpu;
    this.prevThread = thread;
    this.gcCount = 0;
    this.gcMs = 0;
    this.bytes = emptyByteCounts();
    return record;
  }

  /**
   * The histogram records whole timer periods (callback to callback), so the resolution is subtracted to
   * leave the delay. Resetting it each interval has a catch: Node zeroes its previous timestamp, so the
   * first period after every reset is never recorded, and when each loop turn is longer than the interval
   * (the blocked case that matters most) nothing is recorded at all. The recorded periods and the missing
   * one tile the interval, so the missing period is about `dt - count * mean`; it is added back as one
   * more observation (within one resolution step of what an unreset histogram would have recorded).
   */
  private delayStats(loopMs: number, resolutionMs: number): DelayStats {
    const h = this.histogram;
    const n = h.count;
    const recordedMs = n > 0 ? (n * h.mean) / 1e6 : 0;
    const lost = Math.max(0, loopMs - recordedMs - resolutionMs);
    const toMs = (ns: number): number => Math.max(0, ns / 1e6 - resolutionMs);
    let stats: DelayStats;
    if (n > 0) {
      const max = Math.max(toMs(h.max), lost);
      stats = {
        p50: toMs(h.percentile(50)),
        // Below 100 observations the nearest-rank 99th percentile is the maximum.
        p99: n + 1 < 100 ? max : toMs(h.percentile(99)),
        max,
        mean: (toMs(h.mean) * n + lost) / (n + 1),
      };
    } else {
      stats = { p50: lost, p99: lost, max: lost, mean: lost };
    }
    h.reset();
    return { p50: round(stats.p50), p99: round(stats.p99), max: round(stats.max), mean: round(stats.mean) };
  }

  stop(): void {
    this.threadClock.close();
    this.taskClock?.close();
    this.histogram.disable();
    this.gcObserver?.disconnect();
  }
}

function countResources(): Record<string, number> {
  const out: Record<string, number> = {};
  // getActiveResourcesInfo lists only what keeps the loop alive, so the probe's unref'd timer is not in it.
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}
