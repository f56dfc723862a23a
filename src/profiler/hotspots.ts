// The lines of the user's code that held the CPU, or held the event loop while waiting, summed over every
// profiled thread and process of a run; and the entry point that turns a run's probe directory into
// hotspots plus blocked stretches.
import * as path from 'node:path';
import {
  addToSites,
  addToSplit,
  attributeProfile,
  codeLocation,
  emptyTimeSplit,
  overlapMs,
  roundMs,
  roundShare,
  siteKey,
  topVia,
  type AttributedProfile,
  type AttributionOptions,
  type CodeLocation,
  type ProfileTimeSplit,
  type SiteTime,
  type SourceSite,
  type ViaTime,
} from './frame-attribution';
import { blockedSpans, DEFAULT_BLOCKED_THRESHOLD_MS, findBlockedStretches, roundSplit, summarizeStretches, type BlockedStretch, type BlockedSummary } from './blocked-stretches';
import type { ProbeData, ThreadSeries } from './probe-data';
import { readCpuProfile, type CpuProfile } from './profile-busy';
import { packageRoot } from '../report/package-root';
import { defaultProbePath } from './runner';
import { SourceMapCache } from './source-maps';
import { FunctionRanges } from './function-ranges';

export interface HotspotOptions {
  /** Paths inside it are shown relative to it (`file`); `absFile` is always absolute. */
  cwd?: string;
  /** How many hotspots to return, most time first. Default 20. */
  limit?: number;
  /** Loop delay (ms) from which the main thread counts as blocked, for `blockedMs`. Default 50. */
  blockedThresholdMs?: number;
  /** Blocks at most this far apart (ms) form one stretch. Default 1. */
  mergeGapMs?: number;
  /** Shared source-map cache; a fresh one by default. */
  sourceMaps?: SourceMapCache;
  /**
   * Directories holding the probe's own scripts, whose time is measurement overhead rather than the
   * workload's. Default: the directory of `defaultProbePath()` (out/src/profiler from tsc, dist/ bundled).
   */
  probeDirs?: readonly string[];
  /**
   * Directories whose files are the user's even inside node_modules. Default: this package's examples/,
   * so `report` on the built-in example names its hot lines when the package is installed from npm.
   */
  userDirs?: readonly string[];
}

export interface ThreadProfile {
  thread: ThreadSeries;
  profile: CpuProfile;
}

/** One line of user code and the profile time charged to it across threads and processes. */
export interface Hotspot extends CodeLocation {
  /**
   * All profile time charged to this line: its own code running plus everything it called outside the
   * user's code (Node internals, native code, node_modules), measured from sample timestamps.
   */
  selfMs: number;
  /** Of `selfMs`, while this line's own code ran (it was the leaf frame). */
  leafMs: number;
  /** Of `selfMs`, inside blocked stretches (kind `loop`) of a main thread's event loop. */
  blockedMs: number;
  /** The calls (at most 3) that the rest of `selfMs` went into, most time first, e.g. `execSync`. */
  via: ViaTime[];
  threads: 'main' | 'worker' | 'both';
  /** Processes it ran in, ascending. */
  pids: number[];
  /** `selfMs` over the non-idle profile time of the threads it ran in (0..1). */
  share: number;
  /** The position in the JavaScript V8 ran, when `mapped` (no column for a hottest line). */
  generated?: SourceSite['generated'];
}

/** Where one thread's profile time went, in ms. `busyMs` is everything but `idleMs`. */
export interface ThreadProfileTotals extends ProfileTimeSplit {
  pid: number;
  threadId: number;
  isMainThread: boolean;
  cpuProfile?: string;
  samples: number;
  profileMs: number;
  busyMs: number;
}

export interface HotspotReport {
  hotspots: Hotspot[];
  totals: ThreadProfileTotals[];
}

export interface ProfileAnalysisOptions extends HotspotOptions {
  /** How many frames each stretch lists. Default 3. */
  frameLimit?: number;
}

/** Everything learnt from a run's CPU profiles and probe samples; JSON-ready. */
export interface ProfileAnalysis {
  hotspots: Hotspot[];
  /** Of every probed thread, profiled or not, in time order. */
  stretches: BlockedStretch[];
  blocked: BlockedSummary;
  /** One per thread with a readable profile. */
  totals: ThreadProfileTotals[];
  /** Profiles that could not be used. */
  skipped: { file: string; reason: string }[];
}

