// The profile report: the `profile` JSON contract of DESIGN.md (workload, recommendation, metrics,
// hotspots, run), extended with what the panels and the export draw (timeline, stretches, thresholds,
// static findings). Built once, then printed as text or JSON, shown in webviews, or exported.
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../analysis/findings';
import { PYTHON_ADVICE } from '../advisor/python-advice';
import { recommend, type HotLine, type StaticHint, type Verdict } from '../advisor/recommendation';
import { reconcile } from '../advisor/reconcile';
import type { Measurements } from '../advisor/measurements';
import type { Thresholds } from '../advisor/thresholds';
import type { BlockedStretch, BlockedSummary } from '../profiler/blocked-stretches';
import type { Hotspot } from '../profiler/hotspots';
import type { ProfiledRun, ThreadLoad, WorkloadIdentity } from '../profiler/profile-workload';
import type { RunResult } from '../profiler/runner';
import type { Timeline } from '../profiler/timeline';
import { summarizeStretches } from '../profiler/blocked-stretches';
import { displayPath } from '../profiler/frame-attribution';

export const PROFILE_REPORT_KIND = 'profile';

export interface StaticMatch {
  rule: string;
  line: number;
  column: number;
  message: string;
  /** `api`: the finding names the API the measured time went into; `function`: same function only. */
  strength: 'api' | 'function';
}

/**
 * Whose time a hotspot is: the workload's process (its main thread and workers), a child process it started, or
 * another process of the command (a launcher such as npm, a load client run beside the server by the same
 * script). Only the first two hold lines to change; the others are listed apart.
 */
export type HotspotProcess = 'workload' | 'child' | 'other';

export interface ReportHotspot extends Hotspot {
  /** The static finding this hotspot confirms, when the analyser flagged the same code. */
  staticFinding?: StaticMatch;
  /** Absent in reports written before it was recorded. */
  process?: HotspotProcess;
}

const PROCESS_ORDER: Record<HotspotProcess, number> = { workload: 0, child: 1, other: 2 };

export interface ConfirmedFinding extends Finding {
  /** Measured time of the hotspots that match this finding: the runtime cost of what the analyser flagged. */
  runtimeMs?: number;
}

export interface ProfileReport {
  tool: 'concurrency-lens';
  version: string;
  kind: typeof PROFILE_REPORT_KIND;
  createdAt: string;
  command: string[];
  cwd: string;
  /** The workload's runtime: `python` for a Python workload, `javascript` for Node (absent in older reports). */
  language?: 'javascript' | 'python';
  workload: Verdict['workload'] & { pid: number; argv: string[] };
  recommendation: Verdict['recommendation'];
  metrics: {
    wallMs: number;
    cpuMs: number;
    eventLoopDelayMs: { p50: number; p99: number; max: number };
    /** The main thread's busy share (event-loop utilisation, from the CPU profile while it ran). */
    elu: number;
    gcMs: number;
    details: Measurements;
  };
  hotspots: ReportHotspot[];
  blocked: { summary: BlockedSummary; stretches: BlockedStretch[] };
  staticAnalysis?: { findings: ConfirmedFinding[]; files: number; durationMs: number; scope?: StaticScope } | { error: string };
  timeline?: Timeline;
  /** Per-thread utilisation: the main thread, each worker, each child process. */
  threads: ThreadLoad[];
  thresholds: Thresholds;
  machine: { cores: number; node: string; platform: string; arch: string; cpuModel: string; totalMemory: number };
  run: Pick<RunResult, 'exitCode' | 'signal' | 'stoppedBy' | 'wallMs' | 'stdoutTail' | 'stderrTail' | 'stdoutBytes' | 'stderrBytes' | 'leftoverPids' | 'killedPids' | 'load' | 'error' | 'errorKind'>;
  process: Omit<WorkloadIdentity, 'pid' | 'argv'>;
  flamegraph?: { htmlFile?: string; error?: string };
  /** Caveats a reader should know, e.g. a run too short to classify well. */
  notes: string[];
}

/**
 * The files the workload's script loads (workload-scope.ts): the static findings in them are the ones that
 * concern this run. Absent when the command names no script (an npm script, a tool): then the script's folder is.
 */
export interface StaticScope {
  /** The script, relative to the report's cwd. */
  script: string;
  /** The script and every project file it loads, relative to the report's cwd. */
  files: string[];
  /** False when the walk stopped at its file limit. */
  complete: boolean;
}

