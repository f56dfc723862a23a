// Detectors for regular expressions on the event loop: a pattern with super-linear backtracking run on
// variable input (ReDoS), and a RegExp compiled from non-constant text on every call. The pattern analysis
// itself lives in regex-safety.ts; here we decide whether the pattern and its input are what the code uses.
import { ts } from '../typescript';
import { isEscapedForRegExp } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { analyzeRegex } from '../regex-safety';
import { skipOuter, truncate } from '../syntax';

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
  if (!arg || onlyEscapedParts(w, arg, ctx)) return;
  const b = w.valueBinding(arg, ctx);
  if (b?.kind === 'regex') return;
  w.candidate(ctx, 'no-dynamic-regexp-in-hot-path', e, 'RegExp built from non-constant input {where}: it is compiled on every call and can carry catastrophic backtracking; build it once, or escape the input');
}

/**
 * A pattern whose every variable part is escaped (`^${escapeRegExp(base)}/[^/]+$`, `'^' + _.escapeRegExp(q)`), also
 * through the constant that holds it: literal text between fixed pieces of pattern. It compiles in microseconds and its
 * backtracking is the code's own, not the input's. A part built any other way (`parts.map(escape).join('.*')`, where
 * the input decides how many wildcards there are) leaves the pattern dynamic.
 */
function onlyEscapedParts(w: FactWalker, arg: ts.Expression, ctx: WalkCtx, depth = 0): boolean {
  const x = skipOuter(arg);
  if (w.isConstant(x, ctx) || isEscapedForRegExp(x)) return true;
  if (depth > 3) return false;
  if (ts.isTemplateExpression(x)) return x.templateSpans.every((s) => onlyEscapedParts(w, s.expression, ctx, depth + 1));
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return onlyEscapedParts(w, x.left, ctx, depth + 1) && onlyEscapedParts(w, x.right, ctx, depth + 1);
  }
  const init = ts.isIdentifier(x) ? w.initializerOf(x.text, ctx) : undefined;
  return init !== undefined && onlyEscapedParts(w, init, ctx, depth + 1);
}
