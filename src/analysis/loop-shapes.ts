// Loop shapes: busy waits on the clock, and whether awaited iterations depend on each other.
import { ts } from './typescript';
import { isBatchSourceName, valuesOfName } from './call-shapes';
import { PACING_CALLEE, YIELD_CALLEE } from './entry-patterns';
import { calleeName, isAssignment, lengthReceiver, propertyKey, skipOuter, steppedOperand } from './syntax';

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

/** `BigInt(ms)`, `Number(t)`, `Math.max(a, b)`: pure conversions a spin condition may compute with. */
function isConversionCall(n: ts.CallExpression): boolean {
  const c = skipOuter(n.expression);
  if (ts.isIdentifier(c)) return c.text === 'BigInt' || c.text === 'Number';
  if (!ts.isPropertyAccessExpression(c)) return false;
  const base = skipOuter(c.expression);
  return ts.isIdentifier(base) && base.text === 'Math';
}

function containsClockRead(n: ts.Node): boolean {
  if (isClockRead(n)) return true;
  if (ts.isFunctionLike(n)) return false;
  return ts.forEachChild(n, (c) => containsClockRead(c) || undefined) ?? false;
}

/**
 * A loop that reads the clock and does nothing but spin: its condition, increment and body only read the
 * clock, compare, compute with pure conversions (`BigInt`, `Number`, `Math.*`), keep scratch variables
 * declared in the loop, refresh outer variables that hold a clock reading (`now = Date.now()`) and leave
 * (`if (...) break`, `continue`, `return`). Any other call, an await, or a write to an outer variable is
 * work: `while (i < n && performance.now() < end) sum += xs[i++]` is a time slice, not a busy wait.
 * The source file is unused; the parameter keeps the signature callers rely on.
 */
export function isBusyWait(loop: ts.IterationStatement): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  // Variables declared in the loop header or body are scratch: writing them is not progress elsewhere.
  const local = new Set<string>();
  const declare = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) local.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) declare(el.name);
  };
  const collectDeclared = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isVariableDeclaration(n)) declare(n.name);
    ts.forEachChild(n, collectDeclared);
  };
  if (ts.isForStatement(loop) && loop.initializer) collectDeclared(loop.initializer);
  collectDeclared(loop.statement);

  let clock = false;
  const isLocalTarget = (e: ts.Expression): boolean => {
    const t = skipOuter(e);
    return ts.isIdentifier(t) && local.has(t.text);
  };
  const pure = (node: ts.Expression): boolean => {
    const e = skipOuter(node);
    if (isClockRead(e)) {
      clock = true;
      const args = (e as ts.CallExpression | ts.NewExpression).arguments ?? [];
      return args.every(pure);
    }
    switch (e.kind) {
      case ts.SyntaxKind.Identifier:
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.ThisKeyword:
        return true;
    }
    if (ts.isPropertyAccessExpression(e)) return pure(e.expression);
    if (ts.isElementAccessExpression(e)) return pure(e.expression) && pure(e.argumentExpression);
    if (ts.isTypeOfExpression(e)) return pure(e.expression);
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => pure(s.expression));
    if (ts.isConditionalExpression(e)) return pure(e.condition) && pure(e.whenTrue) && pure(e.whenFalse);
    if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) {
      if (steppedOperand(e)) return isLocalTarget(e.operand);
      return pure(e.operand);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (isAssignment(e)) {
        if (!pure(e.right)) return false;
        if (isLocalTarget(e.left)) return true;
        // An outer variable refreshed with a clock reading: `now = Date.now()`.
        return op === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipOuter(e.left)) && containsClockRead(e.right);
      }
      return pure(e.left) && pure(e.right);
    }
    if (ts.isCallExpression(e)) return isConversionCall(e) && e.arguments.every(pure);
    return false;
  };
  const spins = (s: ts.Statement): boolean => {
    if (ts.isEmptyStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s)) return true;
    if (ts.isBlock(s)) return s.statements.every(spins);
    if (ts.isExpressionStatement(s)) return pure(s.expression);
    if (ts.isVariableStatement(s)) return s.declarationList.declarations.every((d) => !d.initializer || pure(d.initializer));
    if (ts.isIfStatement(s)) return pure(s.expression) && spins(s.thenStatement) && (!s.elseStatement || spins(s.elseStatement));
    if (ts.isReturnStatement(s)) return !s.expression || pure(s.expression);
    return false;
  };

  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) {
    if (!pure(loop.expression)) return false;
  } else if (ts.isForStatement(loop)) {
    if (loop.condition && !pure(loop.condition)) return false;
    if (loop.incrementor && !pure(loop.incrementor)) return false;
  } else return false;
  return spins(loop.statement) && clock;
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

