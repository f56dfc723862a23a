// Detector: work that grows with the square of a collection because every step copies all that was gathered so
// far. A reduce whose callback returns a new object or array spreading its accumulator (`({ ...acc, [k]: v })`,
// `[...acc, x]`, `new Set([...acc, ...more])`, `acc.concat(x)`, `Object.assign({}, acc, x)`), and a loop, or a
// forEach callback, that reassigns a variable of its function to such a copy of itself (`all = [...all, ...page]`).
// n steps copy 1 + 2 + … + n entries: O(n²) on the event loop; an object of 1,000 keys built this way takes tens of
// milliseconds, of 10,000 keys seconds (bench/accumulating-spread-cost.mjs). Left alone: a spread of anything else
// (a fresh object per item in `map((x) => ({ ...x }))`), an accumulator that is mutated and returned, an object copy
// that only replaces keys it had, a reduce or loop over a collection written in the code, a copy made for one item of
// the loop, and a copy outside any loop (`this.buffer = [...this.buffer, x]` once per call is linear).
// A deep merge that returns a fresh copy (`deepmerge(document, supplement)`) copies the whole accumulator too, at
// every depth: Logto's OpenAPI route folds 81 supplement documents into its base document this way per request.
import { ts } from '../typescript';
import { packageExport } from '../bindings';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { loopList } from '../loop-shapes';
import { returnedValues, skipOuter, truncate } from '../syntax';

const REDUCE_METHODS = new Set(['reduce', 'reduceRight']);
/** Constructors whose argument list copies an iterable: `new Set([...acc, x])`, `new Map([...acc, [k, v]])`. */
const COPYING_CONSTRUCTORS = new Set(['Set', 'Map']);
/**
 * Deep merges that return a new object, cloning what they merge, by package and export: deepmerge (clone is on by
 * default), deepmerge-ts (immutable by design). Not lodash's merge, which writes into its first argument.
 */
const COPYING_MERGES: ReadonlyArray<[module: string, exportName: string]> = [['deepmerge', 'default'], ['deepmerge-ts', 'deepmerge']];
/** Their packages, which the walker binds by name (fact-walker moduleBinding). */
export const COPYING_MERGE_PACKAGES: ReadonlySet<string> = new Set(COPYING_MERGES.map(([module]) => module));

/** `items.reduce((acc, x) => ({ ...acc, [x.id]: x }), {})`. */
export function checkAccumulatingReduce(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): void {
  if (!REDUCE_METHODS.has(callee.name.text)) return;
  const reducer = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!reducer || !(ts.isArrowFunction(reducer) || ts.isFunctionExpression(reducer))) return;
  const acc = reducer.parameters[0]?.name;
  if (!acc || !ts.isIdentifier(acc)) return;
  if (writtenInCode(w, callee.expression, ctx)) return;
  const returned = returnedValues(reducer);
  const copied = returned.map((e) => copyOf(e, acc.text)).find((e) => e !== undefined);
  if (copied) {
    w.candidate(ctx, 'no-accumulating-spread-in-hot-path', callee.name,
      `this ${callee.name.text} copies its accumulator at every step (${shape(copied)}), O(n²) work for n items {where}; add to the accumulator and return it (acc[key] = value; return acc), or build the result with a loop or Object.fromEntries`);
    return;
  }
  // Reported on the merge, the line that copies: often a few lines below the reduce.
  const merged = returned.map((e) => mergedCopyOf(w, e, acc.text, ctx)).find((e) => e !== undefined);
  if (merged) {
    w.candidate(ctx, 'no-accumulating-spread-in-hot-path', merged,
      `this ${callee.name.text} deep-copies its accumulator at every step (${mergeShape(merged)}), O(n²) work for n items {where}; merge into one object in place (lodash's merge(target, source) writes into target), or compute the result once and keep it`);
  }
}

/** `for (...) { all = [...all, ...page] }`: each pass copies everything gathered before it. */
export function checkAccumulatingLoop(w: FactWalker, loop: ts.IterationStatement, ctx: WalkCtx): void {
  const list = loopList(loop);
  if (list && writtenInCode(w, list, ctx)) return;
  reportCopies(w, loop.statement, loop, ctx, 'loop');
}

/** `items.forEach((x) => { all = [...all, x] })`: the same as the loop, one copy per item. */
export function checkAccumulatingForEach(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): void {
  if (callee.name.text !== 'forEach' || writtenInCode(w, callee.expression, ctx)) return;
  const fn = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
  reportCopies(w, fn.body, fn, ctx, 'forEach callback');
}