export interface ReportInput {
  version: string;
  command: string[];
  cwd: string;
  profiled: ProfiledRun & { workload: WorkloadIdentity; measurements: Measurements };
  thresholds: Thresholds;
  /** Static findings of the workload's folder or workspace (paths relative to `cwd`), or why there are none. */
  staticAnalysis?: { findings: Finding[]; files: number; durationMs: number; scope?: StaticScope } | { error: string };
  flamegraph?: ProfileReport['flamegraph'];
  now?: Date;
}

/** Busy threads of the workload at this share of the cores or more make a wait for a CPU its own doing. */
const OWN_CONTENTION_SHARE = 0.9;
/** Below this the loop has not run long enough for shares and percentiles to mean much. */
export const MIN_CLASSIFIABLE_MS = 500;
const MAX_STRETCHES = 100;
const HOTSPOTS_IN_REPORT = 20;

/** Functions through which user code loads modules: Node's CommonJS `require` (ESM imports load before any user frame runs). */
const MODULE_LOADERS = new Set(['require', 'Module._load', 'Module.require']);
/** A hot line whose time is at least this share module loading is start-up, not a line to change. */
const LOADING_SHARE = 0.5;
const loadingMs = (h: Hotspot): number => h.via.filter((v) => MODULE_LOADERS.has(v.name)).reduce((a, v) => a + v.ms, 0);

