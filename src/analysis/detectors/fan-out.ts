// Detector: Promise.all (allSettled, any, race) over `items.map(...)` starts one operation per item at once,
// so sockets, rate limits and memory grow with the input; so does a forEach, or a for…of loop that awaits nothing, that
// starts a promise per item. Arrays of a size fixed in the code, and callbacks
// that go through a limiter, are left alone; the walker records both as it declares variables.
import { ts } from '../typescript';
import { NO_BINDING } from '../bindings';
import {
  asksForOnePage, callsLimiter, chainHasRejectionHandler, chainRoot, codeLabel, inTransaction, isBoundedSlice, onlyTransactionQueries, startsThroughLimiter,
} from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { collectAwaits } from '../loop-shapes';
import { lengthReceiver, returnedValues, skipOuter } from '../syntax';

const TRANSACTION_NOTE = ' (queries on one transaction, whose connection runs them in turn)';
const BACKFILL_NOTE = ' (a backfill: each saves a row that lacked a field and now has it, so once per row)';

export function checkFanOut(w: FactWalker, call: ts.CallExpression, method: string, ctx: WalkCtx): void {
  const arg = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!arg) return;
  let mapCall: ts.CallExpression | undefined;
  if (ts.isCallExpression(arg)) mapCall = arg;
  else if (ts.isIdentifier(arg)) {
    const b = ctx.scope.lookup(arg.text) ?? NO_BINDING;
    mapCall = w.mappedArrays.get(b);
    // const tasks = []; for (const c of chunks) tasks.push(embed(c)); await Promise.all(tasks)
    if (!mapCall && (w.pushedInLoop.has(b) || w.pushedOverKeys.has(b))) {
      // if (futures.length >= 9) { await Promise.all(futures); futures = []; }: batches of a size the code fixes.
      if (flushedAtSize(arg.text, call)) return;
      // Pushed in a loop over an object's keys: as many as the object has, a note like `Object.keys(o).map(...)`.
      const overKeys = !w.pushedInLoop.has(b);
      // collection.save({ transaction }) for each row: one connection runs them in turn, as in a transaction callback.
      const transactional = w.pushedTransactional.has(b) && !w.pushedNonTransactional.has(b);
      // star.index === null → star.index = …; push(star.save()): only rows from before the field existed, once each.
      const backfill = w.pushedInBackfill.has(b) && !w.pushedOutsideBackfill.has(b);
      // Pushed in a loop over a list the code wrote or configured (`for (const tool of agent.tools)`): as many as that list.
      const overConfig = !overKeys && !w.pushedOverData.has(b);
      const qualifier = transactional ? TRANSACTION_NOTE : backfill ? BACKFILL_NOTE : overKeys ? ' (if the object can have many keys)'
        : overConfig ? ' (if the list the loop goes over can grow with input)' : '';
      w.candidate(ctx, 'no-unbounded-promise-all', call,
        `Promise.${method}(${arg.text}) waits on one operation per loop iteration, all started at once {where}${qualifier}; cap the concurrency with a limiter (p-limit style) or process in batches`);
      return;
    }
  }
  if (!mapCall) return;
  const mapCallee = skipOuter(mapCall.expression);
  if (!ts.isPropertyAccessExpression(mapCallee) || (mapCallee.name.text !== 'map' && mapCallee.name.text !== 'flatMap')) return;
  const source = skipOuter(mapCallee.expression);
  const cb = mapCall.arguments[0] ? skipOuter(mapCall.arguments[0]) : undefined;
  if (boundedByCode(w, source, call, cb, ctx) || (cb !== undefined && waitsOnNothing(cb))) return;
  const sourceText = codeLabel(source, w.sf, 30);
  // Without evidence that the list grows with data (request input, awaited results), it is a note, not a warning.
  // In a transaction the queries share one connection and run one at a time anyway.
  // A callback that recurses into the function itself walks a nested value (a node's children): a tree in memory.
  const treeWalk = cb !== undefined && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && recursesOverItem(cb, call);
  const transactional = cb !== undefined && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && onlyTransactionQueries(cb);
  const sized = sizedByData(w, source, ctx) && !inTransaction(call) && !treeWalk && !transactional;
  const qualifier = treeWalk ? ' (a recursive walk over nested data: if the tree can be wide or do I/O per node)' : transactional ? TRANSACTION_NOTE : ' (if the list can grow with input)';
  // The request's own list (`req.body.items.map`) is as long as the client makes it: a warning. Other evidence of
  // size (a query's rows, a parameter, a loop's pushes) leaves the rule's note.
  const clientSized = sized && REQUEST_INPUT.test(source.getText(w.sf));
  w.candidate(ctx, 'no-unbounded-promise-all', call,
    `Promise.${method}(${sourceText}.${mapCallee.name.text}(...)) starts one operation per item at once {where}${sized ? '' : qualifier}; cap the concurrency with a limiter (p-limit style) or process in batches`,
    clientSized ? { severity: 'warning' } : {});
}

