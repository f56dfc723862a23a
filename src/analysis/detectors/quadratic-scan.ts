// Detector: a linear search, at every step of a loop, of a list that the loop itself grows or goes over. Wiki.js
// builds its page-link graph with `_.findIndex(result, ['id', val.id])` in a reduce that pushes onto `result`; NodeBB
// removes duplicates with `values.lastIndexOf(values[i])` in a loop over `values`. Each step scans up to n entries,
// so n items cost about n²/2 comparisons on the event loop: nothing for ten items, seconds for a hundred thousand.
// Reported: `list.find/findIndex/includes/indexOf/lastIndexOf/some/filter(...)` (and lodash's `_.find(list, ...)`
// forms) inside a loop or an iteration callback (forEach, map, reduce...) when `list` is
//   - grown by that loop: it pushes onto it (`if (!seen.includes(id)) seen.push(id)`), or it is a reduce's
//     accumulator that the callback pushes onto;
//   - the loop's own list (`rows.filter((r, i) => rows.indexOf(r) === i)`),
// and the loop goes over data read for the call (awaited rows, the request's own list: dataOrigin). Left alone:
// loops over lists the code writes, configures, is handed or parses out of one item (on real services those were
// short: 44 of 63 such findings judged harmless), a list made afresh inside the loop, a stack the loop also takes
// from, a search of another list (its size is not the loop's), and Set/Map lookups, which are constant time.
import { ts } from '../typescript';
import { packageExport } from '../bindings';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { loopList } from '../loop-shapes';
import { isFallback, skipOuter, truncate } from '../syntax';
import { asksForOnePage } from '../call-shapes';
import { REQUEST_INPUT } from './fan-out';

/** Array methods that look at every entry until they find one (or at all of them). */
const SCAN_METHODS = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'includes', 'indexOf', 'lastIndexOf', 'some', 'filter']);
/** Array methods that call their first argument once per entry. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex']);
/** Packages whose `_.find(list, ...)`, `_.forEach(list, cb)` take the list first; the walker binds them by name. */
export const LODASH_MODULES = new Set(['lodash', 'lodash-es', 'underscore']);
const LODASH_ITERATION = new Set([...ITERATION_METHODS, 'each']);
/** What a loop does to a list to grow it by one step. */
const GROWING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift']);
/** What a loop does to a list to take from it: a stack or a queue. */
const SHRINKING_METHODS: ReadonlySet<string> = new Set(['pop', 'shift', 'splice']);
/** What a loop gives a list back to drop entries from it: `open = open.filter(f)`. */
const NARROWING_METHODS: ReadonlySet<string> = new Set(['filter', 'slice']);

/** A loop, or an iteration callback, and what it goes over. */
interface Repeat {
  /** The list it goes over, when the code says (`for (const x of list)`, `list.forEach(cb)`). */
  list?: ts.Expression;
  /** What runs at every step: the loop's statement, or the whole callback. */
  body: ts.Node;
  /** For a reduce: its accumulator's name. */
  accumulator?: string;
  /** The callback's parameter that holds the list it goes over (`(v, i, self) => self.indexOf(v) === i`). */
  ownList?: string;
  /** `loop`, `forEach`, `reduce`...: for the message. */
  kind: string;
}

export function checkQuadraticScan(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): void {
  const scanned = scannedList(w, call, callee, ctx);
  if (!scanned) return;
  const name = skipOuter(scanned).getText();
  for (let n: ts.Node = call; n.parent && !ts.isSourceFile(n.parent); n = n.parent) {
    const repeat = repeatAround(w, n.parent, n, ctx);
    // Only a loop over data read for this call (the awaited rows of a query, the request's own list) is known to run
    // long: over a list the code writes, configures or parses out of one item (`ENVS`, a comment's mentions, a topic's
    // tags) the scan is as short as that list. Such an inner loop may still sit in one over data, which is asked next.
    // A loop over a parameter's list counts when a caller hands that parameter such data (decided when linking).
    const list = repeat?.list;
    const origin = list ? dataOrigin(w, list, ctx) : undefined;
    if (repeat && list && origin) {
      const condition = origin === 'data' ? {} : { requiresDataArgument: origin };
      const search = truncate(`${callee.getText().replace(/\s+/g, '')}(...)`, 40);
      if (sameList(list, scanned) || (ts.isIdentifier(scanned) && scanned.text === repeat.ownList)) {
        const shown = truncate(skipOuter(list).getText().replace(/\s+/g, ''), 40);
        w.candidate(ctx, 'no-quadratic-scan-in-hot-path', callee.name,
          `${search} searches ${shown} at every step of a ${repeat.kind} over ${shown} itself: O(n²) comparisons for n items {where}; find duplicates or matches in one pass with a Set or a Map keyed by what you compare`,
          condition);
        return;
      }
      if (grows(repeat, name)) {
        w.candidate(ctx, 'no-quadratic-scan-in-hot-path', callee.name,
          `${search} searches ${name}, which this ${repeat.kind} grows, at every step: O(n²) comparisons for n items {where}; keep a Set or a Map beside it (seen.has(key), byId.get(id)) and look up there`,
          condition);
        return;
      }
    }
    // Past the function that holds the search, unless that function is a step of a loop (an iteration callback).
    if (ts.isFunctionLike(n.parent) && !repeat) return;
  }
}

