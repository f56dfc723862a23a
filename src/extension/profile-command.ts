// "Concurrency Lens: Profile Workload…": pick what to run, run it under the probe with a cancellable
// progress notification, judge it, and keep the report for the status bar, the lenses and "Open Last Report".
import * as vscode from 'vscode';
import type { AnalysisResult } from '../analysis';
import * as path from 'node:path';
import { runProfileJob } from '../profiler/profile-client';
import { neverStarted } from '../profiler/runner';
import { isPythonCommand } from '../profiler/python/python-command';
import { profileTargets, readNpmScripts, type ConfiguredCommand, type ProfileTarget } from '../profiler/profile-targets';
import type { ProfileReport } from '../report/profile-report';
import type { LastReport } from './last-report';
import { refuseUntrusted } from './workspace-trust';
import type { PythonChoice } from './python-interpreter';

export interface ProfileCommandDeps {
  log: vscode.LogOutputChannel;
  /** The workload's own stdout and stderr, kept apart from our log. */
  output: vscode.OutputChannel;
  last: LastReport;
  version: string;
  /** The newest static analysis of the workspace, for cross-checking hotspots. */
  staticResult(): AnalysisResult | undefined;
  /** Where flamegraphs drawn by the `concurrencyLens.profile.flamegraph` setting go, one folder per run. */
  flamegraphDir?: string;
  /** The panels: say a profile is running, and open the profile report panel when it is done. */
  panels?: { busy(text: string | null): void; openReport(): Promise<void> };
  /** The interpreter for a Python workload (python-interpreter.ts): the Python extension's choice, else python3. */
  pythonFor?(folder: vscode.Uri): Promise<PythonChoice>;
}


/**
 * A target given with the command (keybindings, other extensions, tests): `{ command: ['app.js'], cwd?,
 * durationSeconds?, load? }`. Anything else is ignored and the pick list is shown.
 */
function targetFromArgument(arg: unknown, root: string): ProfileTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { command?: unknown; cwd?: unknown; durationSeconds?: unknown; load?: unknown };
  if (!Array.isArray(a.command) || a.command.length === 0 || !a.command.every((c) => typeof c === 'string' && c !== '')) return undefined;
  return profileTargets(root, undefined, [
    {
      command: a.command as string[],
      cwd: typeof a.cwd === 'string' ? a.cwd : undefined,
      durationSeconds: typeof a.durationSeconds === 'number' ? a.durationSeconds : undefined,
      load: typeof a.load === 'string' ? a.load : undefined,
    },
  ]).find((t) => t.kind === 'configured');
}

/** Resolves with the report once the profile is done (undefined when nothing was profiled). */
export async function profileWorkloadCommand(deps: ProfileCommandDeps, arg?: unknown): Promise<ProfileReport | undefined> {
  if (refuseUntrusted('Profiling')) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Concurrency Lens: profiling runs a program from a folder on disk; open one first.');
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('concurrencyLens.profile');
  const given = targetFromArgument(arg, folder.uri.fsPath);
  if (given) return runReported(given, deps, config);
  const active = vscode.window.activeTextEditor?.document.uri;
  const scripts = await readNpmScripts(folder.uri.fsPath);
  const targets = profileTargets(folder.uri.fsPath, active?.scheme === 'file' ? active.fsPath : undefined, config.get<ConfiguredCommand[]>('commands', []), scripts);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Concurrency Lens: nothing to profile. Open a script, add an npm script, or list commands in the setting concurrencyLens.profile.commands.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({ label: t.label, detail: t.detail, description: t.kind === 'npm-script' ? 'npm script' : t.kind === 'file' ? 'active file' : 'configured', target: t })),
    { title: 'Concurrency Lens: Profile Workload', placeHolder: 'What should run under the profiler?' },
  );
  if (!picked) return undefined;
  return runReported(picked.target, deps, config);
}

