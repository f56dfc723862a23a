// Finds the stretches of time in which a thread's event loop could not run anything, from the probe's
// samples alone, and when the thread has a CPU profile, which user code held it.
//
// Placing a stall in time: the probe's sampler is a timer on the same loop, so while the loop is blocked
// it cannot fire, and it fires in the first turn after the block. A blocked interval therefore ends about
// when the block ended, and its longest loop delay (`delay.max`) is about the block's length. A block is
// placed at [t - delay.max, t]; it may reach back into the previous interval (the histogram period that
// recorded it began there). Before the loop starts the main module runs synchronously (`mainMs`); such a
// stretch is kept apart as `startup`, since nothing could be waiting on a loop that had not started.
import type { ThreadSeries } from './probe-data';
import {
  addToSites,
  addToSplit,
  codeLocation,
  emptyTimeSplit,
  overlapMs,
  roundMs,
  roundShare,
  topVia,
  type AttributedProfile,
  type CodeLocation,
  type ProfileTimeSplit,
  type SiteTime,
  type ViaTime,
} from './frame-attribution';

export interface BlockedStretchOptions {
  /** Loop delay in ms from which the loop counts as blocked. Default 50. */
  thresholdMs?: number;
  /**
   * Blocks at most this far apart (ms) are one stretch. Default 1: only blocks that touch. Separate
   * blocks with loop turns between them (four execSync calls chained by setImmediate) stay separate,
   * because the loop did get to run other work in between.
   */
  mergeGapMs?: number;
  /** For `file` in frames: paths inside it are shown relative to it. */
  cwd?: string;
  /** How many frames a stretch lists. Default 3. */
  frameLimit?: number;
}

/** User code that ran (or waited) inside a stretch, by CPU-profile time. */
export interface StretchFrame extends CodeLocation {
  /** Profile time inside the stretch charged to this line. */
  ms: number;
  /** The calls (at most 3) that the time went into, e.g. `execSync`; the line's own running is not listed. */
  via: ViaTime[];
}

/**
 * A stretch in which the thread's event loop was blocked (`loop`), or the main module ran synchronously
 * before the loop started (`startup`). Times are ms since the thread's probe start (`start.startTime`),
 * with epoch ms beside them for lining up processes.
 */
export interface BlockedStretch {
  pid: number;
  threadId: number;
  isMainThread: boolean;
  kind: 'loop' | 'startup';
  startMs: number;
  endMs: number;
  durationMs: number;
  startEpochMs: number;
  endEpochMs: number;
  /** The longest loop delay the probe measured among the intervals that make up the stretch. */
  maxDelayMs: number;
  /**
   * CPU time during the stretch, prorated from the probe samples that overlap it: this thread's own when
   * every one of them carries the per-thread clock (`cpuScope: 'thread'`, Linux), else the whole
   * process's user + system time, where other threads' CPU counts too. A child process's never does.
   */
  cpuMs: number;
  /**
   * `cpuMs / durationMs`. Low (say below 0.3) means the thread waited synchronously (execSync, a sync
   * read from a slow device, Atomics.wait) rather than computed, unless `runnableWaitMs` shows it was
   * starved of a CPU instead. With `cpuScope: 'process'` it exceeds 1 when other threads computed too.
   */
  cpuShare: number;
  cpuScope: 'thread' | 'process';
  /** ms the thread was runnable but waiting for a CPU (a busy machine); null without the per-thread clock. */
  runnableWaitMs: number | null;
  /** Top user frames by profile time inside the stretch; empty without a CPU profile. */
  frames: StretchFrame[];
  /** Profile time inside the stretch by kind; null without a profile or when it has no sample there. */
  profile: ProfileTimeSplit | null;
}

