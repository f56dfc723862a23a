// Files changed on disk outside the editor (a branch checkout, a formatter run in a terminal, a package install):
// gathered for a moment and handed on as one batch, so that a checkout of hundreds of files costs one re-analysis
// rather than one per file. No `vscode` here: the extension feeds it its file watchers' events.

/** What changed on disk during one quiet period. Paths are absolute. */
export interface DiskChangeBatch {
  /** Source files created or rewritten, and folders created: to be analysed again from disk (a folder, what is under it). */
  changed: string[];
  /**
   * Source files deleted, and other paths that may have been folders (a watcher cannot tell after the fact): what the
   * analysis held at or under them goes; a path it held nothing under costs the worker a look, not a re-link.
   */
  removed: string[];
  /** A project file changed (package.json, tsconfig.json, jsconfig.json, pyproject.toml): imports may resolve differently. */
  project: boolean;
}

export class DiskChanges {
  /** Each source file's last event: a file deleted and written again within the period is changed, not removed. */
  private readonly files = new Map<string, 'changed' | 'removed'>();
  private project = false;
  private timer: NodeJS.Timeout | undefined;
  /** Workspace scans running: a batch waits for them, as each may have read a file before it changed. */
  private holds = 0;

  constructor(
    private readonly quietMs: number,
    private readonly flush: (batch: DiskChangeBatch) => void,
  ) {}

  changed(file: string): void {
    this.note(file, 'changed');
  }

  removed(file: string): void {
    this.note(file, 'removed');
  }

  projectFile(): void {
    this.project = true;
    this.wait();
  }

  /** A workspace scan starts: what changes from now on is handed on after it ends (release), not during it. */
  hold(): void {
    this.holds++;
  }

  /** A workspace scan ended (or failed): what it may have missed goes once the disk is quiet. */
  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    if (this.holds === 0 && (this.files.size > 0 || this.project)) this.wait();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.files.clear();
    this.project = false;
  }

  private note(file: string, what: 'changed' | 'removed'): void {
    this.files.delete(file); // re-inserted last: the batch lists files in the order of their last event
    this.files.set(file, what);
    this.wait();
  }

  /** Each event restarts the wait: the batch goes once the disk has been quiet for `quietMs`. */
  private wait(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.holds > 0) return; // kept for release()
      const batch: DiskChangeBatch = { changed: [], removed: [], project: this.project };
      for (const [file, what] of this.files) batch[what].push(file);
      this.files.clear();
      this.project = false;
      this.flush(batch);
    }, this.quietMs);
  }
}
