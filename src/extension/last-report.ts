// The newest profile report, kept in the workspace's storage so "Open Last Report", the status bar and
// the hotspot lenses survive a reload. Read and written asynchronously: a report can be megabytes, and
// the extension host's loop is shared by every extension.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileReport } from '../report/profile-report';

const FILE = 'last-profile.json';

export class LastReport {
  private readonly changed = new vscode.EventEmitter<ProfileReport | undefined>();
  readonly onDidChange = this.changed.event;
  private current: ProfileReport | undefined;
  private saved = false;
  /** Settles once the report kept from an earlier session is read (or found missing). */
  readonly loaded: Promise<void>;

  constructor(private readonly dir: vscode.Uri | undefined) {
    this.loaded = this.read().then((r) => {
      // A profile finished while the old one was being read is newer: keep it.
      if (!r || this.saved) return;
      this.current = r;
      this.changed.fire(r);
    });
  }

  get report(): ProfileReport | undefined {
    return this.current;
  }

  get file(): string | undefined {
    return this.dir ? path.join(this.dir.fsPath, FILE) : undefined;
  }

  /** Shows the report at once; resolves when it is on disk. */
  async save(report: ProfileReport): Promise<void> {
    this.current = report;
    this.saved = true;
    this.changed.fire(report);
    const file = this.file;
    if (file) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, JSON.stringify(report));
    }
  }

  private async read(): Promise<ProfileReport | undefined> {
    const file = this.file;
    if (!file) return undefined;
    try {
      const r = JSON.parse(await fs.readFile(file, 'utf8')) as ProfileReport;
      return r.tool === 'concurrency-lens' && r.kind === 'profile' ? r : undefined;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
