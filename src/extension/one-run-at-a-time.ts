// Profiling and benchmarking measure the machine, so two of them at once (a double click, a button in a
// second panel) would distort both, and a distorted bench result would become the machine's thresholds.
// One run at a time; a second request is told what is running instead of queueing silently.
import * as vscode from 'vscode';

export class OneRunAtATime {
  private running: string | undefined;

  /** Runs `job` unless another run is going on; then says which and resolves with undefined. */
  async run<T>(what: string, job: () => Promise<T>): Promise<T | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage(`Concurrency Lens: ${this.running} is still running. Wait for it, or cancel it from its notification.`);
      return undefined;
    }
    this.running = what;
    try {
      return await job();
    } finally {
      this.running = undefined;
    }
  }
}