/**
 * `while (true) { await work(); await delay(interval) }`: a loop that runs for the life of the process, paced by a
 * sleep: a repeating timer written as a loop. Its condition is absent, `true` or a running flag (`!this.stopped`), it
 * awaits a pacing call in its own body (not in an inner loop, which is a retry), and nothing in it leaves the loop
 * (`return` or `break`): a retry loop returns on success, a polling loop does not.
 */
export function isPollingLoop(loop: ts.IterationStatement): boolean {
  if (ts.isForStatement(loop)) {
    if (loop.condition && !isRunningCondition(loop.condition)) return false;
  } else if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) {
    if (!isRunningCondition(loop.expression)) return false;
  } else return false;
  let paced = false;
  let leaves = false;
  const visit = (n: ts.Node, nested: boolean): void => {
    if (ts.isFunctionLike(n) || leaves) return;
    if (ts.isReturnStatement(n)) leaves = true;
    else if (ts.isBreakStatement(n) && (!nested || n.label !== undefined)) leaves = true;
    else if (ts.isAwaitExpression(n) && !nested && isPacingAwait(n)) paced = true;
    const inner = nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => visit(c, inner));
  };
  visit(loop.statement, false);
  return paced && !leaves;
}

/** `true`, `running`, `!this.stopped`, `!signal.aborted`: a loop condition that does not count anything down. */
function isRunningCondition(e: ts.Expression): boolean {
  let x = skipOuter(e);
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.ExclamationToken) x = skipOuter(x.operand);
  if (x.kind === ts.SyntaxKind.TrueKeyword) return true;
  // `while (queue.length)` drains a list, paced or not: it ends.
  if (ts.isPropertyAccessExpression(x) && (x.name.text === 'length' || x.name.text === 'size')) return false;
  while (ts.isPropertyAccessExpression(x)) x = skipOuter(x.expression);
  return ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword;
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

/** `await yieldEventLoop(i)`: hands the event loop back (YIELD_CALLEE). */
export function isYieldAwait(a: ts.AwaitExpression): boolean {
  const e = skipOuter(a.expression);
  return ts.isCallExpression(e) && YIELD_CALLEE.test(calleeName(skipOuter(e.expression)));
}

export function isPacingAwait(a: ts.AwaitExpression): boolean {
  const e = skipOuter(a.expression);
  if (ts.isCallExpression(e)) {
    const c = skipOuter(e.expression);
    const name = calleeName(c);
    return PACING_CALLEE.test(name);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Promise') {
    return /setTimeout|setImmediate/.test(e.getText());
  }
  return false;
}

/** Calls that make a failure value: fp-ts `E.left(error)`, neverthrow `err(error)`, `fail(reason)`. */
const FAILURE_VALUE_CALLEE = /^(left|err|error|fail|failure)$/i;
/** Methods that set an HTTP status on a response: `res.status(403).json(...)`, `reply.code(404).send()`. */
const STATUS_METHODS = new Set(['status', 'code', 'sendStatus']);

/**
 * `return E.left(result.left)`, `return res.status(403).json(...)`, `return { error: 'denied' }`, `return { status:
 * 401, response }`, `return new Error(...)`: a return that reports a failure. A loop that leaves with one on the first
 * failed item is a fail-fast loop (as with `throw`), not a search for the first item that works.
 */
