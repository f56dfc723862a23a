// The Python walker: one pass over a file's tree-sitter tree that extracts the same facts as the JavaScript walker
// (../fact-walker.ts, see ../file-facts.ts): the functions, the calls between them, the entries and start-up code,
// what the module exports (every module-level name), and candidate findings. It keeps the bindings of names in
// scope (`import x`, `import x as z`, `from x import y`, relative imports, classes, `self.x = ...` fields and
// instances of catalogued classes such as `httpx.Client()`), so a callee resolves to what it refers to. At each
// decorator and call it asks registrations.ts (an entry? start-up? run off the loop?) and the detectors in
// detectors/ (a candidate finding?).
import { Scope, type Binding } from '../bindings';
import { emptyFileFacts } from '../empty-facts';
import type { Candidate, FileFacts, FunctionFact } from '../file-facts';
import type { RuleId } from '../rules';
import { collectSuppressions, isSuppressed, type Suppressions } from '../suppressions';
import { pythonConstructor, pythonMethodProduct } from './blocking-apis';
import { checkBlockingCall } from './detectors/blocking-call';
import { checkDroppedTask } from './detectors/dropped-task';
import { checkGather } from './detectors/gather';
import { checkAwaitInLoop } from './detectors/await-in-loop';
import { checkPools } from './detectors/pools';
import { argumentRole, callRoles, classEntries, decoratorRoles, fileStartupKind, isDjangoView } from './registrations';
import { field, fields, hasToken, named, positionAt, stringValue, syntaxErrors, textOf, unwrap, type PyNode, type PyTree } from './syntax-tree';

export interface PythonExtractOptions {
  /** The project file of a module (see module-resolver.ts), or undefined for a library. */
  resolveModule: (dotted: string, fromFile: string, level: number) => string | undefined;
  /** The file's path below the analysed folder, with forward slashes: file patterns (views.py, alembic/) test it. */
  relPath: string;
  extraEntryCallees: string[];
}

export type ClassBinding = Extract<Binding, { kind: 'class' }>;

/** Where the walk is. */
export interface PyCtx {
  /** The enclosing function's id; undefined at module top level. */
  fn: string | undefined;
  scope: Scope;
  cls: ClassBinding | undefined;
  /** The enclosing function is an `async def`. */
  isAsync: boolean;
  /** Directly in a class body: a `def` here is a method of `cls`. */
  classBody?: boolean;
  /** Inside a `for` loop of this function: what it iterates over. */
  loopSource?: PyNode;
}

/** Calls whose function arguments run at once, as part of the caller: `map(f, xs)`, `sorted(xs, key=f)`. */
const RUNS_CALLBACK_NOW = new Set(['map', 'filter', 'sorted', 'min', 'max', 'reduce', 'any', 'all']);

/** Builtins the catalogue knows, when no local name shadows them. */
const BUILTINS = new Set(['open']);

export class PythonWalker {
  readonly facts: FileFacts;
  private readonly suppressions: Suppressions;
  private readonly moduleScope = new Scope(undefined);
  private readonly fnByNode = new Map<PyNode, FunctionFact>();
  private readonly defById = new Map<string, PyNode>();
  private readonly classByNode = new Map<PyNode, ClassBinding>();
  /** Values made by a comprehension or a generator expression: `tasks = [fetch(u) for u in urls]`. */
  readonly comprehensions = new WeakMap<Binding, PyNode>();
  /** Lists filled by `.append(...)` inside a loop over `PyNode` (the loop's iterable). */
  readonly appendedInLoop = new WeakMap<Binding, PyNode>();
  /** Literal lists and tuples: their size is fixed in the code. */
  readonly literalCollections = new WeakSet<Binding>();
  /** The file imports Sanic, which runs a plain `def` handler on the event loop itself. */
  importsSanic = false;
  /** Routers made with a path prefix, by name: `router = APIRouter(prefix="/ingest")`, `Blueprint(..., url_prefix=...)`. */
  readonly routerPrefixes = new Map<string, string>();
  private readonly startupKind: ReturnType<typeof fileStartupKind>;

