// Loop shapes: busy waits on the clock, and whether awaited iterations depend on each other.
import { ts } from 'ts-morph';
import { PACING_CALLEE } from './entry-patterns';
import { skipOuter } from './syntax';

export function isClockRead(n: ts.Node): boolean {
  if (ts.isNewExpression(n)) return ts.isIdentifier(n.expression) && n.expression.text === 'Date';
  if (!ts.isCallExpression(n)) return false;
  const c = skipOuter(n.expression);
  if (!ts.isPropertyAccessExpression(c)) return false;
  const name = c.name.text;
  const base = skipOuter(c.expression);
  if (name === 'now' && ts.isIdentifier(base) && (base.text === 'Date' || base.text === 'performance')) return true;
  if (name === 'hrtime' && ts.isIdentifier(base) && base.text === 'process') return true;
  if (name === 'bigint' && ts.isPropertyAccessExpression(base) && base.name.text === 'hrtime') return true;
  if ((name === 'getTime' || name === 'valueOf') && ts.isNewExpression(base)) return true;
  return false;
}

/** A loop that reads the clock and does nothing else that could yield or make progress elsewhere. */
export function isBusyWait(loop: ts.IterationStatement, _sf: ts.SourceFile): boolean {
  let clock = false;
  let other = false;
  const scan = (n: ts.Node): void => {
    if (other) return;
    if (ts.isFunctionLike(n)) { other = true; return; }
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n)) { other = true; return; }
    if (isClockRead(n)) { clock = true; return; }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) { other = true; return; }
    ts.forEachChild(n, scan);
  };
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) scan(loop.expression);
  if (ts.isForStatement(loop)) { if (loop.condition) scan(loop.condition); if (loop.incrementor) scan(loop.incrementor); }
  scan(loop.statement);
  return clock && !other;
}

export function collectAwaits(body: ts.Node): ts.AwaitExpression[] {
  const out: ts.AwaitExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isAwaitExpression(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(body);
  return out;
}

/** `await Promise.all(batch.map(...))` inside a loop is batching: concurrent within the batch on purpose. */
export function isBatchAwait(a: ts.AwaitExpression): boolean {
  const e = skipOuter(a.expression);
  if (!ts.isCallExpression(e)) return false;
  const c = skipOuter(e.expression);
  return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'Promise' &&
    ['all', 'allSettled', 'any', 'race'].includes(c.name.text);
}

/** `for (const step of steps) await step(ctx)`: a pipeline or middleware chain, ordered by design. */
export function callsLoopVariable(a: ts.AwaitExpression, loop: ts.ForOfStatement): boolean {
  const init = loop.initializer;
  if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return false;
  const v = init.declarations[0].name;
  if (!ts.isIdentifier(v)) return false;
  const e = skipOuter(a.expression);
  if (!ts.isCallExpression(e)) return false;
  let c = skipOuter(e.expression);
  if (ts.isPropertyAccessExpression(c) && (c.name.text === 'call' || c.name.text === 'apply')) c = skipOuter(c.expression);
  return ts.isIdentifier(c) && c.text === v.text;
}

export function isPacingAwait(a: ts.AwaitExpression): boolean {
  const e = skipOuter(a.expression);
  if (ts.isCallExpression(e)) {
    const c = skipOuter(e.expression);
    const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '';
    return PACING_CALLEE.test(name);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Promise') {
    return /setTimeout|setImmediate/.test(e.getText());
  }
  return false;
}

/**
 * Iterations depend on each other when a variable declared outside the loop is written inside it and
 * read by an awaited call or by the loop condition (a cursor, a running total fed back), or when the loop
 * can stop early on a result (break/return): then running iterations concurrently would change the meaning.
 */
export function loopCarriesDependency(loop: ts.IterationStatement, awaits: ts.AwaitExpression[]): boolean {
  const declaredInside = new Set<string>();
  const written = new Set<string>();
  let exits = false;
  const collectNames = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) declaredInside.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectNames(el.name);
  };
  const visit = (n: ts.Node, depth: { loops: number; switches: number }): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isVariableDeclaration(n)) collectNames(n.name);
    if (ts.isReturnStatement(n)) exits = true;
    if (ts.isBreakStatement(n) && (n.label || (depth.loops === 0 && depth.switches === 0))) exits = true;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      collectAssigned(n.left, written);
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && ts.isIdentifier(n.operand)) {
      written.add(n.operand.text);
    }
    const nested = ts.isIterationStatement(n, false);
    const sw = ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => visit(c, { loops: depth.loops + (nested ? 1 : 0), switches: depth.switches + (sw ? 1 : 0) }));
  };
  visit(loop.statement, { loops: 0, switches: 0 });
  if (exits) return true;
  const carried = [...written].filter((w) => !declaredInside.has(w));
  if (carried.length === 0) return false;
  const readsCarried = (n: ts.Node | undefined): boolean => {
    if (!n) return false;
    let hit = false;
    const v = (x: ts.Node): void => {
      if (hit) return;
      if (ts.isIdentifier(x) && carried.includes(x.text)) hit = true;
      else ts.forEachChild(x, v);
    };
    v(n);
    return hit;
  };
  if (awaits.some((a) => readsCarried(a.expression))) return true;
  if (ts.isForStatement(loop) && readsCarried(loop.condition)) return true;
  return false;
}

export function collectAssigned(target: ts.Expression, out: Set<string>): void {
  const t = skipOuter(target);
  if (ts.isIdentifier(t)) out.add(t.text);
  else if (ts.isObjectLiteralExpression(t)) {
    for (const p of t.properties) {
      if (ts.isShorthandPropertyAssignment(p)) out.add(p.name.text);
      else if (ts.isPropertyAssignment(p)) collectAssigned(p.initializer, out);
    }
  } else if (ts.isArrayLiteralExpression(t)) for (const el of t.elements) collectAssigned(el, out);
}