/** A profile worker that fails (it crashed, or the report could not be built) is said plainly, not as a failed command. */
async function runReported(target: ProfileTarget, deps: ProfileCommandDeps, config: vscode.WorkspaceConfiguration): Promise<ProfileReport | undefined> {
  try {
    return await run(target, deps, config);
  } catch (err) {
    deps.log.error(`profile of ${target.label} failed: ${(err as Error).stack ?? String(err)}`);
    void vscode.window.showErrorMessage(`Concurrency Lens: profiling ${target.label} failed: ${(err as Error).message}`);
    return undefined;
  }
}

async function run(target: ProfileTarget, deps: ProfileCommandDeps, config: vscode.WorkspaceConfiguration): Promise<ProfileReport | undefined> {
  const timeoutSeconds = config.get<number>('timeoutSeconds', 120);
  const durationSeconds = target.durationSeconds ?? (config.get<number>('durationSeconds', 0) || undefined);
  const blockMs = config.get<number>('blockThresholdMs', 50);
  const { log, output } = deps;
  output.clear();
  output.appendLine(`$ ${target.command.join(' ')}   (in ${target.cwd})`);
  log.info(`profile ${JSON.stringify(target.command)} in ${target.cwd}, timeout ${timeoutSeconds} s${durationSeconds ? `, window ${durationSeconds} s` : ''}${target.loadCommand ? `, load ${target.loadCommand}` : ''}`);

  // A Python workload runs under the interpreter the user picked in the Python extension, as they run it there.
  const python = isPythonCommand(target.command);
  let interpreter: string | undefined;
  if (python) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(target.cwd);
    const choice = await (deps.pythonFor?.(folder) ?? Promise.resolve<PythonChoice>({ source: 'python3 on PATH' }));
    interpreter = choice.executable;
    log.info(`Python workload: ${interpreter ?? 'python3'} (${choice.source})`);
  }

  deps.panels?.busy(`Profiling ${target.label}…`);
  const profiled = await Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Concurrency Lens: profiling ${target.label}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: durationSeconds ? `for ${durationSeconds} s` : 'until it ends (Cancel stops it and keeps the data so far)' });
      // Supervising the run and digesting its data happen in the profile worker, off this loop.
      return runProfileJob(
        {
          kind: 'profile',
          options: {
            command: target.command,
            cwd: target.cwd,
            timeoutMs: timeoutSeconds * 1000,
            durationMs: durationSeconds ? durationSeconds * 1000 : undefined,
            loadCommand: target.loadCommand,
            stdio: 'capture',
            stdin: 'ignore',
            blockThresholdMs: blockMs,
            ...(interpreter ? { python: interpreter } : {}),
          },
          ...(python ? { language: 'python' as const } : {}),
        },
        { onOutput: (_stream, text) => output.append(text), signal: abort.signal },
      );
    },
  )).finally(() => deps.panels?.busy(null));

  const r = profiled.run;
  if (neverStarted(r)) {
    const hint =
      r.errorKind !== 'command-not-found' || target.command[0] === 'npm'
        ? ''
        : python
          ? ' Profiling runs your own Python: select an interpreter with the Python extension, or put python3 on PATH.'
          : ' Profiling runs your own `node`: install Node.js and make sure VS Code sees it on PATH.';
    log.error(`profile could not start: ${r.error}`);
    void vscode.window.showErrorMessage(`Concurrency Lens: ${r.error}.${hint}`);
    return undefined;
  }
  if (!profiled.workload || !profiled.measurements) {
    log.error(`nothing was profiled: ${r.error ?? `no ${python ? 'Python' : 'Node'} process reported`}`);
    void vscode.window.showErrorMessage(
      python
        ? 'Concurrency Lens: no Python process was profiled. The probe rides in PYTHONPATH (a sitecustomize), so the command must start Python without -I, -S or -E.'
        : 'Concurrency Lens: no Node.js process was profiled. The command must start Node (a script, node, or an npm script that runs node).',
    );
    return undefined;
  }
  const flamegraph = r.stoppedBy !== 'interrupt' && config.get<boolean>('flamegraph', false) && deps.flamegraphDir ? await drawFlamegraph(target, deps, deps.flamegraphDir, timeoutSeconds, durationSeconds) : undefined;
  const analysis = deps.staticResult();
  // The workspace analysis names files relative to the folder; the report reads them relative to the
  // workload's cwd, which a configured command may set to a subfolder.
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? target.cwd;
  const rebase = (file: string): string => path.relative(target.cwd, path.resolve(root, file));
  const findings = analysis?.findings.map((f) => ({ ...f, file: rebase(f.file), chain: f.chain.map((c) => ({ ...c, file: rebase(c.file) })) }));
  const report = await runProfileJob({
    kind: 'report',
    input: {
      version: deps.version,
      command: target.command,
      cwd: target.cwd,
      profiled: { ...profiled, workload: profiled.workload, measurements: profiled.measurements },
      staticAnalysis: analysis && findings ? { findings, files: analysis.stats.files, durationMs: analysis.stats.durationMs } : undefined,
      flamegraph,
    },
    thresholds: { blockMs },
  });
  await deps.last.save(report).catch((err: Error) => log.warn(`the report is shown but could not be kept for the next session: ${err.message}`));
  log.info(`profile: ${report.workload.type} → ${report.recommendation.model} (confidence ${report.workload.confidence}); ${r.error ?? `stopped by ${r.stoppedBy}`}`);
  const failed = r.error ? ` The workload failed: ${r.error}.` : '';
  // The panel opens by itself unless the setting says not to; then the notification offers it.
  const opened = deps.panels !== undefined && config.get<boolean>('openReport', true);
  if (opened) await deps.panels!.openReport();
  const choices = opened ? ['Show Output'] : ['Open Report', 'Show Output'];
  // Not awaited: the command is done when the report is, whether or not anyone clicks.
  void vscode.window.showInformationMessage(`Concurrency Lens: ${report.workload.type} → ${report.recommendation.model}. ${report.recommendation.title}.${failed}`, ...choices).then((choice) => {
    if (choice === 'Open Report') void vscode.commands.executeCommand('concurrencyLens.openLastReport');
    if (choice === 'Show Output') output.show(true);
  });
  return report;
}

