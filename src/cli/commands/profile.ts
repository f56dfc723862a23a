// `concurrency-lens profile`: runs the workload under the probe, classifies it, and prints the report.
// The workload's output stays its own: live on the terminal in text mode, on stderr in JSON mode so
// stdout carries nothing but the JSON document.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchLanguageOf } from '../../harness/result-store';
import { reportThresholds } from '../../report/report-thresholds';
import type { FlamegraphOptions, FlamegraphResult } from '../../profiler/flamegraph';
import type { ProfiledRun, ProfileWorkloadOptions } from '../../profiler/profile-workload';
import { neverStarted } from '../../profiler/runner';
import { resolveCommand } from '../../profiler/command-line';
import { isPythonCommand, resolvePythonCommand } from '../../profiler/python/python-command';
import { profilePythonWorkload, type ProfilePythonOptions } from '../../profiler/python/profile-python';
import { workloadScope } from '../../profiler/workload-scope';
import { buildProfileReport, type ProfileReport, type ReportInput } from '../../report/profile-report';
import { formatProfileText } from '../../report/profile-text';
import type { ProfileArgs, WorkloadRunArgs } from '../args';
import { EXIT_ERROR, EXIT_OK, EXIT_WORKLOAD_FAILED } from '../errors';
import { reportError, useColor, type CliIO } from '../io';
import type { PackageInfo } from '../version';
import type { AnalyzeFn } from './check';

/** The exit code of a process stopped by Ctrl-C, as shells report it (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface ProfileDeps {
  profile(options: ProfileWorkloadOptions): Promise<ProfiledRun>;
  flamegraph(options: FlamegraphOptions): Promise<FlamegraphResult>;
  analyze: AnalyzeFn;
  /** A Python workload's run (default: profilePythonWorkload); separate so tests can replace it. */
  profilePython?(options: ProfilePythonOptions): Promise<ProfiledRun>;
}


