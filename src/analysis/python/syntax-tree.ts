// A Python syntax tree as plain JavaScript objects, copied out of tree-sitter's WebAssembly tree with one cursor
// walk. Reading a node through web-tree-sitter's own API crosses into WebAssembly on every property; the walker
// reads each node many times, so one copy is cheaper (and the tree can be freed at once). Offsets are UTF-16 code
// units, as JavaScript strings count them (web-tree-sitter parses the string in UTF-16).
import type * as TreeSitter from 'web-tree-sitter';

export interface PyNode {
  type: string;
  /** The grammar's field name for this child in its parent (`function`, `arguments`, `left`...), or null. */
  field: string | null;
  start: number;
  end: number;
  /** Named nodes are syntax (`call`, `identifier`); anonymous ones are tokens, of which only `async` is kept (toPyTree). */
  named: boolean;
  /** A token the parser inserted to recover from an error (`MISSING ")"`). */
  missing: boolean;
  children: PyNode[];
  parent: PyNode | undefined;
}

export interface PyTree {
  root: PyNode;
  text: string;
  /** Offsets where each line starts (0-based lines). */
  lineStarts: number[];
}

/** Punctuation and keywords are left out of the copy, except these, which the walker asks about (`async def`, `async for`). */
const KEPT_TOKENS = new Set(['async']);

export function toPyTree(tree: TreeSitter.Tree, text: string): PyTree {
  const c = tree.walk();
  const { types, fields } = tree.language;
  // Only a tree with errors can hold tokens the parser inserted; reading that flag costs a call per node.
  const hasError = tree.rootNode.hasError;
  /** Each property read crosses into WebAssembly: read what is needed, by number where a number will do. */
  const make = (parent: PyNode | undefined, type: string, isNamed: boolean): PyNode => ({
    type,
    field: fields[c.currentFieldId] ?? null,
    start: c.startIndex,
    end: c.endIndex,
    named: isNamed,
    missing: hasError && c.nodeIsMissing,
    children: [],
    parent,
  });
  const root = make(undefined, c.nodeType, true);
  // Depth first with the cursor: down to the first child, else along to the next sibling, else back up.
  let current = root;
  if (c.gotoFirstChild()) {
    for (;;) {
      const isNamed = c.nodeIsNamed;
      const type = types[c.nodeTypeId] || 'ERROR';
      let node: PyNode | undefined;
      if (isNamed || KEPT_TOKENS.has(type) || (hasError && c.nodeIsMissing)) {
        node = make(current, type, isNamed);
        current.children.push(node);
      }
      // Tokens have no children; a named node's are copied under it.
      if (node && c.gotoFirstChild()) {
        current = node;
        continue;
      }
      let up = false;
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || current === root) {
          up = true;
          break;
        }
        current = current.parent!;
      }
      if (up) break;
    }
  }
  c.delete();
  return { root, text, lineStarts: lineStarts(text) };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
export function positionAt(tree: PyTree, offset: number): { line: number; column: number } {
  const starts = tree.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

export function textOf(tree: PyTree, node: PyNode): string {
  return tree.text.slice(node.start, node.end);
}

/** A node's text on one line, cut to 40 characters: short enough to quote in a message. */
export function shortText(tree: PyTree, node: PyNode): string {
  const t = textOf(tree, node).replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** The child in a field, e.g. `function` of a call. */
export function field(node: PyNode, name: string): PyNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((c) => c.field === name);
}

export function named(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named && c.type !== 'comment');
}

export function hasToken(node: PyNode, token: string): boolean {
  return node.children.some((c) => !c.named && c.type === token);
}

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

/** Nodes under `node` that run as part of it: not in a nested def, lambda or class, nor in a node of a type in `skip`. */
export function* ownNodes(node: PyNode, skip?: ReadonlySet<string>): Generator<PyNode> {
  for (const c of node.children) {
    if (NESTED_SCOPES.has(c.type) || skip?.has(c.type)) continue;
    yield c;
    yield* ownNodes(c, skip);
  }
}

/** Parenthesised expressions are looked through: `(await x)` is `await x`. */
export function unwrap(node: PyNode): PyNode {
  let n = node;
  while (n.type === 'parenthesized_expression') {
    const inner = named(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Syntax errors: ERROR nodes and tokens the parser had to insert, at most `max` of them, in source order. */
export function syntaxErrors(tree: PyTree, max = 20): Array<{ line: number; message: string }> {
  const out: Array<{ line: number; message: string }> = [];
  const visit = (n: PyNode): void => {
    if (out.length >= max) return;
    if (n.type === 'ERROR') {
      const snippet = tree.text.slice(n.start, Math.min(n.end, n.start + 20)).split('\n')[0];
      out.push({ line: positionAt(tree, n.start).line, message: snippet ? `invalid syntax near '${snippet}'` : 'invalid syntax' });
      return;
    }
    if (n.missing) {
      out.push({ line: positionAt(tree, n.start).line, message: `missing '${n.type}'` });
      return;
    }
    for (const c of n.children) visit(c);
  };
  visit(tree.root);
  return out;
}

/** The string's value, for plain literals without interpolation (`"/chat"`, `'GET'`); undefined otherwise. */
export function stringValue(tree: PyTree, node: PyNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type !== 'string' || n.children.some((c) => c.type === 'interpolation')) return undefined;
  const content = n.children.filter((c) => c.type === 'string_content');
  return content.map((c) => textOf(tree, c)).join('');
}