  constructor(readonly tree: PyTree, readonly file: string, readonly opts: PythonExtractOptions) {
    this.facts = { ...emptyFileFacts(file, tree.text, tree.lineStarts.length), parseErrors: syntaxErrors(tree) };
    this.suppressions = collectSuppressions(tree.text);
    this.startupKind = fileStartupKind(opts.relPath);
  }

  run(): FileFacts {
    const ctx: PyCtx = { fn: undefined, scope: this.moduleScope, cls: undefined, isAsync: false };
    const body = named(this.tree.root);
    // Function bodies run later than the module, so they see every module-level name, wherever it is assigned.
    this.declareBlock(body, ctx, true);
    for (const st of body) this.visit(st, ctx);
    return this.facts;
  }

  // ---------------------------------------------------------------- declarations

  /**
   * Declares what a block defines before it is walked: imports, functions, classes, and at module level the
   * assignments too (in order). Compound statements (if, try, with, for) do not open a scope in Python.
   */
  private declareBlock(statements: PyNode[], ctx: PyCtx, moduleLevel: boolean): void {
    for (const st of statements) {
      switch (st.type) {
        case 'import_statement':
          this.declareImport(st, ctx, moduleLevel);
          break;
        case 'import_from_statement':
          this.declareFromImport(st, ctx, moduleLevel);
          break;
        case 'function_definition':
        case 'decorated_definition':
        case 'class_definition':
          this.declareDefinition(st, ctx, moduleLevel);
          break;
        case 'expression_statement':
          if (moduleLevel) for (const e of named(st)) if (e.type === 'assignment') this.assign(e, ctx, true);
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
          this.declareBlock(st.children.filter((c) => c.named && (c.type === 'block' || c.type.endsWith('_clause'))), ctx, moduleLevel);
          if (st.type === 'block') this.declareBlock(named(st), ctx, moduleLevel);
          break;
      }
    }
  }

  private exportName(name: string, b: Binding, moduleLevel: boolean): void {
    if (moduleLevel) this.facts.exports.set(name, b);
  }

  /** `import a.b.c` binds `a`; `import a.b as z` binds `z` to `a.b`. */
  private declareImport(st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
    for (const n of fields(st, 'name')) {
      if (n.type === 'aliased_import') {
        const dotted = textOf(this.tree, field(n, 'name')!);
        const alias = textOf(this.tree, field(n, 'alias')!);
        const b = this.moduleBinding(dotted, 0);
        ctx.scope.declare(alias, b);
        this.exportName(alias, b, moduleLevel);
      } else {
        const dotted = textOf(this.tree, n);
        const first = dotted.split('.')[0];
        const b = this.moduleBinding(first, 0);
        ctx.scope.declare(first, b);
        this.exportName(first, b, moduleLevel);
        if (first === 'sanic') this.importsSanic = true;
      }
    }
  }