/**
 * `Promise.all(rows.map(async (r) => ({ ...r, label: format(r) })))`: an async callback that awaits nothing and returns
 * no call's result computes its value at once, so its promise is settled when it is made: nothing runs concurrently
 * (Docmost's page copies). A plain callback that returns object or array literals makes no promise at all (Ghostfolio's
 * dividends). A promise either starts and drops is the floating-promise rule's.
 */
function waitsOnNothing(cb: ts.Expression): boolean {
  if (!(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return false;
  if (!cb.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
    const values = returnedValues(cb).map(skipOuter);
    return values.length > 0 && values.every((v) => ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v));
  }
  if (collectAwaits(cb.body).length > 0) return false;
  // What could be a promise it adopts: a call's result, or a name or an expression that may hold one.
  const mayBePromise = (e: ts.Expression): boolean => {
    const x = skipOuter(e);
    return ts.isCallExpression(x) || ts.isNewExpression(x) || ts.isConditionalExpression(x) || ts.isBinaryExpression(x) || ts.isIdentifier(x);
  };
  return !returnedValues(cb).some(mayBePromise);
}

/**
 * `features.forEach((f) => { onFeatureUpdate(ctx, f).catch(log); })`: a promise started for every item, its rejection
 * handled, and not waited for. All of them run at once, as with Promise.all over map, and nothing waits for them to
 * end. Over a list of a size fixed in the code, or through a limiter, it is left alone, as above; an async callback is
 * the floating-promise rule's (its promises are dropped, not handled).
 */
export function checkForEachFanOut(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): void {
  if (callee.name.text !== 'forEach') return;
  const cb = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) || cb.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
  const started = handledPromiseStart(cb.body);
  if (!started) return;
  const source = skipOuter(callee.expression);
  if (boundedByCode(w, source, call, cb, ctx)) return;
  reportStartedPerItem(w, call, started, source, `${codeLabel(source, w.sf, 30)}.forEach(...) at once`, ctx);
}

/**
 * `for (const f of features) { onFeatureUpdate(ctx, f).catch(log); }`: the forEach fan-out above, written as a loop.
 * A loop that awaits nothing lets every iteration start its promise at once; one that awaits something is paced by it
 * (and its awaits are the sequential-await rule's). Reported on the started call, with forEach's exceptions.
 */
export function checkLoopFanOut(w: FactWalker, loop: ts.IterationStatement, ctx: WalkCtx): void {
  if (!ts.isForOfStatement(loop) || loop.awaitModifier || collectAwaits(loop.statement).length > 0) return;
  const body = loop.statement;
  const started = ts.isBlock(body) ? handledPromiseStart(body) : ts.isExpressionStatement(body) ? handledPromiseStart(body.expression) : undefined;
  if (!started) return;
  const source = skipOuter(loop.expression);
  if (boundedByCode(w, source, loop, undefined, ctx) || startsThroughLimiter(started, limiterIn(w, ctx))) return;
  reportStartedPerItem(w, loop, started, source, `${codeLabel(source, w.sf, 30)} at once (the loop awaits nothing)`, ctx);
}

/**
 * The forEach and loop fan-outs' finding, reported on the call started per item: that is the operation that runs once
 * for every item, all at once. A note, or a warning over the request's own list; `at` is the forEach or the loop.
 */
function reportStartedPerItem(w: FactWalker, at: ts.Node, started: ts.CallExpression, source: ts.Expression, overItems: string, ctx: WalkCtx): void {
  const sized = sizedByData(w, source, ctx) && !inTransaction(at);
  w.candidate(ctx, 'no-unbounded-promise-all', started,
    `${codeLabel(started.expression, w.sf, 40)}() starts for every item of ${overItems}, and nothing waits for them {where}${sized ? '' : ' (if the list can grow with input)'}; cap the concurrency with a limiter (p-limit style), or process in batches and await them`,
    sized && REQUEST_INPUT.test(source.getText(w.sf)) ? { severity: 'warning' } : {});
}

/** Whether a callee is a limiter the code made (`const limit = pLimit(4)`), as the walker recorded it in scope. */
function limiterIn(w: FactWalker, ctx: WalkCtx): (callee: ts.Expression) => boolean {
  return (c) => ts.isIdentifier(c) && w.limiters.has(ctx.scope.lookup(c.text) ?? NO_BINDING);
}