function reportCopies(w: FactWalker, body: ts.Node, repeated: ts.Node, ctx: WalkCtx, what: string): void {
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    const name = ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) ? n.left.text : undefined;
    const copied = name !== undefined ? copyOf((n as ts.BinaryExpression).right, name) : undefined;
    if (name !== undefined && copied && declaredOutside(name, repeated) && !onlyForOneItem(n, repeated)) {
      w.candidate(ctx, 'no-accumulating-spread-in-hot-path', n,
        `${name} = ${shape(copied)} in this ${what} copies everything gathered so far on every pass, O(n²) over the ${what === 'loop' ? 'loop' : 'list'} {where}; add to it in place (${name}.push(...more), Object.assign(${name}, more), set.add(x))`);
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
}

/**
 * The part of an expression that builds a new collection holding all of `name`: `{ ...name, … }` or `[...name, …]`
 * with something added, `new Set([...name, …])`, `name.concat(…)`, `Object.assign({}, name, …)`; or such a branch of
 * a conditional (`x.ok ? [...acc, x] : acc`).
 */
function copyOf(e: ts.Expression, name: string): ts.Expression | undefined {
  const x = skipOuter(e);
  const isName = (n: ts.Expression): boolean => isNamed(n, name);
  if (ts.isConditionalExpression(x)) return copyOf(x.whenTrue, name) ?? copyOf(x.whenFalse, name);
  let copies = false;
  if (ts.isObjectLiteralExpression(x)) copies = x.properties.some((p) => ts.isSpreadAssignment(p) && isName(p.expression)) && x.properties.some(addsKeys);
  else if (ts.isArrayLiteralExpression(x)) copies = x.elements.length > 1 && x.elements.some((el) => ts.isSpreadElement(el) && isName(el.expression));
  else if (ts.isNewExpression(x) && ts.isIdentifier(x.expression) && COPYING_CONSTRUCTORS.has(x.expression.text)) {
    const arg = x.arguments?.[0];
    copies = arg !== undefined && copyOf(arg, name) !== undefined;
  } else if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression)) {
    const method = x.expression.name.text;
    if (method === 'concat') copies = isName(x.expression.expression) && x.arguments.length > 0;
    else if (method === 'assign') {
      copies = skipOuter(x.expression.expression).getText() === 'Object' && x.arguments.length > 2
        && ts.isObjectLiteralExpression(skipOuter(x.arguments[0])) && x.arguments.slice(1).some(isName);
    }
  }
  return copies ? x : undefined;
}

/** `deepmerge(acc, supplement)`: a deep merge that returns a new object (COPYING_MERGES) given the accumulator. */
function mergedCopyOf(w: FactWalker, e: ts.Expression, name: string, ctx: WalkCtx): ts.CallExpression | undefined {
  const x = skipOuter(e);
  if (!ts.isCallExpression(x) || x.arguments.length < 2) return undefined;
  const target = w.valueBinding(skipOuter(x.expression), ctx);
  const exported = target && packageExport(target);
  if (!exported || !COPYING_MERGES.some(([module, exportName]) => module === exported.module && exportName === exported.name)) return undefined;
  return x.arguments.some((a) => isNamed(a, name)) ? x : undefined;
}

/** `acc`, `(acc)`, `acc as T`: the name itself. */
function isNamed(e: ts.Expression, name: string): boolean {
  const x = skipOuter(e);
  return ts.isIdentifier(x) && x.text === name;
}

/**
 * A property that can give the copy keys the accumulator did not have: a computed key (`[item.id]: item`) or a spread
 * of something else (`...toDots(value)`). `{ ...options, headers }` only replaces keys it already had: it stays as
 * large, and copying it n times is linear.
 */
function addsKeys(p: ts.ObjectLiteralElementLike): boolean {
  if (ts.isSpreadAssignment(p)) return !ts.isIdentifier(skipOuter(p.expression)) || p.parent.properties.filter(ts.isSpreadAssignment).length > 1;
  return p.name !== undefined && ts.isComputedPropertyName(p.name);
}

/** Methods that give a list no longer than their receiver: `Object.keys(context).filter(f).reduce(...)` is as long as `context`. */
const SAME_OR_SHORTER = new Set(['filter', 'map', 'slice', 'sort', 'reverse', 'flat', 'keys', 'values', 'entries']);

/**
 * A collection whose size the code fixes: an array or object literal, or a local name initialised with one, also through
 * `Object.keys/values/entries(...)` and `filter`/`map`/`slice`. `['a', 'b'].reduce(...)`, `Object.keys(context)` of
 * `const context = { appName, userId }`.
 */
