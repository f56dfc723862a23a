// One status bar item: how many findings the analysis has, and the last profile's verdict. Clicking it lists this
// extension's problems (VS Code 1.100 has no command that sets the Problems view's filter, so the list is a quick
// pick of our diagnostics, with a way on to the Problems view).
import * as vscode from 'vscode';
import type { ProfileReport } from '../report/profile-report';

const SOURCE = 'Concurrency Lens';
export const SHOW_PROBLEMS_COMMAND = 'concurrencyLens.showProblems';

/** What the item says, in plain words for a screen reader: no icon names, no markdown. */
export function statusLabel(findings: number | undefined, verdict?: { type: string; model: string }): string {
  const count = findings === undefined ? 'not analysed yet' : `${findings} problem${findings === 1 ? '' : 's'} on hot paths`;
  const parts = [`Concurrency Lens: ${count}`];
  if (verdict) parts.push(`last profile ${verdict.type}, recommended ${verdict.model}`);
  return `${parts.join('; ')}. Show the problems.`;
}

export class StatusBar {
  private readonly item = vscode.window.createStatusBarItem('concurrencyLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly command: vscode.Disposable;
  private findings: number | undefined;
  private verdict: ProfileReport | undefined;

  constructor() {
    this.item.name = 'Concurrency Lens';
    this.command = vscode.commands.registerCommand('concurrencyLens.showProblems', () => showProblems());
    this.item.command = SHOW_PROBLEMS_COMMAND;
    this.render();
    this.item.show();
  }

  setFindings(count: number | undefined): void {
    this.findings = count;
    this.render();
  }

  setReport(report: ProfileReport | undefined): void {
    this.verdict = report;
    this.render();
  }

  private render(): void {
    const parts = [this.findings === undefined ? '$(pulse)' : `$(pulse) ${this.findings}`];
    if (this.verdict) parts.push(`${this.verdict.workload.type} → ${this.verdict.recommendation.model}`);
    this.item.text = parts.join(' · ');
    const tip = new vscode.MarkdownString();
    const count = this.findings === undefined ? 'Not analysed yet.' : `${this.findings} finding${this.findings === 1 ? '' : 's'} on hot paths.`;
    tip.appendMarkdown(`**Concurrency Lens**\n\n${count}`);
    if (this.verdict) {
      const { command, workload, recommendation } = this.verdict;
      tip.appendMarkdown(`\n\nLast profile: \`${command.join(' ')}\` is **${workload.type}**; ${recommendation.title}.`);
    }
    if (this.findings !== undefined) tip.appendMarkdown('\n\nClick to list them.');
    this.item.tooltip = tip;
    // Without this, screen readers read the text: "pulse 17 cpu-bound arrow worker-pool".
    const verdict = this.verdict && { type: this.verdict.workload.type, model: this.verdict.recommendation.model };
    this.item.accessibilityInformation = { label: statusLabel(this.findings, verdict), role: 'button' };
  }

  dispose(): void {
    this.command.dispose();
    this.item.dispose();
  }
}

interface ProblemItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  range?: vscode.Range;
}

const ICONS: Partial<Record<vscode.DiagnosticSeverity, string>> = {
  [vscode.DiagnosticSeverity.Error]: '$(error)',
  [vscode.DiagnosticSeverity.Warning]: '$(warning)',
  [vscode.DiagnosticSeverity.Information]: '$(info)',
};

/** This extension's problems (hints of unknown reach are not problems), most severe first; picking one opens it. */
async function showProblems(): Promise<void> {
  const problems = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, diags]) => diags.filter((d) => d.source === SOURCE && d.severity !== vscode.DiagnosticSeverity.Hint).map((d) => ({ uri, d })))
    .sort((a, b) => a.d.severity - b.d.severity || a.uri.toString().localeCompare(b.uri.toString()) || a.d.range.start.compareTo(b.d.range.start));
  const problemsView: ProblemItem = { label: '$(list-flat) Open the Problems view', description: 'every extension\'s problems' };
  if (problems.length === 0) {
    const choice = await vscode.window.showInformationMessage('Concurrency Lens: no problems on hot paths.', 'Analyse Workspace');
    if (choice) await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
    return;
  }
  // The place and rule on the second line: a long message would cut a description off.
  const items: ProblemItem[] = problems.map(({ uri, d }) => ({
    label: `${ICONS[d.severity] ?? ''} ${d.message}`.trim(),
    detail: [
      `${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}:${d.range.start.character + 1}`,
      typeof d.code === 'object' ? String(d.code.value) : d.code !== undefined ? String(d.code) : undefined,
    ].filter(Boolean).join('  ·  '),
    uri,
    range: d.range,
  }));
  const pick = await vscode.window.showQuickPick<ProblemItem>([...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, problemsView], {
    title: `Concurrency Lens: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    placeHolder: 'Go to a problem (type to filter by message, file or rule)',
    matchOnDetail: true,
  });
  if (!pick) return;
  if (pick === problemsView) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  if (pick.uri && pick.range) await vscode.window.showTextDocument(pick.uri, { selection: pick.range, preview: true });
}