interface AttributedThread {
  thread: ThreadSeries;
  profile: AttributedProfile;
}

const DEFAULT_LIMIT = 20;

const defaultProbeDirs = (): string[] => [path.dirname(defaultProbePath())];

/** This package's examples/, found from the running code (dist/ or out/src/profiler/); none if there is no package.json. */
function defaultUserDirs(): string[] {
  try {
    return [path.join(packageRoot(), 'examples')];
  } catch {
    return [];
  }
}

const threadKey = (t: ThreadSeries): string => `${t.pid}:${t.threadId}`;

/** Monotonic µs windows of the main thread's loop blocks, in time order. */
function blockedWindowsUs(thread: ThreadSeries, options: HotspotOptions): [number, number][] {
  if (!thread.isMainThread) return [];
  const anchor = thread.start.monotonicStartUs;
  return blockedSpans(thread, options.blockedThresholdMs ?? DEFAULT_BLOCKED_THRESHOLD_MS, options.mergeGapMs)
    .filter((s) => s.kind === 'loop')
    .map((s) => [anchor + s.startMs * 1000, anchor + s.endMs * 1000]);
}

interface HotspotTally {
  time: SiteTime;
  blockedMs: number;
  threads: Set<string>;
  pids: Set<number>;
  main: boolean;
  worker: boolean;
}

function totalsOf(thread: ThreadSeries, split: ProfileTimeSplit, samples: number, profileMs: number): ThreadProfileTotals {
  return {
    pid: thread.pid,
    threadId: thread.threadId,
    isMainThread: thread.isMainThread,
    ...(thread.cpuProfile ? { cpuProfile: thread.cpuProfile } : {}),
    samples,
    profileMs: roundMs(profileMs),
    busyMs: roundMs(profileMs - split.idleMs),
    ...roundSplit(split),
  };
}

function hotspotsFrom(threads: readonly AttributedThread[], options: HotspotOptions): HotspotReport {
  const tallies = new Map<string, HotspotTally>();
  const busyByThread = new Map<string, number>();
  const totals: ThreadProfileTotals[] = [];
  for (const { thread, profile } of threads) {
    const windows = blockedWindowsUs(thread, options);
    const split = emptyTimeSplit();
    const perThread = new Map<string, SiteTime>();
    const blockedBySite = new Map<string, number>();
    let profileMs = 0;
    let w = 0;
    for (const sample of profile.samples) {
      profileMs += sample.ms;
      addToSplit(split, sample.attribution, sample.ms);
      if (sample.attribution.kind !== 'user') continue;
      addToSites(perThread, sample.attribution, sample.ms);
      // Windows and samples are both in time order; a sample can straddle a window's edge.
      const endUs = sample.atUs + sample.ms * 1000;
      while (w < windows.length && windows[w][1] <= sample.atUs) w++;
      let blocked = 0;
      for (let j = w; j < windows.length && windows[j][0] < endUs; j++) blocked += overlapMs(sample, windows[j][0], windows[j][1]);
      if (blocked > 0) {
        const key = siteKey(sample.attribution.site);
        blockedBySite.set(key, (blockedBySite.get(key) ?? 0) + blocked);
      }
    }
    const key = threadKey(thread);
    busyByThread.set(key, (busyByThread.get(key) ?? 0) + profileMs - split.idleMs);
    totals.push(totalsOf(thread, split, profile.samples.length, profileMs));
    for (const [siteId, time] of perThread) mergeTally(tallies, siteId, time, thread, blockedBySite.get(siteId) ?? 0);
  }

  const hotspots = [...tallies.values()]
    .sort((a, b) => b.time.ms - a.time.ms || a.time.site.absFile.localeCompare(b.time.site.absFile) || a.time.site.line - b.time.site.line)
    .slice(0, options.limit ?? DEFAULT_LIMIT)
    .map((t) => toHotspot(t, busyByThread, options.cwd));
  return { hotspots, totals };
}

function mergeTally(tallies: Map<string, HotspotTally>, siteId: string, time: SiteTime, thread: ThreadSeries, blockedMs: number): void {
  let t = tallies.get(siteId);
  if (!t) {
    t = { time: { site: time.site, ms: 0, leafMs: 0, via: new Map() }, blockedMs: 0, threads: new Set(), pids: new Set(), main: false, worker: false };
    tallies.set(siteId, t);
  }
  t.time.ms += time.ms;
  t.time.leafMs += time.leafMs;
  for (const [k, v] of time.via) {
    const existing = t.time.via.get(k);
    if (existing) existing.ms += v.ms;
    else t.time.via.set(k, { call: v.call, ms: v.ms });
  }
  t.blockedMs += blockedMs;
  t.threads.add(threadKey(thread));
  t.pids.add(thread.pid);
  if (thread.isMainThread) t.main = true;
  else t.worker = true;
}

