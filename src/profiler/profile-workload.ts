// One profile: run the workload under the probe with a CPU profile, then turn the probe's files into
// measurements, hotspots, blocked stretches and a timeline. What to advise is the advisor's business;
// this stops at the facts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Measurements } from '../advisor/measurements';
import { summarizeStretches, type BlockedStretch } from './blocked-stretches';
import { analyzeProfiles, readProfile, type ProfileAnalysis } from './hotspots';
import { cpuBusyMs, measure, threadBusy, threadCpuEntries } from './measure';
import { readProbeData, type ProbeData, type ProcessSeries, type ThreadSeries } from './probe-data';
import type { CpuProfile } from './profile-busy';
import { runWorkload, type RunOptions, type RunResult } from './runner';
import { buildTimeline, type Timeline } from './timeline';
import { descendants, workloadProcess } from './workload-process';

export interface ProfileWorkloadOptions extends Omit<RunOptions, 'probeDir' | 'cpuProfile'> {
  /** A loop delay at least this long is a blocked stretch (ms). */
  blockThresholdMs: number;
  /** Where the probe writes; a fresh temporary directory, removed afterwards, when not given. */
  probeDir?: string;
}

export interface WorkloadIdentity {
  pid: number;
  argv: string[];
  /** The workload's own Node, which may differ from the one running the profiler. */
  nodeVersion: string;
  /** Probed processes in the run, launchers included. */
  processes: number;
  threads: number;
  workers: number;
  childProcesses: number;
}

/** How busy one thread of the workload was: the per-worker utilisation the report lists. */
export interface ThreadLoad {
  pid: number;
  threadId: number;
  role: 'main' | 'worker' | 'child-process';
  /** Busy share of its own lifetime (CPU profile, else event-loop utilisation). */
  busy: number;
  /** ms it ran, from its first to its last probe interval. */
  lifetimeMs: number;
}

export interface ProfiledRun {
  run: RunResult;
  /** Set for a Python workload (src/profiler/python/); absent for Node. */
  language?: 'python';
  /** Absent when no Node process of the workload was probed (it never started, or is not Node). */
  workload?: WorkloadIdentity;
  measurements?: Measurements;
  analysis: ProfileAnalysis;
  /** Blocked stretches of the workload's main thread. */
  mainStretches: BlockedStretch[];
  timeline?: Timeline;
  /** The workload's main thread, its workers and its child processes' threads. */
  threads?: ThreadLoad[];
  /** Probe files that could not be read. */
  skipped: { file: string; reason: string }[];
}

const EMPTY_ANALYSIS: ProfileAnalysis = { hotspots: [], stretches: [], blocked: summarizeStretches([]), totals: [], skipped: [] };

export async function profileWorkload(options: ProfileWorkloadOptions): Promise<ProfiledRun> {
  const ownDir = options.probeDir === undefined;
  const probeDir = options.probeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-probe-'));
  try {
    const { blockThresholdMs, probeDir: _ignored, ...runOptions } = options;
    const run = await runWorkload({ ...runOptions, probeDir, cpuProfile: true });
    if (run.probeFiles.length === 0) return { run, analysis: EMPTY_ANALYSIS, mainStretches: [], skipped: [] };
    const data = readProbeData(probeDir, run.probeFiles.map((f) => path.basename(f)));
    return { run, ...digest(data, options.cwd, blockThresholdMs) };
  } finally {
    if (ownDir) fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Everything the probe files say about the workload; separate from running so tests can feed recorded data. */
export function digest(data: ProbeData, cwd: string, blockThresholdMs: number): Omit<ProfiledRun, 'run'> {
  // Profiles can be tens of MB: each is parsed once, for hotspots and for busy time alike.
  const byPath = new Map<string, CpuProfile>();
  const analysis = analyzeProfiles(data, { cwd, blockedThresholdMs: blockThresholdMs }, (file) => {
    const read = readProfile(file);
    if (typeof read !== 'string') byPath.set(file, read);
    return read;
  });
  const workload = workloadProcess(data);
  if (!workload?.main) return { analysis, mainStretches: [], skipped: data.skipped };
  const main = workload.main;

  const profiles = new Map<string, CpuProfile>();
  const children = descendants(data, workload);
  const relevant = [main, ...workload.workers, ...children.flatMap((c) => [c.main, ...c.workers])].filter((t): t is ThreadSeries => t !== undefined);
  for (const t of relevant) {
    const profile = t.cpuProfile ? byPath.get(t.cpuProfile) : undefined;
    if (profile) profiles.set(t.file, profile);
  }

  const mainStretches = analysis.stretches.filter((s) => s.pid === main.pid && s.threadId === main.threadId);
  const summary = summarizeStretches(mainStretches);
  const measurements = measure(data, workload, {
    profiles,
    blocked: { count: summary.count, totalMs: summary.totalMs, longestMs: summary.longest?.durationMs ?? 0, runnableWaitMs: summary.runnableWaitMs },
  });
  const busy = new Map(relevant.map((t) => [t, threadBusy(t, profiles.get(t.file))]));
  const offload = relevant.filter((t) => t !== main).map((thread) => ({ thread, busy: busy.get(thread)!.perSample }));
  const timeline = buildTimeline(main, busy.get(main)!.perSample, offload);
  // Workers by their CPU where the main thread read every thread (see measure.ts), as the advisor sees them.
  const cpu = threadCpuEntries([workload, ...children]);
  const threads: ThreadLoad[] = relevant.map((t) => {
    const b = busy.get(t)!;
    const entry = t.isMainThread ? undefined : cpu.get(t);
    const busyMs = entry ? Math.min(b.wallMs, cpuBusyMs(entry)) : b.busyMs;
    return {
      pid: t.pid,
      threadId: t.threadId,
      role: t === main ? 'main' : t.isMainThread ? 'child-process' : 'worker',
      busy: b.wallMs > 0 ? Math.round((busyMs / b.wallMs) * 1000) / 1000 : 0,
      lifetimeMs: Math.round(b.wallMs),
    };
  });
  return {
    workload: identity(data, workload, children),
    measurements,
    analysis,
    mainStretches,
    timeline,
    threads,
    skipped: [...data.skipped, ...analysis.skipped],
  };
}

function identity(data: ProbeData, workload: ProcessSeries, children: ProcessSeries[]): WorkloadIdentity {
  return {
    pid: workload.pid,
    argv: workload.argv,
    nodeVersion: workload.main?.start.nodeVersion ?? '',
    processes: data.processes.length,
    threads: data.threads.length,
    workers: workload.workers.length + children.reduce((a, c) => a + c.workers.length, 0),
    childProcesses: children.length,
  };
}
