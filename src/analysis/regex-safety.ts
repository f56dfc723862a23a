// Decides whether a regular expression can backtrack super-linearly. It parses the pattern into a small
// tree and looks for the three shapes that cause it in a backtracking engine such as V8's Irregexp:
//   1. a repeated group whose body can end in an unbounded repeat of characters that can also start the
//      next iteration, e.g. (a+)+ or (\w+\s?)+   → exponential;
//   2. a repeated alternation whose branches can start with the same character, e.g. (a|ab)*  → exponential;
//   3. two unbounded repeats of overlapping characters separated only by optional parts, e.g. \d+\d+ or
//      \s*x?\s*  → polynomial;
// plus backreferences, which no engine can match in linear time.
// Character sets are approximated over ASCII plus one bucket for everything else, which is precise
// enough to tell \d from \s and strict enough not to miss overlaps.

const SIZE = 129; // 0..127 ASCII, 128 = any non-ASCII code point
type CharSet = Uint8Array;

type RNode =
  | { t: 'chars'; set: CharSet }
  | { t: 'seq'; items: RNode[] }
  | { t: 'alt'; branches: RNode[] }
  | { t: 'group'; body: RNode }
  | { t: 'repeat'; body: RNode; min: number; max: number }
  /** Anchors, \b, lookarounds' zero width. `atEnd`: `$` without the m flag, which matches only at the end of input. */
  | { t: 'empty'; atEnd?: boolean }
  /** `\1` or `\k<name>`: the capturing group it repeats, by number or name. */
  | { t: 'backref'; ref: number | string };

export interface RegexRisk {
  kind: 'nested-quantifier' | 'overlapping-alternation' | 'adjacent-quantifiers' | 'backreference';
  /** Human wording for messages. */
  description: string;
}

function emptySet(): CharSet { return new Uint8Array(SIZE); }
function fullSet(): CharSet { return new Uint8Array(SIZE).fill(1); }
function setOf(...codes: number[]): CharSet { const s = emptySet(); for (const c of codes) s[c < 128 ? c : 128] = 1; return s; }
function union(a: CharSet, b: CharSet): CharSet { const s = emptySet(); for (let i = 0; i < SIZE; i++) s[i] = a[i] | b[i]; return s; }
function overlaps(a: CharSet, b: CharSet): boolean { for (let i = 0; i < SIZE; i++) if (a[i] && b[i]) return true; return false; }
function negate(a: CharSet): CharSet { const s = emptySet(); for (let i = 0; i < SIZE; i++) s[i] = a[i] ? 0 : 1; s[128] = 1; return s; }
function range(from: number, to: number): CharSet { const s = emptySet(); for (let c = from; c <= to; c++) s[c < 128 ? c : 128] = 1; return s; }

const DIGIT = range(48, 57);
const WORD = union(union(union(range(48, 57), range(65, 90)), range(97, 122)), setOf(95));
const SPACE = union(setOf(32, 9, 10, 11, 12, 13), setOf(0xa0));
const DOT = (() => { const s = fullSet(); s[10] = 0; s[13] = 0; return s; })();

function withCase(s: CharSet): CharSet {
  const r = s.slice();
  for (let c = 65; c <= 90; c++) if (s[c] || s[c + 32]) { r[c] = 1; r[c + 32] = 1; }
  return r;
}

class Parser {
  private i = 0;
  /** Capturing groups in the order their `(` appears (group 1 first), and named ones by name. */
  readonly captures: RNode[] = [];
  readonly names = new Map<string, RNode>();
  constructor(private readonly src: string, private readonly ignoreCase: boolean, private readonly multiline = false) {}

  parse(): RNode {
    const node = this.alt();
    return node;
  }

  private peek(): string { return this.src[this.i]; }
  private eof(): boolean { return this.i >= this.src.length; }

