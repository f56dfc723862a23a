// Members given to an object by assignment after it is made, the way CommonJS code builds its modules:
//   const Helpers = module.exports;            // or exports, or a local `const api = {}`
//   Helpers.notify = async function (uid) { ... };
// and the "mixin" files a module hands its exports object to:
//   require('./create')(Topics);               // in topics/index.js, where `const Topics = module.exports`
//   module.exports = function (Topics) { Topics.reply = async function () { ... } };   // topics/create.js
// Without these, `helpers.notify()` in another file resolves to nothing, and neither reach nor the floating-promise
// check can follow it (NodeBB, and older Express services, are written this way throughout).
import { ts } from './typescript';
import type { Binding } from './bindings';
import type { FactWalker, WalkCtx } from './fact-walker';
import { skipOuter } from './syntax';

type ObjectBinding = Extract<Binding, { kind: 'object' }>;

/** `X.name = value` as a statement: the object, the member's name and the value, or undefined. */
function memberAssignment(st: ts.Statement): { base: ts.Expression; name: string; value: ts.Expression } | undefined {
  if (!ts.isExpressionStatement(st)) return undefined;
  const e = skipOuter(st.expression);
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = skipOuter(e.left);
  if (!ts.isPropertyAccessExpression(left) || left.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  return { base: left.expression, name: left.name.text, value: e.right };
}

/**
 * The members a block's statements assign, to objects the walk knows (`Helpers.notify = ...` where `Helpers` is
 * `module.exports` or `{}`) and to the enclosing function's parameters (a mixin's `Topics.reply = ...`). Run after the
 * block's declarations, so that `Helpers.notify = notify` finds a function declared further down; the first
 * assignment of a name wins, as a member an object literal declares does.
 */
export function declareAssignedMembers(w: FactWalker, statements: ts.NodeArray<ts.Statement>, ctx: WalkCtx): void {
  for (const st of statements) {
    const assigned = memberAssignment(st);
    if (!assigned) continue;
    const base = w.valueBinding(assigned.base, ctx);
    const members = base?.kind === 'object' ? base.members : base && w.parameters.has(base) ? w.parameterMembers(base) : undefined;
    if (!members || members.has(assigned.name)) continue;
    const value = w.valueBinding(assigned.value, ctx, `${assigned.base.getText(w.sf)}.${assigned.name}`);
    if (value && value.kind !== 'opaque') members.set(assigned.name, value);
  }
}

/**
 * `require('./create')(Topics)` at module top level, where `Topics` is the object this module exports: the file whose
 * exported function adds members to it (FileFacts.mixinFiles).
 */
export function noteMixin(w: FactWalker, st: ts.Statement, exported: ObjectBinding, ctx: WalkCtx): void {
  if (!ts.isExpressionStatement(st)) return;
  const call = skipOuter(st.expression);
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return;
  const module = w.valueBinding(skipOuter(call.expression), ctx);
  if (module?.kind !== 'project-module' || w.valueBinding(call.arguments[0], ctx) !== exported) return;
  if (!w.facts.mixinFiles.includes(module.file)) w.facts.mixinFiles.push(module.file);
}
