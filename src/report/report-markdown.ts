// The report as GitHub-flavoured Markdown, short enough for a pull-request comment: the verdict, the
// decision path, the lines to change, the top hotspots, the static findings by rule, the benchmark
// figures the verdict leans on, and the caveats. The HTML export carries the rest. Rows and figures come
// from the panels' own view models and formatter, so a number reads the same in both.
import type { BenchResult } from '../harness/result-types';
import type { LensDocument } from './lens-document';
import type { ProfileReport } from './profile-report';
import { machineLine } from './views/bench-view';
import { formatValue } from './views/format';
import { closestCallText, hotspotRow, scopeWords, staticFindings, verdictView } from './views/profile-view';

export interface MarkdownOptions {
  /** The HTML report's file name, to point the reader at the charts. */
  htmlFile?: string;
  /** How many hotspots the table shows (default 5). */
  hotspots?: number;
}

const LINES_TO_CHANGE = 5;
const NOTES = 4;

export function renderReportMarkdown(doc: LensDocument, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  if (doc.profile) out.push(...profileSection(doc.profile, options.hotspots ?? 5));
  else out.push('## Concurrency Lens: benchmarks of this machine', '');
  if (doc.bench) out.push(...benchSection(doc.bench, doc.benchSource));
  const notes = doc.profile?.notes ?? [];
  if (notes.length > 0) {
    out.push('### Notes', '', ...notes.slice(0, NOTES).map((n) => `- ${text(n)}`));
    if (notes.length > NOTES) out.push(`- …and ${notes.length - NOTES} more in the full report`);
    out.push('');
  }
  const where = options.htmlFile ? ` · charts and the decision tree: ${code(options.htmlFile)}` : '';
  out.push(`<sub>Concurrency Lens ${text(doc.version)} · ${text(doc.createdAt)}${where}</sub>`);
  return `${out.join('\n')}\n`;
}

function profileSection(p: ProfileReport, hotspots: number): string[] {
  const r = p.recommendation;
  const m = p.metrics;
  const verdict = verdictView(p);
  const closest = closestCallText(verdict);
  const out = [
    `## Concurrency Lens: ${verdict.headline}${closest ? ` (${closest})` : ''}`,
    '',
    `**${text(r.title)}**${r.alreadyRight ? ' (already right)' : ''}`,
    '',
    text(r.summary),
    '',
    `${code(p.command.join(' '))}: ${ms(m.wallMs)} wall, ${ms(m.cpuMs)} CPU, main thread busy ${percent(m.elu)}, loop delay p99 ${ms(m.eventLoopDelayMs.p99)}, ${runOutcome(p.run)}`,
    '',
    '### Decision path',
    '',
    ...r.path.map((s, i) => `${i + 1}. ${text(s.question)} → **${text(s.answer)}**: ${text(s.evidence)}`),
    '',
  ];
  if (r.lines.length > 0) {
    out.push('### Lines to change', '', '| line | function | why |', '| --- | --- | --- |');
    for (const l of r.lines.slice(0, LINES_TO_CHANGE)) out.push(row([code(`${l.file}:${l.line}`), l.function ? code(l.function) : '', text(l.why)]));
    out.push('');
  }
  if (p.hotspots.length > 0) {
    out.push(`### Top ${Math.min(hotspots, p.hotspots.length)} hotspots`, '', '| function | line | self | of the run | in stalls | flagged by |', '| --- | --- | ---: | ---: | ---: | --- |');
    for (const h of p.hotspots.slice(0, hotspots).map((x) => hotspotRow(x, m.wallMs))) {
      const whose = h.process === 'child' ? ' (child process)' : h.process === 'other' ? ' (another process, not the workload)' : '';
      out.push(row([`${code(h.function)}${whose}`, code(`${h.file}:${h.line}`), ms(h.selfMs), formatValue(h.shareOfWall, 'share'), ms(h.blockedMs), h.staticRule ? code(h.staticRule) : '']));
    }
    out.push('');
  }
  out.push('### Static findings', '', staticLine(p), '');
  return out;
}