function returnsFailure(ret: ts.ReturnStatement): boolean {
  if (!ret.expression) return false;
  const e = skipOuter(ret.expression);
  if (ts.isNewExpression(e)) return /Error$/.test(calleeName(skipOuter(e.expression)));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.some((p) => {
      const key = propertyKey(p);
      if (key === 'error' || key === 'errors') return true;
      if (!ts.isPropertyAssignment(p)) return false;
      const value = skipOuter(p.initializer);
      if (key === 'status' || key === 'statusCode') return isErrorStatus(value);
      return (key === 'ok' || key === 'success') && value.kind === ts.SyntaxKind.FalseKeyword;
    });
  }
  for (let x: ts.Expression = e; ts.isCallExpression(x); ) {
    const c = skipOuter(x.expression);
    const name = calleeName(c);
    if (FAILURE_VALUE_CALLEE.test(name)) return true;
    if (STATUS_METHODS.has(name) && x.arguments.length > 0 && isErrorStatus(skipOuter(x.arguments[0]))) return true;
    if (!ts.isPropertyAccessExpression(c)) break;
    x = skipOuter(c.expression);
  }
  return false;
}

/**
 * `const canRead = await canUserReadProject(user, id); if (!canRead) return redirectToRestricted(req, res)`: leaving
 * when an awaited check fails is a fail-fast check of every item (each independent of the others), not a search that
 * stops on what it found.
 */
function leavesOnFailedCheck(ret: ts.ReturnStatement, loop: ts.IterationStatement): boolean {
  let n: ts.Node = ret;
  while (n.parent && n.parent !== loop && ts.isBlock(n.parent)) n = n.parent;
  const guard = n.parent;
  if (!guard || !ts.isIfStatement(guard) || guard.thenStatement !== n) return false;
  const cond = skipOuter(guard.expression);
  if (!ts.isPrefixUnaryExpression(cond) || cond.operator !== ts.SyntaxKind.ExclamationToken) return false;
  const checked = skipOuter(cond.operand);
  if (ts.isAwaitExpression(checked)) return true;
  if (!ts.isIdentifier(checked)) return false;
  // Every value the name is given is awaited, in the loop's own body.
  const values = valuesOfName(checked);
  const inBody = (v: ts.Expression): boolean => v.pos >= loop.statement.pos && v.end <= loop.statement.end;
  return values !== undefined && values.length > 0 && values.every((v) => ts.isAwaitExpression(skipOuter(v)) && inBody(v));
}

/**
 * Whether `exit` (a break or a return) is the branch of an `if` whose test reads only what the loop neither declares
 * nor writes, awaits nothing and reads no clock: `if (archive.destroyed) break;`, `if (signal.aborted) return;`. Such a
 * test says whether to go on at all, not what a pass found.
 */
function leavesOnOutsideSignal(exit: ts.Statement, loop: ts.IterationStatement, fromLoop: (name: string) => boolean): boolean {
  let n: ts.Node = exit;
  while (n.parent && n.parent !== loop && ts.isBlock(n.parent) && n.parent.statements.length === 1) n = n.parent;
  const guard = n.parent;
  if (!guard || !ts.isIfStatement(guard) || guard.thenStatement !== n) return false;
  let outside = true;
  const visit = (x: ts.Node): void => {
    if (!outside) return;
    if (ts.isAwaitExpression(x) || ts.isCallExpression(x) || ts.isNewExpression(x) || isClockRead(x)) outside = false;
    else if (ts.isPropertyAccessExpression(x)) {
      const r = accessRoot(x);
      if (!r || fromLoop(r.root) || (startsAtThis(x) && fromLoop(THIS))) outside = false;
      // The keys along the way too: `stop[id].flag` with `id` the loop's item.
      else visit(x.expression);
    } else if (ts.isIdentifier(x)) {
      if (fromLoop(x.text)) outside = false;
    } else ts.forEachChild(x, visit);
  };
  visit(guard.expression);
  return outside;
}

/** What touchedByPasses records for a pass that awaits a method of `this`: a name no identifier can have. */
const THIS = 'this';

function startsAtThis(e: ts.Expression): boolean {
  let x = skipOuter(e);
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) x = skipOuter(x.expression);
  return x.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * Names a pass may change without the loop's own statements saying so: assigned or stepped anywhere in the body,
 * callbacks included (`.catch(() => { failed = true; })`), or handed to what a pass awaits (`await hook.method(params)` may
 * send `params.res`).
 */
