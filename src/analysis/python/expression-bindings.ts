// What an expression refers to, as far as the analysis cares: a name through the scope, `a.b.c` member by member,
// what a call makes (a library instance, a project class's instance, the event loop), `super()`, constants, literal
// collections and comprehensions (which the detectors ask about later), and the instance an annotation names. Read
// only: it looks names up in the walk's scopes and never declares one (declarations.ts and walk.ts do).
import type { Binding } from '../bindings';
import { pythonMethodProduct } from './blocking-apis';
import { instanceOf, isProjectClass, memberOf, splitPath } from './binding-members';
import { field, fields, named, stringValue, textOf, unwrap, type PyNode } from './syntax-tree';
import type { PyCtx, PythonWalker } from './walker';

/** Builtins the catalogue knows, when no local name shadows them. */
const BUILTINS = new Set(['open']);

/** What an expression refers to, as far as the analysis cares. */
export function valueBinding(w: PythonWalker, node: PyNode, ctx: PyCtx): Binding | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier': {
      const name = textOf(w.tree, n);
      const b = ctx.scope.lookup(name);
      if (b) return b;
      if (BUILTINS.has(name)) return { kind: 'package-member', module: 'builtins', name };
      // A name no statement here binds may come from `from handlers import *`: the linker looks it up in the
      // modules this file star-imports (the file's starExports), and finds nothing for a builtin such as `len`.
      return w.facts.starExports.length > 0 ? { kind: 'project-export', file: w.file, name } : undefined;
    }
    case 'attribute': {
      const base = valueBinding(w, field(n, 'object')!, ctx);
      const attr = textOf(w.tree, field(n, 'attribute')!);
      return base ? memberOf(base, attr) : undefined;
    }
    case 'subscript': {
      // body["documents"]: a part of the request is as long as the client makes it.
      const base = valueBinding(w, field(n, 'value')!, ctx);
      return base && w.requestInputs.has(base) ? requestPart(w) : undefined;
    }
    case 'call':
      // `super()` is the base class: `super().__init__()` runs the base's __init__, not every __init__ there is.
      if (isSuperCall(w, n, ctx)) return ctx.cls?.base && isProjectClass(ctx.cls.base) ? { kind: 'instance', of: ctx.cls.base } : undefined;
      return callResult(w, n, ctx);
    case 'await':
      return undefined;
    case 'string':
    case 'concatenated_string':
      return { kind: 'string-const' };
    case 'integer':
    case 'float':
      return { kind: 'number-const', value: Number(textOf(w.tree, n).replace(/_/g, '')) };
    case 'list':
    case 'tuple':
    case 'set': {
      const b: Binding = { kind: 'opaque' };
      w.literalCollections.add(b);
      return b;
    }
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension': {
      const b: Binding = { kind: 'opaque' };
      w.comprehensions.set(b, n);
      return b;
    }
    default:
      return undefined;
  }
}

/** What a call makes: `asyncio.get_running_loop()` the loop, `httpx.Client()` a client, `ChatService()` an instance. */
function callResult(w: PythonWalker, call: PyNode, ctx: PyCtx): Binding | undefined {
  const callee = valueBinding(w, field(call, 'function')!, ctx);
  if (!callee) return undefined;
  if (callee.kind === 'package-member') {
    const { module, name } = splitPath(callee);
    if (module === 'asyncio' && /^(get_running_loop|get_event_loop|new_event_loop)$/.test(name)) {
      return { kind: 'node-instance', module: 'asyncio', className: 'AbstractEventLoop' };
    }
    return instanceOf(callee);
  }
  if (callee.kind === 'node-method') {
    const product = pythonMethodProduct(callee.module, callee.className, callee.name);
    return product ? { kind: 'node-instance', module: callee.module, className: product } : undefined;
  }
  return instanceOf(callee);
}

/** `super()` (or `super(Cls, self)`), when no local name shadows it. */
export function isSuperCall(w: PythonWalker, node: PyNode, ctx: PyCtx): boolean {
  if (node.type !== 'call') return false;
  const fn = field(node, 'function');
  return fn?.type === 'identifier' && textOf(w.tree, fn) === 'super' && ctx.scope.lookup('super') === undefined;
}

/** An instance of what an annotation names: `svc: ChatService`, `client: httpx.Client`, `Annotated[ChatService, ...]`. */
export function annotationInstance(w: PythonWalker, type: PyNode, ctx: PyCtx): Binding | undefined {
  let t = named(type)[0] ?? type;
  if (t.type === 'generic_type' || t.type === 'subscript') {
    const head = textOf(w.tree, t).split('[')[0];
    if (!/(^|\.)Annotated$/.test(head)) return undefined;
    const args = t.type === 'subscript' ? fields(t, 'subscript') : named(named(t)[1] ?? t);
    t = args[0] ? (named(args[0])[0] ?? args[0]) : t;
    if (t.type === 'type') t = named(t)[0] ?? t;
  }
  if (t.type === 'string') return forwardReference(stringValue(w.tree, t), ctx);
  if (t.type !== 'identifier' && t.type !== 'attribute') return undefined;
  const b = valueBinding(w, t, ctx);
  return b ? instanceOf(b) : undefined;
}

/**
 * A quoted annotation, `retrieval: "RetrievalService"`: a forward reference, often to a class imported only under
 * `if TYPE_CHECKING:` to avoid an import cycle. Resolved like the name it quotes, when it is a plain dotted name.
 */
function forwardReference(quoted: string | undefined, ctx: PyCtx): Binding | undefined {
  if (!quoted || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(quoted)) return undefined;
  const [first, ...rest] = quoted.split('.');
  let b = ctx.scope.lookup(first);
  for (const attr of rest) b = b ? memberOf(b, attr) : undefined;
  return b ? instanceOf(b) : undefined;
}

/**
 * A value read by subscript from request input (`body["documents"]`): request input too. Attributes are not followed:
 * `upload.read()` on an UploadFile is a method call the walk resolves by other means.
 */
function requestPart(w: PythonWalker): Binding {
  const b: Binding = { kind: 'opaque' };
  w.requestInputs.add(b);
  return b;
}
