// The tree walk: visits every statement and expression of a file once, in order, with the context of where it is
// (the enclosing function, scope and class, inside an `async def`, inside a loop). It opens a scope per function
// with its parameters bound, records the functions and the nesting edges between them, asks registrations.ts
// about each decorator (an entry?), binds the targets of `for` and `with`, and hands the statements that bind
// names to declarations.ts and every call to calls.ts. Detectors that judge a whole statement run from here.
import { Scope, type Binding } from '../bindings';
import { visitCall } from './calls';
import { annotationInstance, valueBinding } from './expression-bindings';
import { assign, classBinding, declareBlock } from './declarations';
import { checkAccumulatingLoop } from './detectors/accumulating-copy';
import { checkAwaitInLoop } from './detectors/await-in-loop';
import { checkDroppedTask } from './detectors/dropped-task';
import { declareFromImport, declareImport } from './import-bindings';
import { decoratorRoles, isDjangoView } from './registrations';
import { field, named, textOf, type PyNode } from './syntax-tree';
import type { PyCtx, PythonWalker } from './walker';

export function visit(w: PythonWalker, node: PyNode, ctx: PyCtx): void {
  switch (node.type) {
    case 'function_definition':
      visitFunction(w, node, [], ctx);
      return;
    case 'decorated_definition': {
      const def = field(node, 'definition');
      const decorators = node.children.filter((c) => c.type === 'decorator');
      if (def?.type === 'function_definition') visitFunction(w, def, decorators, ctx);
      else if (def) visit(w, def, ctx);
      return;
    }
    case 'class_definition':
      visitClass(w, node, ctx);
      return;
    case 'import_statement':
      if (ctx.fn) declareImport(w, node, ctx, false);
      return;
    case 'import_from_statement':
      if (ctx.fn) declareFromImport(w, node, ctx, false);
      return;
    case 'expression_statement':
      for (const e of named(node)) {
        checkDroppedTask(w, e, ctx);
        visit(w, e, ctx);
      }
      return;
    case 'assignment':
    case 'augmented_assignment': {
      const right = field(node, 'right');
      if (right) visit(w, right, ctx);
      if (node.type === 'assignment' && ctx.fn !== undefined && !ctx.classBody) assign(w, node, ctx, false);
      return;
    }
    case 'while_statement':
      if (ctx.fn) checkAccumulatingLoop(w, node, ctx);
      for (const c of node.children) if (c.named) visit(w, c, ctx);
      return;
    case 'for_statement':
      if (ctx.fn && ctx.isAsync) checkAwaitInLoop(w, node, ctx);
      if (ctx.fn) checkAccumulatingLoop(w, node, ctx);
      declareLoopTarget(w, node, ctx);
      for (const c of node.children) {
        if (!c.named) continue;
        const source = field(node, 'right');
        visit(w, c, c.field === 'body' && source ? { ...ctx, loopSource: source } : ctx);
      }
      return;
    case 'with_statement':
      visitWith(w, node, ctx);
      return;
    case 'call':
      visitCall(w, node, ctx);
      return;
    case 'lambda':
      // A lambda's body runs when it is called; attributed to the function that defines it.
      visit(w, field(node, 'body') ?? node, ctx);
      return;
    default:
      for (const c of node.children) if (c.named) visit(w, c, ctx);
  }
}

function declareLoopTarget(w: PythonWalker, loop: PyNode, ctx: PyCtx): void {
  const left = field(loop, 'left');
  if (!left) return;
  const ids = left.type === 'identifier' ? [left] : named(left).filter((n) => n.type === 'identifier');
  for (const id of ids) ctx.scope.declare(textOf(w.tree, id), { kind: 'opaque' });
}

