// Detectors for regular expressions on the event loop: a pattern with super-linear backtracking run on
// variable input (ReDoS), and a RegExp compiled from non-constant text on every call. The pattern analysis
// itself lives in regex-safety.ts; here we decide whether the pattern and its input are what the code uses.
import { ts } from '../typescript';
import { isEscapedForRegExp } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { analyzeRegex } from '../regex-safety';
import { truncate } from '../syntax';

export function checkRegexUse(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): void {
  const method = callee.name.text;
  let regexExpr: ts.Expression | undefined;
  let input: ts.Expression | undefined;
  if (method === 'test' || method === 'exec') {
    regexExpr = callee.expression;
    input = call.arguments[0];
  } else if (['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split'].includes(method)) {
    regexExpr = call.arguments[0];
    input = callee.expression;
  } else return;
  if (!regexExpr || !input) return;
  const re = w.valueBinding(regexExpr, ctx);
  if (re?.kind !== 'regex') return;
  if (w.isConstant(input, ctx)) return;
  const risk = analyzeRegex(re.source, re.flags);
  if (!risk) return;
  // Polynomial backtracking needs long input to hurt (a quadratic scan of one line is fast): a note, not a warning.
  w.candidate(ctx, 'no-redos-regex', call,
    `/${truncate(re.source, 40)}/ has ${risk.description} and runs on variable input {where}; make the pattern unambiguous, bound the input length, or match in a worker`,
    risk.kind === 'adjacent-quantifiers' ? { severity: 'info' } : {});
}

export function checkDynamicRegExp(w: FactWalker, e: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): void {
  const arg = e.arguments?.[0];
  if (!arg || w.isConstant(arg, ctx) || isEscapedForRegExp(arg)) return;
  const b = w.valueBinding(arg, ctx);
  if (b?.kind === 'regex') return;
  w.candidate(ctx, 'no-dynamic-regexp-in-hot-path', e, 'RegExp built from non-constant input {where}: it is compiled on every call and can carry catastrophic backtracking; build it once, or escape the input');
}
