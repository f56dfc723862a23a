// The `check --format json` document. Its shape is a contract (shared DESIGN.md): extend it, never rename.
import type { AnalysisResult, Finding, SkippedFile } from '../analysis/findings';
import { compareStrings, sortFindings } from './findings-order';

export interface CheckJson {
  tool: 'concurrency-lens';
  version: string;
  findings: Finding[];
  stats: AnalysisResult['stats'];
  skipped: SkippedFile[];
  /** An extension of the contract: files analysed with a caveat (e.g. a syntax error). */
  notes: SkippedFile[];
  /** An extension of the contract, present with `--baseline`: how many findings the baseline left out. */
  baseline?: { file: string; matched: number; unmatched: number };
}

export function buildCheckJson(result: AnalysisResult, version: string): CheckJson {
  return {
    tool: 'concurrency-lens',
    version,
    findings: sortFindings(result.findings),
    stats: result.stats,
    skipped: byFile(result.skipped),
    notes: byFile(result.notes),
    ...(result.baseline && { baseline: { file: result.baseline.file, matched: result.baseline.matched, unmatched: result.baseline.unmatched } }),
  };
}

export function formatCheckJson(result: AnalysisResult, version: string): string {
  return JSON.stringify(buildCheckJson(result, version), null, 2) + '\n';
}

function byFile(entries: readonly SkippedFile[]): SkippedFile[] {
  return [...entries].sort((a, b) => compareStrings(a.file, b.file));
}
