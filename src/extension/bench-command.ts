// "Concurrency Lens: Run Benchmarks": the harness in its worker thread, with progress and a cancel button
// that terminates it; the result is saved where `profile` reads its machine-measured thresholds from, then
// shown in the benchmarks panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BenchCancelled, BenchRun } from '../harness/bench-client';
import { defaultResultsDir, saveResult } from '../harness/result-store';
import { SUITES } from '../harness/result-types';

/** What the panels do around a run: say it is running, and show the saved result. */
export interface BenchPanelHooks {
  busy(text: string | null): void;
  saved(file: string): Promise<void>;
}

export async function runBenchmarksCommand(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, version: string, panels?: BenchPanelHooks): Promise<void> {
  const quick = vscode.workspace.getConfiguration('concurrencyLens.bench').get<boolean>('quick', true);
  log.info(`bench: ${SUITES.join(', ')}${quick ? ' (quick)' : ''}`);
  const workerFile = path.join(vscode.Uri.joinPath(extensionUri, 'dist', 'workers').fsPath, 'bench-worker.js');
  panels?.busy('Running the benchmarks…');
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Concurrency Lens: measuring the concurrency models', cancellable: true },
      (progress, token) => {
        let last = 0;
        const bench = new BenchRun(
          { suites: [...SUITES], quick, version },
          {
            workerFile,
            onProgress: (p) => {
              progress.report({ message: `${p.suite}: ${p.step}`, increment: Math.max(0, p.percent - last) });
              last = Math.max(last, p.percent);
            },
          },
        );
        token.onCancellationRequested(() => void bench.cancel());
        return bench.result;
      },
    );
    const file = await saveResult(result, defaultResultsDir());
    log.info(`bench done in ${(result.durationMs / 1000).toFixed(1)} s; saved ${file}`);
    panels?.busy(null);
    await panels?.saved(file);
  } catch (err) {
    if (err instanceof BenchCancelled) {
      log.info('bench cancelled; nothing saved');
      return;
    }
    log.error(`bench failed: ${(err as Error).message}`);
    void vscode.window.showErrorMessage(`Concurrency Lens: benchmarks failed: ${(err as Error).message}`);
  } finally {
    panels?.busy(null);
  }
}
