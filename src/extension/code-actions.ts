// Code actions on Concurrency Lens diagnostics: the rewriting quick fix where one is safe (computed in the
// analysis worker), suppressing the rule on that line (an inline directive the analyser honours), and
// "Show why", which opens the rule's page, rendered, with this finding and its chain at the top.
import * as vscode from 'vscode';
import type { FixTarget, QuickFix } from '../analysis/quick-fixes';
import { pythonSuppressionEdit } from '../analysis/python/suppression-edit';
import { suppressionEdit } from '../analysis/suppression-edit';
import { refOfTarget, SHOW_RULE_COMMAND } from './diagnostics';

const SOURCE = 'Concurrency Lens';

export type FixesFor = (file: string, text: string, target: FixTarget) => Promise<QuickFix[]>;

export class FindingActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly fixesFor: FixesFor) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'object') continue;
      const rule = String(d.code.value);
      actions.push(...(await this.rewrites(document, d, rule)));
      actions.push(this.suppress(document, d, rule));
      const why = new vscode.CodeAction(`Show why: ${rule}`, vscode.CodeActionKind.QuickFix);
      why.diagnostics = [d];
      why.command = { command: SHOW_RULE_COMMAND, title: `Open the page of ${rule}`, arguments: [refOfTarget(d.code.target) ?? { rule }] };
      actions.push(why);
    }
    return actions;
  }

  private async rewrites(document: vscode.TextDocument, d: vscode.Diagnostic, rule: string): Promise<vscode.CodeAction[]> {
    const { start, end } = d.range;
    const target: FixTarget = { rule, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    let fixes: QuickFix[];
    try {
      fixes = await this.fixesFor(document.uri.fsPath, document.getText(), target);
    } catch {
      // No fix is better than a broken one; suppression and "Show why" remain.
      return [];
    }
    return fixes.map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = fix.preferred === true;
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
      action.edit = edit;
      return action;
    });
  }

  private suppress(document: vscode.TextDocument, d: vscode.Diagnostic, rule: string): vscode.CodeAction {
    const action = new vscode.CodeAction(`Suppress ${rule} on this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [d];
    // Python comments start with `#`: its directive is `# concurrency-lens: disable-next-line`.
    const edit = (document.languageId === 'python' ? pythonSuppressionEdit : suppressionEdit)(document.getText(), d.range.start.line + 1, rule);
    const workspaceEdit = new vscode.WorkspaceEdit();
    if (edit.kind === 'insert') workspaceEdit.insert(document.uri, new vscode.Position(edit.line - 1, 0), edit.text);
    else workspaceEdit.replace(document.uri, document.lineAt(edit.line - 1).range, edit.text);
    action.edit = workspaceEdit;
    return action;
  }
}