/**
 * Whether the code bounds how many operations start over `source`: a list written in place, a bounded slice, a length
 * checked before (`if (ids.length > MAX) return res.status(400)...`), an array of a size fixed in the code (`const
 * tasks = []` is a literal, but not a fixed size once a loop pushes into it), a limiter in the callback, or items that
 * are the code's own functions (`checks.map((check) => check(value))`).
 */
function boundedByCode(w: FactWalker, source: ts.Expression, call: ts.Node, cb: ts.Expression | undefined, ctx: WalkCtx): boolean {
  if (ts.isArrayLiteralExpression(source) || isBoundedSlice(source) || cappedBefore(source, call)) return true;
  if (ts.isIdentifier(source) && w.boundedArrays.has(ctx.scope.lookup(source.text) ?? NO_BINDING) && !filledByLoop(w, source, ctx)) return true;
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return false;
  return callsLimiter(cb, limiterIn(w, ctx)) || (callsItsItem(cb) && !filledByLoop(w, source, ctx));
}

/** The call a statement of the body (or the arrow's expression) starts and handles the rejection of: `save(x)` in `save(x).catch(log)`. */
function handledPromiseStart(body: ts.ConciseBody): ts.CallExpression | undefined {
  const expressions = ts.isBlock(body)
    ? body.statements.flatMap((st) => (ts.isExpressionStatement(st) ? [skipOuter(st.expression)] : []))
    : [skipOuter(body)];
  for (const e of expressions) {
    const start = ts.isCallExpression(e) && chainHasRejectionHandler(e) ? chainRoot(e) : undefined;
    if (start) return start;
  }
  return undefined;
}

/**
 * Whether the function holding `call` waits on `name` whenever it reaches a length fixed in the code and starts it
 * again: `if (futures.length >= 9) { await Promise.all(futures); futures = []; }` (or `.length = 0`). Then no more than
 * that many run at once, here or in the Promise.all after the loop.
 */
function flushedAtSize(name: string, call: ts.CallExpression): boolean {
  let fn: ts.Node | undefined = call.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  const isName = (e: ts.Expression): boolean => ts.isIdentifier(skipOuter(e)) && (skipOuter(e) as ts.Identifier).text === name;
  const isLength = (e: ts.Expression): boolean => {
    const list = lengthReceiver(e);
    return list !== undefined && isName(list);
  };
  const sizeCheck = (c: ts.Expression): boolean => {
    const x = skipOuter(c);
    if (!ts.isBinaryExpression(x)) return false;
    const op = x.operatorToken.kind;
    const atLeast = op === ts.SyntaxKind.GreaterThanEqualsToken || op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken;
    const atMost = op === ts.SyntaxKind.LessThanEqualsToken || op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken;
    return (atLeast && isLength(x.left) && ts.isNumericLiteral(skipOuter(x.right))) || (atMost && isLength(x.right) && ts.isNumericLiteral(skipOuter(x.left)));
  };
  const waitsAndResets = (block: ts.Node): boolean => {
    let waits = false;
    let resets = false;
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isCallExpression(n) && n.arguments.length > 0 && isName(n.arguments[0]) && /^Promise\.(all|allSettled)$/.test(n.expression.getText())) waits = true;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ((isName(n.left) && ts.isArrayLiteralExpression(skipOuter(n.right))) || isLength(n.left))) resets = true;
      ts.forEachChild(n, visit);
    };
    visit(block);
    return waits && resets;
  };
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn && ts.isFunctionLike(n))) return;
    if (ts.isIfStatement(n) && sizeCheck(n.expression) && waitsAndResets(n.thenStatement)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/**
 * `checks.map((check) => check(value))`: the items are functions, so the list is one the code wrote (validators,
 * hooks, steps), not data.
 */
function callsItsItem(cb: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const item = cb.parameters[0]?.name;
  if (!item || !ts.isIdentifier(item)) return false;
  let body: ts.Node = cb.body;
  if (ts.isBlock(body)) {
    const ret = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!ret || !ts.isReturnStatement(ret) || !ret.expression) return false;
    body = ret.expression;
  }
  let e = skipOuter(body as ts.Expression);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  return ts.isCallExpression(e) && ts.isIdentifier(skipOuter(e.expression)) && (skipOuter(e.expression) as ts.Identifier).text === item.text;
}

/**
 * `children.map(async (child) => ({ ...child, children: await walk(child.children) }))` inside `walk`: the callback
 * calls the function that holds the Promise.all, on its item or a part of it. The list is one level of a nested
 * value the function descends through (a document tree, a config object), not rows fetched per item.
 */
