// The run over time, for the report's charts: one point per probe interval of the workload's main
// thread (merged down to a bounded number of points for long runs), with the workers' busy time and the
// bytes they passed folded into the same intervals by wall-clock time. A Python run builds the same shape
// from its probe's windows (python/python-timeline.ts); what that probe does not measure is left out.
import type { ProbeSampleRecord } from './probe-records';
import type { ThreadSeries } from './probe-data';
import { intervalIo } from './io-resources';

export interface Timeline {
  /** Seconds since the workload's main thread started, at the end of each point's interval. */
  t: number[];
  /**
   * Event-loop delay per interval. Python: the lag of the heartbeat on the main thread's asyncio loop, only
   * meaningful where `loopRunning` is above 0; all three are empty when no loop ran on the main thread.
   */
  delayP50Ms: number[];
  delayP99Ms: number[];
  delayMaxMs: number[];
  /** Main thread busy share, 0..1. */
  busy: number[];
  /** Busy time of workers and child processes, in cores (Python: CPU of the other threads and the child processes). */
  offloadCores: number[];
  /** Process CPU per wall time, in cores (Python: the workload process and its probed child processes). */
  cpuCores: number[];
  /** Absent where not measured per interval (Python runs). */
  heapMiB?: number[];
  rssMiB?: number[];
  /** GC time per interval; absent where not measured per interval (files of older Python probes). */
  gcMs?: number[];
  /**
   * Mean I/O operations outstanding over each interval (requests, connects, fs and DNS requests; see
   * io-resources.ts). Python: the sockets the main thread's asyncio loop waited on in select(), averaged
   * over the interval; empty when no loop ran on the main thread.
   */
  ioInFlight: number[];
  /** Python only: the most sockets outstanding at one select() in each interval (empty as `ioInFlight`). */
  ioMaxInFlight?: number[];
  /** Bytes copied to other threads (Node: structured clone) or pickled for other processes (Python); absent where not measured per interval. */
  clonedBytes?: number[];
  /** Bytes transferred or shared (Node), placed in shared_memory (Python); absent as `clonedBytes`. */
  movedBytes?: number[];
  /** Resource counts by type, one array per type seen (none for Python: its probe does not count them). */
  resources: Record<string, number[]>;
  /** Python only: share of each interval the main thread's asyncio loop was running; absent when none ran there. */
  loopRunning?: number[];
  /** Python only: heartbeats of that loop in each interval; the delay of an interval without one is not known (0 in the arrays). */
  heartbeats?: number[];
  /**
   * Python only: share of each interval's samples that found two or more threads running bytecode (the
   * GIL contended). Absent without a GIL (a free-threaded build) or without per-interval GIL samples.
   */
  gilContended?: number[];
}

export const MAX_TIMELINE_POINTS = 600;

interface Point {
  end: number;
  dt: number;
  p50: number;
  p99: number;
  max: number;
  busy: number;
  offloadMs: number;
  cpuMs: number;
  heap: number;
  rss: number;
  gc: number;
  io: number;
  cloned: number;
  moved: number;
  resources: Record<string, number>;
}

const endEpoch = (th: ThreadSeries, s: ProbeSampleRecord): number => th.start.startTime + s.t;

/**
 * `mainBusy[i]` is the busy share of `main.samples[i]`; `offload` are worker and child-process threads
 * with their own per-sample busy shares.
 */
export function buildTimeline(
  main: ThreadSeries,
  mainBusy: readonly number[],
  offload: readonly { thread: ThreadSeries; busy: readonly number[] }[],
): Timeline {
  const points: Point[] = main.samples.map((s, i) => ({
    end: endEpoch(main, s),
    dt: s.dtMs,
    p50: s.delay.p50,
    p99: s.delay.p99,
    max: s.delay.max,
    busy: mainBusy[i] ?? s.elu,
    offloadMs: 0,
    cpuMs: s.cpuUserMs + s.cpuSystemMs,
    heap: s.heapUsed,
    rss: s.rss,
    gc: s.gc.ms,
    io: s.dtMs > 0 ? intervalIo(s).opMs / s.dtMs : 0,
    cloned: s.bytes.cloned + s.bytes.strings,
    moved: s.bytes.transferred + s.bytes.shared,
    resources: s.resources,
  }));
  // Other threads' intervals land in the main-thread interval where they end.
  const ends = points.map((p) => p.end);
  const slot = (epoch: number): number => {
    let lo = 0;
    let hi = ends.length - 1;
    if (hi < 0 || epoch > ends[hi]) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const { thread, busy } of offload) {
    thread.samples.forEach((s, i) => {
      const k = slot(endEpoch(thread, s));
      if (k < 0) return;
      points[k].offloadMs += (busy[i] ?? s.elu) * s.dtMs;
      points[k].cloned += s.bytes.cloned + s.bytes.strings;
      points[k].moved += s.bytes.transferred + s.bytes.shared;
    });
  }
  return toSeries(merge(points, MAX_TIMELINE_POINTS), main.start.startTime);
}

/** Neighbouring points merged so at most `max` remain: time-weighted means, maxima kept, sums summed. */
function merge(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const dt = group.reduce((a, p) => a + p.dt, 0) || 1;
    const w = (f: (p: Point) => number): number => group.reduce((a, p) => a + f(p) * p.dt, 0) / dt;
    const resources: Record<string, number> = {};
    for (const p of group) for (const [k, v] of Object.entries(p.resources)) resources[k] = Math.max(resources[k] ?? 0, v);
    out.push({
      end: group[group.length - 1].end,
      dt,
      p50: w((p) => p.p50),
      p99: Math.max(...group.map((p) => p.p99)),
      max: Math.max(...group.map((p) => p.max)),
      busy: w((p) => p.busy),
      offloadMs: group.reduce((a, p) => a + p.offloadMs, 0),
      cpuMs: group.reduce((a, p) => a + p.cpuMs, 0),
      heap: Math.max(...group.map((p) => p.heap)),
      rss: Math.max(...group.map((p) => p.rss)),
      gc: group.reduce((a, p) => a + p.gc, 0),
      io: w((p) => p.io),
      cloned: group.reduce((a, p) => a + p.cloned, 0),
      moved: group.reduce((a, p) => a + p.moved, 0),
      resources,
    });
  }
  return out;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const MiB = 1024 * 1024;

function toSeries(points: Point[], origin: number): Timeline {
  const types = [...new Set(points.flatMap((p) => Object.keys(p.resources)))].sort();
  return {
    t: points.map((p) => r3((p.end - origin) / 1000)),
    delayP50Ms: points.map((p) => r3(p.p50)),
    delayP99Ms: points.map((p) => r3(p.p99)),
    delayMaxMs: points.map((p) => r3(p.max)),
    busy: points.map((p) => r3(p.busy)),
    offloadCores: points.map((p) => r3(p.dt > 0 ? p.offloadMs / p.dt : 0)),
    cpuCores: points.map((p) => r3(p.dt > 0 ? p.cpuMs / p.dt : 0)),
    heapMiB: points.map((p) => r3(p.heap / MiB)),
    rssMiB: points.map((p) => r3(p.rss / MiB)),
    gcMs: points.map((p) => r3(p.gc)),
    ioInFlight: points.map((p) => r3(p.io)),
    clonedBytes: points.map((p) => p.cloned),
    movedBytes: points.map((p) => p.moved),
    resources: Object.fromEntries(types.map((k) => [k, points.map((p) => p.resources[k] ?? 0)])),
  };
}
