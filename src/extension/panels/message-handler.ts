// What the extension does for a panel's message. A webview is a web page showing data from a workload
// run, so every message is validated (parseWebviewMessage) before anything happens; an invalid one is
// logged and dropped. Nothing here runs workspace code itself: "Profile" goes through the profile
// command, which refuses in Restricted Mode.
import * as vscode from 'vscode';
import type { ProfileReport } from '../../report/profile-report';
import { parseWebviewMessage, type FromWebview } from '../../report/webview-protocol';
import { resolveSourcePath } from './source-path';
import { isEditorPanelKind, type EditorPanelKind } from './view-types';

export interface MessageHandlerDeps {
  log: vscode.LogOutputChannel;
  /** The profile the panels show: its cwd anchors relative paths, its flamegraph is the one opened. */
  report(): ProfileReport | undefined;
  openPanel(kind: EditorPanelKind): void;
  /** The column a panel is in, so a source file opens beside it rather than over it. */
  columnOf(kind: EditorPanelKind): vscode.ViewColumn | undefined;
  openFlamegraph(where: 'editor' | 'external'): Promise<void>;
}

/** A short, printable view of a rejected message for the log. */
function preview(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export class WebviewMessageHandler {
  constructor(private readonly deps: MessageHandlerDeps) {}

  /** Validates and starts handling; returns the message as understood, or undefined when it was dropped. */
  handle(from: EditorPanelKind, raw: unknown): FromWebview | undefined {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn(`panel ${from}: ignored an invalid message ${preview(raw)}`);
      return undefined;
    }
    this.dispatch(from, message).catch((err: Error) => this.deps.log.error(`panel ${from}: ${message.type} failed: ${err.message}`));
    return message;
  }

  private async dispatch(from: EditorPanelKind, m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        // The panel manager answers it (it tracks which pages listen). A panel's view is fixed by its view
        // type; a page that restored another view from its state is sent its own view all the same.
        if (m.panel !== from) this.deps.log.info(`panel ${from}: page said ready as ${m.panel}; showing ${from}`);
        return;
      case 'openSource':
        return this.openSource(from, m.file, m.line, m.column);
      case 'openFlamegraph':
        return this.deps.openFlamegraph(m.where);
      case 'runProfile':
        await vscode.commands.executeCommand('concurrencyLens.profileWorkload');
        return;
      case 'runBenchmarks':
        await vscode.commands.executeCommand('concurrencyLens.runBenchmarks');
        return;
      case 'exportReport':
        await vscode.commands.executeCommand('concurrencyLens.exportReport');
        return;
      case 'showPanel':
        // Every view on one page ('report') exists only as the exported file, which "Export Report…" writes.
        if (isEditorPanelKind(m.panel)) this.deps.openPanel(m.panel);
        else this.deps.log.info(`panel ${from}: no editor panel shows ${m.panel}; ignored`);
        return;
    }
  }

  private async openSource(from: EditorPanelKind, file: string, line: number, column?: number): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const target = resolveSourcePath(file, this.deps.report()?.cwd, roots);
    if (!target.ok) {
      this.deps.log.warn(`panel ${from}: refused to open ${file}: ${target.reason}`);
      return;
    }
    const at = new vscode.Position(line - 1, (column ?? 1) - 1);
    const panelColumn = this.deps.columnOf(from);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(target.file), {
        selection: new vscode.Range(at, at),
        viewColumn: panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One,
      });
    } catch (err) {
      this.deps.log.warn(`panel ${from}: could not open ${target.file}: ${(err as Error).message}`);
      void vscode.window.showWarningMessage(`Concurrency Lens: could not open ${target.file}.`);
    }
  }
}
