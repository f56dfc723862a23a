// Runs the analyser inside a worker_threads worker, so that parsing a workspace never stalls the
// extension host. It keeps one Analyzer per session, so later edits are re-analysed incrementally.
import { parentPort } from 'node:worker_threads';
import { Analyzer } from './analyzer';
import type { AnalyzerOptions } from './options';
import type { AnalysisResult } from './findings';
import { quickFixes, type FixTarget, type QuickFix } from './quick-fixes';

export type AnalysisRequest =
  | { type: 'analyze'; id: number; options: AnalyzerOptions }
  | { type: 'update'; id: number; file: string; text?: string }
  | { type: 'remove'; id: number; file: string }
  /** Quick fixes for one finding, from the editor's current text: parsing stays off the extension host. */
  | { type: 'fixes'; id: number; file: string; text: string; target: FixTarget };

export type AnalysisResponse =
  | { type: 'result'; id: number; result: AnalysisResult }
  | { type: 'fixes'; id: number; fixes: QuickFix[] }
  | { type: 'error'; id: number; message: string };

let analyzer: Analyzer | undefined;

function handle(req: Exclude<AnalysisRequest, { type: 'fixes' }>): AnalysisResult {
  switch (req.type) {
    case 'analyze':
      analyzer = new Analyzer(req.options);
      return analyzer.analyze();
    case 'update':
      if (!analyzer) throw new Error('update before analyze');
      return analyzer.updateFile(req.file, req.text);
    case 'remove':
      if (!analyzer) throw new Error('remove before analyze');
      return analyzer.removeFile(req.file);
  }
}

parentPort?.on('message', (req: AnalysisRequest) => {
  let response: AnalysisResponse;
  try {
    response = req.type === 'fixes' ? { type: 'fixes', id: req.id, fixes: quickFixes(req.text, req.file, req.target) } : { type: 'result', id: req.id, result: handle(req) };
  } catch (err) {
    response = { type: 'error', id: req.id, message: (err as Error).message };
  }
  parentPort!.postMessage(response);
});
