// Detector: require() inside a function. Node caches a module after its first load, so `require('x')` with a
// constant specifier costs one synchronous read and compile, once: not reported. What stays costly is a
// specifier computed at run time (`require(`./plugins/${name}`)`, a new module per value, each read and
// compiled on the event loop) and a require inside a loop. The walker decides that a call is Node's require
// (the global, or one made by createRequire).
import { ts } from '../typescript';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkRequireCall(w: FactWalker, call: ts.CallExpression, ctx: WalkCtx): void {
  const arg = call.arguments[0];
  if (!ctx.fn || !arg) return;
  const constant = ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg);
  if (constant && !insideLoop(call)) return;
  const message = constant
    ? `require('${(arg as ts.StringLiteral).text}') inside a loop {where}; require it once at module top level`
    : `require() of a computed path loads and compiles a module synchronously {where}, once per new path; require or import() it once, or keep a map of loaded modules`;
  w.candidate(ctx, 'no-require-in-hot-path', call, message);
}

/** A loop statement between the call and its enclosing function. */
function insideLoop(node: ts.Node): boolean {
  for (let p = node.parent; p && !ts.isFunctionLike(p); p = p.parent) {
    if (ts.isIterationStatement(p, false)) return true;
  }
  return false;
}