export interface BlockedSummary {
  count: number;
  totalMs: number;
  /**
   * Of `totalMs`, the time the thread was runnable but waiting for a CPU (the per-thread clock's run-queue time;
   * 0 without it): a stall a busy machine caused, which the program would not have had on a quiet one.
   */
  runnableWaitMs?: number;
  /** Of `count` and `totalMs`, stretches of kind `startup`. */
  startupCount: number;
  startupMs: number;
  longest: { pid: number; threadId: number; kind: BlockedStretch['kind']; startMs: number; durationMs: number } | null;
}

export const DEFAULT_BLOCKED_THRESHOLD_MS = 50;
const DEFAULT_MERGE_GAP_MS = 1;
const DEFAULT_FRAME_LIMIT = 3;

/** A stall placed in time, in ms since the thread's probe start; see `blockedSpans`. */
export interface BlockedSpan {
  kind: BlockedStretch['kind'];
  startMs: number;
  endMs: number;
  maxDelayMs: number;
}

/** Stalls of at least the threshold, placed in time, merged when they touch. */
export function blockedSpans(thread: ThreadSeries, thresholdMs = DEFAULT_BLOCKED_THRESHOLD_MS, mergeGapMs = DEFAULT_MERGE_GAP_MS): BlockedSpan[] {
  const spans: BlockedSpan[] = [];
  for (const s of thread.samples) {
    const from = s.t - s.dtMs;
    if (s.mainMs >= thresholdMs) spans.push({ kind: 'startup', startMs: from, endMs: from + s.mainMs, maxDelayMs: 0 });
    if (s.delay.max >= thresholdMs) spans.push({ kind: 'loop', startMs: Math.max(0, s.t - s.delay.max), endMs: s.t, maxDelayMs: s.delay.max });
  }
  spans.sort((a, b) => a.startMs - b.startMs);
  const merged: BlockedSpan[] = [];
  const lastOfKind = new Map<BlockedSpan['kind'], BlockedSpan>();
  for (const span of spans) {
    const last = lastOfKind.get(span.kind);
    if (last && span.startMs <= last.endMs + mergeGapMs) {
      last.endMs = Math.max(last.endMs, span.endMs);
      last.maxDelayMs = Math.max(last.maxDelayMs, span.maxDelayMs);
    } else {
      const copy = { ...span };
      merged.push(copy);
      lastOfKind.set(span.kind, copy);
    }
  }
  return merged;
}

interface StretchCpu {
  cpuMs: number;
  cpuScope: 'thread' | 'process';
  runnableWaitMs: number | null;
}

/** CPU within [fromMs, toMs] (probe time), prorated by each sample's overlap. */
function cpuWithin(thread: ThreadSeries, fromMs: number, toMs: number): StretchCpu {
  let processMs = 0;
  let threadMs = 0;
  let waitMs = 0;
  let overlapping = 0;
  let withThreadClock = 0;
  for (const s of thread.samples) {
    if (s.dtMs <= 0) continue;
    const overlap = Math.min(toMs, s.t) - Math.max(fromMs, s.t - s.dtMs);
    if (overlap <= 0) continue;
    const part = overlap / s.dtMs;
    overlapping++;
    processMs += (s.cpuUserMs + s.cpuSystemMs) * part;
    if (s.thread) {
      withThreadClock++;
      threadMs += s.thread.cpuMs * part;
      waitMs += s.thread.waitMs * part;
    }
  }
  // Mixing the two clocks would give a figure of neither scope.
  return overlapping > 0 && withThreadClock === overlapping
    ? { cpuMs: threadMs, cpuScope: 'thread', runnableWaitMs: waitMs }
    : { cpuMs: processMs, cpuScope: 'process', runnableWaitMs: null };
}

