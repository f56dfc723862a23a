// "Suppress <rule> on this line" for Python: a `# concurrency-lens: disable-next-line RULE` comment above the flagged
// line, indented like it, or the rule added to such a comment already there (the `//` form is ../suppression-edit.ts).
import type { LineEdit } from '../suppression-edit';

const DIRECTIVE = 'concurrency-lens: disable-next-line';
/** A line that holds nothing but a next-line directive: its ids, then an optional ` -- reason`. */
const DIRECTIVE_LINE = /^(\s*)#\s*concurrency-lens(?:-|:\s*)disable-next-line\b([^\n]*)$/;

export function pythonSuppressionEdit(text: string, line: number, rule: string): LineEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) throw new RangeError(`line ${line} is outside the file (1-${lines.length})`);
  const previous = line > 1 ? DIRECTIVE_LINE.exec(lines[line - 2]) : null;
  if (previous) {
    const at = previous[2].indexOf(' -- ');
    const [ids, reason] = at < 0 ? [previous[2], ''] : [previous[2].slice(0, at), previous[2].slice(at)];
    const list = ids.split(/[\s,]+/).filter(Boolean);
    // A bare directive already suppresses every rule; nothing to add.
    if (list.length === 0 || list.includes(rule)) return { line: line - 1, kind: 'replace', text: lines[line - 2] };
    return { line: line - 1, kind: 'replace', text: `${previous[1]}# ${DIRECTIVE} ${[...list, rule].join(', ')}${reason}` };
  }
  const indent = /^\s*/.exec(lines[line - 1])![0];
  return { line, kind: 'insert', text: `${indent}# ${DIRECTIVE} ${rule}${eol}` };
}