/** `with open(p) as f`, `async with httpx.AsyncClient() as client`: the target is bound to what the item makes. */
function visitWith(w: PythonWalker, node: PyNode, ctx: PyCtx): void {
  const clause = node.children.find((c) => c.type === 'with_clause');
  for (const item of clause ? named(clause) : []) {
    const value = field(item, 'value');
    if (!value) continue;
    if (value.type === 'as_pattern') {
      const expr = named(value)[0];
      const alias = field(value, 'alias');
      visit(w, expr, ctx);
      const target = alias ? named(alias)[0] : undefined;
      if (target?.type === 'identifier') ctx.scope.declare(textOf(w.tree, target), valueBinding(w, expr, ctx) ?? { kind: 'opaque' });
    } else {
      visit(w, value, ctx);
    }
  }
  const body = field(node, 'body');
  if (body) visit(w, body, ctx);
}

function visitFunction(w: PythonWalker, def: PyNode, decorators: PyNode[], ctx: PyCtx): void {
  const name = textOf(w.tree, field(def, 'name')!);
  const method = ctx.classBody ? ctx.cls : undefined;
  const fact = w.fnFact(def, method ? `${method.name}.${name}` : name);
  if (!ctx.scope.hasOwn(name) && !method) ctx.scope.declare(name, { kind: 'fn', id: fact.id });
  if (ctx.fn) w.facts.edges.push({ from: ctx.fn, to: { kind: 'fn', id: fact.id }, ...w.positionOf(def), kind: 'nested' });
  if (!w.startupKind) {
    for (const d of decorators) {
      const expr = named(d)[0];
      if (expr) decoratorRoles(w, expr, fact, ctx);
    }
    if (!fact.entry && isDjangoView(w, def, fact)) {
      fact.entry = 'request-handler';
      fact.entryLabel = 'Django view';
    }
  }
  // Decorator arguments run once, when the function is defined.
  for (const d of decorators) visit(w, d, { ...ctx, classBody: false });
  const scope = new Scope(ctx.scope);
  const inner: PyCtx = { fn: fact.id, scope, cls: ctx.cls, isAsync: fact.isAsync };
  declareParameters(w, def, inner, ctx, method !== undefined && !isStaticMethod(w, decorators), fact.entry === 'request-handler');
  const body = field(def, 'body');
  if (!body) return;
  const statements = named(body);
  declareBlock(w, statements, inner, false);
  for (const st of statements) visit(w, st, inner);
}

/**
 * Parameters shadow outer names; `self` is an instance of the class, `cls` the class; annotated ones are instances. A
 * request handler's parameters (body, query and path values) are request input.
 */
function declareParameters(w: PythonWalker, def: PyNode, inner: PyCtx, outer: PyCtx, isMethod: boolean, handlesRequests: boolean): void {
  const params = named(field(def, 'parameters') ?? def);
  params.forEach((p, i) => {
    const nameNode = p.type === 'identifier' ? p : (field(p, 'name') ?? named(p).find((c) => c.type === 'identifier'));
    if (!nameNode) return;
    const name = textOf(w.tree, nameNode);
    let b: Binding = { kind: 'opaque' };
    if (i === 0 && isMethod && inner.cls) b = name === 'cls' ? inner.cls : { kind: 'instance', of: inner.cls };
    else {
      const type = field(p, 'type');
      const typed = type ? annotationInstance(w, type, outer) : undefined;
      if (typed) b = typed;
    }
    inner.scope.declare(name, b);
    if (handlesRequests && !(i === 0 && isMethod)) w.requestInputs.add(b);
  });
}

function visitClass(w: PythonWalker, def: PyNode, ctx: PyCtx): void {
  const cls = classBinding(w, def, ctx);
  const inner: PyCtx = { ...ctx, cls, classBody: true };
  for (const st of named(field(def, 'body') ?? def)) visit(w, st, inner);
}

/** `@staticmethod`: its first parameter is not the instance. */
function isStaticMethod(w: PythonWalker, decorators: PyNode[]): boolean {
  return decorators.some((d) => w.text(d).replace(/^@\s*/, '') === 'staticmethod');
}
