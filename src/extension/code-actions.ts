// Code actions on Concurrency Lens diagnostics: suppress the rule on that line (an inline directive the
// analyser honours), and "Show why", which opens the rule's page. The rewriting quick fixes come later.
import * as vscode from 'vscode';
import { suppressionEdit } from '../analysis/suppression-edit';

const SOURCE = 'Concurrency Lens';

export class FindingActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'object') continue;
      const rule = String(d.code.value);
      actions.push(this.suppress(document, d, rule));
      const why = new vscode.CodeAction(`Show why: ${rule}`, vscode.CodeActionKind.QuickFix);
      why.diagnostics = [d];
      why.command = { command: 'vscode.open', title: `Open the page of ${rule}`, arguments: [d.code.target] };
      actions.push(why);
    }
    return actions;
  }

  private suppress(document: vscode.TextDocument, d: vscode.Diagnostic, rule: string): vscode.CodeAction {
    const action = new vscode.CodeAction(`Suppress ${rule} on this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [d];
    const edit = suppressionEdit(document.getText(), d.range.start.line + 1, rule);
    const workspaceEdit = new vscode.WorkspaceEdit();
    if (edit.kind === 'insert') workspaceEdit.insert(document.uri, new vscode.Position(edit.line - 1, 0), edit.text);
    else workspaceEdit.replace(document.uri, document.lineAt(edit.line - 1).range, edit.text);
    action.edit = workspaceEdit;
    return action;
  }
}
