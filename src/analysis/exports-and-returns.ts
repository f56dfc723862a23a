// What a file and its functions hand out, for the linking in hot-paths.ts: CommonJS exports, the functions an exported
// call of wrappers is built from (FileFacts.builtExports), and the functions or object members a function returns
// (FunctionFact.returnsFunctions, FileFacts.returnedMembers). ES module exports are declared by the walker itself.
import { ts } from './typescript';
import { definedInProject, type Binding } from './bindings';
import { isCallable } from './call-shapes';
import type { FactWalker, WalkCtx } from './fact-walker';
import { literalText, propertyKey, skipOuter } from './syntax';

/** `module.exports = router`, `module.exports = { v1: router, avatar }`: the names the file's variables are exported by (FileFacts.exportedLocals). */
function noteExportedLocals(w: FactWalker, value: ts.Expression): void {
  if (ts.isIdentifier(value)) w.facts.exportedLocals.set('default', value.text);
  if (!ts.isObjectLiteralExpression(value)) return;
  for (const p of value.properties) {
    const key = propertyKey(p);
    const local = ts.isShorthandPropertyAssignment(p) ? p.name : ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
    if (key !== undefined && local && ts.isIdentifier(local) && local.text !== key) w.facts.exportedLocals.set(key, local.text);
  }
}

/**
 * `module.exports = x` at module top level: the file's exports, as ES `export` would declare them. Members assigned
 * one by one (`module.exports.name = x`, `exports.name = x`) are the walker's `moduleExports` (assigned-members.ts).
 */
export function declareCommonJsExport(w: FactWalker, expr: ts.Expression, ctx: WalkCtx): void {
  if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const left = expr.left;
  if (!ts.isPropertyAccessExpression(left) || !ts.isIdentifier(left.expression) || left.expression.text !== 'module' || left.name.text !== 'exports') return;
  noteExportedLocals(w, skipOuter(expr.right));
  const b = w.valueBinding(expr.right, ctx, 'module.exports');
  if (!b) return;
  w.facts.exports.set('default', b);
  if (b.kind === 'object') for (const [k, v] of b.members) w.facts.exports.set(k, v);
  if (b.kind === 'class' || b.kind === 'fn') w.facts.exports.set('module.exports', b);
  // `module.exports = { ...require('./crud'), ...images }`: every export of those modules, as `export *` would.
  const right = skipOuter(expr.right);
  if (ts.isObjectLiteralExpression(right)) {
    for (const p of right.properties) {
      const spread = ts.isSpreadAssignment(p) ? w.valueBinding(skipOuter(p.expression), ctx) : undefined;
      if (spread?.kind === 'project-module' && !w.facts.starExports.includes(spread.file)) w.facts.starExports.push(spread.file);
    }
  }
}

/** The functions an object literal a function returns holds, by name (FileFacts.returnedMembers). */
export function noteReturnedMembers(w: FactWalker, obj: ts.ObjectLiteralExpression, ctx: WalkCtx): void {
  for (const p of obj.properties) {
    const name = propertyKey(p);
    if (!name) continue;
    let target: Binding | undefined;
    if (ts.isMethodDeclaration(p)) target = { kind: 'fn', id: w.fnFact(p).id };
    else if (ts.isShorthandPropertyAssignment(p)) target = ctx.scope.lookup(name);
    else if (ts.isPropertyAssignment(p)) {
      const value = skipOuter(p.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) target = { kind: 'fn', id: w.fnFact(value).id };
      else if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) target = w.valueBinding(value, ctx);
    }
    if (target && isCallable(target)) w.facts.returnedMembers.push({ name, target });
  }
}

