// Activation: a thin adapter from VS Code to the cores. Analysis runs in a worker, profiling in a child
// process, benchmarks in a worker; this file only wires commands, settings, diagnostics and views.
import * as vscode from 'vscode';
import type { AnalysisResult } from '../analysis';
import { formatProfileText } from '../report/profile-text';
import { AnalysisClient } from './analysis-client';
import { runBenchmarksCommand } from './bench-command';
import { publish } from './diagnostics';
import { HotspotLensProvider } from './hotspot-lens-provider';
import { LastReport } from './last-report';
import { profileWorkloadCommand } from './profile-command';
import { showText } from './report-document';
import { StatusBar } from './status-bar';

const SCRIPT_LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ language, scheme: 'file' }));

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Concurrency Lens', { log: true });
  const workloadOutput = vscode.window.createOutputChannel('Concurrency Lens: Workload');
  const diagnostics = vscode.languages.createDiagnosticCollection('concurrency-lens');
  const client = new AnalysisClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'workers', 'analysis-worker.js').fsPath);
  const docsBase = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const last = new LastReport(context.storageUri ?? context.globalStorageUri);
  const status = new StatusBar();
  const lenses = new HotspotLensProvider(last);
  let lastAnalysis: AnalysisResult | undefined;
  status.setReport(last.report);
  context.subscriptions.push(log, workloadOutput, diagnostics, { dispose: () => client.dispose() }, last, status, lenses);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(SCRIPT_LANGUAGES, lenses),
    last.onDidChange((r) => status.setReport(r)),
  );

  const enabled = (): boolean => vscode.workspace.getConfiguration('concurrencyLens').get<boolean>('enable', true);
  const root = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;

  const analyzeWorkspace = async (): Promise<void> => {
    const folder = root();
    if (!folder || folder.scheme !== 'file') {
      void vscode.window.showWarningMessage('Concurrency Lens analyses a folder on disk; open one first.');
      return;
    }
    if (!enabled()) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Concurrency Lens: analysing workspace', cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => client.cancel());
        try {
          log.info(`analyse ${folder.fsPath}`);
          const result = await client.analyze({ paths: [folder.fsPath], cwd: folder.fsPath, types: 'auto' });
          lastAnalysis = result;
          publish(diagnostics, result, folder, docsBase);
          status.setFindings(result.findings.length);
          log.info(`${result.findings.length} findings in ${result.stats.files} files (${result.stats.durationMs} ms)`);
          for (const s of result.skipped) log.warn(`skipped ${s.file}: ${s.reason}`);
        } catch (err) {
          if ((err as Error).message === 'cancelled') log.info('analysis cancelled');
          else {
            log.error(`analysis failed: ${(err as Error).message}`);
            void vscode.window.showErrorMessage(`Concurrency Lens: analysis failed: ${(err as Error).message}`);
          }
        }
      },
    );
  };

  const openLastReport = async (): Promise<void> => {
    const report = last.report;
    if (!report) {
      const choice = await vscode.window.showInformationMessage('Concurrency Lens: no profile yet. Profile a workload first.', 'Profile Workload…');
      if (choice) await vscode.commands.executeCommand('concurrencyLens.profileWorkload');
      return;
    }
    await showText(formatProfileText(report, { color: false, outputTails: true }));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('concurrencyLens.analyzeWorkspace', analyzeWorkspace),
    vscode.commands.registerCommand('concurrencyLens.profileWorkload', () =>
      profileWorkloadCommand({ log, output: workloadOutput, last, version, staticResult: () => lastAnalysis }),
    ),
    vscode.commands.registerCommand('concurrencyLens.runBenchmarks', () => runBenchmarksCommand(context.extensionUri, log, version)),
    // The decision-tree panel (issue 6) will take this over; until then the report leads with the recommendation.
    vscode.commands.registerCommand('concurrencyLens.showRecommendation', openLastReport),
    vscode.commands.registerCommand('concurrencyLens.openLastReport', openLastReport),
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      const folder = root();
      if (!folder || !enabled()) return;
      const pending = client.update(doc.uri.fsPath);
      if (!pending) return;
      try {
        lastAnalysis = await pending;
        publish(diagnostics, lastAnalysis, folder, docsBase);
        status.setFindings(lastAnalysis.findings.length);
      } catch (err) {
        log.warn(`re-analysis of ${doc.uri.fsPath} failed: ${(err as Error).message}`);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('concurrencyLens.enable') && !enabled()) {
        diagnostics.clear();
        status.setFindings(undefined);
      }
    }),
  );

  void analyzeWorkspace();
}

export function deactivate(): void {}
