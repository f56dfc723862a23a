// Detector: Python's forms of a collection rebuilt from all that was gathered so far at every step, O(n²) on the event
// loop: a `for` or `while` loop that rebinds a name to a copy of itself plus more (`rows = rows + [row]`,
// `seen = [*seen, x]`, `index = {**index, key: row}`, `tags = tags | {t}`), and `functools.reduce` with a lambda that
// returns such a copy of its accumulator (`reduce(lambda acc, r: {**acc, r.id: r}, rows, {})`). Quiet for augmented
// assignment (`rows += [row]`, `tags |= {t}`, `index |= {...}`: lists, sets and dicts change in place), numbers and
// strings (`total = total + n`: only a list, tuple, set or dict display counts as the added part), a copy that only
// replaces a key it had (`{**opts, "timeout": t}`), a loop over a literal, and a name also bound in the loop otherwise.
import type { Binding } from '../../bindings';
import { libraryPath } from '../binding-members';
import { field, named, ownNodes, shortText, unwrap, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';

const DISPLAYS = new Set(['list', 'tuple', 'set', 'dictionary', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const COPYING_OPERATORS = new Set(['+', '|']);
const INNER_LOOPS = new Set(['for_statement', 'while_statement']);

/** `for r in rows: out = out + [r]`, `while cursor: page_ids = [*page_ids, *page]`. */
export function checkAccumulatingLoop(w: PythonWalker, loop: PyNode, ctx: PyCtx): void {
  const source = field(loop, 'right');
  if (source && DISPLAYS.has(unwrap(source).type)) return;
  const body = field(loop, 'body');
  if (!body) return;
  // An inner loop is checked on its own: its copies grow over its own items.
  const assignments = [...ownNodes(body, INNER_LOOPS)].filter((n) => n.type === 'assignment' && field(n, 'left')?.type === 'identifier');
  for (const a of assignments) {
    const name = w.text(field(a, 'left')!);
    const right = field(a, 'right');
    const copy = right && copyOf(w, unwrap(right), name);
    if (!copy) continue;
    // `out = []` at the top of each pass, then `out = out + [x]`: one pass's list, not the whole loop's.
    if (assignments.some((b) => b !== a && w.text(field(b, 'left')!) === name)) continue;
    w.candidate(ctx, 'no-accumulating-spread-in-hot-path', a,
      `${name} = ${shortText(w.tree, copy)} in this loop copies everything gathered so far on every pass, O(n²) over the loop {where}; add to it in place (${name}.append(x), ${name}.extend(more), ${name} |= more)`);
  }
}

/** `functools.reduce(lambda acc, r: acc + [r.id], rows, [])`. */
export function checkAccumulatingReduce(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  if (libraryPath(target) !== 'functools.reduce') return;
  const args = named(field(call, 'arguments') ?? call);
  const fn = args[0] && unwrap(args[0]);
  if (fn?.type !== 'lambda') return;
  const params = field(fn, 'parameters');
  const acc = params && named(params)[0];
  const body = field(fn, 'body');
  if (acc?.type !== 'identifier' || !body) return;
  const items = args[1] && unwrap(args[1]);
  if (items && DISPLAYS.has(items.type)) return;
  const copy = copyOf(w, unwrap(body), w.text(acc));
  if (!copy) return;
  w.candidate(ctx, 'no-accumulating-spread-in-hot-path', call,
    `this reduce copies its accumulator at every step (${shortText(w.tree, copy)}), O(n²) work for n items {where}; build the result with a loop that appends or assigns in place, or a comprehension`);
}

/**
 * The part of an expression that is a new collection holding all of `name` and more: `name + [x]`, `[x] + name`,
 * `name | {x}`, `[*name, x]`, `(*name, x)`, `{*name, x}`, `{**name, key: v}` (a key that is not a string literal, or
 * another `**`), or such a branch of a conditional expression.
 */
function copyOf(w: PythonWalker, e: PyNode, name: string): PyNode | undefined {
  const isName = (n: PyNode | undefined): boolean => n !== undefined && unwrap(n).type === 'identifier' && w.text(unwrap(n)) === name;
  if (e.type === 'conditional_expression') {
    for (const branch of named(e)) {
      const c = copyOf(w, unwrap(branch), name);
      if (c) return c;
    }
    return undefined;
  }
  if (e.type === 'binary_operator') {
    const left = field(e, 'left');
    const right = field(e, 'right');
    // The operator is a token, which the tree copy leaves out (syntax-tree.ts): read it from the text between.
    const op = left && right ? w.tree.text.slice(left.end, right.start).replace(/[()\s]/g, '') : '';
    if (!left || !right || !COPYING_OPERATORS.has(op)) return undefined;
    const added = isName(left) ? right : isName(right) ? left : undefined;
    return added && DISPLAYS.has(unwrap(added).type) ? e : undefined;
  }
  const parts = named(e);
  if (e.type === 'list' || e.type === 'tuple' || e.type === 'set') {
    return parts.length > 1 && parts.some((p) => p.type === 'list_splat' && isName(named(p)[0])) ? e : undefined;
  }
  if (e.type === 'dictionary') {
    const splats = parts.filter((p) => p.type === 'dictionary_splat');
    if (!splats.some((p) => isName(named(p)[0]))) return undefined;
    // `{**acc, row.id: row}` grows; `{**opts, "timeout": 5}` replaces a key it had.
    const grows = splats.length > 1 || parts.some((p) => p.type === 'pair' && field(p, 'key') !== undefined && unwrap(field(p, 'key')!).type !== 'string');
    return grows ? e : undefined;
  }
  return undefined;
}
