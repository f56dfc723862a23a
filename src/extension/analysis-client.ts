// Talks to the analysis worker: one request at a time per id, cancellable by terminating the worker
// (a new one is started on the next request, since the analyser's state lives in the worker).
//
// Start-up order (docs/analysis.md, "Start-up order"): start() loads the worker before anything asks for it, so
// loading TypeScript overlaps the rest of activation. Requests made before the worker has loaded wait in order
// and go out when it says `ready`; an analyze request's focus files (the open editors) are read only then, so
// editors VS Code restores while the worker loads are among them.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisRequest, AnalysisResponse, CodeCacheOutcome } from '../analysis/analysis-service';
import type { AnalysisResult, AnalyzerOptions } from '../analysis';
import type { FixTarget, QuickFix } from '../analysis/quick-fixes';

type Pending = {
  resolve: (r: AnalysisResult | QuickFix[]) => void;
  reject: (e: Error) => void;
  first?: (result: AnalysisResult, focus: string[]) => void;
};

/** How the worker started: ms from `new Worker` to its `ready`, of which `loadMs` loading the analyser. */
export interface WorkerLoaded {
  readyMs: number;
  loadMs: number;
  codeCache: CodeCacheOutcome;
}

export interface AnalysisClientOptions {
  /** A folder of the user's for the V8 code cache of the analyser (analysis.worker.ts); none: no cache. */
  codeCacheDir?: string;
}

/** What to answer for first, and where the answer goes (see AnalysisRequest). */
export interface FirstPass {
  /** Read when the request goes out to the worker, not when analyze() is called. */
  focus: () => string[];
  onFirst: (result: AnalysisResult, focus: string[]) => void;
}

export class AnalysisClient {
  private worker: Worker | undefined;
  private ready = false;
  private startedAt = 0;
  /** Requests made before the current worker said `ready`, in order. */
  private queued: Array<() => AnalysisRequest> = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private analyzed = false;
  /** How the current worker loaded, once it has. */
  loaded: WorkerLoaded | undefined;
  /** Told when a worker has loaded (the first, and any started after a cancel). */
  onLoaded: ((loaded: WorkerLoaded) => void) | undefined;

  constructor(
    private readonly workerPath: string = path.join(__dirname, 'workers', 'analysis-worker.js'),
    private readonly options: AnalysisClientOptions = {},
  ) {}

  /** Starts loading the worker now, if it is not running; an idle worker does not keep the process alive. */
  start(): void {
    this.ensureWorker();
  }

  /**
   * Analyses the workspace. With `first`, the worker first answers for the focus files from quick passes
   * (Analyzer.analyzeFocus; one or two, each from more files), passed to `first.onFirst`, then resolves with the
   * whole workspace's result.
   */
  analyze(options: AnalyzerOptions, first?: FirstPass): Promise<AnalysisResult> {
    this.analyzed = true;
    const id = this.nextId++;
    return this.send(id, () => ({ type: 'analyze', id, options, ...(first && { focus: first.focus() }) }), first?.onFirst) as Promise<AnalysisResult>;
  }

  /** Quick fixes for one finding in the given text; the worker parses it, the extension host does not. */
  fixes(file: string, text: string, target: FixTarget): Promise<QuickFix[]> {
    const id = this.nextId++;
    return this.send(id, () => ({ type: 'fixes', id, file, text, target })) as Promise<QuickFix[]>;
  }

  /** Re-analyses one file; needs a prior analyze() in the same worker. */
  update(file: string, text?: string): Promise<AnalysisResult> | undefined {
    if (!this.analyzed || !this.worker) return undefined;
    const id = this.nextId++;
    return this.send(id, () => ({ type: 'update', id, file, text })) as Promise<AnalysisResult>;
  }

  /** Forgets files and folders deleted from disk (their findings go), in one request; needs a prior analyze() in the same worker. */
  remove(files: string[]): Promise<AnalysisResult> | undefined {
    if (!this.analyzed || !this.worker) return undefined;
    const id = this.nextId++;
    return this.send(id, () => ({ type: 'remove', id, files })) as Promise<AnalysisResult>;
  }

  /** Stops whatever the worker is doing; pending requests fail with `cancelled`. */
  cancel(): void {
    const w = this.worker;
    this.worker = undefined;
    this.ready = false;
    this.queued = [];
    this.analyzed = false;
    for (const p of this.pending.values()) p.reject(new Error('cancelled'));
    this.pending.clear();
    void w?.terminate();
  }

  dispose(): void {
    this.cancel();
  }

  private send(id: number, request: () => AnalysisRequest, first?: Pending['first']): Promise<AnalysisResult | QuickFix[]> {
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, first });
      worker.ref();
      if (this.ready) worker.postMessage(request());
      else this.queued.push(request);
    });
  }

  private settled(w: Worker): void {
    if (this.pending.size === 0) w.unref();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.startedAt = performance.now();
    this.ready = false;
    this.loaded = undefined;
    this.queued = [];
    const w = new Worker(this.workerPath, { workerData: { codeCacheDir: this.options.codeCacheDir } });
    w.on('message', (res: AnalysisResponse) => {
      if (this.worker !== w) return;
      if (res.type === 'ready') {
        this.ready = true;
        this.loaded = { readyMs: performance.now() - this.startedAt, loadMs: res.loadMs, codeCache: res.codeCache };
        this.onLoaded?.(this.loaded);
        const queued = this.queued;
        this.queued = [];
        for (const request of queued) w.postMessage(request());
        return;
      }
      const p = this.pending.get(res.id);
      if (!p) return;
      if (res.type === 'first') {
        p.first?.(res.result, res.focus);
        return;
      }
      this.pending.delete(res.id);
      this.settled(w);
      if (res.type === 'result') p.resolve(res.result);
      else if (res.type === 'fixes') p.resolve(res.fixes);
      else p.reject(new Error(res.message));
    });
    w.on('error', (err) => {
      if (this.worker !== w) return;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.queued = [];
      this.worker = undefined;
      this.ready = false;
    });
    w.on('exit', () => {
      if (this.worker === w) {
        this.worker = undefined;
        this.ready = false;
        for (const p of this.pending.values()) p.reject(new Error('the analysis worker stopped'));
        this.pending.clear();
        this.queued = [];
      }
    });
    w.unref();
    this.worker = w;
    return w;
  }
}
