// Re-analysis while typing: each document waits until the user pauses, so a burst of keystrokes costs one
// analysis, and only the newest text of a document is ever sent.
import type * as vscode from 'vscode';

export class DebouncedEdits {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: () => number,
    private readonly flush: (doc: vscode.TextDocument) => void,
  ) {}

  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.flush(doc);
      }, this.delayMs()),
    );
  }

  cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