  private alt(): RNode {
    const branches = [this.seq()];
    while (!this.eof() && this.peek() === '|') { this.i++; branches.push(this.seq()); }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches };
  }

  private seq(): RNode {
    const items: RNode[] = [];
    while (!this.eof() && this.peek() !== '|' && this.peek() !== ')') {
      let atom = this.atom();
      atom = this.quantifier(atom);
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  private quantifier(atom: RNode): RNode {
    if (this.eof()) return atom;
    const c = this.peek();
    let min = -1, max = -1;
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else return atom;
    if (!this.eof() && this.peek() === '?') this.i++; // lazy: same backtracking space
    return this.quantifier({ t: 'repeat', body: atom, min, max });
  }

  private atom(): RNode {
    const c = this.src[this.i++];
    switch (c) {
      case '^': return { t: 'empty' };
      case '$': return this.multiline ? { t: 'empty' } : { t: 'empty', atEnd: true };
      case '.': return { t: 'chars', set: DOT };
      case '(': {
        let lookaround = false;
        let capturing = true;
        let name: string | undefined;
        if (this.src.startsWith('?:', this.i)) { this.i += 2; capturing = false; }
        else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) { this.i += 2; lookaround = true; }
        else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) { this.i += 3; lookaround = true; }
        else if (this.src.startsWith('?<', this.i)) {
          const close = this.src.indexOf('>', this.i);
          name = this.src.slice(this.i + 2, close < 0 ? this.src.length : close);
          this.i = close < 0 ? this.src.length : close + 1;
        }
        // Numbered by where the group opens, so a group's number comes before those of the groups inside it.
        const index = capturing && !lookaround ? this.captures.push({ t: 'empty' }) - 1 : -1;
        const body = this.alt();
        if (!this.eof() && this.peek() === ')') this.i++;
        if (lookaround) return { t: 'empty' };
        const group: RNode = { t: 'group', body };
        if (index >= 0) this.captures[index] = group;
        if (name !== undefined) this.names.set(name, group);
        return group;
      }
      case '[': return { t: 'chars', set: this.maybeCase(this.charClass()) };
      case '\\': return this.escape(false) as RNode;
      default: return { t: 'chars', set: this.maybeCase(setOf(c.codePointAt(0) ?? 0)) };
    }
  }

  private maybeCase(s: CharSet): CharSet { return this.ignoreCase ? withCase(s) : s; }

  /** Parses after a backslash. In a class, returns a set; outside, a node. */
  private escape(inClass: boolean): RNode | CharSet {
    const c = this.src[this.i++];
    const chars = (set: CharSet): RNode | CharSet => (inClass ? set : { t: 'chars', set: this.maybeCase(set) });
    switch (c) {
      case 'd': return chars(DIGIT);
      case 'D': return chars(negate(DIGIT));
      case 'w': return chars(WORD);
      case 'W': return chars(negate(WORD));
      case 's': return chars(SPACE);
      case 'S': return chars(negate(SPACE));
      case 'b': case 'B': return inClass ? setOf(8) : { t: 'empty' };
      case 'n': return chars(setOf(10));
      case 'r': return chars(setOf(13));
      case 't': return chars(setOf(9));
      case 'f': return chars(setOf(12));
      case 'v': return chars(setOf(11));
      case '0': return chars(setOf(0));
      case 'x': { const h = this.src.slice(this.i, this.i + 2); this.i += 2; return chars(setOf(parseInt(h, 16) || 0)); }
      case 'u': {
        if (this.peek() === '{') { const close = this.src.indexOf('}', this.i); const h = this.src.slice(this.i + 1, close); this.i = close + 1; return chars(setOf(parseInt(h, 16) || 0)); }
        const h = this.src.slice(this.i, this.i + 4); this.i += 4; return chars(setOf(parseInt(h, 16) || 0));
      }
      case 'p': case 'P': {
        // Unicode property classes: treat as letters plus everything non-ASCII; overlap-wise that is safe.
        if (this.peek() === '{') { const close = this.src.indexOf('}', this.i); this.i = close < 0 ? this.src.length : close + 1; }
        return chars(union(range(65, 90), union(range(97, 122), setOf(128))));
      }
      case 'k': {
        let name = '';
        if (this.peek() === '<') {
          const close = this.src.indexOf('>', this.i);
          name = this.src.slice(this.i + 1, close < 0 ? this.src.length : close);
          this.i = close < 0 ? this.src.length : close + 1;
        }
        return inClass ? setOf(107) : { t: 'backref', ref: name };
      }
      default:
        if (c !== undefined && /[1-9]/.test(c)) {
          const start = this.i - 1;
          while (!this.eof() && /\d/.test(this.peek())) this.i++;
          return inClass ? setOf(0) : { t: 'backref', ref: Number(this.src.slice(start, this.i)) };
        }
        return chars(setOf((c ?? '\\').codePointAt(0) ?? 0));
    }
  }

  private charClass(): CharSet {
    let negated = false;
    if (this.peek() === '^') { negated = true; this.i++; }
    let set = emptySet();
    let first = true;
    while (!this.eof() && (this.peek() !== ']' || first)) {
      first = false;
      let lo: CharSet | number;
      const c = this.src[this.i++];
      if (c === '\\') {
        const e = this.escape(true) as CharSet;
        lo = e;
      } else lo = c.codePointAt(0) ?? 0;
      if (typeof lo === 'number' && this.peek() === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let hiCode: number;
        const h = this.src[this.i++];
        if (h === '\\') { const e = this.escape(true) as CharSet; hiCode = e.indexOf(1); if (hiCode < 0) hiCode = lo; }
        else hiCode = h.codePointAt(0) ?? lo;
        set = union(set, range(lo, Math.max(lo, hiCode)));
      } else {
        set = union(set, typeof lo === 'number' ? setOf(lo) : lo);
      }
    }
    if (!this.eof()) this.i++; // ]
    return negated ? negate(set) : set;
  }
}

