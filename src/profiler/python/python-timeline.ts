// A Python run over time, in the same Timeline shape as a Node run's (../timeline.ts), from what the Python
// probe records per window (100 ms by default): one point per window of the workload process, with its
// child processes' windows folded into the window where they end by wall-clock time, merged down to
// MAX_TIMELINE_POINTS for long runs.
//
// What each series is for Python:
// - delay: the lag of the probe's heartbeat on the main thread's asyncio loop (p50, p99, worst per window);
//   a window without a heartbeat has no lag value (`heartbeats` says where), and without a loop on the main
//   thread there is no delay at all (empty arrays, `loopRunning` absent);
// - busy: the main thread's busy share as `measurePython` adds it up (the loop's time outside select() where
//   one ran, else the thread's CPU and run-queue time);
// - offloadCores: CPU of the workload's other threads (the probe's sampler thread left out) and of its
//   child processes (theirs left out too);
// - cpuCores: CPU of the workload process and its probed child processes;
// - ioInFlight: the sockets the main thread's loop waited on in select(), averaged over the window;
// - gcMs, clonedBytes (pickled for other processes), movedBytes (placed in shared_memory): where the probe's
//   windows carry them (probes before they did leave them out);
// - gilContended: the share of the window's samples with two or more threads in bytecode, with a GIL.
// Heap, RSS and resource counts by type are not measured per window: left out, never zeros.
import { MAX_TIMELINE_POINTS, type Timeline } from '../timeline';
import { mainBusyInWindow } from './python-measure';
import type { PyProcessData, PyWindow, PyWindowLoop } from './python-probe-data';

interface Lag {
  p50: number;
  p99: number;
  max: number;
  beats: number;
}

interface Point {
  end: number;
  dt: number;
  /** ms the main thread's loop ran in the window. */
  loopMs: number;
  lag?: Lag;
  busyMs: number;
  offloadMs: number;
  cpuMs: number;
  gcMs: number;
  /** Sockets outstanding × ms while the loop waited in select(). */
  inFlightMs: number;
  maxInFlight: number;
  pickled: number;
  shared: number;
  gilSamples: number;
  gilContended: number;
}

/** The main thread's loop entries of one window as one (two when one asyncio.run ended and the next began). */
function mainLoop(w: PyWindow, mainTid: number): { runMs: number; inFlightMs: number; maxInFlight: number; lag?: Lag } | undefined {
  const loops = w.loops.filter((l) => l[0] === mainTid);
  if (loops.length === 0) return undefined;
  const beats = (l: PyWindowLoop): number => (l[7] === null ? 0 : l[10]);
  const timed = loops.filter((l) => beats(l) > 0);
  const n = timed.reduce((a, l) => a + beats(l), 0);
  return {
    runMs: Math.min(w.ms, loops.reduce((a, l) => a + l[1], 0)),
    inFlightMs: loops.reduce((a, l) => a + l[5], 0),
    maxInFlight: Math.max(...loops.map((l) => l[6])),
    ...(n > 0
      ? {
          lag: {
            p50: timed.reduce((a, l) => a + (l[7] ?? 0) * beats(l), 0) / n,
            p99: Math.max(...timed.map((l) => l[8] ?? 0)),
            max: Math.max(...timed.map((l) => l[9] ?? 0)),
            beats: n,
          },
        }
      : {}),
  };
}

/** CPU in the window of every thread of `p` but the ones in `skip` (by native id). */
const cpuWithout = (w: PyWindow, skip: readonly (number | null)[]): number => w.th.reduce((a, t) => a + (skip.includes(t[0]) ? 0 : t[1]), 0);