function touchedByPasses(body: ts.Statement): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node, awaited: boolean): void => {
    if (ts.isBinaryExpression(n) && isAssignment(n)) {
      const r = accessRoot(n.left);
      if (r) names.add(r.root);
      else collectAssigned(n.left, names);
    }
    // `.catch(() => { errors++; })`: stepped counts as assigned.
    const stepped = steppedOperand(n);
    const steppedRoot = stepped && accessRoot(stepped);
    if (steppedRoot) names.add(steppedRoot.root);
    if (awaited && ts.isIdentifier(n)) names.add(n.text);
    // `await this.step()` may change any field of `this`.
    if (awaited && n.kind === ts.SyntaxKind.ThisKeyword) names.add(THIS);
    ts.forEachChild(n, (c) => visit(c, awaited || ts.isAwaitExpression(n)));
  };
  visit(body, false);
  return names;
}

function isErrorStatus(e: ts.Expression): boolean {
  return ts.isNumericLiteral(e) && Number(e.text) >= 400 && Number(e.text) < 600;
}

/** Methods that change their receiver in place: `history.push(m)`, `seen.add(k)`, `cache.set(k, v)`. */
const MUTATING_METHODS = new Set(['push', 'unshift', 'splice', 'set', 'add', 'delete', 'pop', 'shift', 'sort', 'reverse', 'fill', 'copyWithin']);

/**
 * The variable an access chain starts from (`this.x` counts as `x`), and the key of the access right after
 * it when that key is a plain identifier: `docs[i].text` → docs and i; `state.text` → state.
 */
function accessRoot(e: ts.Expression): { root: string; key?: string } | undefined {
  let x = skipOuter(e);
  let key: string | undefined;
  for (;;) {
    if (ts.isIdentifier(x)) return { root: x.text, key };
    if (ts.isPropertyAccessExpression(x)) {
      if (x.expression.kind === ts.SyntaxKind.ThisKeyword) return { root: x.name.text, key };
      key = undefined;
      x = skipOuter(x.expression);
    } else if (ts.isElementAccessExpression(x)) {
      const k = skipOuter(x.argumentExpression);
      key = ts.isIdentifier(k) ? k.text : undefined;
      x = skipOuter(x.expression);
    } else return undefined;
  }
}

function isAwaited(n: ts.Node): boolean {
  let p = n.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  return !!p && ts.isAwaitExpression(p);
}

/** `r` in `while (r < head) { r++; ... }`: the name a while loop's condition compares, when the body steps it at its top level. */
export function whileCounter(loop: ts.IterationStatement): string | undefined {
  if (!ts.isWhileStatement(loop) && !ts.isDoStatement(loop)) return undefined;
  const cond = skipOuter(loop.expression);
  if (!ts.isBinaryExpression(cond) || !COMPARISONS.has(cond.operatorToken.kind)) return undefined;
  const sides = [skipOuter(cond.left), skipOuter(cond.right)].filter(ts.isIdentifier).map((id) => id.text);
  const stepped = steppedCounters(loop);
  return sides.find((name) => stepped.has(name));
}

/**
 * The names a loop's body steps with `x++` or `x--` as statements of its own block, not behind an `if`: each pass
 * steps them once, so their value at any point of a pass is known before the pass starts (Directus's sort fix-up,
 * `for (const row of rows) { last++; await update(row, last); }`).
 */
function steppedCounters(loop: ts.IterationStatement): Set<string> {
  const names = new Set<string>();
  if (!ts.isBlock(loop.statement)) return names;
  for (const st of loop.statement.statements) {
    const stepped = ts.isExpressionStatement(st) ? steppedOperand(skipOuter(st.expression)) : undefined;
    const operand = stepped && skipOuter(stepped);
    if (operand && ts.isIdentifier(operand)) names.add(operand.text);
  }
  return names;
}

const COMPARISONS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken,
]);

/**
 * Iterations depend on each other when a variable declared outside the loop is written inside it and
 * read by an awaited call or by the loop condition (a cursor, a running total fed back, a chat history
 * pushed to, `state.text` rewritten), or when the loop can stop early on a result (break/return): then
 * running iterations concurrently would change the meaning. Writes are assignments and updates, property
 * and element assignments and in-place mutating calls (`xs.push(...)`, `Object.assign(xs, ...)`), each
 * charged to the root variable of the target. A mutating call that is itself awaited (`await queue.add(job)`)
 * is an operation, not an in-memory write. A write to the current item's own slot (`docs[i].v = ...` with
 * `i` the loop's index) does not feed later iterations unless they read another slot or the whole value.
 */
