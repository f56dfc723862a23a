// "Concurrency Lens: Profile Workload…": pick what to run, run it under the probe with a cancellable
// progress notification, judge it, and keep the report for the status bar, the lenses and "Open Last Report".
import * as vscode from 'vscode';
import type { AnalysisResult } from '../analysis';
import { profileWorkload } from '../profiler/profile-workload';
import { profileTargets, type ConfiguredCommand, type ProfileTarget } from '../profiler/profile-targets';
import { buildProfileReport } from '../report/profile-report';
import { reportThresholds } from '../report/report-thresholds';
import type { LastReport } from './last-report';
import { refuseUntrusted } from './workspace-trust';

export interface ProfileCommandDeps {
  log: vscode.LogOutputChannel;
  /** The workload's own stdout and stderr, kept apart from our log. */
  output: vscode.OutputChannel;
  last: LastReport;
  version: string;
  /** The newest static analysis of the workspace, for cross-checking hotspots. */
  staticResult(): AnalysisResult | undefined;
}

/** Failures of the command itself, before any Node process ran. */
const CANNOT_START = new Set(['script-not-found', 'command-not-found', 'spawn-failed']);

export async function profileWorkloadCommand(deps: ProfileCommandDeps): Promise<void> {
  if (refuseUntrusted('Profiling')) return;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Concurrency Lens: profiling runs a program from a folder on disk; open one first.');
    return;
  }
  const config = vscode.workspace.getConfiguration('concurrencyLens.profile');
  const active = vscode.window.activeTextEditor?.document.uri;
  const targets = profileTargets(folder.uri.fsPath, active?.scheme === 'file' ? active.fsPath : undefined, config.get<ConfiguredCommand[]>('commands', []));
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Concurrency Lens: nothing to profile. Open a script, add an npm script, or list commands in the setting concurrencyLens.profile.commands.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({ label: t.label, detail: t.detail, description: t.kind === 'npm-script' ? 'npm script' : t.kind === 'file' ? 'active file' : 'configured', target: t })),
    { title: 'Concurrency Lens: Profile Workload', placeHolder: 'What should run under the profiler?' },
  );
  if (!picked) return;
  await run(picked.target, deps, config);
}

async function run(target: ProfileTarget, deps: ProfileCommandDeps, config: vscode.WorkspaceConfiguration): Promise<void> {
  const timeoutSeconds = config.get<number>('timeoutSeconds', 120);
  const durationSeconds = target.durationSeconds ?? (config.get<number>('durationSeconds', 0) || undefined);
  const blockMs = config.get<number>('blockThresholdMs', 50);
  const { log, output } = deps;
  output.clear();
  output.appendLine(`$ ${target.command.join(' ')}   (in ${target.cwd})`);
  log.info(`profile ${JSON.stringify(target.command)} in ${target.cwd}, timeout ${timeoutSeconds} s${durationSeconds ? `, window ${durationSeconds} s` : ''}${target.loadCommand ? `, load ${target.loadCommand}` : ''}`);

  const profiled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Concurrency Lens: profiling ${target.label}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: durationSeconds ? `for ${durationSeconds} s` : 'until it ends (Cancel stops it and keeps the data so far)' });
      return profileWorkload({
        command: target.command,
        cwd: target.cwd,
        timeoutMs: timeoutSeconds * 1000,
        durationMs: durationSeconds ? durationSeconds * 1000 : undefined,
        loadCommand: target.loadCommand,
        stdio: 'capture',
        stdin: 'ignore',
        onOutput: (_stream, chunk) => output.append(chunk.toString()),
        signal: abort.signal,
        // The extension host's signals are VS Code's, not the workload's.
        handleSignals: false,
        blockThresholdMs: blockMs,
      });
    },
  );

  const r = profiled.run;
  if (r.errorKind && CANNOT_START.has(r.errorKind)) {
    const hint = r.errorKind === 'command-not-found' && target.command[0] !== 'npm' ? ' Profiling runs your own `node`: install Node.js and make sure VS Code sees it on PATH.' : '';
    log.error(`profile could not start: ${r.error}`);
    void vscode.window.showErrorMessage(`Concurrency Lens: ${r.error}.${hint}`);
    return;
  }
  if (!profiled.workload || !profiled.measurements) {
    log.error(`nothing was profiled: ${r.error ?? 'no Node process reported'}`);
    void vscode.window.showErrorMessage('Concurrency Lens: no Node.js process was profiled. The command must start Node (a script, node, or an npm script that runs node).');
    return;
  }
  const analysis = deps.staticResult();
  const report = buildProfileReport({
    version: deps.version,
    command: target.command,
    cwd: target.cwd,
    profiled: { ...profiled, workload: profiled.workload, measurements: profiled.measurements },
    thresholds: reportThresholds({ blockMs }),
    staticAnalysis: analysis ? { findings: analysis.findings, files: analysis.stats.files, durationMs: analysis.stats.durationMs } : undefined,
  });
  deps.last.save(report);
  log.info(`profile: ${report.workload.type} → ${report.recommendation.model} (confidence ${report.workload.confidence}); ${r.error ?? `stopped by ${r.stoppedBy}`}`);
  const failed = r.error ? ` The workload failed: ${r.error}.` : '';
  const choice = await vscode.window.showInformationMessage(`Concurrency Lens: ${report.workload.type} → ${report.recommendation.model}. ${report.recommendation.title}.${failed}`, 'Open Report', 'Show Output');
  if (choice === 'Open Report') await vscode.commands.executeCommand('concurrencyLens.openLastReport');
  if (choice === 'Show Output') output.show(true);
}