function nullable(n: RNode): boolean {
  switch (n.t) {
    case 'chars': return false;
    case 'seq': return n.items.every(nullable);
    case 'alt': return n.branches.some(nullable);
    case 'group': return nullable(n.body);
    case 'repeat': return n.min === 0 || nullable(n.body);
    case 'empty': return true;
    case 'backref': return true;
  }
}

function first(n: RNode): CharSet {
  switch (n.t) {
    case 'chars': return n.set;
    case 'seq': {
      let s = emptySet();
      for (const item of n.items) { s = union(s, first(item)); if (!nullable(item)) break; }
      return s;
    }
    case 'alt': return n.branches.reduce((acc, b) => union(acc, first(b)), emptySet());
    case 'group': return first(n.body);
    case 'repeat': return first(n.body);
    case 'empty': return emptySet();
    case 'backref': return fullSet();
  }
}

function last(n: RNode): CharSet {
  switch (n.t) {
    case 'seq': {
      let s = emptySet();
      for (let i = n.items.length - 1; i >= 0; i--) { s = union(s, last(n.items[i])); if (!nullable(n.items[i])) break; }
      return s;
    }
    case 'alt': return n.branches.reduce((acc, b) => union(acc, last(b)), emptySet());
    case 'group': return last(n.body);
    case 'repeat': return last(n.body);
    case 'chars': return n.set;
    case 'empty': return emptySet();
    case 'backref': return fullSet();
  }
}

/** Whether `n` can match text of unbounded length: an unbounded repeat, or a backreference, inside it. */
function matchesAnyLength(n: RNode): boolean {
  let found = false;
  walk(n, (x) => { if (isUnbounded(x) || x.t === 'backref') found = true; });
  return found;
}

function isUnbounded(n: RNode): n is Extract<RNode, { t: 'repeat' }> { return n.t === 'repeat' && n.max === Infinity; }

/**
 * Whether `n` can match the empty string other than at the end of input: like `nullable`, but `(?:\n|$)` cannot (its
 * empty branch is an end anchor), so a repeat before it is followed by a newline or by the end, never by the next
 * iteration of an enclosing repeat.
 */
function skippableBeforeEnd(n: RNode): boolean {
  switch (n.t) {
    case 'seq': return n.items.every(skippableBeforeEnd);
    case 'alt': return n.branches.some(skippableBeforeEnd);
    case 'group': return skippableBeforeEnd(n.body);
    case 'repeat': return n.min === 0 || skippableBeforeEnd(n.body);
    case 'empty': return !n.atEnd;
    default: return nullable(n);
  }
}

