// Lazy one-time initialisation: code on a hot path that fills a long-lived value when it is missing, so it runs
// on the first call only. `if (!client) { client = ... }`, `cache ??= load()`, `if (!m.has(k)) m.set(k, ...)`,
// `if (!clients[k]) clients[k] = ...` (once per key), `if (loaded) return; ...; loaded = true`, singletons. The walker
// visits what these guard with `once` set, and hot-paths.ts reports it at info. Only module-level or `this` targets
// count (the walker says which names are): a local variable filled when missing is filled on every call.
import { ts } from './typescript';
import { isFallback, isFalsyLiteral, skipOuter } from './syntax';

/** Whether a name (or `this`) outlives one call of the function being walked. */
export type LongLived = (root: string) => boolean;

/**
 * The text of what a lazy-init guard tests: `client`, `this.client`, `Foo.instance`, `this.#keys.publicKey`; its root
 * is `client`, `this`, `Foo`. An element of an object used as a map is `clients[]` whatever the key
 * (`if (!clients[env]) clients[env] = new Client(...)`): filled once per key, like `if (!map.has(k)) map.set(k, ...)`.
 */
function guardedTarget(e: ts.Expression): string | undefined {
  const x = skipOuter(e);
  if (ts.isIdentifier(x)) return x.text;
  if (x.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isElementAccessExpression(x)) {
    const base = guardedTarget(x.expression);
    return base === undefined ? undefined : `${base}[]`;
  }
  if (!ts.isPropertyAccessExpression(x)) return undefined;
  const base = guardedTarget(x.expression);
  return base === undefined ? undefined : `${base}.${x.name.text}`;
}

function longLivedTarget(e: ts.Expression, longLived: LongLived): string | undefined {
  const t = guardedTarget(e);
  return t !== undefined && longLived(t.split(/[.[]/)[0]) ? t : undefined;
}

/** What an `if` condition says is still unset: `!x`, `x === undefined`, `x == null`, `!cache.has(key)`. */
function unsetTarget(cond: ts.Expression, longLived: LongLived): { target: string; map: boolean } | undefined {
  const c = skipOuter(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipOuter(c.operand);
    if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === 'has') {
      const map = longLivedTarget(operand.expression.expression, longLived);
      return map ? { target: map, map: true } : undefined;
    }
    const t = longLivedTarget(operand, longLived);
    return t ? { target: t, map: false } : undefined;
  }
  if (ts.isBinaryExpression(c) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(c.operatorToken.kind)) {
    const isNullish = (e: ts.Expression): boolean => {
      const x = skipOuter(e);
      return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
    };
    const t = isNullish(c.right) ? longLivedTarget(c.left, longLived) : isNullish(c.left) ? longLivedTarget(c.right, longLived) : undefined;
    return t ? { target: t, map: false } : undefined;
  }
  return undefined;
}

/** Whether `node` assigns the guarded target (`x = ...`, `this.x = ...`) or, for a map, sets it (`cache.set(...)`). */
function assigns(node: ts.Node, target: string, map: boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== node)) return;
    if (!map && ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && guardedTarget(n.left) === target) found = true;
    else if (map && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'set' && guardedTarget(n.expression.expression) === target) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** `if (!client) { ... client = ... }`: a branch that fills what the condition found missing. */
export function isLazyInitGuard(st: ts.IfStatement, longLived: LongLived): boolean {
  if (createsMissingFile(st)) return true;
  const unset = unsetTarget(st.expression, longLived);
  if (unset === undefined) return false;
  // `if (!inflight[url]) { inflight[url] = fetch(url).finally(() => { delete inflight[url]; }) }`: a slot held while
  // the work runs and freed after it, so the work runs again on a later call, not once per key.
  if (unset.target.endsWith('[]') && deletesKey(st.thenStatement, unset.target)) return false;
  // `if (!this.running) { this.running = true; await this.sync(); this.running = false; }`: a flag that keeps runs from
  // overlapping, set back when the run ends, so the branch runs again on the next call.
  if (!unset.map && clears(st.thenStatement, unset.target)) return false;
  return assigns(st.thenStatement, unset.target, unset.map) || onlyCalls(st.thenStatement);
}

/**
 * `if (!fs.existsSync(recordPath)) { fs.writeFileSync(recordPath, '{"files":[]}') }`: a file the branch creates when it
 * is missing, so the branch runs on the first call only (once per path, when the path varies: like a map's key).
 * The test itself (`existsSync`) still runs on every call and is judged on its own.
 */
function createsMissingFile(st: ts.IfStatement): boolean {
  const c = skipOuter(st.expression);
  if (!ts.isPrefixUnaryExpression(c) || c.operator !== ts.SyntaxKind.ExclamationToken) return false;
  const test = skipOuter(c.operand);
  if (!ts.isCallExpression(test) || test.arguments.length !== 1) return false;
  const callee = skipOuter(test.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'existsSync' && name !== 'pathExistsSync') return false;
  const tested = test.arguments[0].getText();
  // Some call in the branch is given the tested path first: it makes the file (writeFileSync, mkdirSync, copy...).
  return anyNode(st.thenStatement, (n) =>
    ts.isCallExpression(n) && n.arguments.length > 0 && n.arguments[0].getText() === tested && n !== test);
}

/** Whether `node` (callbacks it defines included) deletes a key of the object `target` (`clients[]`) names. */
function deletesKey(node: ts.Node, target: string): boolean {
  return anyNode(node, (n) => ts.isDeleteExpression(n) && guardedTarget(n.expression) === target);
}

