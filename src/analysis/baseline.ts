// Baselines: adopting the analyser on an existing codebase. A baseline file lists the findings a team has
// accepted for now; with it, only findings that new code adds are reported. The CLI writes one
// (`check --write-baseline FILE`) and reads it (`--baseline FILE`); the editor reads the same file through the
// `concurrencyLens.baselineFile` setting, in the analysis worker.
//
// A finding is matched by its file (relative to the baseline file's folder, so the baseline works from any
// working directory) and its fingerprint: a hash of the rule, the functions around the flagged code (by name,
// and a callback by its literal first argument, such as a route path) and the flagged code's text without
// whitespace. Lines moved by unrelated edits keep their fingerprint; editing the flagged call itself, or moving
// it to another function, makes it new. Identical code twice in one function
// has one fingerprint: the baseline counts it, and a third copy is reported.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './findings';

export const BASELINE_FORMAT = 'concurrency-lens-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Relative to the baseline file's folder, with `/` separators. */
  file: string;
  rule: string;
  fingerprint: string;
  /** How many findings of this fingerprint the baseline accepts. */
  count: number;
  /** For people reading the file; matching ignores them. */
  line: number;
  message: string;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  /** The tool version that wrote it. */
  tool: string;
  findings: BaselineEntry[];
}

/** What applying a baseline did, for the CLI's summary and the editor's log. */
export interface BaselineSummary {
  file: string;
  /** Findings the baseline accepted and that were therefore left out. */
  matched: number;
  /** Accepted findings no longer found: fixed, or changed enough to count as new. */
  unmatched: number;
  /** Set when the file could not be read or is not a baseline; then nothing was left out. */
  error?: string;
}

export class BaselineError extends Error {}

/** `cwd`: what the findings' `file` is relative to. */
export function createBaseline(findings: readonly Finding[], baselineFile: string, cwd: string, tool: string): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.fingerprint === undefined) continue;
    const file = relativeTo(baselineFile, cwd, f.file);
    const key = `${file}\n${f.fingerprint}`;
    const known = entries.get(key);
    if (known) known.count++;
    else entries.set(key, { file, rule: f.rule, fingerprint: f.fingerprint, count: 1, line: f.line, message: f.message });
  }
  const sorted = [...entries.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, tool, findings: sorted };
}

export function writeBaseline(baseline: Baseline, baselineFile: string): void {
  writeFileSync(baselineFile, JSON.stringify(baseline, null, 2) + '\n');
}

/** Throws BaselineError with a message fit for a user when the text is not a baseline this version reads. */
export function parseBaseline(text: string, baselineFile: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${baselineFile} is not JSON: ${(err as Error).message}`);
  }
  const b = data as Partial<Baseline> | null;
  if (!b || typeof b !== 'object' || b.format !== BASELINE_FORMAT) {
    throw new BaselineError(`${baselineFile} is not a Concurrency Lens baseline (write one with check --write-baseline)`);
  }
  if (b.version !== BASELINE_VERSION) {
    throw new BaselineError(`${baselineFile} is a baseline of format version ${String(b.version)}; this version reads ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(b.findings) || !b.findings.every(isEntry)) {
    throw new BaselineError(`${baselineFile}: "findings" must be a list of { file, rule, fingerprint, count }`);
  }
  return b as Baseline;
}

function isEntry(e: unknown): e is BaselineEntry {
  const x = e as BaselineEntry;
  return typeof x === 'object' && x !== null && typeof x.file === 'string' && typeof x.fingerprint === 'string' &&
    typeof x.rule === 'string' && Number.isInteger(x.count) && x.count > 0;
}

/** Leaves out the findings the baseline accepts, each entry at most `count` times, in file and line order. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  baselineFile: string,
  cwd: string,
): { findings: Finding[]; summary: BaselineSummary } {
  const left = new Map<string, number>();
  for (const e of baseline.findings) {
    const key = `${e.file}\n${e.fingerprint}`;
    left.set(key, (left.get(key) ?? 0) + e.count);
  }
  const kept: Finding[] = [];
  let matched = 0;
  for (const f of findings) {
    const key = f.fingerprint === undefined ? undefined : `${relativeTo(baselineFile, cwd, f.file)}\n${f.fingerprint}`;
    const n = key === undefined ? 0 : (left.get(key) ?? 0);
    if (n > 0) {
      left.set(key!, n - 1);
      matched++;
    } else kept.push(f);
  }
  let unmatched = 0;
  for (const n of left.values()) unmatched += n;
  return { findings: kept, summary: { file: baselineFile, matched, unmatched } };
}

/** Reads a baseline file, re-reading only when it changed on disk (the editor applies it after every edit). */
export class BaselineFile {
  private cached: { mtimeMs: number; size: number; baseline: Baseline } | undefined;

  constructor(readonly file: string) {}

  /** Throws BaselineError when the file is missing, unreadable or not a baseline. */
  load(): Baseline {
    let stat;
    try {
      stat = statSync(this.file);
    } catch {
      throw new BaselineError(`baseline file not found: ${this.file}`);
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.baseline;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      throw new BaselineError(`cannot read the baseline ${this.file}: ${(err as Error).message}`);
    }
    const baseline = parseBaseline(text, this.file);
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, baseline };
    return baseline;
  }
}

function relativeTo(baselineFile: string, cwd: string, file: string): string {
  return path.relative(path.dirname(path.resolve(cwd, baselineFile)), path.resolve(cwd, file)).split(path.sep).join('/');
}
