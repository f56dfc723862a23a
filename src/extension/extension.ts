// Activation: a thin adapter from VS Code to the analysis core. The core runs in a worker; this file only
// wires commands, settings and diagnostics. (Profiling, benchmarks and panels plug in here later.)
import * as vscode from 'vscode';
import { AnalysisClient } from './analysis-client';
import { publish } from './diagnostics';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Concurrency Lens', { log: true });
  const diagnostics = vscode.languages.createDiagnosticCollection('concurrency-lens');
  const client = new AnalysisClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'workers', 'analysis-worker.js').fsPath);
  const docsBase = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  context.subscriptions.push(log, diagnostics, { dispose: () => client.dispose() });

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
          publish(diagnostics, result, folder, docsBase);
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

  context.subscriptions.push(
    vscode.commands.registerCommand('concurrencyLens.analyzeWorkspace', analyzeWorkspace),
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      const folder = root();
      if (!folder || !enabled()) return;
      const pending = client.update(doc.uri.fsPath);
      if (!pending) return;
      try {
        publish(diagnostics, await pending, folder, docsBase);
      } catch (err) {
        log.warn(`re-analysis of ${doc.uri.fsPath} failed: ${(err as Error).message}`);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('concurrencyLens.enable') && !enabled()) diagnostics.clear();
    }),
  );

  void analyzeWorkspace();
}

export function deactivate(): void {}