/**
 * Unbounded repeats that can be the last thing an iteration of `n` matches before the next one starts (everything
 * after them can be skipped there).
 */
function trailingUnboundedRepeats(n: RNode): Array<Extract<RNode, { t: 'repeat' }>> {
  switch (n.t) {
    case 'seq': {
      const out: Array<Extract<RNode, { t: 'repeat' }>> = [];
      for (let i = n.items.length - 1; i >= 0; i--) {
        out.push(...trailingUnboundedRepeats(n.items[i]));
        if (!skippableBeforeEnd(n.items[i])) break;
      }
      return out;
    }
    case 'alt': return n.branches.flatMap(trailingUnboundedRepeats);
    case 'group': return trailingUnboundedRepeats(n.body);
    case 'repeat': return n.max === Infinity ? [n, ...trailingUnboundedRepeats(n.body)] : trailingUnboundedRepeats(n.body);
    default: return [];
  }
}

function walk(n: RNode, visit: (n: RNode) => void): void {
  visit(n);
  switch (n.t) {
    case 'seq': n.items.forEach((i) => walk(i, visit)); break;
    case 'alt': n.branches.forEach((b) => walk(b, visit)); break;
    case 'group': walk(n.body, visit); break;
    case 'repeat': walk(n.body, visit); break;
  }
}

function unwrap(n: RNode): RNode {
  for (;;) {
    if (n.t === 'group') n = n.body;
    else if (n.t === 'seq' && n.items.length === 1) n = n.items[0];
    else return n;
  }
}

export function analyzeRegex(source: string, flags = ''): RegexRisk | undefined {
  if (source.length > 10_000) return undefined;
  let tree: RNode;
  let parser: Parser;
  try {
    parser = new Parser(source, flags.includes('i'), flags.includes('m'));
    tree = parser.parse();
  } catch {
    return undefined;
  }
  let risk: RegexRisk | undefined;
  walk(tree, (n) => {
    if (risk) return;
    // `(\d+)\1`: the engine tries every length of the group and compares the text again for each. A group of bounded
    // length (`(['"])[^'"]*\1`, a quote and its partner) costs a comparison of a few characters.
    if (n.t === 'backref') {
      const group = typeof n.ref === 'number' ? parser.captures[n.ref - 1] : parser.names.get(n.ref);
      if (group === undefined || matchesAnyLength(group)) {
        risk = { kind: 'backreference', description: 'a backreference to a group that can match text of any length (polynomial backtracking)' };
      }
      return;
    }
    if (isUnbounded(n)) {
      const body = unwrap(n.body);
      const bodyFirst = first(body);
      for (const inner of trailingUnboundedRepeats(body)) {
        if (inner === n) continue;
        if (overlaps(first(inner.body), bodyFirst)) {
          risk = { kind: 'nested-quantifier', description: 'nested quantifiers that can split the same text many ways (exponential backtracking)' };
          return;
        }
      }
      if (body.t === 'alt') {
        const firsts = body.branches.map(first);
        for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) {
          if (overlaps(firsts[a], firsts[b])) {
            risk = { kind: 'overlapping-alternation', description: 'a repeated alternation whose branches overlap (exponential backtracking)' };
            return;
          }
        }
      }
    }
    if (n.t === 'seq') {
      for (let i = 0; i < n.items.length; i++) {
        const a = unwrap(n.items[i]);
        if (!isUnbounded(a)) continue;
        for (let j = i + 1; j < n.items.length; j++) {
          const b = unwrap(n.items[j]);
          if (isUnbounded(b) && overlaps(last(a.body), first(b.body))) {
            risk = { kind: 'adjacent-quantifiers', description: 'adjacent quantifiers over overlapping characters (polynomial backtracking)' };
            return;
          }
          if (!nullable(n.items[j])) break;
        }
      }
    }
  });
  return risk;
}
