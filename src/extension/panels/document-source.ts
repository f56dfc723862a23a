// What the panels draw: the newest profile (LastReport) and the newest saved benchmark result of this
// machine, as one LensDocument. Read fresh (asynchronously, off the shared loop's critical path) every time
// a panel asks, so a bench run from the CLI or another window shows up too. A Python profile is shown with the
// Python benchmarks and a JavaScript one with Node's; with no profile, the newer of the two.
import * as vscode from 'vscode';
import { defaultResultsDir, loadLatestResult } from '../../harness/result-store';
import type { BenchResult } from '../../harness/result-types';
import { lensDocument, type LensDocument } from '../../report/lens-document';
import type { LastReport } from '../last-report';

export class DocumentSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A new profile was saved or a bench run finished: open panels redraw. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly last: LastReport,
    private readonly version: string,
    private readonly benchDir: string = defaultResultsDir(),
  ) {
    this.subscription = last.onDidChange(() => this.changed.fire());
  }

  async bench(): Promise<BenchResult | undefined> {
    const language = this.last.report?.language;
    if (language) return loadLatestResult(this.benchDir, language === 'python' ? 'python' : 'node');
    const [node, python] = await Promise.all([loadLatestResult(this.benchDir, 'node'), loadLatestResult(this.benchDir, 'python')]);
    return !node || (python && python.createdAt > node.createdAt) ? python : node;
  }

  async document(): Promise<LensDocument> {
    await this.last.loaded;
    const bench = await this.bench();
    return lensDocument({ version: this.version, profile: this.last.report, bench, benchSource: bench ? { ranForReport: false } : undefined });
  }

  /** A bench run saved its result. */
  benchSaved(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
