// Start-up order of the static analysis (docs/analysis.md, "Start-up order"): the worker starts loading when VS
// Code loads the extension's code, and the first analysis answers for the open editors before the workspace.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SOURCE_EXTENSIONS } from '../analysis/options';
import { AnalysisClient } from './analysis-client';

/**
 * The analysis worker, started as soon as this module is loaded. VS Code loads an extension's code while it
 * prepares the extension's context (its storage, from the window), which at window start-up was seen to take
 * seconds; the worker loads TypeScript meanwhile. Not started when no start-up scan will run (no folder on disk,
 * analysis or start-up scan turned off): then it starts on the first request, as before.
 */
export function startAnalysisWorker(workerPath: string): AnalysisClient {
  const client = new AnalysisClient(workerPath, { codeCacheDir: codeCacheDir() });
  try {
    const settings = vscode.workspace.getConfiguration('concurrencyLens');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder?.scheme === 'file' && settings.get<boolean>('enable', true) === true && settings.get<boolean>('scanOnStartup', true) === true) client.start();
  } catch {
    // Outside a window (a stub of the API): start on the first request.
  }
  return client;
}

/** The user's cache folder for the analyser's V8 code cache (analysis.worker.ts): per user, outside the extension. */
export function codeCacheDir(): string {
  const home = os.homedir();
  const base =
    process.platform === 'win32' ? process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local')
    : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches')
    : process.env.XDG_CACHE_HOME || path.join(home, '.cache');
  return path.join(base, 'concurrency-lens', 'code-cache');
}

/** At most this many open files go first; more would make the first pass as slow as the whole. */
const MAX_FOCUS = 8;

/**
 * Source files under the folder that the user sees: the visible editors, then each editor group's active tab
 * (restored tabs are listed before their documents are loaded).
 */
export function openSourceFiles(folder: vscode.Uri): string[] {
  const files = new Set<string>();
  const add = (uri: vscode.Uri): void => {
    if (uri.scheme !== 'file' || !SOURCE_EXTENSIONS.includes(path.extname(uri.fsPath).toLowerCase())) return;
    if (uri.fsPath.startsWith(folder.fsPath + path.sep)) files.add(uri.fsPath);
  };
  for (const e of vscode.window.visibleTextEditors) add(e.document.uri);
  for (const g of vscode.window.tabGroups.all) if (g.activeTab?.input instanceof vscode.TabInputText) add(g.activeTab.input.uri);
  return [...files].slice(0, MAX_FOCUS);
}

/** One publication of diagnostics, for the log and the in-VS-Code tests (ConcurrencyLensExports.analysis). */
export interface AnalysisPass {
  /** `first`: the open files' quick pass; `workspace`: the whole workspace (it replaces the first). */
  kind: 'first' | 'workspace';
  /** Relative paths: the open files a first pass answered for; empty for a workspace pass. */
  focus: string[];
  findings: number;
  /** Files analysed. */
  files: number;
  /** When it was published, in ms after activate() was called. */
  msAfterActivation: number;
}
