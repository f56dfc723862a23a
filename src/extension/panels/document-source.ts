// What the panels draw: the newest profile (LastReport) and the newest saved benchmark result of this
// machine, as one LensDocument. Read fresh (asynchronously, off the shared loop's critical path) every time
// a panel asks, so a bench run from the CLI or another window shows up too. Which language's benchmarks: those of
// a run just finished here; else those of the profile's language (a Python profile beside the Python
// benchmarks); with neither, the newer of the two.
import * as vscode from 'vscode';
import { benchLanguageOf, defaultResultsDir, loadLatestResult } from '../../harness/result-store';
import type { BenchLanguage, BenchResult } from '../../harness/result-types';
import { lensDocument, type LensDocument } from '../../report/lens-document';
import type { LastReport } from '../last-report';

export class DocumentSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A new profile was saved or a bench run finished: open panels redraw. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** The language of the bench run finished in this window since the last profile, if any. */
  private justMeasured: BenchLanguage | undefined;

  constructor(
    private readonly last: LastReport,
    private readonly version: string,
    private readonly benchDir: string = defaultResultsDir(),
  ) {
    this.subscription = last.onDidChange(() => {
      this.justMeasured = undefined;
      this.changed.fire();
    });
  }

  async bench(): Promise<BenchResult | undefined> {
    const profiled = this.last.report?.language;
    const language = this.justMeasured ?? (profiled ? benchLanguageOf(profiled) : undefined);
    if (language) return loadLatestResult(this.benchDir, language);
    const [node, python] = await Promise.all([loadLatestResult(this.benchDir, 'node'), loadLatestResult(this.benchDir, 'python')]);
    return !node || (python && python.createdAt > node.createdAt) ? python : node;
  }

  async document(): Promise<LensDocument> {
    await this.last.loaded;
    const bench = await this.bench();
    return lensDocument({ version: this.version, profile: this.last.report, bench, benchSource: bench ? { ranForReport: false } : undefined });
  }

  /** A bench run saved its result. */
  benchSaved(language: BenchLanguage): void {
    this.justMeasured = language;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
