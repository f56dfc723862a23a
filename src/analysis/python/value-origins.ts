// Where a name's value comes from, as far as one file shows it: the statement that last bound the name before a
// given point of a function (an assignment, a `with ... as`, a walrus), or else its assignment at module level; and
// the constant value of a number expression (`1000 * 1000`, `N`, `1 << 20`). The detectors of process pools
// (detectors/process-copies.ts) ask which expression made an argument, to judge its size. Anything else that binds
// the name (a parameter, a `for` target, a comprehension variable, `global`, an import, `+=`) makes it unknown.
import type { Scope } from '../bindings';
import { field, named, unwrap, type PyNode } from './syntax-tree';
import type { PyCtx, PythonWalker } from './walker';

/** Nodes that run as part of this node: not nested function or class definitions, nor lambdas. */
export function* ownNodes(node: PyNode): Generator<PyNode> {
  for (const c of node.children) {
    if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'decorated_definition' || c.type === 'lambda') continue;
    yield c;
    yield* ownNodes(c);
  }
}

/** The innermost `def` around a node, or undefined at module level. */
export function enclosingDef(node: PyNode): PyNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

/** The walk's context for module-level code: the module's scope, outside any function. */
export function moduleCtx(ctx: PyCtx): PyCtx {
  let scope: Scope = ctx.scope;
  while (scope.parent) scope = scope.parent;
  return { fn: undefined, scope, cls: undefined, isAsync: false };
}

/** One place that binds a name: its value when it is a plain assignment (or `with x as name`), and where it ends. */
interface Binder {
  at: number;
  value: PyNode | undefined;
}

function identifiersIn(node: PyNode): PyNode[] {
  return node.type === 'identifier' ? [node] : named(node).flatMap(identifiersIn);
}

/** The places in `nodes` that bind `name`, each with the value it binds when that is known. */
function bindersOf(w: PythonWalker, name: string, nodes: Iterable<PyNode>): Binder[] {
  const out: Binder[] = [];
  const binds = (target: PyNode | undefined): boolean => target !== undefined && identifiersIn(target).some((id) => w.text(id) === name);
  for (const n of nodes) {
    switch (n.type) {
      case 'assignment': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (left?.type === 'identifier' && w.text(left) === name) out.push({ at: n.end, value: right });
        else if (left && left.type !== 'attribute' && left.type !== 'subscript' && binds(left)) {
          // `rows, dim = 100_000, 384`: the value at the name's place, when both sides are flat lists of one length.
          const targets = named(left);
          const values = right && (right.type === 'expression_list' || right.type === 'tuple') ? named(right) : [];
          const at = targets.findIndex((t) => t.type === 'identifier' && w.text(t) === name);
          out.push({ at: n.end, value: at >= 0 && values.length === targets.length ? values[at] : undefined });
        }
        break;
      }
      case 'augmented_assignment':
        if (binds(field(n, 'left'))) out.push({ at: n.end, value: undefined });
        break;
      case 'named_expression':
        if (binds(field(n, 'name'))) out.push({ at: n.end, value: field(n, 'value') });
        break;
      case 'as_pattern': {
        const alias = field(n, 'alias');
        const target = alias ? named(alias)[0] : undefined;
        if (target?.type === 'identifier' && w.text(target) === name) out.push({ at: n.end, value: named(n)[0] });
        else if (binds(alias)) out.push({ at: n.end, value: undefined });
        break;
      }
      case 'for_statement':
      case 'for_in_clause':
        if (binds(field(n, 'left'))) out.push({ at: n.type === 'for_statement' ? field(n, 'left')!.end : n.start, value: undefined });
        break;
      case 'global_statement':
      case 'nonlocal_statement':
      case 'import_statement':
      case 'import_from_statement':
        if (named(n).some((c) => identifiersIn(c).some((id) => w.text(id) === name))) out.push({ at: n.end, value: undefined });
        break;
    }
  }
  return out;
}

/** Names a function's parameters bind. */
function parameterNames(w: PythonWalker, def: PyNode): Set<string> {
  const out = new Set<string>();
  for (const p of named(field(def, 'parameters') ?? def)) {
    const id = p.type === 'identifier' ? p : (field(p, 'name') ?? named(p).find((c) => c.type === 'identifier'));
    if (id?.type === 'identifier') out.add(w.text(id));
  }
  return out;
}