function recursesOverItem(cb: ts.ArrowFunction | ts.FunctionExpression, call: ts.CallExpression): boolean {
  const item = cb.parameters[0]?.name;
  if (!item || !ts.isIdentifier(item)) return false;
  let fn: ts.Node | undefined = call.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  const name = fn && enclosingName(fn as ts.FunctionLikeDeclaration);
  if (!name) return false;
  const usesItem = (n: ts.Node): boolean => (ts.isIdentifier(n) && n.text === item.text) || (ts.forEachChild(n, usesItem) ?? false);
  const visit = (n: ts.Node): boolean => {
    if (ts.isCallExpression(n)) {
      const c = skipOuter(n.expression);
      const named = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) && c.expression.kind === ts.SyntaxKind.ThisKeyword ? c.name.text : undefined;
      if (named === name && n.arguments.some(usesItem)) return true;
    }
    return ts.forEachChild(n, visit) ?? false;
  };
  return visit(cb.body);
}

/** `walk` in `function walk()`, `const walk = async () =>`, `async walk() {}`: the name the function calls itself by. */
function enclosingName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn) && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const p = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/** `thunks.flat().map(...)` where `thunks` got one item per loop iteration: functions, but as many as the data. */
function filledByLoop(w: FactWalker, source: ts.Expression, ctx: WalkCtx): boolean {
  let root: ts.Expression = source;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  const b = ts.isIdentifier(root) ? ctx.scope.lookup(root.text) : undefined;
  return b !== undefined && (w.filledInLoop.has(b) || w.pushedInLoop.has(b) || w.pushedOverKeys.has(b));
}

/**
 * Whether an `if` that runs before `at` in the same function leaves it when `list` is longer than a bound:
 * `if (body.files.length > MAX_FILES) return res.status(400)...`, `if (ids.length !== 1) throw ...`. Past it, the list
 * has at most that many items, whatever made it. So does a list last assigned a bounded slice of itself before `at`
 * (`input.queries = input.queries.slice(0, 3)`).
 */
export function cappedBefore(list: ts.Expression, at: ts.Node): boolean {
  const text = skipOuter(list).getText();
  const isLength = (e: ts.Expression): boolean => lengthReceiver(e)?.getText() === text;
  const capsLength = (c: ts.Expression): boolean => {
    const x = skipOuter(c);
    if (!ts.isBinaryExpression(x)) return false;
    const op = x.operatorToken.kind;
    const over = op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken;
    const under = op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken;
    const other = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    return ((over || other) && isLength(x.left)) || ((under || other) && isLength(x.right)) ||
      (op === ts.SyntaxKind.BarBarToken && (capsLength(x.left) || capsLength(x.right)));
  };
  const exits = (st: ts.Statement): boolean => {
    const last = ts.isBlock(st) ? st.statements[st.statements.length - 1] : st;
    return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
  };
  // `input.queries = input.queries.slice(0, 3)`: the list the call sees is the one last assigned before it.
  const assignedValue = (st: ts.Statement): ts.Expression | undefined => {
    const e = ts.isExpressionStatement(st) ? skipOuter(st.expression) : undefined;
    const assigns = e && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipOuter(e.left).getText() === text;
    return assigns ? skipOuter(e.right) : undefined;
  };
  for (let child: ts.Node = at, p = at.parent; p && !ts.isFunctionLike(p); child = p, p = p.parent) {
    if (!ts.isBlock(p) && !ts.isSourceFile(p)) continue;
    let cut: boolean | undefined;
    for (const st of p.statements) {
      if (st === child) break;
      if (ts.isIfStatement(st) && capsLength(st.expression) && exits(st.thenStatement)) return true;
      const value = assignedValue(st);
      if (value) cut = isBoundedSlice(value);
    }
    // An assignment here comes after whatever the blocks around did: it decides.
    if (cut !== undefined) return cut;
  }
  return false;
}

/** Request input: `req.body.items`, `ctx.request.body.ids`, `request.query.x`. */
export const REQUEST_INPUT = /^(req|request|ctx|context|event)\.(body|query|params|request|input|payload|data)\b/;

/**
 * Whether the list's size is set by data: request input, the awaited result of a query, read or API call, an
 * array filled in a loop, or a parameter (the caller's list, often the request's). Lists the code builds
 * otherwise (from configuration, object keys, a fixed set) are notes. A list a helper computes from such data, handed
 * it as an argument, is as large as the data: see computedList.
 */
