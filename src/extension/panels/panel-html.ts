// A panel's page and options: the shared page template (src/report/webview-html.ts) with the bundle
// linked from dist/webview, the only folder the webview may load anything from.
import * as vscode from 'vscode';
import { newNonce, renderWebviewHtml } from '../../report/webview-html';
import { PANEL_TITLES, type EditorPanelKind } from './view-types';

export const bundleFolder = (extensionUri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'dist', 'webview');

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Nothing outside the bundle: the page never reads the workspace or the report files directly, it
    // gets its data by message.
    localResourceRoots: [bundleFolder(extensionUri)],
    // A hidden panel is dropped and redrawn when shown again, from its saved state and a fresh 'show';
    // keeping every chart alive in the background would cost memory for nothing.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

/** A fresh page, with a fresh nonce every time it is rendered. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: EditorPanelKind): string {
  const folder = bundleFolder(extensionUri);
  return renderWebviewHtml({
    title: PANEL_TITLES[kind],
    panel: kind,
    nonce: newNonce(),
    assets: {
      kind: 'linked',
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(folder, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(folder, 'main.css')).toString(),
    },
  });
}