/** The list a call searches: `list.includes(x)`, or lodash's `_.findIndex(list, pred)`. */
function scannedList(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): ts.Expression | undefined {
  if (!SCAN_METHODS.has(callee.name.text)) return undefined;
  if (isLodash(w, callee.expression, ctx)) return call.arguments.length >= 2 ? skipOuter(call.arguments[0]) : undefined;
  // A string is never pushed onto, so it counts only as a loop's own list: `for (const c of text) text.indexOf(c)`
  // scans the text at every character, quadratic too.
  if (call.arguments.length === 0) return undefined;
  const list = skipOuter(callee.expression);
  return ts.isIdentifier(list) || (ts.isPropertyAccessExpression(list) && list.expression.kind === ts.SyntaxKind.ThisKeyword) ? list : undefined;
}

/** `_` or `lodash` bound to lodash (or underscore), or a bare `_` the file does not declare (a global lodash). */
function isLodash(w: FactWalker, e: ts.Expression, ctx: WalkCtx): boolean {
  const x = skipOuter(e);
  if (!ts.isIdentifier(x)) return false;
  const b = w.valueBinding(x, ctx);
  const exported = b && packageExport(b);
  if (exported) return LODASH_MODULES.has(exported.module);
  return x.text === '_' && ctx.scope.lookup('_') === undefined;
}

/** The loop or iteration callback that `parent` makes of its child `child`, if it repeats it. */
function repeatAround(w: FactWalker, parent: ts.Node, child: ts.Node, ctx: WalkCtx): Repeat | undefined {
  if (ts.isIterationStatement(parent, false) && child === parent.statement) {
    return { list: loopList(parent), body: parent.statement, kind: 'loop' };
  }
  if (!(ts.isArrowFunction(parent) || ts.isFunctionExpression(parent)) || child !== parent.body) return undefined;
  const call = parent.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const lodash = isLodash(w, call.expression.expression, ctx);
  const list = lodash ? call.arguments[0] : call.expression.expression;
  const given = lodash ? call.arguments[1] : call.arguments[0];
  if (!list || !given || skipOuter(given) !== parent || !(lodash ? LODASH_ITERATION : ITERATION_METHODS).has(method)) return undefined;
  const reduce = method === 'reduce' || method === 'reduceRight';
  const acc = reduce ? parent.parameters[0]?.name : undefined;
  // Array methods hand the callback the array itself after the item and the index (after the accumulator too, in a reduce).
  const own = lodash ? undefined : parent.parameters[reduce ? 3 : 2]?.name;
  // The whole callback: its parameters are made afresh at every step too.
  return {
    list: skipOuter(list), body: parent, kind: method,
    accumulator: acc && ts.isIdentifier(acc) ? acc.text : undefined, ownList: own && ts.isIdentifier(own) ? own.text : undefined,
  };
}

/**
 * Where a loop's list comes from, when it can be long: `data` read for this call (an awaited result that is not one
 * page, `const rows = await q()`, `for (const r of await q())`, also along a chain of its methods, `rows.filter(f)`; or
 * the request's own list, `req.body.items`), or a parameter of the function that declares it (`_formatProjects(projects)`
 * going over `projects.tokenReadOnly`), whose callers say what it holds. Through `x || []`, `c ? x : y`, what a list is
 * destructured from (`const { owned } = projects`) and the value a name is declared with. Call edges ask it of each
 * argument too (EdgeFact.args.data and .handed).
 */
export function dataOrigin(w: FactWalker, list: ts.Expression, ctx: WalkCtx, depth = 0): 'data' | DataParameter | undefined {
  const allRows = (awaited: ts.AwaitExpression): 'data' | undefined => (asksForOnePage(awaited.expression, (name) => w.initializerOf(name, ctx)) ? undefined : 'data');
  const next = (e: ts.Expression): 'data' | DataParameter | undefined => (depth < 3 ? dataOrigin(w, e, ctx, depth + 1) : undefined);
  let root = skipOuter(list);
  if (REQUEST_INPUT.test(root.getText(w.sf))) return 'data';
  // `prefs.words || []`, `found ?? []`: the list when there is one; `c ? rows : []`: either branch.
  if (isFallback(root)) return next(root.left);
  if (ts.isConditionalExpression(root)) return next(root.whenTrue) ?? next(root.whenFalse);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  if (ts.isAwaitExpression(root)) return allRows(root);
  if (!ts.isIdentifier(root)) return undefined;
  const b = ctx.scope.lookup(root.text);
  if (b !== undefined && w.awaitedResults.has(b)) return 'data';
  if (b !== undefined && w.parameters.has(b)) return parameterOf(w, root);
  // `const { rows } = await pool.query(sql)`, `const { docs } = await readJson(req)`: a field of an awaited result;
  // `const { owned, tokenReadOnly } = allProjects`: a field of whatever that is.
  const from = destructuredFrom(root);
  if (from && ts.isAwaitExpression(from)) return allRows(from);
  if (from) return next(from);
  // `let results; if (mysql) results = await knex(...); else results = await knex(...)`: only awaited results written
  // (after nothing, or an empty list).
  const declared = w.initializerOf(root.text, ctx);
  const start = declared && skipOuter(declared);
  const empty = start === undefined || (ts.isArrayLiteralExpression(start) && start.elements.length === 0);
  const written = b !== undefined && empty ? valuesWritten(root) : [];
  if (written.length > 0 && written.every((v) => ts.isAwaitExpression(v) && allRows(v))) return 'data';
  // `const values = rows.map((r) => r.id)`: as long as the rows it is made from.
  return declared !== undefined ? next(declared) : undefined;
}