export function buildProfileReport(input: ReportInput): ProfileReport {
  const { profiled, cwd } = input;
  const m = profiled.measurements;
  const findings = input.staticAnalysis && 'findings' in input.staticAnalysis ? input.staticAnalysis.findings : [];
  const abs = (f: string): string => path.resolve(cwd, f);

  const matches = reconcile(
    profiled.analysis.hotspots.map((h) => ({ ...h, line: h.functionLine, hotspot: h, via: h.via.map((v) => v.name) })),
    findings.map((f) => ({ absFile: abs(f.file), line: f.line, rule: f.rule, message: f.message, symbol: f.chain[f.chain.length - 1]?.symbol, finding: f })),
  );
  const matchOf = new Map(matches.map((x) => [x.hotspot.hotspot, x]));
  const childPids = new Set((profiled.threads ?? []).filter((t) => t.role === 'child-process').map((t) => t.pid));
  const processOf = (h: Hotspot): HotspotProcess =>
    h.pids.includes(profiled.workload.pid) ? 'workload' : h.pids.some((pid) => childPids.has(pid)) ? 'child' : 'other';
  // The workload's own hotspots first, then its children's, then other processes': each group by time.
  const ranked = profiled.analysis.hotspots
    .map((h, i) => ({ h, i, process: processOf(h) }))
    .sort((a, b) => PROCESS_ORDER[a.process] - PROCESS_ORDER[b.process] || a.i - b.i);
  const hotspots: ReportHotspot[] = ranked.slice(0, HOTSPOTS_IN_REPORT).map(({ h, process }) => {
    const x = matchOf.get(h);
    return x
      ? {
          ...h,
          staticFinding: { rule: x.finding.rule, line: x.finding.line, column: x.finding.finding.column, message: x.finding.message, strength: x.strength },
          process,
        }
      : { ...h, process };
  });
  const runtimeByFinding = new Map<Finding, number>();
  for (const x of matches) runtimeByFinding.set(x.finding.finding, (runtimeByFinding.get(x.finding.finding) ?? 0) + x.hotspot.hotspot.selfMs);

  // Another process's time (a load client's, a launcher's) is not the workload's to change.
  const hotLines: HotLine[] = hotspots.filter((h) => h.process !== 'other').map((h) => ({
    file: displayPath(h.absFile, cwd),
    // The finding knows the line of the call; the profile only knows the function around it.
    line: h.staticFinding?.line ?? h.line,
    function: h.function,
    ms: h.selfMs,
    blockedMs: h.blockedMs,
    via: h.via.map((v) => v.name),
    thread: h.threads,
    rule: h.staticFinding?.rule,
    loading: loadingMs(h) >= LOADING_SHARE * h.selfMs,
  }));
  // Lines to change come from the files the workload loads, named as the hotspots name them (relative to the
  // cwd when inside it), so that one line cannot be listed twice under two spellings of its path.
  const scope = input.staticAnalysis && 'findings' in input.staticAnalysis ? input.staticAnalysis.scope : undefined;
  const loaded = scope ? new Set(scope.files.map(abs)) : undefined;
  const hints: StaticHint[] = findings
    .filter((f) => !loaded || loaded.has(abs(f.file)))
    .map((f) => ({ file: displayPath(abs(f.file), cwd), line: f.line, rule: f.rule, category: f.category, message: f.message }));
  const verdict = recommend(m, input.thresholds, hotLines, hints, profiled.language === 'python' ? PYTHON_ADVICE : undefined);

  const notes: string[] = [];
  if (m.wallMs < MIN_CLASSIFIABLE_MS) {
    notes.push(`The workload ran only ${Math.round(m.wallMs)} ms: too short for a reliable verdict. Profile a longer run (a loop, a load command, or --duration for a server).`);
    verdict.workload.confidence = Math.min(verdict.workload.confidence, 0.5);
  }
  const run = profiled.run;
  if (run.error) notes.push(`${run.error}. The verdict covers the ${Math.round(m.wallMs)} ms it ran.`);
  if (run.stoppedBy === 'interrupt') notes.push(`Interrupted: the verdict covers the ${Math.round(m.wallMs)} ms measured before the stop.`);
  if (m.main.runQueueMs > 0.1 * m.wallMs) {
    // The wait for a CPU is the workload's own doing when its threads already fill the cores.
    const own = m.main.busy + m.offload.busyCores >= OWN_CONTENTION_SHARE * m.cores;
    notes.push(
      own
        ? `The workload's own threads (${(m.main.busy + m.offload.busyCores).toFixed(1)} cores busy) filled the ${m.cores} cores: the main thread waited ${Math.round(m.main.runQueueMs)} ms for a CPU. More threads than cores only queue.`
        : `The machine was busy with other programs: the main thread waited ${Math.round(m.main.runQueueMs)} ms for a CPU. Shares are still right, but times and throughput are slower than on a quiet machine.`,
    );
  }
  if (m.main.busySource === 'elu') notes.push('No CPU profile was read, so busy time comes from event-loop utilisation and there are no hotspots.');
  const measured = Object.entries(input.thresholds).filter(([, t]) => t.source === 'benchmark').map(([k]) => k);
  if (measured.length > 0) notes.push(`Thresholds measured on this machine by 'concurrency-lens bench': ${measured.join(', ')}. The others are the documented defaults.`);
  if (input.staticAnalysis && 'error' in input.staticAnalysis) notes.push(`Static analysis was skipped: ${input.staticAnalysis.error}`);

  const stretches = [...profiled.mainStretches].sort((a, b) => b.durationMs - a.durationMs).slice(0, MAX_STRETCHES).sort((a, b) => a.startMs - b.startMs);
  const staticAnalysis: ProfileReport['staticAnalysis'] =
    input.staticAnalysis && 'findings' in input.staticAnalysis
      ? {
          ...input.staticAnalysis,
          findings: input.staticAnalysis.findings.map((f) => (runtimeByFinding.has(f) ? { ...f, runtimeMs: Math.round(runtimeByFinding.get(f)!) } : f)),
        }
      : input.staticAnalysis;

  const { pid, argv, ...processInfo } = profiled.workload;
  return {
    tool: 'concurrency-lens',
    version: input.version,
    kind: PROFILE_REPORT_KIND,
    createdAt: (input.now ?? new Date()).toISOString(),
    command: input.command,
    cwd,
    language: profiled.language ?? 'javascript',
    workload: { ...verdict.workload, pid, argv },
    recommendation: verdict.recommendation,
    metrics: {
      wallMs: Math.round(m.wallMs),
      cpuMs: Math.round(m.cpu.ms),
      eventLoopDelayMs: { p50: round1(m.main.delayMs.p50), p99: round1(m.main.delayMs.p99), max: round1(m.main.delayMs.max) },
      elu: Math.round(m.main.busy * 1000) / 1000,
      gcMs: Math.round(m.gc.ms),
      details: m,
    },
    hotspots,
    blocked: { summary: summarizeStretches(profiled.mainStretches), stretches },
    staticAnalysis,
    timeline: profiled.timeline,
    threads: profiled.threads ?? [],
    thresholds: input.thresholds,
    machine: {
      cores: m.cores,
      node: profiled.workload.nodeVersion,
      platform: process.platform,
      arch: process.arch,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemory: os.totalmem(),
    },
    run: {
      exitCode: run.exitCode,
      signal: run.signal,
      stoppedBy: run.stoppedBy,
      wallMs: run.wallMs,
      stdoutTail: run.stdoutTail,
      stderrTail: run.stderrTail,
      stdoutBytes: run.stdoutBytes,
      stderrBytes: run.stderrBytes,
      leftoverPids: run.leftoverPids,
      killedPids: run.killedPids,
      ...(run.load ? { load: run.load } : {}),
      ...(run.error ? { error: run.error, errorKind: run.errorKind } : {}),
    },
    process: processInfo,
    ...(input.flamegraph ? { flamegraph: input.flamegraph } : {}),
    notes,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
