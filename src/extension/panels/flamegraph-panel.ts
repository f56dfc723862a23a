// "Open Flamegraph" inside the editor: 0x's HTML in a webview panel of its own.
//
// Why a panel of its own rather than a view of the report panel: 0x's page is code we did not write,
// with inline scripts. Our panels keep the strict nonce-only policy and never run anything but our
// bundle; 0x's page gets a policy fitted to it (flamegraph-html.ts), may load nothing but files from the
// flamegraph's own folder, and has no message handler, so whatever it does it cannot ask the extension
// for anything. Why a webview at all rather than always the browser: in a remote or web window
// (code-server, Codespaces) a file:// URL of the remote machine does not open in the user's browser.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newNonce } from '../../report/webview-html';
import { flamegraphPage } from './flamegraph-html';
import { FLAMEGRAPH_VIEW_TYPE } from './view-types';

export class FlamegraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  async open(htmlFile: string): Promise<void> {
    const html = await fs.readFile(htmlFile, 'utf8');
    const options: vscode.WebviewOptions = { enableScripts: true, localResourceRoots: [vscode.Uri.file(path.dirname(htmlFile))] };
    const title = `Flamegraph: ${path.basename(path.dirname(htmlFile))}`;
    if (this.panel) {
      this.panel.webview.options = options;
      this.panel.title = title;
      this.panel.reveal();
    } else {
      // Kept alive while hidden: 0x's page has no state to restore from, so a reload would lose the zoom.
      this.panel = vscode.window.createWebviewPanel(FLAMEGRAPH_VIEW_TYPE, title, vscode.ViewColumn.Beside, { ...options, retainContextWhenHidden: true });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.webview.html = flamegraphPage(html, newNonce());
    this.log.info(`flamegraph ${htmlFile} opened in the editor`);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