/** Module-level statements (through if/try/with/for blocks, not into functions or classes). */
function moduleNodes(w: PythonWalker): PyNode[] {
  return [...ownNodes(w.tree.root)];
}

const moduleCache = new WeakMap<PyNode, PyNode[]>();

/**
 * The expression that gave `name` its value where `use` reads it, and whether that expression is module-level code;
 * undefined when the value is unknown (a parameter, a loop variable, bound in an enclosing function, bound twice at
 * module level in different ways).
 */
export function originOf(w: PythonWalker, name: string, use: PyNode, ctx: PyCtx): { value: PyNode; moduleLevel: boolean } | undefined {
  // A comprehension variable: bound by the comprehension around the use.
  for (let n = use.parent; n && n.type !== 'function_definition'; n = n.parent) {
    if (/_comprehension$|^generator_expression$/.test(n.type) && named(n).some((c) => c.type === 'for_in_clause' && identifiersIn(field(c, 'left') ?? c).some((id) => w.text(id) === name))) return undefined;
  }
  const def = enclosingDef(use);
  if (def) {
    if (parameterNames(w, def).has(name)) return undefined;
    const body = field(def, 'body');
    const binders = body ? bindersOf(w, name, ownNodes(body)) : [];
    const before = binders.filter((b) => b.at <= use.start).sort((a, b) => b.at - a.at)[0];
    if (before) return before.value ? { value: before.value, moduleLevel: false } : undefined;
    if (binders.length > 0 || w.isLocalName(name, ctx)) return undefined;
  }
  let nodes = moduleCache.get(w.tree.root);
  if (!nodes) moduleCache.set(w.tree.root, (nodes = moduleNodes(w)));
  const binders = bindersOf(w, name, nodes);
  if (binders.length === 0 || binders.some((b) => !b.value)) return undefined;
  const last = binders.sort((a, b) => b.at - a.at)[0];
  return { value: last.value!, moduleLevel: true };
}

/** `self.name` in a method: the values the class's methods assign to it, leaving out `None`. */
export function fieldOrigins(w: PythonWalker, attr: PyNode): PyNode[] | undefined {
  const object = field(attr, 'object');
  if (object?.type !== 'identifier' || w.text(object) !== 'self') return undefined;
  const name = w.text(field(attr, 'attribute')!);
  let cls = attr.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return undefined;
  const values: PyNode[] = [];
  const visit = (n: PyNode): void => {
    if (n.type === 'assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.type === 'attribute' && w.text(left).replace(/\s+/g, '') === `self.${name}` && right && right.type !== 'none') values.push(right);
    }
    if (n.type === 'augmented_assignment' && w.text(field(n, 'left') ?? n).replace(/\s+/g, '') === `self.${name}`) values.push(n);
    for (const c of n.children) if (c.type !== 'class_definition') visit(c);
  };
  visit(field(cls, 'body') ?? cls);
  return values;
}

/** The value of a constant number expression: literals, names bound to constants, `* + - // / ** << >>`. */
export function constantNumber(w: PythonWalker, node: PyNode, ctx: PyCtx, depth = 0): number | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'integer':
    case 'float': {
      const v = Number(w.text(n).replace(/_/g, '').replace(/[jJlL]$/, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'unary_operator': {
      const v = constantNumber(w, field(n, 'argument') ?? n, ctx, depth + 1);
      return v === undefined ? undefined : w.text(n).trim().startsWith('-') ? -v : v;
    }
    case 'binary_operator': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right) return undefined;
      const a = constantNumber(w, left, ctx, depth + 1);
      const b = constantNumber(w, right, ctx, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (w.tree.text.slice(left.end, right.start).trim()) {
        case '*': return a * b;
        case '+': return a + b;
        case '-': return a - b;
        case '/': return b === 0 ? undefined : a / b;
        case '//': return b === 0 ? undefined : Math.floor(a / b);
        case '**': return a ** b;
        case '<<': return a * 2 ** b;
        case '>>': return Math.floor(a / 2 ** b);
        default: return undefined;
      }
    }
    case 'identifier': {
      const origin = originOf(w, w.text(n), n, ctx);
      return origin ? constantNumber(w, origin.value, origin.moduleLevel ? moduleCtx(ctx) : ctx, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}