/** A function's parameter, by the function's id and the parameter's position: Candidate.requiresDataArgument. */
export interface DataParameter {
  fnId: string;
  index: number;
}

/** The parameter `use` names: of the nearest function around it that declares a parameter of that name. */
function parameterOf(w: FactWalker, use: ts.Identifier): DataParameter | undefined {
  for (let p: ts.Node | undefined = use.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (!ts.isFunctionLike(p)) continue;
    const index = p.parameters.findIndex((q) => ts.isIdentifier(q.name) && q.name.text === use.text);
    if (index < 0) continue;
    const fnId = w.functionIdOf(p);
    return fnId !== undefined && !p.parameters[index].dotDotDotToken ? { fnId, index } : undefined;
  }
  return undefined;
}

/** What `const { name } = value` (or `const [name] = value`) in a block around `use` destructures `name` from. */
function destructuredFrom(use: ts.Identifier): ts.Expression | undefined {
  for (let p: ts.Node | undefined = use.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (!ts.isBlock(p)) continue;
    for (const st of p.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        const pattern = d.name;
        if (!d.initializer || ts.isIdentifier(pattern)) continue;
        const named = pattern.elements.some((e) => ts.isBindingElement(e) && ts.isIdentifier(e.name) && e.name.text === use.text);
        if (named) return skipOuter(d.initializer);
      }
    }
  }
  return undefined;
}

/** What `name = value` assigns to the name in the function that declares it (nested functions included). */
function valuesWritten(use: ts.Identifier): ts.Expression[] {
  let fn: ts.Node | undefined = use.parent;
  while (fn && !ts.isSourceFile(fn) && !(ts.isFunctionLike(fn) && declaredIn(fn, use.text))) fn = fn.parent;
  if (!fn || ts.isSourceFile(fn)) return [];
  const values: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipOuter(n.left)) &&
      (skipOuter(n.left) as ts.Identifier).text === use.text) values.push(skipOuter(n.right));
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return values;
}

/** The same list written the same way: `values` and `values`, `this.rows` and `this.rows`. */
function sameList(a: ts.Expression, b: ts.Expression): boolean {
  const x = skipOuter(a);
  return (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) && x.getText().replace(/\s+/g, '') === skipOuter(b).getText().replace(/\s+/g, '');
}

/**
 * Whether the repeat grows the list `name` at every step: it pushes onto it, and the list outlives one step (a
 * reduce's accumulator, or a name declared outside the repeat).
 */
function grows(repeat: Repeat, name: string): boolean {
  if (repeat.accumulator !== undefined && repeat.accumulator !== name) return false;
  if (repeat.accumulator === undefined && declaredIn(repeat.body, name)) return false;
  // A stack or a queue the loop also takes from (`open.pop()`) is as deep as the nesting, not as long as the loop; a
  // push of what a splice took out (`nodes.push(nodes.splice(i, 1)[0])`) moves an entry and keeps the length.
  if (callsOn(repeat.body, name, SHRINKING_METHODS) || narrowedIn(repeat.body, name)) return false;
  return callsOn(repeat.body, name, GROWING_METHODS);
}

/**
 * Whether `node` (not the functions it defines) gives `name` a part of itself back: `open = open.filter(f)`,
 * `open = open.slice(0, -1)`. Etherpad's stack of open HTML lists, closed that way, is as deep as the nesting.
 */
function narrowedIn(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== node)) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipOuter(n.left).getText() === name) {
      const right = skipOuter(n.right);
      found = ts.isCallExpression(right) && ts.isPropertyAccessExpression(right.expression) && NARROWING_METHODS.has(right.expression.name.text) &&
        skipOuter(right.expression.expression).getText() === name;
    }
    if (!found) ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Whether `node` (not the functions it defines) calls one of `methods` on `name`: `name.push(x)`. */
function callsOn(node: ts.Node, name: string, methods: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== node)) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && methods.has(n.expression.name.text) &&
      skipOuter(n.expression.expression).getText() === name) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Whether `name` is declared inside `node`: a list made afresh at every step. */
function declaredIn(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name) && n.name.text === name) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}
