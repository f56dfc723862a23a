// Detector: Promise.all (allSettled, any, race) over `items.map(...)` starts one operation per item at once,
// so sockets, rate limits and memory grow with the input. Arrays of a size fixed in the code, and callbacks
// that go through a limiter, are left alone; the walker records both as it declares variables.
import { ts } from 'ts-morph';
import { NO_BINDING } from '../bindings';
import { callsLimiter, isBoundedSlice } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { skipOuter, truncate } from '../syntax';

export function checkFanOut(w: FactWalker, call: ts.CallExpression, method: string, ctx: WalkCtx): void {
  const arg = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!arg) return;
  let mapCall: ts.CallExpression | undefined;
  if (ts.isCallExpression(arg)) mapCall = arg;
  else if (ts.isIdentifier(arg)) mapCall = w.mappedArrays.get(ctx.scope.lookup(arg.text) ?? NO_BINDING);
  if (!mapCall) return;
  const mapCallee = skipOuter(mapCall.expression);
  if (!ts.isPropertyAccessExpression(mapCallee) || (mapCallee.name.text !== 'map' && mapCallee.name.text !== 'flatMap')) return;
  const source = skipOuter(mapCallee.expression);
  if (ts.isArrayLiteralExpression(source)) return;
  if (isBoundedSlice(source)) return;
  if (ts.isIdentifier(source) && w.boundedArrays.has(ctx.scope.lookup(source.text) ?? NO_BINDING)) return;
  const cb = mapCall.arguments[0] ? skipOuter(mapCall.arguments[0]) : undefined;
  const isLimiter = (c: ts.Expression): boolean => ts.isIdentifier(c) && w.limiters.has(ctx.scope.lookup(c.text) ?? NO_BINDING);
  if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && callsLimiter(cb, isLimiter)) return;
  const sourceText = truncate(source.getText(w.sf), 30);
  w.candidate(ctx, 'no-unbounded-promise-all', call,
    `Promise.${method}(${sourceText}.${mapCallee.name.text}(...)) starts one operation per item at once {where}; cap the concurrency with a limiter (p-limit style) or process in batches`);
}
