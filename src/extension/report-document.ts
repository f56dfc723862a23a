// Shows a report as a read-only text document beside the code, until the webview panels arrive.
import * as vscode from 'vscode';

export async function showText(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
