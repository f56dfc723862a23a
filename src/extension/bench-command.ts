// "Concurrency Lens: Run Benchmarks": the harness in its worker thread, with progress and a cancel button
// that terminates it; the result is saved where `profile` reads its machine-measured thresholds from, then
// shown in the benchmarks panel. In a workspace with Python it asks which language to measure: the Python
// suites run under the interpreter the Python extension selected, so they need a trusted workspace (that
// interpreter may be the workspace's own virtual environment).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BenchCancelled, BenchRun } from '../harness/bench-client';
import type { BenchRequest } from '../harness/bench-messages';
import { defaultResultsDir, saveResult } from '../harness/result-store';
import { SUITES, type BenchLanguage } from '../harness/result-types';
import { DEFAULT_PYTHON } from '../profiler/python/python-command';
import type { PythonChoice } from './python-interpreter';
import { refuseUntrusted } from './workspace-trust';

/** What the panels do around a run: say it is running, and show the saved result. */
export interface BenchPanelHooks {
  busy(text: string | null): void;
  saved(file: string, language: BenchLanguage): Promise<void>;
}

export interface BenchLanguageChoice {
  /** Given by a caller (a test, a keybinding's argument); asked when the workspace has Python, else Node. */
  language?: BenchLanguage;
  pythonFor(folder: vscode.Uri): Promise<PythonChoice>;
}

export async function runBenchmarksCommand(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  version: string,
  panels?: BenchPanelHooks,
  choice?: BenchLanguageChoice,
): Promise<void> {
  const quick = vscode.workspace.getConfiguration('concurrencyLens.bench').get<boolean>('quick', true);
  const language = choice?.language ?? (await askLanguage());
  if (!language) return;
  let python: BenchRequest['python'];
  if (language === 'python') {
    if (refuseUntrusted('Running the Python benchmarks with the workspace\'s interpreter')) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = folder && choice ? await choice.pythonFor(folder) : { source: 'no workspace folder: python3 on PATH' };
    python = { interpreter: picked.executable ?? DEFAULT_PYTHON };
    log.info(`bench: Python interpreter ${python.interpreter} (${picked.source})`);
  }
  log.info(`bench: ${SUITES.join(', ')}${python ? ' in Python' : ''}${quick ? ' (quick)' : ''}`);
  const workerFile = path.join(vscode.Uri.joinPath(extensionUri, 'dist', 'workers').fsPath, 'bench-worker.js');
  panels?.busy('Running the benchmarks…');
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Concurrency Lens: measuring the concurrency models${python ? ' in Python' : ''}`, cancellable: true },
      (progress, token) => {
        let last = 0;
        const bench = new BenchRun(
          { suites: [...SUITES], quick, version, ...(python ? { python } : {}) },
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
    await panels?.saved(file, language);
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

/** Node unless the workspace has Python; then the user picks (Escape: no run). */
async function askLanguage(): Promise<BenchLanguage | undefined> {
  const active = vscode.window.activeTextEditor?.document.languageId === 'python';
  const hasPython = active || (await vscode.workspace.findFiles('**/*.py', '**/{node_modules,.venv,venv,.git}/**', 1)).length > 0;
  if (!hasPython) return 'node';
  const items: Array<vscode.QuickPickItem & { language: BenchLanguage }> = [
    { label: 'Node.js', description: 'worker_threads, child processes, structured clone, SharedArrayBuffer', language: 'node' },
    { label: 'Python', description: "the article's benchmarks: asyncio, threads and the GIL, processes, pickle against shared_memory", language: 'python' },
  ];
  if (active) items.reverse();
  return (await vscode.window.showQuickPick(items, { title: 'Concurrency Lens: benchmark which runtime?' }))?.language;
}
