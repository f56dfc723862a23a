// Human-readable `check` output in the shape people know from linters (ESLint's "stylish"): findings grouped
// under their file, columns aligned within a file, the hot-path chain under each finding, then skipped files,
// files analysed with a caveat, and one summary line.
import type { AnalysisResult, ChainLink, ChainStep, Finding, HotCaller, RelatedCode, Severity, SkippedFile } from '../analysis/findings';
import { painter, type Paint, type Style } from './ansi';
import { compareStrings, sortFindings } from './findings-order';

export interface TextFormatOptions {
  /** ANSI colours. The caller decides (TTY and NO_COLOR), so this stays a pure function. */
  color: boolean;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

export function formatFindingsText(result: AnalysisResult, options: TextFormatOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];

  for (const [file, findings] of groupByFile(sortFindings(result.findings))) {
    out.push(paint('underline', file));
    // Widths come from the plain text; colour codes would otherwise count as characters.
    const positions = findings.map((f) => `${f.line}:${f.column}`);
    const posWidth = Math.max(...positions.map((p) => p.length));
    const sevWidth = Math.max(...findings.map((f) => f.severity.length));
    const msgWidth = Math.max(...findings.map((f) => f.message.length));
    findings.forEach((f, i) => {
      const cells = [
        paint('dim', positions[i].padEnd(posWidth)),
        paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(sevWidth)),
        f.message.padEnd(msgWidth),
        paint('dim', f.rule),
      ];
      out.push(`  ${cells.join('  ')}`);
      if (f.chain.length > 0) out.push(paint('dim', `    ${formatChain(f.chain)}`));
      for (const line of formatRelated(f.related ?? [], f.file)) out.push(paint('dim', `    ${line}`));
    });
    out.push('');
  }

  fileList(out, paint, `Skipped ${plural(result.skipped.length, 'file')}:`, result.skipped);
  fileList(out, paint, `Notes on ${plural(result.notes.length, 'file')}:`, result.notes);

  out.push(summaryLine(result.findings, paint));
  out.push(paint('dim', statsLine(result)));
  return out.join('\n') + '\n';
}

/** One link of a chain: a function, the place in it (file, line, column) that leads on, and the function it leads to. */
export interface ChainHop {
  caller: string;
  file: string;
  line: number;
  column: number;
  verb: string;
  callee: string;
}

const VERBS: Record<ChainLink, string> = { call: 'calls', callback: 'passes', nested: 'defines' };

/**
 * The links of a chain, entry first: each names the caller and sits where it calls the next function. The last
 * step is the flagged code, which the finding itself locates, so it starts no link: a one-step chain has none.
 */
export function chainHops(chain: readonly ChainStep[]): ChainHop[] {
  return chain.slice(0, -1).map((s, i) => ({
    caller: s.symbol,
    file: s.file,
    line: s.line,
    column: s.column ?? 1,
    verb: VERBS[s.link ?? 'call'],
    callee: chain[i + 1].symbol,
  }));
}

/** `handler calls readTemplate`: a link without its place, for where the place is shown beside it (an editor). */
export function hopText(hop: ChainHop): string {
  return `${hop.caller} ${hop.verb} ${hop.callee}`;
}

/** Finding.related, one line per kind: `also awaited in this loop, once per item: lines 329, 331`. */
export function formatRelated(related: readonly RelatedCode[], file: string): string[] {
  const byMessage = new Map<string, RelatedCode[]>();
  for (const r of related) byMessage.set(r.message, [...(byMessage.get(r.message) ?? []), r]);
  return [...byMessage].map(([message, at]) => {
    // Lines of the finding's own file by number, code elsewhere by its path.
    const here = at.filter((r) => r.file === file).map((r) => r.line);
    const elsewhere = at.filter((r) => r.file !== file).map((r) => `${r.file}:${r.line}`);
    const lines = here.length === 0 ? [] : [`${here.length === 1 ? 'line' : 'lines'} ${here.join(', ')}`];
    return `${message}: ${[...lines, ...elsewhere].join(', ')}`;
  });
}

/** Another hot call towards the flagged code than the chain's (Finding.callers): `also: POST /u calls Asset.upload`. */
export function callerText(c: HotCaller): string {
  return `also: ${c.symbol} calls ${c.callee}`;
}

/**
 * `via GET /files/:name (src/server.ts:58:16) calls showPage (src/routes/files.ts:27:20) calls readTemplate`: entry
 * first, each place right after the function it is in, where that function calls the next. When the entry holds the
 * flagged code there is no link to show, only the entry: `in GET /files: listFiles`.
 */
export function formatChain(chain: readonly ChainStep[]): string {
  if (chain.length === 0) return '';
  const hops = chainHops(chain);
  if (hops.length === 0) return `in ${chain[0].symbol}`;
  return `via ${hops.map((h, i) => `${i === 0 ? `${h.caller} ` : ''}(${h.file}:${h.line}:${h.column}) ${h.verb} ${h.callee}`).join(' ')}`;
}

/** Skipped files and files analysed with a caveat: a heading, then one `file  reason` line each. */
function fileList(out: string[], paint: Paint, heading: string, entries: readonly SkippedFile[]): void {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => compareStrings(a.file, b.file));
  const width = Math.max(...sorted.map((s) => s.file.length));
  out.push(paint('bold', heading));
  for (const s of sorted) out.push(`  ${s.file.padEnd(width)}  ${paint('dim', s.reason)}`);
  out.push('');
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

function summaryLine(findings: readonly Finding[], paint: Paint): string {
  if (findings.length === 0) return paint('green', '✔ No problems found');
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const text = `✖ ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info)`;
  return paint('bold', paint(errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'cyan', text));
}

function statsLine(result: AnalysisResult): string {
  const { files, durationMs, typeAware } = result.stats;
  // Saying which mode ran matters: with `--types auto` and no tsconfig, some findings need type information.
  const mode = typeAware ? 'with type information' : 'syntax only';
  return `Checked ${plural(files, 'file')} in ${Math.round(durationMs)} ms (${mode}).`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
