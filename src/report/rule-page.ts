// The pages "Show why" and a rule's code link open in the editor: the shipped docs (docs/rules/<id>.md and
// docs/analysis.md, the `files` of package.json) as a markdown preview renders them, with this finding and its call
// chain at the top of its rule's page. Pure text in, text out, so the extension only serves and shows the result.
//
// Links: the docs are served under their paths below docs/ (rules/x.md, analysis.md), so relative links between them
// resolve as in the repository. A relative link to anything else would be dead in the package and becomes its text.
// Links to the user's code are absolute paths from the workspace folder with a `#L<line>,<column>` fragment, which
// VS Code's markdown preview opens at that position.
import type { ChainStep, Finding } from '../analysis/findings';
import { isRuleId } from '../analysis/rules';
import { chainHops } from './findings-text';

/** What the page needs of a finding; it travels in the page's address, so it stays small. */
export type RulePageFinding = Pick<Finding, 'rule' | 'file' | 'line' | 'column' | 'severity' | 'message' | 'chain' | 'reach'>;

/** The path of a rule's page below docs/: `rules/no-busy-wait.md`. */
export function rulePagePath(rule: string): string {
  return `rules/${rule}.md`;
}

/** Whether a path below docs/ is a page the package ships: the analysis page and one page per rule. */
export function isPackagedDoc(docPath: string): boolean {
  // package.json's `files` ships docs/*.md and the rule pages.
  if (/^[a-z0-9-]+\.md$/.test(docPath)) return true;
  const m = /^rules\/([a-z0-9-]+)\.md$/.exec(docPath);
  return m !== null && isRuleId(m[1]);
}

/**
 * The page as shown: `markdown` is the shipped file at `docPath` (below docs/). Links to pages the package does not
 * ship lose their target; a rule's page gets `finding` at the top when the finding is of that rule.
 */
export function buildDocPage(docPath: string, markdown: string, finding?: RulePageFinding): string {
  const page = rewriteLinks(markdown, docPath);
  if (!finding || docPath !== rulePagePath(finding.rule)) return page;
  const section = findingSection(finding);
  // After the title, so the page still starts with the rule's name.
  const title = /^# .*\n/m.exec(page);
  if (!title) return `${section}\n${page}`;
  const end = title.index + title[0].length;
  return `${page.slice(0, end)}\n${section}\n${page.slice(end)}`;
}

/** "This finding": the severity, place and message, then each link of the chain as "`caller` ([file:line:col](…)) calls `callee`". */
export function findingSection(f: RulePageFinding): string {
  const out = ['## This finding', ''];
  out.push(`**${f.severity}** at ${sourceLink(f.file, f.line, f.column)}: ${escapeMarkdown(f.message)}`, '');
  const hops = chainHops(f.chain);
  if (hops.length > 0) {
    out.push('How a hot path reaches it, from its entry:', '');
    hops.forEach((h, i) => out.push(`${i + 1}. ${code(h.caller)} (${sourceLink(h.file, h.line, h.column)}) ${h.verb} ${code(h.callee)}`));
    out.push('');
  } else if (f.chain.length === 1) {
    out.push(`It is in ${code(f.chain[0].symbol)}, ${f.reach === 'unknown' ? 'which no known entry reaches' : 'the entry itself'}.`, '');
  }
  out.push('---', '');
  return out.join('\n');
}

/** `[src/server.ts:58:16](/src/server.ts#L58,16)`: a link the markdown preview opens at that line and column. */
export function sourceLink(file: string, line: number, column?: number): string {
  const place = column !== undefined ? `${line}:${column}` : `${line}`;
  const target = `/${file.split('/').map(encodeURIComponent).join('/')}#L${line}${column !== undefined ? `,${column}` : ''}`;
  return `[${escapeMarkdown(`${file}:${place}`)}](${target})`;
}

/** The finding as the page address carries it: base64url of its JSON. */
export function encodePageFinding(f: RulePageFinding): string {
  const slim: RulePageFinding = {
    rule: f.rule,
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    message: f.message,
    chain: f.chain.map((s): ChainStep => ({
      file: s.file,
      line: s.line,
      ...(s.column !== undefined && { column: s.column }),
      symbol: s.symbol,
      ...(s.link && { link: s.link }),
    })),
    ...(f.reach && { reach: f.reach }),
  };
  return Buffer.from(JSON.stringify(slim), 'utf8').toString('base64url');
}

/** The finding back from a page address, or undefined when it is not one (an address typed or mangled by hand). */
export function decodePageFinding(text: string): RulePageFinding | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const f = value as Record<string, unknown>;
  const isStep = (s: unknown): s is ChainStep => {
    const step = s as Record<string, unknown>;
    return typeof s === 'object' && s !== null && typeof step.file === 'string' && typeof step.line === 'number' && typeof step.symbol === 'string';
  };
  if (typeof f.rule !== 'string' || typeof f.file !== 'string' || typeof f.line !== 'number' || typeof f.column !== 'number') return undefined;
  if (!['error', 'warning', 'info'].includes(f.severity as string) || typeof f.message !== 'string') return undefined;
  if (!Array.isArray(f.chain) || !f.chain.every(isStep)) return undefined;
  return value as RulePageFinding;
}

/** Rewrites inline links outside code: relative links to pages the package does not ship become their text. */
function rewriteLinks(markdown: string, docPath: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const opener = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fence !== undefined) {
        if (opener && opener[1][0] === fence[0] && opener[1].length >= fence.length) fence = undefined;
        return line;
      }
      if (opener) {
        fence = opener[1];
        return line;
      }
      // Inline code spans are kept as they are; links are rewritten in the text between them.
      const rewrite = (whole: string, bang: string, text: string, target: string): string => (keepsLink(target, docPath) ? whole : bang ? '' : text);
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(INLINE_LINK, rewrite)))
        .join('');
    })
    .join('\n');
}

/** `[text](target)` or `![alt](target)`, with an optional title. */
const INLINE_LINK = /(!?)\[([^\]]*)\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g;

function keepsLink(target: string, docPath: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return true;
  const file = target.split('#')[0];
  return isPackagedDoc(resolveDocPath(docPath, file));
}

/** `../analysis.md` from `rules/x.md` → `analysis.md`; a path that climbs out of docs/ keeps its `..`. */
export function resolveDocPath(from: string, target: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${text}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
