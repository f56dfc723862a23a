// What the in-VS-Code suites share about the workspace they run in: our extension's id, our diagnostics' source,
// and the files of the opened folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'concurrency-lens.concurrency-lens';
export const SOURCE = 'Concurrency Lens';

export function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

export const file = (name: string): vscode.Uri => vscode.Uri.joinPath(folder(), name);
/** Our diagnostics of a file, without other extensions'. */
export const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
