// One status bar item: how many findings the analysis has, and the last profile's verdict.
import * as vscode from 'vscode';
import type { ProfileReport } from '../report/profile-report';

export class StatusBar {
  private readonly item = vscode.window.createStatusBarItem('concurrencyLens.status', vscode.StatusBarAlignment.Left, 50);
  private findings: number | undefined;
  private verdict: ProfileReport | undefined;

  constructor() {
    this.item.name = 'Concurrency Lens';
    this.item.command = 'concurrencyLens.showRecommendation';
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
    tip.appendMarkdown(`**Concurrency Lens**\n\n${this.findings === undefined ? 'Not analysed yet.' : `${this.findings} finding${this.findings === 1 ? '' : 's'} on hot paths.`}`);
    if (this.verdict) tip.appendMarkdown(`\n\nLast profile: \`${this.verdict.command.join(' ')}\` is **${this.verdict.workload.type}**; ${this.verdict.recommendation.title}.`);
    this.item.tooltip = tip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