export async function runProfile(args: ProfileArgs, io: CliIO, deps: ProfileDeps, pkg: PackageInfo): Promise<number> {
  const text = args.format === 'text';
  const report = await profileToReport(args, io, deps, pkg, { liveOutput: text, announce: text });
  if (!report) return EXIT_ERROR;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  io.stdout.write(text ? formatProfileText(report, { color: useColor(io.stdout, io.env) }) : json);
  if (args.jsonOut) {
    const file = path.resolve(io.cwd, args.jsonOut);
    try {
      fs.writeFileSync(file, json);
    } catch (e) {
      // The report is on stdout already; the run is not lost, but the file the caller asked for is missing.
      reportError(io, `could not write --json-out ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT_ERROR;
    }
  }
  return profileExitCode(report);
}

/**
 * Runs the workload under the probe (and 0x when asked) and builds its report: what `profile` and `report`
 * share. Undefined when nothing could be profiled; the reason is on stderr by then. `liveOutput`: the
 * workload writes to the terminal as it runs; otherwise its output goes to stderr, leaving stdout ours.
 */
export async function profileToReport(
  args: WorkloadRunArgs,
  io: CliIO,
  deps: ProfileDeps,
  pkg: PackageInfo,
  how: { liveOutput: boolean; announce: boolean },
): Promise<ProfileReport | undefined> {
  const forward = (stream: 'stdout' | 'stderr', chunk: Buffer): void => void io.stderr.write(chunk.toString());
  const runStdio = how.liveOutput ? { stdio: 'inherit-live' as const } : { stdio: 'capture' as const, stdin: 'inherit' as const, onOutput: forward };
  if (how.announce)
    io.stderr.write(
      `concurrency-lens: profiling ${args.command.join(' ')} (timeout ${args.timeoutSeconds} s${args.durationSeconds ? `, window ${args.durationSeconds} s` : ''}); Ctrl-C stops it and still reports\n`,
    );

  // A `.py` script, `python ...`, or --python: the Python probe rides in PYTHONPATH instead of NODE_OPTIONS.
  const python = isPythonCommand(args.command) || args.python !== undefined;
  const profile = python ? (deps.profilePython ?? profilePythonWorkload) : deps.profile;
  const profiled = await profile({
    ...(python && args.python !== undefined ? { python: args.python } : {}),
    command: args.command,
    cwd: io.cwd,
    env: { ...io.env },
    timeoutMs: args.timeoutSeconds * 1000,
    durationMs: args.durationSeconds !== undefined ? args.durationSeconds * 1000 : undefined,
    loadCommand: args.load,
    sampleMs: args.sampleIntervalMs,
    blockThresholdMs: args.blockThresholdMs,
    ...runStdio,
  });
  const run = profiled.run;
  if (neverStarted(run)) {
    reportError(io, run.error ?? 'the workload could not be started');
    return undefined;
  }
  if (!profiled.workload || !profiled.measurements) {
    const why = run.error ? ` (${run.error})` : '';
    reportError(
      io,
      python
        ? `no Python process was profiled${why}. The probe rides in PYTHONPATH (a sitecustomize), so the command must start Python without -I, -S or -E, which skip it.`
        : `no Node.js process was profiled${why}. The probe rides in NODE_OPTIONS, so the command must start Node: a script, node, npm/npx scripts or a Node-based tool.`,
    );
    if (run.stderrTail.trim()) io.stderr.write(`${run.stderrTail.trimEnd()}\n`);
    return undefined;
  }

  const interrupted = run.stoppedBy === 'interrupt';
  const staticAnalysis = args.staticAnalysis && !interrupted ? analyzeFolder(args.command, io.cwd, deps.analyze, python, profiled.workload.argv) : undefined;
  let flamegraph: ProfileReport['flamegraph'];
  if (args.flamegraphDir && python) flamegraph = { error: 'flamegraphs come from 0x, which runs Node only; a Python workload has none' };
  else if (args.flamegraphDir && !interrupted) {
    if (how.announce) io.stderr.write(`concurrency-lens: running it again under 0x for the flamegraph\n`);
    const fg = await deps.flamegraph({
      command: args.command,
      cwd: io.cwd,
      outDir: path.resolve(io.cwd, args.flamegraphDir),
      env: { ...io.env },
      timeoutMs: args.timeoutSeconds * 1000,
      durationMs: args.durationSeconds !== undefined ? args.durationSeconds * 1000 : undefined,
      loadCommand: args.load,
      ...runStdio,
    });
    flamegraph = fg.htmlFile ? { htmlFile: fg.htmlFile } : { error: fg.error ?? 'no flamegraph was drawn' };
  }

  return buildProfileReport({
    version: pkg.version,
    command: args.command,
    cwd: io.cwd,
    profiled: { ...profiled, workload: profiled.workload, measurements: profiled.measurements },
    thresholds: await reportThresholds({
      useSaved: !args.defaultThresholds,
      resultsDir: args.resultsDir ? path.resolve(io.cwd, args.resultsDir) : undefined,
      blockMs: args.blockThresholdMs,
      language: benchLanguageOf(profiled.language),
    }),
    staticAnalysis,
    flamegraph,
  });
}

/** 130 when Ctrl-C stopped the run, 1 when the workload failed (crash, non-zero exit, timeout), else 0. */
export function profileExitCode(report: ProfileReport): number {
  if (report.run.stoppedBy === 'interrupt') return EXIT_INTERRUPTED;
  return report.run.error ? EXIT_WORKLOAD_FAILED : EXIT_OK;
}

/** Static findings for the script's folder (the working folder for other commands), types off for speed, and the files the script loads. */
function analyzeFolder(
  command: string[],
  cwd: string,
  analyze: AnalyzeFn,
  python = false,
  argv: readonly string[] = [],
): NonNullable<ReportInput['staticAnalysis']> {
  try {
    const scope = workloadScope(command, cwd, python, argv);
    const script = scope ? path.resolve(cwd, scope.script) : python ? resolvePythonCommand(command, cwd).script : resolveCommand(command, cwd).script;
    const dir = script ? path.dirname(script) : cwd;
    const result = analyze({ paths: [dir], cwd, types: 'off' });
    return { findings: result.findings, files: result.stats.files, durationMs: result.stats.durationMs, ...(scope ? { scope } : {}) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