/**
 * A second run under 0x, as `profile --flamegraph` does: 0x's sampling must not distort the measured run.
 * A failure (0x missing, an npm launcher 0x cannot reach through) becomes the report's flamegraph error.
 */
async function drawFlamegraph(target: ProfileTarget, deps: ProfileCommandDeps, dir: string, timeoutSeconds: number, durationSeconds: number | undefined): Promise<ProfileReport['flamegraph']> {
  deps.panels?.busy(`Drawing the flamegraph of ${target.label} (a second run under 0x)…`);
  try {
    const fg = await Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Concurrency Lens: flamegraph of ${target.label} (a second run under 0x)`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runProfileJob(
          {
            kind: 'flamegraph',
            options: {
              command: target.command,
              cwd: target.cwd,
              outDir: path.join(dir, new Date().toISOString().replace(/[:.]/g, '-')),
              timeoutMs: timeoutSeconds * 1000,
              durationMs: durationSeconds ? durationSeconds * 1000 : undefined,
              loadCommand: target.loadCommand,
              stdio: 'capture',
              stdin: 'ignore',
            },
          },
          { onOutput: (_stream, text) => deps.output.append(text), signal: abort.signal },
        );
      },
    ));
    if (fg.htmlFile) return { htmlFile: fg.htmlFile };
    deps.log.warn(`flamegraph: ${fg.error ?? 'no flamegraph was drawn'}`);
    return { error: fg.error ?? 'no flamegraph was drawn' };
  } finally {
    deps.panels?.busy(null);
  }
}
