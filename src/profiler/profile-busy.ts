// How busy a thread was in each probe interval, measured by its CPU profile instead of ELU.
// While V8's sampling profiler runs, libuv's idle-time accounting breaks (the sampling signal interrupts
// epoll_wait and the idle time measured so far is dropped), so ELU reads 0.6-0.8 on an idle loop. The
// profile itself is right: Node tells V8 when it waits in epoll, and those samples are `(idle)`.
import * as fs from 'node:fs';
import type { ThreadSeries } from './probe-data';

/** The parts of a `.cpuprofile` (Chrome DevTools Profiler.Profile) used here and by hotspot attribution. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId?: string };
    hitCount?: number;
    children?: number[];
  }[];
  /** µs, monotonic clock (the one `process.hrtime` reads). */
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs between consecutive samples; the first is relative to startTime. */
  timeDeltas: number[];
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

/** Monotonic µs timestamp of every profile sample. */
export function sampleTimestamps(profile: CpuProfile): number[] {
  const out = new Array<number>(profile.samples.length);
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    out[i] = t;
  }
  return out;
}

/**
 * For each sample record of `thread`, the fraction of profile samples in its interval that were not
 * `(idle)`, or null where the profile has no sample in it (the interval ends before the profile started,
 * or the profile was written at a stop signal and the thread ran on). A thread blocked in a synchronous
 * call (execSync, readFileSync) shows as busy, as ELU would show it.
 */
export function busyFromProfile(thread: ThreadSeries, profile: CpuProfile): (number | null)[] {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const stamps = sampleTimestamps(profile);
  const anchor = thread.start.monotonicStartUs;
  const out: (number | null)[] = [];
  let i = 0;
  for (const s of thread.samples) {
    const from = anchor + (s.t - s.dtMs) * 1000;
    const to = anchor + s.t * 1000;
    while (i < stamps.length && stamps[i] < from) i++;
    let total = 0;
    let busy = 0;
    for (let j = i; j < stamps.length && stamps[j] <= to; j++) {
      total++;
      if (!idle.has(profile.samples[j])) busy++;
    }
    out.push(total > 0 ? busy / total : null);
  }
  return out;
}
