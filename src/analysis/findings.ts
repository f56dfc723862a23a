// The findings model. It is the `check` JSON contract in ../shared/DESIGN.md, so it is stable:
// fields may be added, never renamed. Nothing here depends on ts-morph, so other front ends
// (a Python one is planned) can produce the same shape.

import type { BaselineSummary } from './baseline';

export type Severity = 'error' | 'warning' | 'info';

/** The language a finding's file is written in: which front end analysed it. */
export type SourceLanguage = 'javascript' | 'typescript' | 'python';

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

/**
 * How a hot-path entry is reached at run time; it decides the wording of the message. `async-function` is the
 * entry of an "unknown reach" finding: an async function that no known entry reaches.
 */
export type EntryKind =
  | 'request-handler'
  | 'queue-consumer'
  | 'async-function'
  | 'event-handler'
  | 'timer'
  | 'promise-callback'
  | 'stream-handler'
  /** A function an LLM agent runs per tool call: an AI SDK or LangChain tool, an MCP server's tool or request handler. */
  | 'agent-tool'
  /** A VS Code command, event subscription or provider method: it runs on the extension host's one loop. */
  | 'extension-host'
  | 'custom';

/** How one chain step leads to the next. */
export type ChainLink =
  /** It calls the next function (or reads its getter, constructs its class, or hands it to forEach/map/... which call it at once). */
  | 'call'
  /** It hands the next function on to something that runs it later: a promise, a timer, an event, a library. */
  | 'callback'
  /** The next function is written inside it. */
  | 'nested';

/**
 * One function on the way from a hot-path entry to the flagged line, like a stack frame: the function (`symbol`) and
 * the place in it that leads to the next step, so a chain reads "`handler` (server.ts:58) calls `readTemplate`".
 */
export interface ChainStep {
  file: string;
  /** 1-based line of the call (or of the callback handed on) that leads to the next step; for the last step, the flagged line. */
  line: number;
  /**
   * 1-based column of that call expression (or callback); for the last step, the flagged code's column. Always set by
   * this analyser; optional for chains saved by earlier versions. An extension of the contract.
   */
  column?: number;
  symbol: string;
  /** How this step leads to the next one; absent on the last step. An extension of the contract. */
  link?: ChainLink;
}

/**
 * How the flagged code is reached, when it is not plainly hot: `once` is a lazy one-time initialisation on a hot
 * path (`if (!client) client = ...`), `unknown` is code in or below an async function that no known entry
 * reaches. Both come at severity `info`; `check` leaves `unknown` out unless asked (`--unknown-reach`) and the
 * editor shows it as a hint, outside the Problems panel.
 */
export type Reach = 'hot' | 'once' | 'unknown';

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
  /**
   * Other calls on hot paths that lead to the flagged code, which the chain (the shortest path) does not show: each a
   * function (`symbol`) and where in it it calls `callee`, a step towards the flagged code. Nearest first, at most
   * MAX_HOT_CALLERS; absent when there are none. `check` reports a helper's blocking call once, at the call, and these
   * say which other requests and jobs run it. An extension of the contract.
   */
  callers?: HotCaller[];
  /**
   * Other code that the finding is about, each with what it is: the other awaits of a loop reported once (`also
   * awaited in this loop, once per item`), the call in another function that drops a callback's promise. Absent when
   * there is none. An extension of the contract.
   */
  related?: RelatedCode[];
  /** What kind of hot-path entry the chain starts at. An extension of the contract. */
  entry?: EntryKind;
  /** Absent when the code is on a hot path; see Reach. An extension of the contract. */
  reach?: Exclude<Reach, 'hot'>;
  /** The source language of `file`. An extension of the contract. */
  language?: SourceLanguage;
  /**
   * Identifies the finding across edits that move it: a hash of the rule, the functions around the flagged code
   * and that code's text. Baselines match on it (baseline.ts). An extension of the contract.
   */
  fingerprint?: string;
}

/** Code a finding is also about (Finding.related). */
export interface RelatedCode {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A call on a hot path towards a finding's flagged code (Finding.callers). */
export interface HotCaller {
  file: string;
  line: number;
  column: number;
  /** The calling function. */
  symbol: string;
  /** The function it calls there. */
  callee: string;
}

/** At most this many Finding.callers, the nearest ones. */
export const MAX_HOT_CALLERS = 8;

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
  /** Present when a baseline was given: how many findings it left out. */
  baseline?: BaselineSummary;
}
