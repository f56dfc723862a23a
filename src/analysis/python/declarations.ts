// What a block declares, bound before the block is walked so a name used above its definition still resolves: its
// imports (import-bindings.ts), functions and classes (a class with its methods, class attributes and base, and
// the entries its base makes of it, see registrations.ts), and at module level its assignments too, which also
// become the module's exports. Assignments inside functions are declared here as the walk reaches them (walk.ts).
import type { Binding } from '../bindings';
import { annotationInstance, valueBinding } from './expression-bindings';
import { declareFromImport, declareImport } from './import-bindings';
import { classEntries } from './registrations';
import { field, named, stringValue, textOf, type PyNode } from './syntax-tree';
import type { ClassBinding, PyCtx, PythonWalker } from './walker';

/**
 * Declares what a block defines before it is walked: imports, functions, classes, and at module level the
 * assignments too (in order). Compound statements (if, try, with, for) do not open a scope in Python.
 */
export function declareBlock(w: PythonWalker, statements: PyNode[], ctx: PyCtx, moduleLevel: boolean): void {
  for (const st of statements) {
    switch (st.type) {
      case 'import_statement':
        declareImport(w, st, ctx, moduleLevel);
        break;
      case 'import_from_statement':
        declareFromImport(w, st, ctx, moduleLevel);
        break;
      case 'function_definition':
      case 'decorated_definition':
      case 'class_definition':
        declareDefinition(w, st, ctx, moduleLevel);
        break;
      case 'expression_statement':
        if (moduleLevel) for (const e of named(st)) if (e.type === 'assignment') assign(w, e, ctx, true);
        break;
      case 'if_statement':
      case 'try_statement':
      case 'with_statement':
      case 'for_statement':
      case 'while_statement':
      case 'block':
      case 'else_clause':
      case 'elif_clause':
      case 'except_clause':
      case 'finally_clause':
        declareBlock(w, st.children.filter((c) => c.named && (c.type === 'block' || c.type.endsWith('_clause'))), ctx, moduleLevel);
        if (st.type === 'block') declareBlock(w, named(st), ctx, moduleLevel);
        break;
    }
  }
}

function declareDefinition(w: PythonWalker, st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
  const def = st.type === 'decorated_definition' ? field(st, 'definition') : st;
  if (!def) return;
  const name = textOf(w.tree, field(def, 'name')!);
  let b: Binding;
  if (def.type === 'class_definition') b = classBinding(w, def, ctx);
  else b = { kind: 'fn', id: w.fnFact(def, name).id };
  w.declareName(ctx, name, b, moduleLevel);
}

/** A class, once per definition: its methods, its class attributes, its first base, and the entries it makes. */
export function classBinding(w: PythonWalker, def: PyNode, ctx: PyCtx): ClassBinding {
  const known = w.classByNode.get(def);
  if (known) return known;
  const name = textOf(w.tree, field(def, 'name')!);
  const bases = named(field(def, 'superclasses') ?? def).filter((b) => b.field === null && b.type !== 'keyword_argument' && textOf(w.tree, b) !== 'object');
  const cls: ClassBinding = { kind: 'class', name, methods: new Map(), fields: new Map() };
  if (bases[0]) {
    const base = valueBinding(w, bases[0], ctx);
    if (base) cls.base = base;
  }
  w.classByNode.set(def, cls);
  const inner: PyCtx = { ...ctx, cls };
  for (const st of named(field(def, 'body') ?? def)) {
    const fnDef = st.type === 'decorated_definition' ? field(st, 'definition') : st;
    if (fnDef?.type === 'function_definition') {
      const method = textOf(w.tree, field(fnDef, 'name')!);
      const fact = w.fnFact(fnDef, `${name}.${method}`);
      fact.methodName = method;
      if (bases.length > 0) fact.overrides = method;
      cls.methods.set(method, { kind: 'fn', id: fact.id });
    } else if (st.type === 'expression_statement') {
      // Class attributes: `client = httpx.Client()`, `client: httpx.Client` (an instance, by its annotation).
      for (const e of named(st)) if (e.type === 'assignment') classField(w, e, inner, cls);
    }
  }
  classEntries(w, def, cls, bases.map((b) => textOf(w.tree, b).split('.').pop()!));
  return cls;
}

function classField(w: PythonWalker, assignment: PyNode, ctx: PyCtx, cls: ClassBinding): void {
  const left = field(assignment, 'left');
  if (left?.type !== 'identifier') return;
  const right = field(assignment, 'right');
  const type = field(assignment, 'type');
  const b = right ? valueBinding(w, right, ctx) : type ? annotationInstance(w, type, ctx) : undefined;
  if (b) cls.fields.set(textOf(w.tree, left), b);
}

/** `x = value`, `x: T = value`, `self.x = value`, `a, b = ...`; at module level, also exported. */
export function assign(w: PythonWalker, assignment: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
  const left = field(assignment, 'left');
  const right = field(assignment, 'right');
  if (!left) return;
  const type = field(assignment, 'type');
  const value = (right && valueBinding(w, right, ctx)) ?? (type ? annotationInstance(w, type, ctx) : undefined);
  if (left.type === 'identifier') {
    const name = textOf(w.tree, left);
    if (moduleLevel && right?.type === 'call') notePrefix(w, name, right);
    w.declareName(ctx, name, value ?? { kind: 'opaque' }, moduleLevel);
  } else if (left.type === 'attribute' && ctx.cls && value) {
    // `self.client = httpx.Client()` in a method: a field of the class, for `self.client.get()` elsewhere in it.
    const obj = field(left, 'object');
    if (obj && textOf(w.tree, obj) === 'self') {
      const name = textOf(w.tree, field(left, 'attribute')!);
      if (!ctx.cls.fields.has(name)) ctx.cls.fields.set(name, value);
    }
  } else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') {
    for (const id of named(left)) if (id.type === 'identifier') ctx.scope.declare(textOf(w.tree, id), { kind: 'opaque' });
  }
}

/** `router = APIRouter(prefix="/ingest")`, `Blueprint(..., url_prefix=...)`: the prefix of the router's routes. */
function notePrefix(w: PythonWalker, name: string, call: PyNode): void {
  const args = named(field(call, 'arguments') ?? call);
  const prefix = args.find((a) => a.type === 'keyword_argument' && /^(url_)?prefix$/.test(textOf(w.tree, field(a, 'name')!)));
  const value = prefix ? stringValue(w.tree, field(prefix, 'value')) : undefined;
  if (value) w.routerPrefixes.set(name, value);
}
