// Maps core findings onto VS Code diagnostics: rule id as the code (linked to its page, rendered with this
// finding's chain), the call chain as related information so the user can walk from the entry to the blocking line:
// each link sits at the call, "showPage calls readTemplate".
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult, Finding } from '../analysis';
import { callerText, chainHops, hopText } from '../report/findings-text';

const SOURCE = 'Concurrency Lens';

/** Opens a rule's page; with a FindingRef, the page of that finding (rule-page-view.ts). */
export const SHOW_RULE_COMMAND = 'concurrencyLens.showRule';

/** Set once any analysis has published its findings: the walkthrough's first step is then done. */
export const ANALYSED_CONTEXT = 'concurrencyLens.analysed';

/** Names a published finding: what a diagnostic's code link and "Show why" carry. */
export interface FindingRef {
  rule: string;
  /** Relative to the workspace folder, as in the findings. */
  file?: string;
  line?: number;
  column?: number;
}

/** The findings of the diagnostics last made, by where they are: the rule page shows the one a link names. */
const published = new Map<string, Finding>();
const refKey = (r: FindingRef): string => `${r.rule}|${r.file}|${r.line}|${r.column}`;

export function publishedFinding(ref: FindingRef): Finding | undefined {
  return published.get(refKey(ref));
}

function severityOf(f: Finding): vscode.DiagnosticSeverity {
  // Code no known entry reaches is shown as a hint: dotted underline, outside the Problems panel.
  if (f.reach === 'unknown') return vscode.DiagnosticSeverity.Hint;
  switch (f.severity) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    default: return vscode.DiagnosticSeverity.Information;
  }
}

/** A `command:` link to the finding's rule page: the Problems view and the hover open code links with commands allowed. */
export function ruleLink(ref: FindingRef): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_RULE_COMMAND}?${encodeURIComponent(JSON.stringify([ref]))}`);
}

/** The FindingRef a diagnostic's code link carries, or undefined when the code is not one of ours. */
export function refOfTarget(target: vscode.Uri): FindingRef | undefined {
  if (target.scheme !== 'command' || target.path !== SHOW_RULE_COMMAND) return undefined;
  try {
    const [ref] = JSON.parse(target.query) as unknown[];
    return isFindingRef(ref) ? ref : undefined;
  } catch {
    return undefined;
  }
}

export function isFindingRef(v: unknown): v is FindingRef {
  const r = v as Record<string, unknown>;
  const optional = (value: unknown, type: string): boolean => value === undefined || typeof value === type;
  return typeof v === 'object' && v !== null && typeof r.rule === 'string' &&
    optional(r.file, 'string') && optional(r.line, 'number') && optional(r.column, 'number');
}

/** `_docsBase` is no longer linked to: the raw page opened editable, with links that led nowhere in the package. */
export function toDiagnostic(f: Finding, root: vscode.Uri, _docsBase?: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
  const d = new vscode.Diagnostic(range, f.message, severityOf(f));
  d.source = SOURCE;
  d.code = { value: f.rule, target: ruleLink({ rule: f.rule, file: f.file, line: f.line, column: f.column }) };
  // One entry per call on the way, at the call; the flagged line itself is the diagnostic, so a finding in its
  // entry has none.
  // Then the other hot calls that lead there (Finding.callers): "also: POST /u calls Asset.upload", and the other code
  // the finding is about (Finding.related): "also awaited in this loop, once per item".
  const related = (file: string, line: number, column: number, text: string): vscode.DiagnosticRelatedInformation =>
    new vscode.DiagnosticRelatedInformation(
      new vscode.Location(vscode.Uri.joinPath(root, ...file.split(path.posix.sep)), new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1))), text);
  d.relatedInformation = [
    ...chainHops(f.chain).map((hop) => related(hop.file, hop.line, hop.column, hopText(hop))),
    ...(f.callers ?? []).map((c) => related(c.file, c.line, c.column, callerText(c))),
    ...(f.related ?? []).map((r) => related(r.file, r.line, r.column, r.message)),
  ];
  published.set(refKey(f), f);
  return d;
}

/** Findings the Problems panel counts: unknown reach is a hint, not a problem. */
export function countProblems(result: AnalysisResult): number {
  return result.findings.filter((f) => f.reach !== 'unknown').length;
}

export function publish(
  collection: vscode.DiagnosticCollection,
  result: AnalysisResult,
  root: vscode.Uri,
  docsBase?: vscode.Uri,
  showUnknownReach = true,
): void {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  published.clear();
  for (const f of result.findings) {
    if (f.reach === 'unknown' && !showUnknownReach) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(toDiagnostic(f, root, docsBase));
    byFile.set(f.file, list);
  }
  collection.clear();
  for (const [file, diags] of byFile) collection.set(vscode.Uri.joinPath(root, ...file.split(path.posix.sep)), diags);
  // Every completed scan publishes, the start-up scan included: the walkthrough's "analyse" step completes on it.
  void vscode.commands.executeCommand('setContext', ANALYSED_CONTEXT, true);
}
