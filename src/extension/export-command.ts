// "Concurrency Lens: Export Report…": the panels' document as one self-contained HTML page (the webview
// bundle inline, every view on one page), with a Markdown summary for a pull-request comment and the JSON
// beside it. The same files as the CLI's `concurrency-lens report`, written by the same code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { filesNotFromUs, ReportWriteError, writeReportFiles } from '../report/export-report';
import { readWebviewAssets } from '../report/webview-assets';
import type { DocumentSource } from './panels/document-source';
import { bundleFolder } from './panels/panel-html';

export interface ExportCommandDeps {
  extensionUri: vscode.Uri;
  documents: DocumentSource;
  log: vscode.LogOutputChannel;
}

/** `{ file: '/abs/report.html' }` skips the save dialog (tests, keybindings, other extensions). */
function fileFromArgument(arg: unknown): string | undefined {
  const file = (arg as { file?: unknown } | undefined)?.file;
  return typeof file === 'string' && path.isAbsolute(file) && /\.html?$/i.test(file) ? file : undefined;
}

/** Resolves with the files written (HTML, Markdown, JSON), or undefined when nothing was. */
export async function exportReportCommand(deps: ExportCommandDeps, arg?: unknown): Promise<string[] | undefined> {
  const doc = await deps.documents.document();
  if (!doc.profile && !doc.bench) {
    const choice = await vscode.window.showInformationMessage('Concurrency Lens: nothing to export yet. Profile a workload or run the benchmarks first.', 'Profile Workload…', 'Run Benchmarks');
    if (choice === 'Profile Workload…') await vscode.commands.executeCommand('concurrencyLens.profileWorkload');
    if (choice === 'Run Benchmarks') await vscode.commands.executeCommand('concurrencyLens.runBenchmarks');
    return undefined;
  }
  let html = fileFromArgument(arg);
  const fromArgument = html !== undefined;
  if (!html) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Concurrency Lens Report',
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'concurrency-lens-report.html') : undefined,
      filters: { HTML: ['html'] },
    });
    if (!target) return undefined;
    if (target.scheme !== 'file') {
      void vscode.window.showWarningMessage('Concurrency Lens: the report is written to a folder on disk; choose one there.');
      return undefined;
    }
    html = target.fsPath;
  }
  const base = html.replace(/\.html?$/i, '');
  const out = { html, markdown: `${base}.md`, json: `${base}.json` };
  // The dialog asked about the HTML only; the Markdown and JSON beside it may be the user's own files.
  const foreign = await filesNotFromUs({ markdown: out.markdown, json: out.json });
  if (foreign.length > 0) {
    const names = foreign.map((f) => path.basename(f)).join(' and ');
    if (fromArgument) {
      deps.log.error(`export refused: ${names} exist and are not Concurrency Lens reports`);
      void vscode.window.showErrorMessage(`Concurrency Lens: export refused: ${names} already exist and are not Concurrency Lens reports.`);
      return undefined;
    }
    const replace = await vscode.window.showWarningMessage(`The export writes ${names} beside the HTML, and they already exist. Replace them?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return undefined;
  }
  let written: string[];
  try {
    const assets = await readWebviewAssets(bundleFolder(deps.extensionUri).fsPath);
    written = await writeReportFiles(doc, assets, out);
  } catch (err) {
    const done = err instanceof ReportWriteError && err.written.length ? ` (written before it: ${err.written.join(', ')})` : '';
    deps.log.error(`export failed: ${(err as Error).message}${done}`);
    void vscode.window.showErrorMessage(`Concurrency Lens: export failed: ${(err as Error).message}`);
    return undefined;
  }
  deps.log.info(`exported ${written.join(', ')}`);
  // Not awaited: the export is done whether or not anyone clicks. In a remote window (code-server,
  // Codespaces) the files are on the remote machine, where the user's browser cannot open a file:// URL,
  // so "Open" shows the Markdown summary in the editor and "Reveal" the file in the Explorer.
  const remote = vscode.env.remoteName !== undefined;
  void vscode.window.showInformationMessage(`Concurrency Lens: report exported to ${path.basename(html)}, with a Markdown summary and the JSON beside it.`, 'Open', 'Reveal').then((choice) => {
    const uri = vscode.Uri.file(html);
    if (choice === 'Open') {
      if (remote) void vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(`${base}.md`));
      else void vscode.env.openExternal(uri);
    }
    if (choice === 'Reveal') void vscode.commands.executeCommand(remote ? 'revealInExplorer' : 'revealFileInOS', uri);
  });
  return written;
}
