// After a profile, a CodeLens above each hotspot's line: how long it ran or blocked the loop. Clicking it
// opens the report.
import * as vscode from 'vscode';
import { hotspotLenses } from '../report/hotspot-lenses';
import type { LastReport } from './last-report';

export class HotspotLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly last: LastReport) {
    last.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const report = this.last.report;
    if (!report) return [];
    return hotspotLenses(report)
      .filter((l) => l.file === document.uri.fsPath && l.line <= document.lineCount)
      .map((l) => new vscode.CodeLens(new vscode.Range(l.line - 1, 0, l.line - 1, 0), { title: l.title, tooltip: l.tooltip, command: 'concurrencyLens.openLastReport' }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
