// Call shapes the detectors recognise: pooled workers, bounded fan-out, limiters, handled promise chains,
// callback forms of blocking APIs, and the wording of blocking-call messages.
import { ts } from 'ts-morph';
import type { Binding } from './bindings';
import type { BlockingApi } from './blocking-apis';
import { LIMITER_CALLEE } from './entry-patterns';
import { rootName, skipOuter, truncate, type FunctionLike } from './syntax';

export const ONE_MIB = 1024 * 1024;

/** A new Worker kept in a collection is a pool being filled (or refilled), not a worker per request. */
export function isPooled(e: ts.NewExpression): boolean {
  let p: ts.Node = e.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && ['push', 'set', 'add', 'unshift', 'splice'].includes(p.expression.name.text)) return true;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(p.left)) return true;
  return false;
}

export function isBoundedSlice(source: ts.Expression): boolean {
  if (!ts.isCallExpression(source)) return false;
  const c = skipOuter(source.expression);
  if (!ts.isPropertyAccessExpression(c) || c.name.text !== 'slice') return false;
  const [a, b] = source.arguments;
  return a !== undefined && b !== undefined && ts.isNumericLiteral(skipOuter(a)) && ts.isNumericLiteral(skipOuter(b));
}

export function callsLimiter(cb: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let returned: ts.Expression | undefined;
  if (!ts.isBlock(cb.body)) returned = cb.body;
  else {
    const ret = cb.body.statements.find(ts.isReturnStatement);
    returned = ret?.expression;
  }
  if (!returned) return false;
  let r = skipOuter(returned);
  if (ts.isAwaitExpression(r)) r = skipOuter(r.expression);
  if (!ts.isCallExpression(r)) return false;
  const c = skipOuter(r.expression);
  const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? `${rootName(c.expression) ?? ''}.${c.name.text}` : '';
  return LIMITER_CALLEE.test(name);
}

/** `p.then(ok, fail).finally(f)` and `p.catch(f).then(g)` already handle rejection earlier in the chain. */
export function chainHasRejectionHandler(e: ts.Expression): boolean {
  for (let x = e; ts.isCallExpression(x); ) {
    const c = skipOuter(x.expression);
    if (!ts.isPropertyAccessExpression(c)) return false;
    if (c.name.text === 'catch' || (c.name.text === 'then' && x.arguments.length >= 2)) return true;
    if (c.name.text !== 'then' && c.name.text !== 'finally') return false;
    x = skipOuter(c.expression);
  }
  return false;
}

export function blocksHere(api: BlockingApi, call: ts.CallExpression): boolean {
  if (api.when === 'always') return true;
  const args = call.arguments;
  const last = args[args.length - 1];
  if (!last) return true;
  const l = skipOuter(last);
  if (ts.isArrowFunction(l) || ts.isFunctionExpression(l)) return false;
  // A callback passed by name: `randomBytes(16, done)`. The minimum arity tells it from data arguments.
  const minArgs: Record<string, number> = { randomBytes: 2, randomFill: 2, sign: 4, verify: 5 };
  const needed = minArgs[api.name] ?? 2;
  if (args.length >= needed && (ts.isIdentifier(l) || ts.isPropertyAccessExpression(l) || ts.isCallExpression(l)) && !ts.isNumericLiteral(l)) return false;
  return true;
}

export function blockingMessage(api: BlockingApi): string {
  const name = api.className ? (api.module === 'global' ? `${api.className}.${api.name}` : `${api.className}#${api.name}`) : api.name;
  const qualifier = api.when === 'no-callback' ? ' without a callback' : '';
  return `${name}${qualifier} blocks the event loop {where}; use ${api.instead} instead`;
}

export function matchesCalleePattern(calleeText: string, pattern: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  if (p.startsWith('*.')) return calleeText.endsWith(p.slice(1));
  return calleeText === p || calleeText.endsWith('.' + p);
}

export function declaresPromise(node: FunctionLike): boolean {
  if (node.type && ts.isTypeReferenceNode(node.type)) {
    const name = node.type.typeName;
    return ts.isIdentifier(name) && (name.text === 'Promise' || name.text === 'PromiseLike');
  }
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) {
    const body = skipOuter(node.body);
    return ts.isNewExpression(body) && ts.isIdentifier(body.expression) && body.expression.text === 'Promise';
  }
  return false;
}

export function formatMiB(bytes: number): string {
  return bytes >= ONE_MIB ? `${(bytes / ONE_MIB).toFixed(bytes % ONE_MIB === 0 ? 0 : 1)} MB` : `${bytes} bytes`;
}

export function calleeLabel(callee: ts.Expression, sf: ts.SourceFile): string {
  return truncate(callee.getText(sf).replace(/\s+/g, ''), 40);
}

export function isCallable(b: Binding): boolean {
  return b.kind === 'fn' || b.kind === 'project-export' || b.kind === 'member';
}