/** Index of the first sample whose span ends after `us` (samples are in time order). */
function firstSampleEndingAfter(profile: AttributedProfile, us: number): number {
  let lo = 0;
  let hi = profile.samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = profile.samples[mid];
    if (s.atUs + s.ms * 1000 <= us) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toFrame(site: SiteTime, cwd: string | undefined): StretchFrame {
  return { ...codeLocation(site.site, cwd), ms: roundMs(site.ms), via: topVia(site.via.values()) };
}

/**
 * The thread's blocked stretches in time order. With `profile` (the thread's attributed CPU profile),
 * each lists the user frames that held the loop.
 */
export function findBlockedStretches(thread: ThreadSeries, profile?: AttributedProfile, options: BlockedStretchOptions = {}): BlockedStretch[] {
  const anchorUs = thread.start.monotonicStartUs;
  const frameLimit = options.frameLimit ?? DEFAULT_FRAME_LIMIT;
  return blockedSpans(thread, options.thresholdMs, options.mergeGapMs).map((span) => {
    const durationMs = span.endMs - span.startMs;
    const cpu = cpuWithin(thread, span.startMs, span.endMs);
    let frames: StretchFrame[] = [];
    let split: ProfileTimeSplit | null = null;
    if (profile) {
      const fromUs = anchorUs + span.startMs * 1000;
      const toUs = anchorUs + span.endMs * 1000;
      const sites = new Map<string, SiteTime>();
      const within = emptyTimeSplit();
      let covered = 0;
      for (let i = firstSampleEndingAfter(profile, fromUs); i < profile.samples.length; i++) {
        const sample = profile.samples[i];
        if (sample.atUs >= toUs) break;
        const ms = overlapMs(sample, fromUs, toUs);
        if (ms <= 0) continue;
        covered += ms;
        addToSplit(within, sample.attribution, ms);
        addToSites(sites, sample.attribution, ms);
      }
      frames = [...sites.values()].sort((a, b) => b.ms - a.ms).slice(0, frameLimit).map((s) => toFrame(s, options.cwd));
      if (covered > 0) split = roundSplit(within);
    }
    return {
      pid: thread.pid,
      threadId: thread.threadId,
      isMainThread: thread.isMainThread,
      kind: span.kind,
      startMs: roundMs(span.startMs),
      endMs: roundMs(span.endMs),
      durationMs: roundMs(durationMs),
      startEpochMs: roundMs(thread.start.startTime + span.startMs),
      endEpochMs: roundMs(thread.start.startTime + span.endMs),
      maxDelayMs: roundMs(span.maxDelayMs),
      cpuMs: roundMs(cpu.cpuMs),
      cpuShare: durationMs > 0 ? roundShare(cpu.cpuMs / durationMs) : 0,
      cpuScope: cpu.cpuScope,
      runnableWaitMs: cpu.runnableWaitMs === null ? null : roundMs(cpu.runnableWaitMs),
      frames,
      profile: split,
    };
  });
}

export function roundSplit(split: ProfileTimeSplit): ProfileTimeSplit {
  return {
    userMs: roundMs(split.userMs),
    idleMs: roundMs(split.idleMs),
    gcMs: roundMs(split.gcMs),
    programMs: roundMs(split.programMs),
    probeMs: roundMs(split.probeMs),
    unattributedMs: roundMs(split.unattributedMs),
  };
}

export function summarizeStretches(stretches: readonly BlockedStretch[]): BlockedSummary {
  let longest: BlockedStretch | undefined;
  let totalMs = 0;
  let runnableWaitMs = 0;
  let startupCount = 0;
  let startupMs = 0;
  for (const s of stretches) {
    totalMs += s.durationMs;
    runnableWaitMs += Math.min(s.durationMs, s.runnableWaitMs ?? 0);
    if (s.kind === 'startup') {
      startupCount++;
      startupMs += s.durationMs;
    }
    if (!longest || s.durationMs > longest.durationMs) longest = s;
  }
  return {
    count: stretches.length,
    totalMs: roundMs(totalMs),
    runnableWaitMs: roundMs(runnableWaitMs),
    startupCount,
    startupMs: roundMs(startupMs),
    longest: longest ? { pid: longest.pid, threadId: longest.threadId, kind: longest.kind, startMs: longest.startMs, durationMs: longest.durationMs } : null,
  };
}
