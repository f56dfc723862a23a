// The lines a function spans in its source file, for placing a CPU profile's hot line. V8 charges the line
// ticks of code it inlined to the function it was inlined into, with the inlined function's line numbers (of
// another file, even): a `main` defined at line 20 of a 41-line file reported line 63, which is `encodeWord`
// in tokenizer.js. A hot line outside its function's span is such a line and must not be shown there.
// TypeScript parses the file (JavaScript too): it is the analyser's own parser, loaded on first use only.
import * as fs from 'node:fs';
import type { ts as TS } from 'ts-morph';

export interface LineSpan {
  first: number;
  last: number;
}

/** Larger files (bundles, generated code) are not parsed: only the file's line count bounds them. */
const MAX_PARSED_BYTES = 2 * 1024 * 1024;

interface ParsedFile {
  lineCount: number;
  /** Function-like nodes as [start, end) offsets with their 1-based lines; absent when not parsed. */
  functions?: { start: number; end: number; first: number; last: number }[];
  offsetOf?: (line: number, column: number) => number | undefined;
}

let typescript: typeof TS | undefined;
// Required here, not imported: the profile worker loads TypeScript only when a report places hot lines.
const loadTs = (): typeof TS => (typescript ??= (require('ts-morph') as { ts: typeof TS }).ts);

function scriptKind(ts: typeof TS, file: string): TS.ScriptKind {
  if (/\.tsx$/i.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(file)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(file)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

function parse(file: string): ParsedFile | null {
  let text: string;
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- once per source file of a report, in the CLI or the profile worker, never on the extension host
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const lineCount = text.split('\n').length;
  if (text.length > MAX_PARSED_BYTES) return { lineCount };
  const ts = loadTs();
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(ts, file));
  const functions: NonNullable<ParsedFile['functions']> = [];
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = node.getStart(sf);
      functions.push({ start, end: node.end, first: lineOf(start), last: lineOf(node.end) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const starts = sf.getLineStarts();
  const offsetOf = (line: number, column: number): number | undefined => (line >= 1 && line <= starts.length ? starts[line - 1] + column - 1 : undefined);
  return { lineCount, functions, offsetOf };
}

export class FunctionRanges {
  private readonly files = new Map<string, ParsedFile | null>();

  private fileOf(file: string): ParsedFile | null {
    let parsed = this.files.get(file);
    if (parsed === undefined) {
      parsed = parse(file);
      this.files.set(file, parsed);
    }
    return parsed;
  }

  /**
   * The lines of the innermost function whose source contains `line:column` (1-based) of `file`, the whole file
   * for a module's top level; undefined when the file cannot be read. Unparsed files give the whole file.
   */
  spanAt(file: string, line: number, column: number): LineSpan | undefined {
    const parsed = this.fileOf(file);
    if (!parsed) return undefined;
    const whole = { first: 1, last: parsed.lineCount };
    const offset = parsed.offsetOf?.(line, column);
    if (offset === undefined || !parsed.functions) return whole;
    let inner: LineSpan | undefined;
    let innerSize = Infinity;
    for (const f of parsed.functions) {
      if (f.start <= offset && offset < f.end && f.end - f.start < innerSize) {
        inner = { first: f.first, last: f.last };
        innerSize = f.end - f.start;
      }
    }
    return inner ?? whole;
  }
}