/** The timeline of a Python run, or undefined when the workload process recorded no window (a run shorter than one). */
export function buildPythonTimeline(workload: PyProcessData, children: readonly PyProcessData[]): Timeline | undefined {
  const p = workload;
  if (p.windows.length === 0) return undefined;
  const points: Point[] = p.windows.map((w) => {
    const loop = mainLoop(w, p.mainTid);
    return {
      end: p.epochMs + w.t,
      dt: w.ms,
      loopMs: loop?.runMs ?? 0,
      ...(loop?.lag ? { lag: loop.lag } : {}),
      busyMs: Math.min(w.ms, mainBusyInWindow(w, p.mainTid)),
      offloadMs: cpuWithout(w, [p.mainTid, p.samplerTid]),
      cpuMs: w.cpu,
      gcMs: w.gcMs ?? 0,
      inFlightMs: loop?.inFlightMs ?? 0,
      maxInFlight: loop?.maxInFlight ?? 0,
      pickled: w.xfer?.[0] ?? 0,
      shared: w.xfer?.[1] ?? 0,
      gilSamples: w.gil?.[0] ?? 0,
      gilContended: w.gil?.[1] ?? 0,
    };
  });
  // A child's window lands in the workload window where it ends, as Node's workers' intervals do.
  const ends = points.map((x) => x.end);
  const slot = (epoch: number): number => {
    let lo = 0;
    let hi = ends.length - 1;
    if (epoch > ends[hi]) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const c of children) {
    for (const w of c.windows) {
      const k = slot(c.epochMs + w.t);
      if (k < 0) continue;
      points[k].offloadMs += cpuWithout(w, [c.samplerTid]);
      points[k].cpuMs += w.cpu;
      points[k].pickled += w.xfer?.[0] ?? 0;
      points[k].shared += w.xfer?.[1] ?? 0;
    }
  }
  const hasLoop = points.some((x) => x.loopMs > 0 || x.lag !== undefined);
  const every = (f: (w: PyWindow) => unknown): boolean => p.windows.every((w) => f(w) !== undefined);
  return toSeries(merge(points, MAX_TIMELINE_POINTS), p.epochMs, {
    loop: hasLoop,
    gc: every((w) => w.gcMs),
    bytes: every((w) => w.xfer),
    gil: p.gilEnabled && every((w) => w.gil),
  });
}

/** Neighbouring points merged so at most `max` remain: sums summed, maxima kept, the lag's p50 weighted by heartbeats. */
function merge(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const total = (f: (x: Point) => number): number => group.reduce((a, x) => a + f(x), 0);
    const lags = group.flatMap((x) => (x.lag ? [x.lag] : []));
    const beats = lags.reduce((a, l) => a + l.beats, 0);
    out.push({
      end: group[group.length - 1].end,
      dt: total((x) => x.dt),
      loopMs: total((x) => x.loopMs),
      ...(beats > 0
        ? {
            lag: {
              p50: lags.reduce((a, l) => a + l.p50 * l.beats, 0) / beats,
              p99: Math.max(...lags.map((l) => l.p99)),
              max: Math.max(...lags.map((l) => l.max)),
              beats,
            },
          }
        : {}),
      busyMs: total((x) => x.busyMs),
      offloadMs: total((x) => x.offloadMs),
      cpuMs: total((x) => x.cpuMs),
      gcMs: total((x) => x.gcMs),
      inFlightMs: total((x) => x.inFlightMs),
      maxInFlight: Math.max(...group.map((x) => x.maxInFlight)),
      pickled: total((x) => x.pickled),
      shared: total((x) => x.shared),
      gilSamples: total((x) => x.gilSamples),
      gilContended: total((x) => x.gilContended),
    });
  }
  return out;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const per = (num: number, den: number): number => r3(den > 0 ? num / den : 0);

function toSeries(points: Point[], origin: number, has: { loop: boolean; gc: boolean; bytes: boolean; gil: boolean }): Timeline {
  const of = (f: (x: Point) => number): number[] => points.map(f);
  // Where no heartbeat ran the lag is not known: 0 in the arrays, and `heartbeats` 0 says so.
  const lag = (f: (l: Lag) => number): number[] => (has.loop ? of((x) => (x.lag ? r3(f(x.lag)) : 0)) : []);
  return {
    t: of((x) => r3((x.end - origin) / 1000)),
    delayP50Ms: lag((l) => l.p50),
    delayP99Ms: lag((l) => l.p99),
    delayMaxMs: lag((l) => l.max),
    busy: of((x) => per(Math.min(x.dt, x.busyMs), x.dt)),
    offloadCores: of((x) => per(x.offloadMs, x.dt)),
    cpuCores: of((x) => per(x.cpuMs, x.dt)),
    ...(has.gc ? { gcMs: of((x) => r3(x.gcMs)) } : {}),
    ioInFlight: has.loop ? of((x) => per(x.inFlightMs, x.dt)) : [],
    ...(has.loop ? { ioMaxInFlight: of((x) => x.maxInFlight) } : {}),
    ...(has.bytes ? { clonedBytes: of((x) => x.pickled), movedBytes: of((x) => x.shared) } : {}),
    resources: {},
    ...(has.loop ? { loopRunning: of((x) => per(Math.min(x.dt, x.loopMs), x.dt)), heartbeats: of((x) => x.lag?.beats ?? 0) } : {}),
    ...(has.gil ? { gilContended: of((x) => per(x.gilContended, x.gilSamples)) } : {}),
  };
}