function writtenInCode(w: FactWalker, e: ts.Expression, ctx: WalkCtx): boolean {
  let x = skipOuter(e);
  for (let depth = 0; depth < 8; depth++) {
    if (isFilledLiteral(x)) return true;
    if (ts.isIdentifier(x)) {
      const b = ctx.scope.lookup(x.text);
      if (b === undefined || w.pushedInLoop.has(b) || w.filledInLoop.has(b)) return false;
      const init = w.initializerOf(x.text, ctx) ?? objectInitializer(x);
      if (init !== undefined && isFilledLiteral(skipOuter(init))) return true;
      // A bounded slice or a batch (boundedArrays), but not `const out = []`, which the code fills elsewhere.
      return w.boundedArrays.has(b) && !(init !== undefined && isEmptyLiteral(skipOuter(init)));
    }
    if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || !SAME_OR_SHORTER.has(x.expression.name.text)) return false;
    const receiver = skipOuter(x.expression.expression);
    // Object.keys(obj): the object's own keys.
    x = ts.isIdentifier(receiver) && receiver.text === 'Object' ? (x.arguments[0] ? skipOuter(x.arguments[0]) : receiver) : receiver;
  }
  return false;
}

/** `['a', 'b']`, `{ appName, userId }`; not `[]` or `{}`, which the code fills later. */
function isFilledLiteral(x: ts.Expression): boolean {
  return (ts.isArrayLiteralExpression(x) && x.elements.length > 0) || (ts.isObjectLiteralExpression(x) && x.properties.length > 0);
}

function isEmptyLiteral(x: ts.Expression): boolean {
  return (ts.isArrayLiteralExpression(x) && x.elements.length === 0) || (ts.isObjectLiteralExpression(x) && x.properties.length === 0);
}

/** `const context: Context = { ... }` in the same function: the walker tracks such an object by its members, not its initialiser. */
function objectInitializer(name: ts.Identifier): ts.Expression | undefined {
  for (let p: ts.Node | undefined = name.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (!ts.isBlock(p)) continue;
    for (const st of p.statements) {
      if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
      const d = st.declarationList.declarations.find((v) => ts.isIdentifier(v.name) && v.name.text === name.text);
      if (d) return d.initializer;
    }
  }
  return undefined;
}

/**
 * `if (key === 'clientOptions') options = Object.assign({}, options, value)` in a loop over an object's entries: the
 * copy runs for one item, not for each.
 */
function onlyForOneItem(n: ts.Node, repeated: ts.Node): boolean {
  for (let p = n.parent; p && p !== repeated; p = p.parent) {
    if (ts.isCaseClause(p) && (ts.isStringLiteral(p.expression) || ts.isNumericLiteral(p.expression))) return true;
    if (ts.isIfStatement(p) && comparesWithLiteral(p.expression)) {
      const inThen = n.pos >= p.thenStatement.pos && n.end <= p.thenStatement.end;
      if (inThen) return true;
    }
  }
  return false;
}

function comparesWithLiteral(e: ts.Expression): boolean {
  const x = skipOuter(e);
  if (!ts.isBinaryExpression(x)) return false;
  const op = x.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return comparesWithLiteral(x.left) || comparesWithLiteral(x.right);
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  // A bare name against a literal (`key === 'clientOptions'`) picks one item; a field (`row.type === 'a'`) picks many.
  const literal = (y: ts.Expression): boolean => ts.isStringLiteral(skipOuter(y)) || ts.isNumericLiteral(skipOuter(y));
  const name = (y: ts.Expression): boolean => ts.isIdentifier(skipOuter(y));
  return (literal(x.left) && name(x.right)) || (name(x.left) && literal(x.right));
}

/** The name is not declared inside the repeated code: `let all = []` before the loop, not `const page = [...]` in it. */
function declaredOutside(name: string, repeated: ts.Node): boolean {
  let inside = false;
  const visit = (n: ts.Node): void => {
    if (inside) return;
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name) && n.name.text === name) inside = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(repeated, visit);
  return !inside;
}

/** `deepmerge(document, supplement, …)`: the merge without its type arguments, short enough for a message. */
function mergeShape(call: ts.CallExpression): string {
  return truncate(`${skipOuter(call.expression).getText()}(${call.arguments.map((a) => a.getText()).join(', ')})`.replace(/\s+/g, ' '), 40);
}

/** `{ ...acc, … }`, `[...all, …]`: the copy, short enough for a message. */
function shape(e: ts.Expression): string {
  return truncate(e.getText().replace(/\s+/g, ' '), 40);
}
