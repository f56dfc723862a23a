// Talks to the analysis worker: one request at a time per id, cancellable by terminating the worker
// (a new one is started on the next request, since the analyser's state lives in the worker).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisRequest, AnalysisResponse } from '../analysis/analysis.worker';
import type { AnalysisResult, AnalyzerOptions } from '../analysis';
import type { FixTarget, QuickFix } from '../analysis/quick-fixes';

type Pending = { resolve: (r: AnalysisResult | QuickFix[]) => void; reject: (e: Error) => void };

export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private analyzed = false;

  constructor(private readonly workerPath: string = path.join(__dirname, 'workers', 'analysis-worker.js')) {}

  analyze(options: AnalyzerOptions): Promise<AnalysisResult> {
    this.analyzed = true;
    return this.send({ type: 'analyze', id: this.nextId++, options }) as Promise<AnalysisResult>;
  }

  /** Quick fixes for one finding in the given text; the worker parses it, the extension host does not. */
  fixes(file: string, text: string, target: FixTarget): Promise<QuickFix[]> {
    return this.send({ type: 'fixes', id: this.nextId++, file, text, target }) as Promise<QuickFix[]>;
  }

  /** Re-analyses one file; needs a prior analyze() in the same worker. */
  update(file: string, text?: string): Promise<AnalysisResult> | undefined {
    if (!this.analyzed || !this.worker) return undefined;
    return this.send({ type: 'update', id: this.nextId++, file, text }) as Promise<AnalysisResult>;
  }

  /** Stops whatever the worker is doing; pending requests fail with `cancelled`. */
  cancel(): void {
    const w = this.worker;
    this.worker = undefined;
    this.analyzed = false;
    for (const p of this.pending.values()) p.reject(new Error('cancelled'));
    this.pending.clear();
    void w?.terminate();
  }

  dispose(): void {
    this.cancel();
  }

  private send(req: AnalysisRequest): Promise<AnalysisResult | QuickFix[]> {
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      worker.postMessage(req);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    w.on('message', (res: AnalysisResponse) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if (res.type === 'result') p.resolve(res.result);
      else if (res.type === 'fixes') p.resolve(res.fixes);
      else p.reject(new Error(res.message));
    });
    w.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (this.worker === w) this.worker = undefined;
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }
}