function runOutcome(run: ProfileReport['run']): string {
  if (run.stoppedBy === 'interrupt') return 'interrupted';
  if (run.error) return `failed: ${text(run.error)}`;
  return `exit ${run.exitCode ?? run.signal ?? 'unknown'}`;
}

/** As the profile panel counts them: the findings in the files the workload loads (else its folder), then how many are elsewhere. */
function staticLine(p: ProfileReport): string {
  const sa = p.staticAnalysis;
  if (sa === undefined) return 'Not run (`--no-static`).';
  if ('error' in sa) return `Skipped: ${text(sa.error)}`;
  const { staticFindings: inside, staticScope } = staticFindings(p);
  const where = staticScope.script !== undefined ? ` in ${scopeWords(staticScope)}` : staticScope.folder === '.' ? '' : ` in ${code(`${staticScope.folder}/`)}`;
  const elsewhere = staticScope.elsewhere > 0 ? ` ${staticScope.elsewhere} more elsewhere in the workspace.` : '';
  if (inside.length === 0) return `None${where} (${sa.files} files analysed).${elsewhere}`;
  const byRule = new Map<string, number>();
  for (const f of inside) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([rule, n]) => `${code(rule)} × ${n}`);
  const confirmed = inside.filter((f) => f.runtimeMs !== undefined).length;
  return `${inside.length}${where}: ${rules.join(', ')}${confirmed > 0 ? `; ${confirmed} confirmed by the profile` : ''}.${elsewhere}`;
}

function benchSection(b: BenchResult, source: LensDocument['benchSource']): string[] {
  const from = source?.ranForReport ? 'run for this report' : `saved ${b.createdAt.slice(0, 10)}`;
  const out = [`### Benchmarks on this machine (${b.quick ? 'quick, ' : ''}${from})`, '', `${text(machineLine(b))}`, ''];
  const cpu = b.cpu?.workloads.find((w) => w.workload === 'tokenize') ?? b.cpu?.workloads[0];
  const two = cpu?.pools.find((p) => p.pool === 'worker-threads' && p.workers === 2);
  if (cpu && two) out.push(`- 2 worker threads: ${formatValue(two.speedup, 'speedup')} the main thread's speed on ${cpu.workload} (started in ${ms(two.startMs)})`);
  const s = b.serialization;
  if (s && s.crossovers.length > 0) {
    out.push(`- Structured clone costs more than the work it feeds above ${s.crossovers.map((c) => `${formatValue(c.sizeBytes, 'bytes')} for ${ms(c.computeMs)}`).join(', ')} of computation`);
  }
  const h = b.hybrid;
  if (h && h.points.length > 0) out.push(`- RAG pipeline, ${h.queries} queries: ${h.points.map((p) => `${formatValue(p.queriesPerSecond, 'qps')} ${p.mode}`).join(', ')}`);
  if (out.length === 4) out.push('- No CPU, serialisation or hybrid figures in this result.');
  out.push('');
  return out;
}

const ms = (value: number): string => formatValue(value, 'ms');
const percent = (fraction: number): string => formatValue(fraction, 'share');

/**
 * Free text on one line, with nothing GitHub would take for markup: a `<` that could open a tag or a
 * comment, an `&` that could start an entity, brackets that could make a link or an image (GitHub
 * fetches images), an `@` that would notify someone, a `#` that would link an issue. The text includes
 * what the workload printed and names from its code. Backslash escapes render as the plain character;
 * a bracket alone makes no link (there are no reference definitions), so comparisons such as `[< 10%]`
 * stay as they are.
 */
function text(s: string): string {
  return s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .replace(/\](?=[([])/g, ']\\')
    .replace(/!(?=\[)/g, '\\!')
    .replace(/@(?=\w)/g, '\\@')
    .replace(/#(?=\d)/g, '\\#');
}

/** A code span that holds any text: fenced with one backtick more than the longest run inside it. */
export function code(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table row; a `|` inside a cell, code spans included, is escaped so it does not split the cell. */
function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}
