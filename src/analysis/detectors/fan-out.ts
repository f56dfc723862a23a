// Detector: Promise.all (allSettled, any, race) over `items.map(...)` starts one operation per item at once,
// so sockets, rate limits and memory grow with the input. Arrays of a size fixed in the code, and callbacks
// that go through a limiter, are left alone; the walker records both as it declares variables.
import { ts } from 'ts-morph';
import { NO_BINDING } from '../bindings';
import { callsLimiter, inTransaction, isBoundedSlice } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { skipOuter, truncate } from '../syntax';

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
      // Pushed in a loop over an object's keys: as many as the object has, a note like `Object.keys(o).map(...)`.
      const overKeys = !w.pushedInLoop.has(b);
      w.candidate(ctx, 'no-unbounded-promise-all', call,
        `Promise.${method}(${arg.text}) waits on one operation per loop iteration, all started at once {where}${overKeys ? ' (if the object can have many keys)' : ''}; cap the concurrency with a limiter (p-limit style) or process in batches`,
        overKeys ? { severity: 'info' } : {});
      return;
    }
  }
  if (!mapCall) return;
  const mapCallee = skipOuter(mapCall.expression);
  if (!ts.isPropertyAccessExpression(mapCallee) || (mapCallee.name.text !== 'map' && mapCallee.name.text !== 'flatMap')) return;
  const source = skipOuter(mapCallee.expression);
  if (ts.isArrayLiteralExpression(source)) return;
  if (isBoundedSlice(source)) return;
  // `const tasks = []` is a literal, but not a fixed size once a loop pushes into it.
  if (ts.isIdentifier(source) && w.boundedArrays.has(ctx.scope.lookup(source.text) ?? NO_BINDING) && !filledByLoop(w, source, ctx)) return;
  const cb = mapCall.arguments[0] ? skipOuter(mapCall.arguments[0]) : undefined;
  const isLimiter = (c: ts.Expression): boolean => ts.isIdentifier(c) && w.limiters.has(ctx.scope.lookup(c.text) ?? NO_BINDING);
  if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && callsLimiter(cb, isLimiter)) return;
  if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && callsItsItem(cb) && !filledByLoop(w, source, ctx)) return;
  const sourceText = truncate(source.getText(w.sf), 30);
  // Without evidence that the list grows with data (request input, awaited results), it is a note, not a warning.
  // In a transaction the queries share one connection and run one at a time anyway.
  const sized = sizedByData(w, source, ctx) && !inTransaction(call);
  w.candidate(ctx, 'no-unbounded-promise-all', call,
    `Promise.${method}(${sourceText}.${mapCallee.name.text}(...)) starts one operation per item at once {where}${sized ? '' : ' (if the list can grow with input)'}; cap the concurrency with a limiter (p-limit style) or process in batches`,
    sized ? {} : { severity: 'info' });
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

/** `thunks.flat().map(...)` where `thunks` got one item per loop iteration: functions, but as many as the data. */
function filledByLoop(w: FactWalker, source: ts.Expression, ctx: WalkCtx): boolean {
  let root: ts.Expression = source;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  const b = ts.isIdentifier(root) ? ctx.scope.lookup(root.text) : undefined;
  return b !== undefined && (w.filledInLoop.has(b) || w.pushedInLoop.has(b) || w.pushedOverKeys.has(b));
}

/** Request input: `req.body.items`, `ctx.request.body.ids`, `request.query.x`. */
const REQUEST_INPUT = /^(req|request|ctx|context|event)\.(body|query|params|request|input|payload|data)\b/;

/**
 * Whether the list's size is set by data: request input, the awaited result of a query, read or API call, an
 * array filled in a loop, or a parameter (the caller's list, often the request's). Lists the code builds
 * otherwise (from configuration, object keys, a fixed set) are notes.
 */
function sizedByData(w: FactWalker, source: ts.Expression, ctx: WalkCtx): boolean {
  if (ts.isAwaitExpression(source)) return true;
  const text = source.getText(w.sf);
  if (REQUEST_INPUT.test(text)) return true;
  let root: ts.Expression = source;
  // rows.filter(f).map: the list the chain starts from.
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const b = ctx.scope.lookup(root.text);
  return b !== undefined && (w.awaitedResults.has(b) || w.pushedInLoop.has(b) || w.filledInLoop.has(b) || w.parameters.has(b));
}
