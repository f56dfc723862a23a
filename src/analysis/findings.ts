// The findings model. It is the `check` JSON contract in ../shared/DESIGN.md, so it is stable:
// fields may be added, never renamed. Nothing here depends on ts-morph, so other front ends
// (a Python one is planned) can produce the same shape.

export type Severity = 'error' | 'warning' | 'info';

export const CATEGORIES = [
  'sync-io',
  'cpu',
  'unbounded-concurrency',
  'sequential-await',
  'floating-promise',
  'worker-lifecycle',
  'serialization',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** How a hot-path entry is reached at run time; it decides the wording of the message. */
export type EntryKind =
  | 'request-handler'
  | 'async-function'
  | 'event-handler'
  | 'timer'
  | 'promise-callback'
  | 'stream-handler'
  | 'custom';

/** One function on the way from a hot-path entry to the flagged line, like a stack frame. */
export interface ChainStep {
  file: string;
  /** 1-based line of the call (or callback registration) that leads to the next step; for the last step, the flagged line. */
  line: number;
  symbol: string;
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  category: Category;
  severity: Severity;
  message: string;
  /** From the hot-path entry to the function holding the flagged code; a single step when the entry holds it. */
  chain: ChainStep[];
  /** What kind of hot-path entry the chain starts at. An extension of the contract. */
  entry?: EntryKind;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Files not analysed, with the reason (binary, too large, minified, unreadable). */
  skipped: SkippedFile[];
  /** Files analysed with a caveat, e.g. a syntax error: the parts that parse were analysed. */
  notes: SkippedFile[];
  stats: { files: number; durationMs: number; lines: number; typeAware: boolean };
}
