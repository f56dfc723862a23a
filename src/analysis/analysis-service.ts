// The analyser's side of the editor's analysis worker (bundled as dist/workers/analysis-core.js and loaded by
// analysis.worker.ts, which keeps a V8 code cache of it). It keeps one Analyzer per session, so later edits are
// re-analysed incrementally; parsing a workspace never stalls the extension host.
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Analyzer, FOCUS_QUICK_CHARS, FOCUS_QUICK_FILE_CHARS } from './analyzer';
import type { AnalyzerOptions } from './options';
import type { AnalysisResult } from './findings';
import { isPythonFile } from './python/facts';
import { loadPythonParser } from './python/parser';
import { quickFixes, type FixTarget, type QuickFix } from './quick-fixes';
import { setTsLibsLoader } from './ts-libs-lazy';

export type AnalysisRequest =
  /**
   * `focus`: files to answer for first (the editor's open files). The worker then posts `first` messages with
   * their findings from quick passes (Analyzer.analyzeFocus) before the `result` of the whole workspace.
   */
  | { type: 'analyze'; id: number; options: AnalyzerOptions; focus?: string[]; /** The first pass's size budget (Analyzer.analyzeFocus); for measuring. */ focusMaxChars?: number }
  | { type: 'update'; id: number; file: string; text?: string }
  /** Files and folders deleted from disk, forgotten together (Analyzer.removeFiles). */
  | { type: 'remove'; id: number; files: string[] }
  /** Quick fixes for one finding, from the editor's current text: parsing stays off the extension host. */
  | { type: 'fixes'; id: number; file: string; text: string; target: FixTarget };

export type AnalysisResponse =
  /** Once, when the analyser has loaded: `loadMs` since the worker started; how the code cache went. */
  | { type: 'ready'; loadMs: number; codeCache: CodeCacheOutcome }
  /** The focus files' findings of an `analyze` request, ahead of its `result` (once or twice, each from more files); the `result` replaces them. */
  | { type: 'first'; id: number; result: AnalysisResult; focus: string[] }
  | { type: 'result'; id: number; result: AnalysisResult }
  | { type: 'fixes'; id: number; fixes: QuickFix[] }
  | { type: 'error'; id: number; message: string };

/** `off`: no cache folder given; `none`: no cache yet (one is written after the first analysis); `used`; `rejected` (stale: rewritten). */
export type CodeCacheOutcome = 'off' | 'none' | 'used' | 'rejected';

let analyzer: Analyzer | undefined;

/**
 * Loads what a request needs and cannot load synchronously: the Python parser (WebAssembly), for a workspace with
 * Python files or an edit of one. A new analyzer is made here, so that its prepare() finds the files it will analyse.
 */
async function prepare(req: AnalysisRequest): Promise<void> {
  if (req.type === 'analyze') {
    analyzer = new Analyzer(req.options);
    await analyzer.prepare();
  } else if (req.type === 'remove' ? req.files.some(isPythonFile) : isPythonFile(req.file)) {
    // A parser that cannot load leaves the file skipped with a reason (Analyzer.extractPython), not the request failed.
    await loadPythonParser().catch(() => undefined);
  }
}

function handle(req: Exclude<AnalysisRequest, { type: 'fixes' }>): AnalysisResult {
  switch (req.type) {
    case 'analyze': {
      // Made, and prepared, by prepare() just before.
      analyzer ??= new Analyzer(req.options);
      if (req.focus && req.focus.length > 0) {
        // The nearest files first (at most 10), then, when that left some out, up to the full budget: the open file's
        // diagnostics come soonest where its nearest importers hold its entries.
        const post = (result: AnalysisResult): void => parentPort!.postMessage({ type: 'first', id: req.id, result, focus: req.focus! } satisfies AnalysisResponse);
        const quick = analyzer.analyzeFocus(req.focus, FOCUS_QUICK_CHARS, FOCUS_QUICK_FILE_CHARS);
        post(quick);
        if (!quick.complete) post(analyzer.analyzeFocus(req.focus, req.focusMaxChars));
      }
      return analyzer.analyze();
    }
    case 'update':
      if (!analyzer) throw new Error('update before analyze');
      return analyzer.updateFile(req.file, req.text);
    case 'remove':
      if (!analyzer) throw new Error('remove before analyze');
      return analyzer.removeFiles(req.files);
  }
}

/**
 * Called by the loader once this bundle has run: says `ready`, then serves requests. `load` is the loader's way of
 * loading a file beside it (through its code cache), used for TypeScript's lib files when the analyser first needs them.
 * `afterFirstAnalysis` runs once, after the first workspace analysis has been answered (the loader writes the code
 * caches then, when the functions the analysis needed have been compiled and can be cached too).
 */
export function serve(loaded: { loadMs: number; codeCache: CodeCacheOutcome; load?: (file: string) => unknown; afterFirstAnalysis?: () => void }): void {
  const port = parentPort;
  if (!port) return;
  const load = loaded.load;
  if (load) setTsLibsLoader(() => load(path.join(__dirname, 'analysis-ts-libs.js')) as ReturnType<Parameters<typeof setTsLibsLoader>[0]>);
  let after = loaded.afterFirstAnalysis;
  port.postMessage({ type: 'ready', loadMs: loaded.loadMs, codeCache: loaded.codeCache } satisfies AnalysisResponse);
  // Requests are answered one at a time, in order: preparing one may wait (the Python parser loading).
  let queue = Promise.resolve();
  port.on('message', (req: AnalysisRequest) => {
    queue = queue.then(() => answer(req));
  });
  const answer = async (req: AnalysisRequest): Promise<void> => {
    let response: AnalysisResponse;
    try {
      await prepare(req);
      response = req.type === 'fixes' ? { type: 'fixes', id: req.id, fixes: quickFixes(req.text, req.file, req.target) } : { type: 'result', id: req.id, result: handle(req) };
    } catch (err) {
      response = { type: 'error', id: req.id, message: (err as Error).message };
    }
    port.postMessage(response);
    if (after && req.type === 'analyze') {
      const run = after;
      after = undefined;
      // After the answer has gone out, and not in the way of a request already queued.
      setImmediate(run);
    }
  };
}
