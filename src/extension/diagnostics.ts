// Maps core findings onto VS Code diagnostics: rule id as the code (linked to its docs page), the call
// chain as related information so the user can walk from the entry to the blocking line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult, Finding } from '../analysis';

const SOURCE = 'Concurrency Lens';

function severityOf(f: Finding): vscode.DiagnosticSeverity {
  // Code no known entry reaches is shown as a hint: dotted underline, outside the Problems panel.
  if (f.reach === 'unknown') return vscode.DiagnosticSeverity.Hint;
  switch (f.severity) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    default: return vscode.DiagnosticSeverity.Information;
  }
}

export function toDiagnostic(f: Finding, root: vscode.Uri, docsBase: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
  const d = new vscode.Diagnostic(range, f.message, severityOf(f));
  d.source = SOURCE;
  d.code = { value: f.rule, target: vscode.Uri.joinPath(docsBase, `${f.rule}.md`) };
  d.relatedInformation = f.chain.map(
    (step, i) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.joinPath(root, step.file), new vscode.Position(Math.max(0, step.line - 1), 0)),
        i === 0 ? `entry: ${step.symbol}` : `calls ${step.symbol}`,
      ),
  );
  return d;
}

/** Findings the Problems panel counts: unknown reach is a hint, not a problem. */
export function countProblems(result: AnalysisResult): number {
  return result.findings.filter((f) => f.reach !== 'unknown').length;
}

export function publish(collection: vscode.DiagnosticCollection, result: AnalysisResult, root: vscode.Uri, docsBase: vscode.Uri, showUnknownReach = true): void {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const f of result.findings) {
    if (f.reach === 'unknown' && !showUnknownReach) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(toDiagnostic(f, root, docsBase));
    byFile.set(f.file, list);
  }
  collection.clear();
  for (const [file, diags] of byFile) collection.set(vscode.Uri.joinPath(root, ...file.split(path.posix.sep)), diags);
}
