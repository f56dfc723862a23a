// The newest profile report, kept in the workspace's storage so "Open Last Report", the status bar and
// the hotspot lenses survive a reload.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileReport } from '../report/profile-report';

const FILE = 'last-profile.json';

export class LastReport {
  private readonly changed = new vscode.EventEmitter<ProfileReport | undefined>();
  readonly onDidChange = this.changed.event;
  private current: ProfileReport | undefined;

  constructor(private readonly dir: vscode.Uri | undefined) {
    this.current = this.read();
  }

  get report(): ProfileReport | undefined {
    return this.current;
  }

  get file(): string | undefined {
    return this.dir ? path.join(this.dir.fsPath, FILE) : undefined;
  }

  save(report: ProfileReport): void {
    this.current = report;
    const file = this.file;
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(report));
    }
    this.changed.fire(report);
  }

  private read(): ProfileReport | undefined {
    const file = this.file;
    if (!file) return undefined;
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileReport;
      return r.tool === 'concurrency-lens' && r.kind === 'profile' ? r : undefined;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