/** Whether `node` or anything inside it (callbacks it defines included) passes `test`. */
function anyNode(node: ts.Node, test: (n: ts.Node) => boolean): boolean {
  const visit = (n: ts.Node): boolean => test(n) || (ts.forEachChild(n, visit) ?? false);
  return visit(node);
}

/**
 * `if (star.index === null) { star.index = next(); tasks.push(star.save()); }` in a loop over rows: a field of the
 * item found missing and filled in the branch. Once the row is saved the branch never runs for it again: a
 * backfill of old rows, not work per call.
 */
export function isFieldBackfill(st: ts.IfStatement, item: string): boolean {
  const unset = unsetTarget(st.expression, (root) => root === item);
  return unset !== undefined && !unset.map && unset.target.startsWith(`${item}.`) && assigns(st.thenStatement, unset.target, false);
}

/** `{ init(); }` or `{ await this.load(); }`: a branch that only calls something, which fills what was missing. */
function onlyCalls(node: ts.Statement): boolean {
  const statements = ts.isBlock(node) ? [...node.statements] : [node];
  return statements.length > 0 && statements.every((st) => {
    if (!ts.isExpressionStatement(st)) return false;
    let e = skipOuter(st.expression);
    if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
    return ts.isCallExpression(e);
  });
}

/**
 * `if (cache) return cache;` or `if (loaded) return;` followed by statements that set it. Or a map's entry, once per
 * key: `const hit = this.cache.get(key); if (hit) return hit;` (the name declared in `before`, the statements ahead of
 * the guard) or `if (cache.has(key)) return cache.get(key);`, followed by statements that `cache.set(...)`.
 */
export function isMemoReturnGuard(st: ts.IfStatement, rest: readonly ts.Statement[], longLived: LongLived, before: readonly ts.Statement[] = []): boolean {
  if (st.elseStatement) return false;
  const then = ts.isBlock(st.thenStatement) && st.thenStatement.statements.length === 1 ? st.thenStatement.statements[0] : st.thenStatement;
  if (!ts.isReturnStatement(then)) return false;
  const operands = andOperands(st.expression);
  const map = operands.length === 1 ? mapEntryTested(operands[0], longLived, before) : undefined;
  // `const inflight = pending.get(url); if (inflight) return inflight; ... pending.set(url, p.finally(() => pending.delete(url)))`:
  // a slot held while the work runs, freed after it, so the work runs again later.
  if (map !== undefined) return !rest.some((r) => deletesEntry(r, map)) && rest.some((r) => assigns(r, map, true));
  // `if (this.#keys.publicKey && this.#keys.privateKey) return this.#keys;`: each operand is a memo slot.
  const targets = operands.map((e) => longLivedTarget(e, longLived));
  if (targets.some((t) => t === undefined)) return false;
  // `if (this.busy) return; this.busy = true; work().finally(() => { this.busy = false; })`: a flag that keeps runs
  // from overlapping, cleared when the work ends, not a value kept for good.
  if (rest.some((r) => targets.some((t) => clears(r, t!)))) return false;
  return rest.some((r) => targets.some((t) => assigns(r, t!, false)));
}

/**
 * The long-lived map whose entry a condition tests: `cache.has(key)`, or a name that `before` declares as
 * `cache.get(key)` (awaited or not), with `cache` long-lived.
 */
function mapEntryTested(cond: ts.Expression, longLived: LongLived, before: readonly ts.Statement[]): string | undefined {
  const c = skipOuter(cond);
  const read = ts.isIdentifier(c) ? declaredValue(c.text, before) : c;
  let x = read && skipOuter(read);
  if (x && ts.isAwaitExpression(x)) x = skipOuter(x.expression);
  if (!x || !ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression)) return undefined;
  const method = x.expression.name.text;
  if (method !== (ts.isIdentifier(c) ? 'get' : 'has')) return undefined;
  return longLivedTarget(x.expression.expression, longLived);
}

/** What `const name = ...` among these statements gives the name, when one declares it. */
function declaredValue(name: string, statements: readonly ts.Statement[]): ts.Expression | undefined {
  for (const st of statements) {
    if (!ts.isVariableStatement(st)) continue;
    const decl = st.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (decl) return decl.initializer;
  }
  return undefined;
}

/** Whether `node` (callbacks it defines included) deletes an entry of the map `target` names: `pending.delete(url)`. */
function deletesEntry(node: ts.Node, target: string): boolean {
  return anyNode(node, (n) => ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'delete' &&
    guardedTarget(n.expression.expression) === target);
}

/** Whether `node` (callbacks it defines included) sets `target` back to a falsy literal: `busy = false`. */
function clears(node: ts.Node, target: string): boolean {
  return anyNode(node, (n) =>
    ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && guardedTarget(n.left) === target && isFalsyLiteral(n.right));
}

function andOperands(e: ts.Expression): ts.Expression[] {
  const x = skipOuter(e);
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return [...andOperands(x.left), ...andOperands(x.right)];
  return [x];
}

/** `x ??= load()`, `x ||= load()`, `x ?? (x = load())`, `x || (x = load())`. */
export function isLazyAssignment(b: ts.BinaryExpression, longLived: LongLived): boolean {
  const op = b.operatorToken.kind;
  const target = longLivedTarget(b.left, longLived);
  if (!target) return false;
  if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (!isFallback(b)) return false;
  const right = skipOuter(b.right);
  return ts.isBinaryExpression(right) && right.operatorToken.kind === ts.SyntaxKind.EqualsToken && guardedTarget(right.left) === target;
}
