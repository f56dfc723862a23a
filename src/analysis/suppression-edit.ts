// The text edit behind "Suppress <rule> on this line": a `concurrency-lens-disable-next-line` comment above
// the flagged line, indented like it, or the rule added to such a comment that is already there. Pure, so
// the editor's code action and its tests produce the same text.

export interface LineEdit {
  /** 1-based line of the text the edit applies to. */
  line: number;
  /** `insert`: new line(s) before `line`; `replace`: `line`'s content (without its line break) becomes `text`. */
  kind: 'insert' | 'replace';
  /** For `insert`, ends with the file's own line break. */
  text: string;
}

const DIRECTIVE = 'concurrency-lens-disable-next-line';
/** A line that holds nothing but a next-line directive: its ids, then an optional ` -- reason`. */
const DIRECTIVE_LINE = /^(\s*)\/\/\s*concurrency-lens-disable-next-line\b([^\n]*)$/;

export function suppressionEdit(text: string, line: number, rule: string): LineEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) throw new RangeError(`line ${line} is outside the file (1-${lines.length})`);
  const previous = line > 1 ? DIRECTIVE_LINE.exec(lines[line - 2]) : null;
  if (previous) {
    const [ids, reason] = splitReason(previous[2]);
    const list = ids.split(/[\s,]+/).filter(Boolean);
    // A bare directive already suppresses every rule; nothing to add.
    if (list.length === 0 || list.includes(rule)) return { line: line - 1, kind: 'replace', text: lines[line - 2] };
    return { line: line - 1, kind: 'replace', text: `${previous[1]}// ${DIRECTIVE} ${[...list, rule].join(', ')}${reason}` };
  }
  const indent = /^\s*/.exec(lines[line - 1])![0];
  return { line, kind: 'insert', text: `${indent}// ${DIRECTIVE} ${rule}${eol}` };
}

function splitReason(rest: string): [string, string] {
  const at = rest.indexOf(' -- ');
  return at < 0 ? [rest, ''] : [rest.slice(0, at), rest.slice(at)];
}

/** The edit applied to the text, for callers without an editor (tests, a CLI fixer). */
export function applyLineEdit(text: string, edit: LineEdit): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (edit.kind === 'replace') lines[edit.line - 1] = edit.text;
  else lines.splice(edit.line - 1, 0, edit.text.slice(0, edit.text.length - eol.length));
  return lines.join(eol);
}