  /** `from x import y as z`, `from . import y`, `from ..core import *`. */
  private declareFromImport(st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
    const moduleNode = field(st, 'module_name');
    if (!moduleNode) return;
    let level = 0;
    let dotted = textOf(this.tree, moduleNode);
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.children.find((c) => c.type === 'import_prefix');
      level = prefix ? prefix.end - prefix.start : 0;
      const inner = moduleNode.children.find((c) => c.type === 'dotted_name');
      dotted = inner ? textOf(this.tree, inner) : '';
    }
    if (level === 0 && dotted.split('.')[0] === 'sanic') this.importsSanic = true;
    const target = level > 0 || dotted !== '' ? this.opts.resolveModule(dotted, this.file, level) : undefined;
    if (st.children.some((c) => c.type === 'wildcard_import')) {
      if (target && moduleLevel) this.facts.starExports.push(target);
      return;
    }
    for (const n of fields(st, 'name')) {
      const nameNode = n.type === 'aliased_import' ? field(n, 'name')! : n;
      const name = textOf(this.tree, nameNode);
      const local = n.type === 'aliased_import' ? textOf(this.tree, field(n, 'alias')!) : name;
      let b: Binding;
      if (level > 0 || target) {
        // A submodule of the package (`from . import routes`), else a name the module defines.
        const sub = this.opts.resolveModule(dotted === '' ? name : `${dotted}.${name}`, this.file, level);
        if (sub && sub !== target) b = { kind: 'project-module', file: sub };
        else if (target) b = { kind: 'project-export', file: target, name };
        else b = { kind: 'opaque' };
      } else {
        b = { kind: 'package-member', module: dotted, name };
      }
      ctx.scope.declare(local, b);
      this.exportName(local, b, moduleLevel);
    }
  }

  private moduleBinding(dotted: string, level: number): Binding {
    const file = this.opts.resolveModule(dotted, this.file, level);
    return file ? { kind: 'project-module', file } : { kind: 'package', module: dotted };
  }

  private declareDefinition(st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
    const def = st.type === 'decorated_definition' ? field(st, 'definition') : st;
    if (!def) return;
    const name = textOf(this.tree, field(def, 'name')!);
    let b: Binding;
    if (def.type === 'class_definition') b = this.classBinding(def, ctx);
    else b = { kind: 'fn', id: this.fnFact(def, name).id };
    ctx.scope.declare(name, b);
    this.exportName(name, b, moduleLevel);
  }

  fnFact(def: PyNode, name?: string): FunctionFact {
    const known = this.fnByNode.get(def);
    if (known) return known;
    const isAsync = hasToken(def, 'async');
    const fact: FunctionFact = {
      id: `${this.file}#${def.start}`,
      name: name ?? textOf(this.tree, field(def, 'name')!),
      line: positionAt(this.tree, def.start).line,
      isAsync,
      returnsPromise: isAsync,
    };
    if (this.startupKind) fact.startup = this.startupKind;
    this.fnByNode.set(def, fact);
    this.defById.set(fact.id, def);
    this.facts.functions.push(fact);
    return fact;
  }

  private classBinding(def: PyNode, ctx: PyCtx): ClassBinding {
    const known = this.classByNode.get(def);
    if (known) return known;
    const name = textOf(this.tree, field(def, 'name')!);
    const bases = named(field(def, 'superclasses') ?? def).filter((b) => b.field === null && b.type !== 'keyword_argument' && textOf(this.tree, b) !== 'object');
    const cls: ClassBinding = { kind: 'class', name, methods: new Map(), fields: new Map() };
    if (bases[0]) {
      const base = this.valueBinding(bases[0], ctx);
      if (base) cls.base = base;
    }
    this.classByNode.set(def, cls);
    const inner: PyCtx = { ...ctx, cls };
    for (const st of named(field(def, 'body') ?? def)) {
      const fnDef = st.type === 'decorated_definition' ? field(st, 'definition') : st;
      if (fnDef?.type === 'function_definition') {
        const method = textOf(this.tree, field(fnDef, 'name')!);
        const fact = this.fnFact(fnDef, `${name}.${method}`);
        fact.methodName = method;
        if (bases.length > 0) fact.overrides = method;
        cls.methods.set(method, { kind: 'fn', id: fact.id });
      } else if (st.type === 'expression_statement') {
        // Class attributes: `client = httpx.Client()`, `client: httpx.Client` (an instance, by its annotation).
        for (const e of named(st)) if (e.type === 'assignment') this.classField(e, inner, cls);
      }
    }
    classEntries(this, def, cls, bases.map((b) => textOf(this.tree, b).split('.').pop()!));
    return cls;
  }

  private classField(assign: PyNode, ctx: PyCtx, cls: ClassBinding): void {
    const left = field(assign, 'left');
    if (left?.type !== 'identifier') return;
    const right = field(assign, 'right');
    const type = field(assign, 'type');
    const b = right ? this.valueBinding(right, ctx) : type ? this.annotationInstance(type, ctx) : undefined;
    if (b) cls.fields.set(textOf(this.tree, left), b);
  }

  /** An instance of what an annotation names: `svc: ChatService`, `client: httpx.Client`, `Annotated[ChatService, ...]`. */
  annotationInstance(type: PyNode, ctx: PyCtx): Binding | undefined {
    let t = named(type)[0] ?? type;
    if (t.type === 'generic_type' || t.type === 'subscript') {
      const head = textOf(this.tree, t).split('[')[0];
      if (!/(^|\.)Annotated$/.test(head)) return undefined;
      const args = t.type === 'subscript' ? fields(t, 'subscript') : named(named(t)[1] ?? t);
      t = args[0] ? (named(args[0])[0] ?? args[0]) : t;
      if (t.type === 'type') t = named(t)[0] ?? t;
    }
    if (t.type === 'string') return this.forwardReference(stringValue(this.tree, t), ctx);
    if (t.type !== 'identifier' && t.type !== 'attribute') return undefined;
    const b = this.valueBinding(t, ctx);
    return b ? this.instanceOf(b) : undefined;
  }

  /**
   * A quoted annotation, `retrieval: "RetrievalService"`: a forward reference, often to a class imported only under
   * `if TYPE_CHECKING:` to avoid an import cycle. Resolved like the name it quotes, when it is a plain dotted name.
   */
  private forwardReference(quoted: string | undefined, ctx: PyCtx): Binding | undefined {
    if (!quoted || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(quoted)) return undefined;
    const [first, ...rest] = quoted.split('.');
    let b = ctx.scope.lookup(first);
    for (const attr of rest) b = b ? this.memberOf(b, attr) : undefined;
    return b ? this.instanceOf(b) : undefined;
  }

  /** What calling `b` makes: a catalogued library instance, or an instance of a project class. */
  private instanceOf(b: Binding): Binding | undefined {
    if (b.kind === 'package-member') {
      const { module, name } = splitPath(b);
      const cls = pythonConstructor(module, name);
      return cls ? { kind: 'node-instance', module, className: cls } : undefined;
    }
    if (b.kind === 'class' || b.kind === 'project-export' || b.kind === 'member') return { kind: 'instance', of: b };
    return undefined;
  }

  // ---------------------------------------------------------------- values

  /** What an expression refers to, as far as the analysis cares. */
  valueBinding(node: PyNode, ctx: PyCtx): Binding | undefined {
    const n = unwrap(node);
    switch (n.type) {
      case 'identifier': {
        const name = textOf(this.tree, n);
        const b = ctx.scope.lookup(name);
        if (b) return b;
        if (BUILTINS.has(name)) return { kind: 'package-member', module: 'builtins', name };
        // A name no statement here binds may come from `from handlers import *`: the linker looks it up in the
        // modules this file star-imports (the file's starExports), and finds nothing for a builtin such as `len`.
        return this.facts.starExports.length > 0 ? { kind: 'project-export', file: this.file, name } : undefined;
      }
      case 'attribute': {
        const base = this.valueBinding(field(n, 'object')!, ctx);
        const attr = textOf(this.tree, field(n, 'attribute')!);
        return base ? this.memberOf(base, attr) : undefined;
      }
      case 'call':
        // `super()` is the base class: `super().__init__()` runs the base's __init__, not every __init__ there is.
        if (this.isSuperCall(n, ctx)) return ctx.cls?.base && isProjectClass(ctx.cls.base) ? { kind: 'instance', of: ctx.cls.base } : undefined;
        return this.callResult(n, ctx);
      case 'await':
        return undefined;
      case 'string':
      case 'concatenated_string':
        return { kind: 'string-const' };
      case 'integer':
      case 'float':
        return { kind: 'number-const', value: Number(textOf(this.tree, n).replace(/_/g, '')) };
      case 'list':
      case 'tuple':
      case 'set': {
        const b: Binding = { kind: 'opaque' };
        this.literalCollections.add(b);
        return b;
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension': {
        const b: Binding = { kind: 'opaque' };
        this.comprehensions.set(b, n);
        return b;
      }
      default:
        return undefined;
    }
  }

  private memberOf(base: Binding, attr: string): Binding | undefined {
    switch (base.kind) {
      case 'package':
        return { kind: 'package-member', module: base.module, name: attr };
      case 'package-member':
        return { kind: 'package-member', module: base.module, name: `${base.name}.${attr}` };
      case 'node-instance':
        return { kind: 'node-method', module: base.module, className: base.className, name: attr };
      case 'class':
        return base.methods.get(attr) ?? base.fields.get(attr) ?? { kind: 'member', of: base, name: attr };
      case 'instance':
        if (base.of.kind === 'class') {
          const own = base.of.methods.get(attr) ?? base.of.fields.get(attr);
          if (own) return own;
        }
        return { kind: 'member', of: base, name: attr };
      case 'fn':
      case 'project-module':
      case 'project-export':
      case 'member':
        return { kind: 'member', of: base, name: attr };
      default:
        return undefined;
    }
  }

  private callResult(call: PyNode, ctx: PyCtx): Binding | undefined {
    const callee = this.valueBinding(field(call, 'function')!, ctx);
    if (!callee) return undefined;
    if (callee.kind === 'package-member') {
      const { module, name } = splitPath(callee);
      if (module === 'asyncio' && /^(get_running_loop|get_event_loop|new_event_loop)$/.test(name)) {
        return { kind: 'node-instance', module: 'asyncio', className: 'AbstractEventLoop' };
      }
      return this.instanceOf(callee);
    }
    if (callee.kind === 'node-method') {
      const product = pythonMethodProduct(callee.module, callee.className, callee.name);
      return product ? { kind: 'node-instance', module: callee.module, className: product } : undefined;
    }
    return this.instanceOf(callee);
  }

  /** `x = value`, `x: T = value`, `self.x = value`, `a, b = ...`; at module level, also exported. */
  private assign(assign: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
    const left = field(assign, 'left');
    const right = field(assign, 'right');
    if (!left) return;
    const type = field(assign, 'type');
    const value = (right && this.valueBinding(right, ctx)) ?? (type ? this.annotationInstance(type, ctx) : undefined);
    if (left.type === 'identifier') {
      const name = textOf(this.tree, left);
      if (moduleLevel && right?.type === 'call') this.notePrefix(name, right);
      const b = value ?? { kind: 'opaque' };
      ctx.scope.declare(name, b);
      this.exportName(name, b, moduleLevel);
    } else if (left.type === 'attribute' && ctx.cls && value) {
      // `self.client = httpx.Client()` in a method: a field of the class, for `self.client.get()` elsewhere in it.
      const obj = field(left, 'object');
      if (obj && textOf(this.tree, obj) === 'self') {
        const name = textOf(this.tree, field(left, 'attribute')!);
        if (!ctx.cls.fields.has(name)) ctx.cls.fields.set(name, value);
      }
    } else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') {
      for (const id of named(left)) if (id.type === 'identifier') ctx.scope.declare(textOf(this.tree, id), { kind: 'opaque' });
    }
  }

  private notePrefix(name: string, call: PyNode): void {
    const args = named(field(call, 'arguments') ?? call);
    const prefix = args.find((a) => a.type === 'keyword_argument' && /^(url_)?prefix$/.test(textOf(this.tree, field(a, 'name')!)));
    const value = prefix ? stringValue(this.tree, field(prefix, 'value')) : undefined;
    if (value) this.routerPrefixes.set(name, value);
  }

  // ---------------------------------------------------------------- the walk

  visit(node: PyNode, ctx: PyCtx): void {
    switch (node.type) {
      case 'function_definition':
        this.visitFunction(node, [], ctx);
        return;
      case 'decorated_definition': {
        const def = field(node, 'definition');
        const decorators = node.children.filter((c) => c.type === 'decorator');
        if (def?.type === 'function_definition') this.visitFunction(def, decorators, ctx);
        else if (def) this.visit(def, ctx);
        return;
      }
      case 'class_definition':
        this.visitClass(node, ctx);
        return;
      case 'import_statement':
        if (ctx.fn) this.declareImport(node, ctx, false);
        return;
      case 'import_from_statement':
        if (ctx.fn) this.declareFromImport(node, ctx, false);
        return;
      case 'expression_statement':
        for (const e of named(node)) {
          checkDroppedTask(this, e, ctx);
          this.visit(e, ctx);
        }
        return;
      case 'assignment':
      case 'augmented_assignment': {
        const right = field(node, 'right');
        if (right) this.visit(right, ctx);
        if (node.type === 'assignment' && ctx.fn !== undefined && !ctx.classBody) this.assign(node, ctx, false);
        return;
      }
      case 'for_statement':
        if (ctx.fn && ctx.isAsync) checkAwaitInLoop(this, node, ctx);
        this.declareLoopTarget(node, ctx);
        for (const c of node.children) {
          if (!c.named) continue;
          const source = field(node, 'right');
          this.visit(c, c.field === 'body' && source ? { ...ctx, loopSource: source } : ctx);
        }
        return;
      case 'with_statement':
        this.visitWith(node, ctx);
        return;
      case 'call':
        this.visitCall(node, ctx);
        return;
      case 'lambda':
        // A lambda's body runs when it is called; attributed to the function that defines it.
        this.visit(field(node, 'body') ?? node, ctx);
        return;
      default:
        for (const c of node.children) if (c.named) this.visit(c, ctx);
    }
  }

  private declareLoopTarget(loop: PyNode, ctx: PyCtx): void {
    const left = field(loop, 'left');
    if (!left) return;
    const ids = left.type === 'identifier' ? [left] : named(left).filter((n) => n.type === 'identifier');
    for (const id of ids) ctx.scope.declare(textOf(this.tree, id), { kind: 'opaque' });
  }

  /** `with open(p) as f`, `async with httpx.AsyncClient() as client`: the target is bound to what the item makes. */
  private visitWith(node: PyNode, ctx: PyCtx): void {
    const clause = node.children.find((c) => c.type === 'with_clause');
    for (const item of clause ? named(clause) : []) {
      const value = field(item, 'value');
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const expr = named(value)[0];
        const alias = field(value, 'alias');
        this.visit(expr, ctx);
        const target = alias ? named(alias)[0] : undefined;
        if (target?.type === 'identifier') ctx.scope.declare(textOf(this.tree, target), this.valueBinding(expr, ctx) ?? { kind: 'opaque' });
      } else {
        this.visit(value, ctx);
      }
    }
    const body = field(node, 'body');
    if (body) this.visit(body, ctx);
  }

  private visitFunction(def: PyNode, decorators: PyNode[], ctx: PyCtx): void {
    const name = textOf(this.tree, field(def, 'name')!);
    const method = ctx.classBody ? ctx.cls : undefined;
    const fact = this.fnFact(def, method ? `${method.name}.${name}` : name);
    if (!ctx.scope.hasOwn(name) && !method) ctx.scope.declare(name, { kind: 'fn', id: fact.id });
    if (ctx.fn) this.facts.edges.push({ from: ctx.fn, to: { kind: 'fn', id: fact.id }, ...this.positionOf(def), kind: 'nested' });
    if (!this.startupKind) {
      for (const d of decorators) {
        const expr = named(d)[0];
        if (expr) decoratorRoles(this, expr, fact, ctx);
      }
      if (!fact.entry && isDjangoView(this, def, fact)) {
        fact.entry = 'request-handler';
        fact.entryLabel = 'Django view';
      }
    }
    // Decorator arguments run once, when the function is defined.
    for (const d of decorators) this.visit(d, { ...ctx, classBody: false });
    const scope = new Scope(ctx.scope);
    const inner: PyCtx = { fn: fact.id, scope, cls: ctx.cls, isAsync: fact.isAsync };
    this.declareParameters(def, inner, ctx, method !== undefined && !isStaticMethod(this, decorators));
    const body = field(def, 'body');
    if (!body) return;
    const statements = named(body);
    this.declareBlock(statements, inner, false);
    for (const st of statements) this.visit(st, inner);
  }

  /** Parameters shadow outer names; `self` is an instance of the class, `cls` the class; annotated ones are instances. */
  private declareParameters(def: PyNode, inner: PyCtx, outer: PyCtx, isMethod: boolean): void {
    const params = named(field(def, 'parameters') ?? def);
    params.forEach((p, i) => {
      const nameNode = p.type === 'identifier' ? p : (field(p, 'name') ?? named(p).find((c) => c.type === 'identifier'));
      if (!nameNode) return;
      const name = textOf(this.tree, nameNode);
      let b: Binding = { kind: 'opaque' };
      if (i === 0 && isMethod && inner.cls) b = name === 'cls' ? inner.cls : { kind: 'instance', of: inner.cls };
      else {
        const type = field(p, 'type');
        const typed = type ? this.annotationInstance(type, outer) : undefined;
        if (typed) b = typed;
      }
      inner.scope.declare(name, b);
    });
  }

  private visitClass(def: PyNode, ctx: PyCtx): void {
    const cls = this.classBinding(def, ctx);
    const inner: PyCtx = { ...ctx, cls, classBody: true };
    for (const st of named(field(def, 'body') ?? def)) this.visit(st, inner);
  }

  private visitCall(call: PyNode, ctx: PyCtx): void {
    const fnNode = field(call, 'function')!;
    const target = this.valueBinding(fnNode, ctx);
    const from = ctx.fn ?? this.facts.topId;
    const at = this.positionOf(call);
    if (target) {
      if (target.kind === 'fn' || target.kind === 'project-export' || target.kind === 'member' || target.kind === 'project-module') {
        this.facts.edges.push({ from, to: target, ...at, kind: 'call' });
        // Calling a class runs its __init__; for an imported name the linker finds out whether it is a class.
        if (target.kind !== 'fn') this.facts.edges.push({ from, to: { kind: 'member', of: target, name: '__init__' }, ...at, kind: 'call' });
      } else if (target.kind === 'class') {
        const init = target.methods.get('__init__');
        if (init) this.facts.edges.push({ from, to: init, ...at, kind: 'call' });
      }
    } else if (fnNode.type === 'attribute' && !this.isSuperCall(unwrap(field(fnNode, 'object')!), ctx)) {
      // `x.perform()` on a receiver nothing tells us about: the linker may link it to a family of methods of that name.
      // Not `super().m()` on a library base (`Exception`, `BaseModel`): that runs the library's method.
      const name = textOf(this.tree, field(fnNode, 'attribute')!);
      this.facts.dynamicCalls.push({ from, name, ...at, once: false });
    }
    if (ctx.loopSource && fnNode.type === 'attribute' && textOf(this.tree, field(fnNode, 'attribute')!) === 'append') {
      // `tasks.append(fetch(u))` in a loop: `tasks` holds one entry per item of the loop.
      const list = this.valueBinding(field(fnNode, 'object')!, ctx);
      if (list && !this.appendedInLoop.has(list)) this.appendedInLoop.set(list, ctx.loopSource);
    }
    if (ctx.fn) {
      checkBlockingCall(this, call, target, ctx);
      checkGather(this, call, target, ctx);
      checkPools(this, call, target, ctx);
    }
    this.visit(fnNode, ctx);
    const args = field(call, 'arguments');
    if (!args) return;
    const roles = callRoles(this, call, target, ctx);
    const calleeName = fnNode.type === 'identifier' ? textOf(this.tree, fnNode) : fnNode.type === 'attribute' ? textOf(this.tree, field(fnNode, 'attribute')!) : '';
    for (const arg of named(args)) {
      const role = argumentRole(roles, arg);
      const value = arg.type === 'keyword_argument' ? field(arg, 'value') : arg;
      if (!value) continue;
      if (role === 'off-loop') {
        this.visitOffLoop(value, ctx);
        continue;
      }
      if (role === 'plain') {
        const b = value.type === 'identifier' || value.type === 'attribute' ? this.valueBinding(value, ctx) : undefined;
        if (b && (b.kind === 'fn' || b.kind === 'project-export' || b.kind === 'member')) {
          // A function handed over: run now by map/sorted..., otherwise whenever the callee decides.
          this.facts.edges.push({ from, to: b, ...this.positionOf(value), kind: RUNS_CALLBACK_NOW.has(calleeName) ? 'call' : 'reference' });
        }
      }
      this.visit(value, ctx);
    }
  }

  /**
   * A function handed to a thread or a process pool: no edge to it, since it does not run on the loop. Of
   * `functools.partial(fn, x)` only the bound arguments are evaluated here; a lambda's body runs over there too.
   */
  private visitOffLoop(value: PyNode, ctx: PyCtx): void {
    if (value.type === 'identifier' || value.type === 'attribute') {
      this.handedOff(value, ctx);
      return;
    }
    if (value.type === 'lambda') return;
    if (value.type === 'call' && /(^|\.)partial$/.test(textOf(this.tree, field(value, 'function')!))) {
      const [fn, ...bound] = named(field(value, 'arguments') ?? value);
      if (fn) this.handedOff(fn, ctx);
      for (const a of bound) this.visit(a, ctx);
      return;
    }
    this.visit(value, ctx);
  }

  /**
   * A nested `def` handed to a thread or a process pool runs there, not where it is defined: the edge its definition
   * made (a closure may run whenever its parent does) is taken back. A direct call of it elsewhere keeps its own edge.
   */
  private handedOff(value: PyNode, ctx: PyCtx): void {
    if (value.type !== 'identifier' || !ctx.fn) return;
    const b = ctx.scope.lookup(textOf(this.tree, value));
    if (b?.kind !== 'fn') return;
    const at = this.facts.edges.findIndex((e) => e.kind === 'nested' && e.from === ctx.fn && e.to.kind === 'fn' && e.to.id === b.id);
    if (at >= 0) this.facts.edges.splice(at, 1);
  }

  /** The `def` of a function of this file, by its fact's id: detectors read the body of a function handed over. */
  definitionOf(id: string): PyNode | undefined {
    return this.defById.get(id);
  }

  /** What a name means at module level (imports, functions, classes, assignments), whatever the walk's position. */
  moduleLookup(name: string): Binding | undefined {
    return this.moduleScope.lookup(name);
  }

  /** The name is bound inside a function (a nested def, a local, a parameter), not at module level. */
  isLocalName(name: string, ctx: PyCtx): boolean {
    for (let s: Scope | undefined = ctx.scope; s && s !== this.moduleScope; s = s.parent) if (s.hasOwn(name)) return true;
    return false;
  }

  /** `super()` (or `super(Cls, self)`), when no local name shadows it. */
  private isSuperCall(node: PyNode, ctx: PyCtx): boolean {
    if (node.type !== 'call') return false;
    const fn = field(node, 'function');
    return fn?.type === 'identifier' && textOf(this.tree, fn) === 'super' && ctx.scope.lookup('super') === undefined;
  }

  // ---------------------------------------------------------------- candidates

  candidate(ctx: PyCtx, rule: RuleId, node: PyNode, message: string, extra: Pick<Candidate, 'severity' | 'requiresPromiseTarget'> = {}): void {
    if (!ctx.fn) return;
    const start = positionAt(this.tree, node.start);
    const end = positionAt(this.tree, node.end);
    if (isSuppressed(this.suppressions, start.line, rule)) return;
    const fn = this.facts.functions.find((f) => f.id === ctx.fn);
    const snippet = `${fn?.name ?? ''}\n${textOf(this.tree, node).replace(/\s+/g, '').slice(0, 200)}`;
    this.facts.candidates.push({
      fnId: ctx.fn, rule, message, snippet, ...extra,
      line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
    });
  }

  positionOf(node: PyNode): { line: number; column: number } {
    return positionAt(this.tree, node.start);
  }

  text(node: PyNode): string {
    return textOf(this.tree, node);
  }

  stringValue(node: PyNode | undefined): string | undefined {
    return stringValue(this.tree, node);
  }
}

/** A library member's module and name: `os.path.exists` is (`os.path`, `exists`), `requests.get` is (`requests`, `get`). */
export function splitPath(b: Extract<Binding, { kind: 'package-member' }>): { module: string; name: string } {
  const full = `${b.module}.${b.name}`;
  const dot = full.lastIndexOf('.');
  return { module: full.slice(0, dot), name: full.slice(dot + 1) };
}

/** The full dotted path of a library binding, or undefined for anything else. */
export function libraryPath(b: Binding | undefined): string | undefined {
  if (b?.kind === 'package') return b.module;
  if (b?.kind === 'package-member') return `${b.module}.${b.name}`;
  return undefined;
}

/** A base class the project defines (here or in another module), whose methods the linker can follow. */
function isProjectClass(b: Binding): boolean {
  return b.kind === 'class' || b.kind === 'project-export' || b.kind === 'member';
}

/** `@staticmethod`: its first parameter is not the instance. */
function isStaticMethod(w: PythonWalker, decorators: PyNode[]): boolean {
  return decorators.some((d) => w.text(d).replace(/^@\s*/, '') === 'staticmethod');
}