function toHotspot(t: HotspotTally, busyByThread: Map<string, number>, cwd: string | undefined): Hotspot {
  let busy = 0;
  for (const k of t.threads) busy += busyByThread.get(k) ?? 0;
  const site: SourceSite = t.time.site;
  return {
    ...codeLocation(site, cwd),
    selfMs: roundMs(t.time.ms),
    leafMs: roundMs(t.time.leafMs),
    blockedMs: roundMs(Math.min(t.blockedMs, t.time.ms)),
    via: topVia(t.time.via.values()),
    threads: t.main && t.worker ? 'both' : t.main ? 'main' : 'worker',
    pids: [...t.pids].sort((a, b) => a - b),
    share: busy > 0 ? roundShare(t.time.ms / busy) : 0,
    ...(site.generated ? { generated: site.generated } : {}),
  };
}

function attributionOptions(options: HotspotOptions): Required<Pick<AttributionOptions, 'sourceMaps' | 'functionRanges' | 'probeDirs' | 'userDirs'>> {
  return {
    sourceMaps: options.sourceMaps ?? new SourceMapCache(),
    // One per run: every thread's profile names the same files.
    functionRanges: new FunctionRanges(),
    probeDirs: options.probeDirs ?? defaultProbeDirs(),
    userDirs: options.userDirs ?? defaultUserDirs(),
  };
}

/** Hotspots over the given threads' CPU profiles, with each thread's time split. */
export function findHotspots(inputs: readonly ThreadProfile[], options: HotspotOptions = {}): HotspotReport {
  const attribution = attributionOptions(options);
  return hotspotsFrom(
    inputs.map(({ thread, profile }) => ({ thread, profile: attributeProfile(profile, attribution) })),
    options,
  );
}

/** A thread's `.cpuprofile`, or why it cannot be used. */
export function readProfile(file: string): CpuProfile | string {
  try {
    const p = readCpuProfile(file) as Partial<CpuProfile> | null;
    if (!p || !Array.isArray(p.nodes) || !Array.isArray(p.samples) || !Array.isArray(p.timeDeltas) || typeof p.startTime !== 'number' || typeof p.endTime !== 'number') {
      return 'not a V8 CPU profile';
    }
    return p as CpuProfile;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Hotspots and blocked stretches of a run: reads each thread's `.cpuprofile` (skipping unreadable ones),
 * attributes it once, and uses the result for both. `read` lets a caller that needs the raw profiles too
 * read each file only once.
 */
export function analyzeProfiles(
  data: ProbeData,
  options: ProfileAnalysisOptions = {},
  readProfileOnce: (file: string) => CpuProfile | string = readProfile,
): ProfileAnalysis {
  // The probe saves the maps of code compiled in memory (tsx) beside its own files (probe-source-maps.ts).
  const savedMapDirs = [...new Set(data.threads.map((t) => path.dirname(t.file)))];
  const attribution = attributionOptions({ ...options, sourceMaps: options.sourceMaps ?? new SourceMapCache({ savedMapDirs }) });
  const skipped: ProfileAnalysis['skipped'] = [];
  const attributed: AttributedThread[] = [];
  const stretches: BlockedStretch[] = [];
  for (const thread of data.threads) {
    let profile: AttributedProfile | undefined;
    if (thread.cpuProfile) {
      const read = readProfileOnce(thread.cpuProfile);
      if (typeof read === 'string') skipped.push({ file: thread.cpuProfile, reason: read });
      else {
        profile = attributeProfile(read, attribution);
        attributed.push({ thread, profile });
      }
    }
    stretches.push(
      ...findBlockedStretches(thread, profile, {
        thresholdMs: options.blockedThresholdMs,
        mergeGapMs: options.mergeGapMs,
        cwd: options.cwd,
        frameLimit: options.frameLimit,
      }),
    );
  }
  stretches.sort((a, b) => a.startEpochMs - b.startEpochMs);
  const { hotspots, totals } = hotspotsFrom(attributed, options);
  return { hotspots, stretches, blocked: summarizeStretches(stretches), totals, skipped };
}