export function loopCarriesDependency(loop: ts.IterationStatement, awaits: ts.AwaitExpression[]): boolean {
  const declaredInside = new Set<string>();
  // Root variable → 'all', or the identifier keys of the slots written (`docs[i]...`).
  const written = new Map<string, 'all' | Set<string>>();
  const exits: ts.Statement[] = [];
  const counts = new Map<string, number>();
  const write = (root: string, key?: string): void => {
    counts.set(root, (counts.get(root) ?? 0) + 1);
    const prev = written.get(root);
    if (key === undefined) written.set(root, 'all');
    else if (prev === undefined) written.set(root, new Set([key]));
    else if (prev !== 'all') prev.add(key);
  };
  const writeThrough = (target: ts.Expression): void => {
    const r = accessRoot(target);
    if (r) write(r.root, r.key);
  };
  const collectNames = (name: ts.BindingName, into: Set<string>): void => {
    if (ts.isIdentifier(name)) into.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectNames(el.name, into);
  };
  // The loop's own variables: a for-of/for-in item is fresh each iteration; a for(;;) counter is stepped
  // by the header and, unless the body writes it too, names the current iteration's slot.
  const headerNames = new Set<string>();
  if (
    (ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop)) &&
    loop.initializer &&
    ts.isVariableDeclarationList(loop.initializer)
  ) {
    for (const d of loop.initializer.declarations) collectNames(d.name, headerNames);
  }
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) for (const n of headerNames) declaredInside.add(n);

  const visit = (n: ts.Node, depth: { loops: number; switches: number }): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isVariableDeclaration(n)) collectNames(n.name, declaredInside);
    // A return of a failure stops the loop like a throw does: the items are still independent of each other.
    if (ts.isReturnStatement(n) && !returnsFailure(n) && !leavesOnFailedCheck(n, loop)) exits.push(n);
    if (ts.isBreakStatement(n) && (n.label || (depth.loops === 0 && depth.switches === 0))) exits.push(n);
    if (ts.isBinaryExpression(n) && isAssignment(n)) {
      const left = skipOuter(n.left);
      if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) writeThrough(left);
      else {
        const names = new Set<string>();
        collectAssigned(n.left, names);
        for (const name of names) write(name);
      }
    }
    const stepped = steppedOperand(n);
    if (stepped) {
      const operand = skipOuter(stepped);
      if (ts.isIdentifier(operand)) write(operand.text);
      else writeThrough(operand);
    }
    if (ts.isDeleteExpression(n)) writeThrough(n.expression);
    if (ts.isCallExpression(n) && !isAwaited(n)) {
      const c = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(c)) {
        const base = skipOuter(c.expression);
        if (c.name.text === 'assign' && ts.isIdentifier(base) && base.text === 'Object') {
          if (n.arguments[0]) writeThrough(n.arguments[0]);
        } else if (MUTATING_METHODS.has(c.name.text)) writeThrough(base);
      }
    }
    const nested = ts.isIterationStatement(n, false);
    const sw = ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => visit(c, { loops: depth.loops + (nested ? 1 : 0), switches: depth.switches + (sw ? 1 : 0) }));
  };
  visit(loop.statement, { loops: 0, switches: 0 });
  // `if (archive.destroyed) break;`: leaving on a signal from outside (the consumer went away, a stop flag) is not a
  // search; the passes stay independent of each other.
  if (exits.length > 0) {
    const touched = touchedByPasses(loop.statement);
    const fromLoop = (name: string): boolean => declaredInside.has(name) || headerNames.has(name) || written.has(name) || touched.has(name);
    if (exits.some((x) => !leavesOnOutsideSignal(x, loop, fromLoop))) return true;
  }
  // `while (r < head) { r++; await pad.getRevision(r); }`, `for (const row of rows) { last++; await update(row, last); }`:
  // a counter the body steps once per pass and writes nowhere else holds a value known before the pass starts, as a
  // for header's would.
  for (const counter of steppedCounters(loop)) if (counts.get(counter) === 1) written.delete(counter);

  // Keys that name the current iteration: the loop's own variables, when the body does not move them.
  const slotKeys = new Set([...headerNames].filter((k) => !written.has(k) || declaredInside.has(k)));
  const carried = new Map<string, 'all' | Set<string>>();
  for (const [root, w] of written) {
    if (declaredInside.has(root)) continue;
    carried.set(root, w === 'all' || [...w].some((k) => !slotKeys.has(k)) ? 'all' : w);
  }
  if (carried.size === 0) return false;
  /** Whether this mention of a slot-written variable reads beyond the current slot. */
  const readsOtherSlots = (id: ts.Identifier, slots: Set<string>): boolean => {
    let use: ts.Node = id;
    if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) use = id.parent;
    let p = use.parent;
    while (p && ts.isParenthesizedExpression(p)) { use = p; p = p.parent; }
    if (p && ts.isElementAccessExpression(p) && p.expression === use) {
      const k = skipOuter(p.argumentExpression);
      return !(ts.isIdentifier(k) && slots.has(k.text));
    }
    if (p && ts.isPropertyAccessExpression(p) && p.expression === use) return p.name.text !== 'length';
    return true;
  };
  const readsCarried = (n: ts.Node | undefined): boolean => {
    if (!n) return false;
    let hit = false;
    const v = (x: ts.Node): void => {
      if (hit) return;
      if (ts.isIdentifier(x)) {
        const w = carried.get(x.text);
        if (w !== undefined && (w === 'all' || readsOtherSlots(x, w))) hit = true;
      } else ts.forEachChild(x, v);
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

/**
 * The list a loop goes over: `for (const x of list)`, `for (k in list)`, `for (let i = 0; i < list.length; i++)`;
 * undefined for a loop whose count the code does not tie to a list (`while`, `for (;;)`).
 */
export function loopList(loop: ts.IterationStatement): ts.Expression | undefined {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return skipOuter(loop.expression);
  if (!ts.isForStatement(loop) || !loop.condition) return undefined;
  const c = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(c)) return undefined;
  const lengthOf = (e: ts.Expression): ts.Expression | undefined => {
    const x = skipOuter(e);
    return lengthReceiver(ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.MinusToken ? x.left : x);
  };
  return lengthOf(c.right) ?? lengthOf(c.left);
}

/**
 * `for (let j = i; j < batchEnd; j++)` with `const batchEnd = Math.min(i + BATCH_SIZE, keys.length)`, or the bound
 * written in the condition: a loop that stops at the smaller of a length and something else (a batch's end, a limit)
 * runs over one batch at most, however long the list.
 */
export function endsAtMin(loop: ts.IterationStatement, initializerOf: (name: string) => ts.Expression | undefined): boolean {
  if (!ts.isForStatement(loop) || !loop.condition) return false;
  const c = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(c)) return false;
  if (c.operatorToken.kind !== ts.SyntaxKind.LessThanToken && c.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken) return false;
  let bound = skipOuter(c.right);
  if (ts.isIdentifier(bound)) bound = skipOuter(initializerOf(bound.text) ?? bound);
  if (!ts.isCallExpression(bound) || skipOuter(bound.expression).getText() !== 'Math.min') return false;
  // `Math.min(a.length, b.length)` is as long as the shorter list: no cap.
  return bound.arguments.some((a) => lengthReceiver(skipOuter(a)) === undefined);
}

/** `chunk(xs, n)`, `toChunks(xs, n).entries()`, or a name initialised with one: a loop over it gets one batch at a time. */
export function iteratesBatches(iterated: ts.Expression, initializerOf: (name: string) => ts.Expression | undefined): boolean {
  let e = skipOuter(iterated);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['entries', 'values'].includes(e.expression.name.text)) e = skipOuter(e.expression.expression);
  if (ts.isIdentifier(e)) {
    const init = initializerOf(e.text);
    if (init) e = skipOuter(init);
  }
  return ts.isCallExpression(e) && isBatchSourceName(calleeName(skipOuter(e.expression)));
}
