// Detector: require() inside a function reads and compiles a module synchronously the first time it runs.
// The walker decides that a call is Node's require (the global, or one made by createRequire); this flags it
// when it is inside a function rather than at module top level.
import { ts } from 'ts-morph';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkRequireCall(w: FactWalker, call: ts.CallExpression, ctx: WalkCtx): void {
  const arg = call.arguments[0];
  if (ctx.fn && arg) {
    const what = ts.isStringLiteral(arg) ? `require('${arg.text}')` : 'require()';
    w.candidate(ctx, 'no-require-in-hot-path', call, `${what} loads and compiles a module synchronously {where}; require it once at module top level`);
  }
}