export function sizedByData(w: FactWalker, source: ts.Expression, ctx: WalkCtx): boolean {
  if (ts.isAwaitExpression(source)) return true;
  const text = source.getText(w.sf);
  if (REQUEST_INPUT.test(text)) return true;
  let root: ts.Expression = source;
  // rows.filter(f).map: the list the chain starts from.
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  if (ts.isIdentifier(root)) {
    const b = ctx.scope.lookup(root.text);
    if (b !== undefined && (w.awaitedResults.has(b) || w.pushedInLoop.has(b) || w.filledInLoop.has(b) || w.parameters.has(b))) return true;
  }
  return computedList(w, source, ctx, 0);
}

/**
 * A list computed from data by a helper that is handed it: `uniq(collectEqValues(filter, 'id'))`,
 * `parseAttachmentIds(text)`, `DocumentHelper.parseDocumentIds(document)` over a parameter or an awaited row,
 * `[...idsInText, ...(await Attachment.findAll(q)).map(f)]`, `isNew ? [] : await findChildren()` (the awaited
 * branch), also through the `const` that holds it. An awaited query that asks for one page stays one page, the
 * keys of an object stay a note, so does a list cut by a bounded `slice(0, n)`, and a local list narrowed by its own methods (`const some = rows.filter(f)`) is
 * not followed: only what a helper is handed counts.
 */
function computedList(w: FactWalker, e: ts.Expression, ctx: WalkCtx, depth: number): boolean {
  const x = skipOuter(ts.isSpreadElement(e) ? e.expression : e);
  if (depth > 8) return false;
  if (ts.isAwaitExpression(x)) return !asksForOnePage(x.expression, (name) => w.initializerOf(name, ctx));
  if (ts.isConditionalExpression(x)) return computedList(w, x.whenTrue, ctx, depth + 1) || computedList(w, x.whenFalse, ctx, depth + 1);
  if (ts.isArrayLiteralExpression(x)) return x.elements.some((el) => ts.isSpreadElement(el) && carriesData(w, el.expression, ctx, depth + 1));
  if (ts.isNewExpression(x)) return (x.arguments ?? []).some((a) => carriesData(w, a, ctx, depth + 1));
  if (ts.isIdentifier(x)) {
    const b = ctx.scope.lookup(x.text);
    const init = b !== undefined && !w.boundedArrays.has(b) ? w.initializerOf(x.text, ctx) : undefined;
    // `const rows = await q()` was judged when declared (awaitedResults); its initializer is not looked at again.
    return init !== undefined && !ts.isAwaitExpression(init) && computedList(w, init, ctx, depth + 1);
  }
  // Along a chain `helper(data).filter(f)` or `(await q()).map(f)`: the calls' arguments and an awaited start.
  let root: ts.Expression = x;
  const calls: ts.CallExpression[] = [];
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) {
    // parseIds(text).slice(0, 10): cut to a size fixed in the code, whatever it was cut from.
    if (isBoundedSlice(root)) return false;
    if (ts.isCallExpression(root)) calls.push(root);
    root = skipOuter(root.expression);
  }
  if (ts.isAwaitExpression(root)) return computedList(w, root, ctx, depth + 1);
  return calls.some((c) => !OBJECT_SHAPE.test(c.expression.getText(w.sf)) && c.arguments.some((a) => carriesData(w, a, ctx, depth + 1)));
}

/** `id`, `userId`, `action_id`, `docID`: a name for the identifier of one thing. */
const ONE_ID = /(^id|[a-z0-9_]Id|_id|ID)$/;

/** `Object.keys(o)`, `Object.entries(o)`: as many items as the object has keys, a note. */
const OBJECT_SHAPE = /^Object\.(keys|values|entries|getOwnPropertyNames)$/;

/** What a helper is handed that makes its result as large as data: a parameter, an awaited result, request input, a computed list. */
function carriesData(w: FactWalker, arg: ts.Expression, ctx: WalkCtx, depth: number): boolean {
  const a = skipOuter(ts.isSpreadElement(arg) ? arg.expression : arg);
  // `buildTokenQueries(action_id)`: the id of one thing. A list a helper computes from it is about that one thing
  // (two token kinds, a few fields), not as large as the data; `ids`, `userIds` are lists and still count.
  if (ts.isIdentifier(a) && ONE_ID.test(a.text)) return false;
  if (ts.isIdentifier(a)) {
    const b = ctx.scope.lookup(a.text);
    if (b !== undefined && (w.awaitedResults.has(b) || w.pushedInLoop.has(b) || w.filledInLoop.has(b) || w.parameters.has(b))) return true;
  }
  if (REQUEST_INPUT.test(a.getText(w.sf))) return true;
  return computedList(w, a, ctx, depth);
}
