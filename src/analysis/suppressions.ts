// Inline suppression comments:
//   // concurrency-lens-disable-next-line [rule, rule...]
//   someCall(); // concurrency-lens-disable-line [rule...]
//   # concurrency-lens: disable-next-line [rule...]
// Without rule ids, every rule is suppressed on that line. ` -- reason` may follow the ids; words that
// are not rule ids count as a reason too.

import { isRuleId } from './rules';

export type Suppressions = Map<number, Set<string> | 'all'>;

// Python writes them as `# concurrency-lens: disable-next-line RULE -- reason` (the colon form, as Python tools
// write their directives); either spelling works in either language.
const PATTERN = /concurrency-lens(?:-|:[ \t]*)disable-(next-line|line)\b([^\n\r*]*)/g;

export function collectSuppressions(text: string): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('concurrency-lens')) return out;
  for (const m of text.matchAll(PATTERN)) {
    const line = lineAt(text, m.index ?? 0) + (m[1] === 'next-line' ? 1 : 0);
    // Text after ` -- ` is an explanation, as in eslint directives.
    const words = m[2].split(' -- ')[0].split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const ids = words.filter(isRuleId);
    const prev = out.get(line);
    if (ids.length === 0 || prev === 'all') out.set(line, 'all');
    else out.set(line, new Set([...(prev ?? []), ...ids]));
  }
  return out;
}

export function isSuppressed(s: Suppressions, line: number, rule: string): boolean {
  const entry = s.get(line);
  return entry === 'all' || (entry !== undefined && entry.has(rule));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