/** FileFacts.builtExports: the functions given, at any depth of calls, objects and arrays, to the call an export is. */
export function noteBuiltExport(w: FactWalker, name: string, value: ts.Expression, ctx: WalkCtx): void {
  const found: Binding[] = [];
  const collect = (e: ts.Expression, depth: number): void => {
    const x = skipOuter(e);
    if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) found.push({ kind: 'fn', id: w.fnFact(x).id });
    else if (depth > 4) return;
    else if (ts.isCallExpression(x)) x.arguments.forEach((a) => collect(a, depth + 1));
    else if (ts.isArrayLiteralExpression(x)) x.elements.forEach((a) => collect(a, depth + 1));
    else if (ts.isObjectLiteralExpression(x)) {
      for (const p of x.properties) {
        if (ts.isMethodDeclaration(p)) found.push({ kind: 'fn', id: w.fnFact(p).id });
        else if (ts.isPropertyAssignment(p)) collect(p.initializer, depth + 1);
      }
    } else if (depth > 0 && (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x))) {
      const b = w.valueBinding(x, ctx);
      if (b && definedInProject(b)) found.push(b);
    }
  };
  if (ts.isCallExpression(skipOuter(value))) collect(value, 0);
  if (found.length) w.facts.builtExports.set(name, found);
}

/** More handlers than this in a table a resolver returns from, and what it returns is too vague to follow. */
const MAX_RETURNED_TABLE = 40;

/**
 * A function a function returns: `return async (job) => ...` or `return handleJob` (FunctionFact.returnsFunctions).
 * Also a resolver over a table of handlers, which returns any of them: `return HANDLERS[data]` with HANDLERS an object
 * of the project's, or `return handler` inside `for (const { prefix, handler } of PREFIX_HANDLERS)` over an array of
 * object literals (a bot's or an agent's command dispatch: `const handler = resolveCallbackHandler(data); await handler(ctx)`).
 */
export function noteReturnedFunction(w: FactWalker, value: ts.Expression, ctx: WalkCtx): void {
  const x = skipOuter(value);
  let targets: Binding[] = [];
  if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) targets = [{ kind: 'fn', id: w.fnFact(x).id }];
  else if (ts.isElementAccessExpression(x) && literalText(x.argumentExpression) === undefined) {
    const table = w.valueBinding(x.expression, ctx);
    if (table?.kind === 'object') targets = [...table.members.values()];
  } else if (ts.isIdentifier(x)) {
    const b = w.valueBinding(x, ctx);
    targets = b && isCallable(b) ? [b] : loopedTableMembers(w, x, ctx);
  } else if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    const b = w.valueBinding(x, ctx);
    if (b) targets = [b];
  }
  targets = targets.filter(isCallable);
  if (targets.length === 0 || targets.length > MAX_RETURNED_TABLE) return;
  const fact = w.fnById.get(ctx.fn!)!;
  (fact.returnsFunctions ??= []).push(...targets);
}

/**
 * `handler` in `for (const { prefix, handler } of PREFIX_HANDLERS)`, with PREFIX_HANDLERS a local array of object
 * literals: the `handler` member of each element.
 */
function loopedTableMembers(w: FactWalker, name: ts.Identifier, ctx: WalkCtx): Binding[] {
  for (let n: ts.Node = name; n.parent && !ts.isFunctionLike(n); n = n.parent) {
    const loop = n.parent;
    if (!ts.isForOfStatement(loop) || n !== loop.statement || !ts.isVariableDeclarationList(loop.initializer)) continue;
    const pattern = loop.initializer.declarations[0]?.name;
    if (!pattern || !ts.isObjectBindingPattern(pattern)) continue;
    const element = pattern.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === name.text);
    if (!element) continue;
    const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : name.text;
    const list = ts.isIdentifier(loop.expression) ? w.initializerOf(loop.expression.text, ctx) : undefined;
    if (!list || !ts.isArrayLiteralExpression(skipOuter(list))) return [];
    const found: Binding[] = [];
    for (const item of (skipOuter(list) as ts.ArrayLiteralExpression).elements) {
      const o = skipOuter(item);
      const p = ts.isObjectLiteralExpression(o) ? o.properties.find((q) => propertyKey(q) === key) : undefined;
      const b = p && ts.isPropertyAssignment(p) ? w.valueBinding(p.initializer, ctx)
        : p && ts.isShorthandPropertyAssignment(p) ? w.valueBinding(p.name, ctx) : undefined;
      if (b) found.push(b);
    }
    return found;
  }
  return [];
}
