// Extracts the facts of one file in one pass over its syntax tree: the functions it defines, the calls
// between them, the callbacks it hands to the event loop (hot-path entries), what it exports, and
// candidate findings. Facts hold no syntax nodes (except the lazy type-checker questions of type-aware
// mode, see Candidate.confirm), so they are cached per file and only the edited file is re-extracted;
// linking files and deciding what is hot happen in hot-paths.ts.
import { ts } from 'ts-morph';
import { Scope, KNOWN_GLOBALS, TYPED_ARRAY_BYTES, type Binding } from './bindings';
import {
  BLOCKING_NAMES, canonicalModule, lookupBlockingApi, NODE_BUILTINS, PROMISE_GLOBALS, PROMISE_MODULES, RETURNS_INSTANCE,
  SERVER_FACTORIES, SUBMODULE_MEMBERS,
} from './blocking-apis';
import {
  DECORATOR_ENTRIES, EMITTER_METHODS, LIMITER_CALLEE, PROMISE_CALLBACK_METHODS, STARTUP_CALLBACK_METHODS, SYNC_CALLBACK_METHODS, REQUEST_PAIR_TYPE_NAMES, REQUEST_PARAM_NAMES,
  REQUEST_TYPE_NAMES, RESPONSE_PARAM_NAMES, ROUTE_METHODS, ROUTE_OBJECT_HANDLER_KEYS, ROUTER_RECEIVER, STREAM_CLASSES,
  STREAM_METHOD_KEYS, SYNC_ONLY_PROCESS_EVENTS, TIMER_FUNCTIONS,
} from './entry-patterns';
import type { EntryKind } from './findings';
import { analyseRegex } from './regex-safety';
import {
  blockingMessage, blocksHere, calleeLabel, callsLimiter, chainHasRejectionHandler, declaresPromise, formatMiB, isBoundedSlice,
  isBatchSourceName, isCallable, isEscapedForRegExp, isPooled, matchesCalleePattern, ONE_MIB,
} from './call-shapes';
import { callsLoopVariable, collectAwaits, isBatchAwait, isBusyWait, isPacingAwait, loopCarriesDependency } from './loop-shapes';
import { calleeName, constantNumber, hasModifier, literalText, rootName, skipOuter, truncate, typeRefName, type FunctionLike } from './syntax';
import { collectSuppressions, isSuppressed, type Suppressions } from './suppressions';
import type { TypeOracle } from './type-oracle';

export interface FunctionFact {
  id: string;
  name: string;
  line: number;
  isAsync: boolean;
  returnsPromise: boolean;
  entry?: EntryKind;
}

export interface EdgeFact {
  from: string;
  to: Binding;
  line: number;
  /**
   * `call`: runs now, as part of the caller (a call, or a callback of forEach/map...). `nested`: defined inside
   * the caller. `reference`: handed to something that may call it later. Only the first two make a function
   * start-up code when the caller is start-up code.
   */
  kind: 'call' | 'nested' | 'reference';
}

export interface EntryRef {
  target: Binding;
  kind: EntryKind;
}

export interface Candidate {
  fnId: string;
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `{where}` is replaced with where the code runs once the hot path is known. */
  message: string;
  /** Emit only if this resolves to a function that returns a promise (calls into other files). */
  requiresPromiseTarget?: Binding;
  /**
   * Emit only if this type-checker question says yes. It is asked lazily, only once the function is known to
   * be hot, and its answer is kept until the file is extracted again: most candidates never need asking.
   */
  confirm?: () => boolean;
  confirmed?: boolean;
}

type PromiseKind = 'yes' | 'no' | { target: Binding } | { confirm: () => boolean };

export interface FileFacts {
  file: string;
  topId: string;
  lines: number;
  functions: FunctionFact[];
  edges: EdgeFact[];
  entryRefs: EntryRef[];
  candidates: Candidate[];
  exports: Map<string, Binding>;
  starExports: string[];
  /** Imports parentPort/workerData: the file is written to run inside a worker. */
  importsWorkerApi: boolean;
  /** Files this one starts as workers or forked processes. */
  workerTargets: string[];
  /** Files whose functions this one reaches only through the type checker (by position): re-link when they change. */
  typeLinkedFiles: string[];
  parseErrors: Array<{ line: number; message: string }>;
}

export interface ExtractOptions {
  resolveModule: (specifier: string, fromFile: string) => string | undefined;
  extraEntryCallees: string[];
  types?: TypeOracle;
  /** With `types`: names of the project's functions; other unresolved callees are not worth a checker question. */
  projectFunctionNames?: ReadonlySet<string>;
}

interface Ctx {
  /** The enclosing function's id; undefined at module top level. */
  fn: string | undefined;
  scope: Scope;
  /** The class whose methods `this.x()` refers to. */
  cls: Extract<Binding, { kind: 'class' }> | undefined;
}

export function extractFileFacts(sf: ts.SourceFile, file: string, options: ExtractOptions): FileFacts {
  return new FileFactExtractor(sf, file, options).run();
}

class FileFactExtractor {
  private readonly facts: FileFacts;
  private readonly fnByNode = new Map<ts.Node, FunctionFact>();
  private readonly fnById = new Map<string, FunctionFact>();
  private readonly suppressions: Suppressions;
  private readonly moduleScope = new Scope(undefined);
  private readonly entryArgs = new Set<ts.Node>();

  constructor(private readonly sf: ts.SourceFile, private readonly file: string, private readonly opts: ExtractOptions) {
    this.facts = {
      file,
      topId: `${file}#top`,
      lines: sf.getLineStarts().length - (sf.text.endsWith('\n') ? 1 : 0),
      functions: [],
      edges: [],
      entryRefs: [],
      candidates: [],
      exports: new Map(),
      starExports: [],
      importsWorkerApi: false,
      workerTargets: [],
      typeLinkedFiles: [],
      parseErrors: [],
    };
    this.suppressions = collectSuppressions(sf.text);
  }

  run(): FileFacts {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags.slice(0, 20)) {
      this.facts.parseErrors.push({ line: this.lineOf(d.start ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
    const ctx: Ctx = { fn: undefined, scope: this.moduleScope, cls: undefined };
    this.declareStatements(this.sf.statements, ctx, true);
    for (const st of this.sf.statements) this.visit(st, ctx);
    return this.facts;
  }

  // ---------------------------------------------------------------- declarations

  private declareStatements(statements: ts.NodeArray<ts.Statement>, ctx: Ctx, moduleLevel: boolean): void {
    const localExports: Array<[string, string]> = [];
    for (const st of statements) {
      const exported = moduleLevel && hasModifier(st, ts.SyntaxKind.ExportKeyword);
      const isDefault = exported && hasModifier(st, ts.SyntaxKind.DefaultKeyword);
      if (ts.isImportDeclaration(st) && moduleLevel) this.declareImport(st, ctx);
      else if (ts.isImportEqualsDeclaration(st)) {
        const ref = st.moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) ctx.scope.declare(st.name.text, this.moduleBinding(ref.expression.text));
      } else if (ts.isFunctionDeclaration(st)) {
        const name = st.name?.text ?? 'default';
        const fact = this.fnFact(st, name);
        const b: Binding = { kind: 'fn', id: fact.id };
        if (st.name) ctx.scope.declare(name, b);
        if (exported) this.facts.exports.set(isDefault ? 'default' : name, b);
      } else if (ts.isClassDeclaration(st)) {
        const b = this.classBinding(st, ctx);
        if (st.name) ctx.scope.declare(st.name.text, b);
        if (exported) this.facts.exports.set(isDefault ? 'default' : st.name?.text ?? 'default', b);
      } else if (ts.isVariableStatement(st)) {
        for (const decl of st.declarationList.declarations) {
          this.declareVariable(decl, ctx);
          if (exported && ts.isIdentifier(decl.name)) this.facts.exports.set(decl.name.text, ctx.scope.lookup(decl.name.text) ?? { kind: 'opaque' });
        }
      } else if (moduleLevel && ts.isExportAssignment(st)) {
        const b = this.valueBinding(st.expression, ctx, 'default');
        if (b) this.facts.exports.set('default', b);
        if (st.isExportEquals && b?.kind === 'object') for (const [k, v] of b.members) this.facts.exports.set(k, v);
      } else if (moduleLevel && ts.isExportDeclaration(st) && !st.isTypeOnly) {
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        const target = spec ? this.opts.resolveModule(spec, this.file) : undefined;
        if (!st.exportClause) {
          if (target) this.facts.starExports.push(target);
        } else if (ts.isNamespaceExport(st.exportClause)) {
          if (target) this.facts.exports.set(st.exportClause.name.text, { kind: 'project-module', file: target });
        } else {
          for (const el of st.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            if (spec) {
              const b = target ? ({ kind: 'project-export', file: target, name: local } as Binding) : this.nodeImport(spec, local);
              if (b) this.facts.exports.set(el.name.text, b);
            } else localExports.push([el.name.text, local]);
          }
        }
      } else if (moduleLevel && ts.isExpressionStatement(st)) {
        this.declareCommonJsExport(st.expression, ctx);
      }
    }
    for (const [exported, local] of localExports) {
      const b = ctx.scope.lookup(local);
      if (b) this.facts.exports.set(exported, b);
    }
  }

  private declareImport(st: ts.ImportDeclaration, ctx: Ctx): void {
    if (!ts.isStringLiteral(st.moduleSpecifier)) return;
    const spec = st.moduleSpecifier.text;
    const clause = st.importClause;
    if (!clause || clause.isTypeOnly) return;
    const moduleB = this.moduleBinding(spec);
    if (clause.name) {
      const b: Binding = moduleB.kind === 'project-module' ? { kind: 'project-export', file: moduleB.file, name: 'default' } : moduleB;
      ctx.scope.declare(clause.name.text, b);
    }
    const named = clause.namedBindings;
    if (!named) return;
    if (ts.isNamespaceImport(named)) {
      ctx.scope.declare(named.name.text, moduleB);
      return;
    }
    for (const el of named.elements) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      ctx.scope.declare(el.name.text, this.memberOf(moduleB, imported) ?? { kind: 'opaque' });
    }
  }

  /** `module.exports = ...`, `module.exports.f = ...`, `exports.f = ...` at module top level. */
  private declareCommonJsExport(expr: ts.Expression, ctx: Ctx): void {
    if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = expr.left;
    const isModuleExports = (e: ts.Expression): boolean =>
      ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
    if (isModuleExports(left)) {
      const b = this.valueBinding(expr.right, ctx, 'module.exports');
      if (!b) return;
      this.facts.exports.set('default', b);
      if (b.kind === 'object') for (const [k, v] of b.members) this.facts.exports.set(k, v);
      if (b.kind === 'class' || b.kind === 'fn') this.facts.exports.set('module.exports', b);
      return;
    }
    if (ts.isPropertyAccessExpression(left)) {
      const base = left.expression;
      if ((ts.isIdentifier(base) && base.text === 'exports' && !ctx.scope.lookup('exports')) || isModuleExports(base)) {
        const b = this.valueBinding(expr.right, ctx, left.name.text);
        if (b) this.facts.exports.set(left.name.text, b);
      }
    }
  }

  private declareVariable(decl: ts.VariableDeclaration, ctx: Ctx): void {
    if (ts.isIdentifier(decl.name)) {
      if (ctx.scope.hasOwn(decl.name.text)) return;
      const b = (decl.initializer ? this.valueBinding(decl.initializer, ctx, decl.name.text) : undefined) ?? { kind: 'opaque' };
      ctx.scope.declare(decl.name.text, b);
      const init = decl.initializer ? skipOuter(decl.initializer) : undefined;
      if (init && b.kind === 'opaque') this.initializers.set(b, init);
      // A literal array or a bounded slice has a size fixed in the code: fanning out over it is bounded.
      if (init && b.kind === 'opaque' && (ts.isArrayLiteralExpression(init) || isBoundedSlice(init))) this.boundedArrays.add(b);
      if (init && ts.isCallExpression(init) && b.kind === 'opaque') {
        this.mappedArrays.set(b, init);
        const factory = skipOuter(init.expression);
        if (LIMITER_CALLEE.test(calleeName(factory))) this.limiters.add(b);
      }
      return;
    }
    if (ts.isObjectBindingPattern(decl.name)) {
      const base = decl.initializer ? this.valueBinding(decl.initializer, ctx) : undefined;
      for (const el of decl.name.elements) {
        if (!ts.isIdentifier(el.name)) {
          this.declareOpaque(el.name, ctx.scope);
          continue;
        }
        const prop = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : el.name.text;
        ctx.scope.declare(el.name.text, (base && this.memberOf(base, prop)) ?? { kind: 'opaque' });
      }
      return;
    }
    this.declareOpaque(decl.name, ctx.scope);
  }

  private declareOpaque(name: ts.BindingName, scope: Scope): void {
    if (ts.isIdentifier(name)) scope.declare(name.text, { kind: 'opaque' });
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) this.declareOpaque(el.name, scope);
  }

  private classBinding(node: ts.ClassLikeDeclaration, ctx: Ctx): Extract<Binding, { kind: 'class' }> {
    const existing = this.classes.get(node);
    if (existing) return existing;
    const className = node.name?.text ?? '<class>';
    const b: Extract<Binding, { kind: 'class' }> = { kind: 'class', name: className, methods: new Map(), fields: new Map() };
    this.classes.set(node, b);
    const streamBase = this.extendsStreamClass(node, ctx);
    const heritage = node.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage ? this.valueBinding(heritage.expression, ctx) : undefined;
    if (base && (base.kind === 'class' || base.kind === 'project-export' || base.kind === 'member' || base.kind === 'project-module')) b.base = base;
    for (const m of node.members) {
      const name = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
      if (ts.isConstructorDeclaration(m)) {
        // constructor(private readonly repo: Repo): dependency injection hands the field its class.
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && p.type && ts.getModifiers(p)?.some((mod) => PARAMETER_PROPERTY_MODIFIERS.has(mod.kind))) {
            const field = this.instanceOfType(p.type, ctx);
            if (field) b.fields.set(p.name.text, field);
          }
        }
      } else if (ts.isPropertyDeclaration(m) && name) {
        const init = m.initializer ? skipOuter(m.initializer) : undefined;
        const field = init && ts.isNewExpression(init) ? this.newBinding(init, ctx) : m.type ? this.instanceOfType(m.type, ctx) : undefined;
        if (field) b.fields.set(name, field);
      }
      let fnNode: FunctionLike | undefined;
      if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) fnNode = m;
      else if (ts.isConstructorDeclaration(m)) fnNode = m;
      else if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) fnNode = m.initializer;
      if (!fnNode) continue;
      const memberName = ts.isConstructorDeclaration(m) ? 'constructor' : name ?? '<member>';
      const fact = this.fnFact(fnNode, `${className}.${memberName}`);
      b.methods.set(memberName, { kind: 'fn', id: fact.id });
      if (streamBase && ['_transform', '_write', '_writev', '_read', '_flush', '_final'].includes(memberName)) fact.entry ??= 'stream-handler';
      const decorated = decoratorEntry(m);
      if (decorated) fact.entry ??= decorated;
    }
    return b;
  }

  /** A method or field of a class, or of the class it extends (resolved across files when linking). */
  private classMember(cls: Extract<Binding, { kind: 'class' }>, name: string): Binding | undefined {
    const own = cls.methods.get(name) ?? cls.fields.get(name);
    if (own || !cls.base) return own;
    if (cls.base.kind === 'class') return this.classMember(cls.base, name);
    return { kind: 'member', of: { kind: 'instance', of: cls.base }, name };
  }

  /** `Repo` in a type position, when it names a class we can follow: a local class or an import from the project. */
  private instanceOfType(type: ts.TypeNode, ctx: Ctx): Binding | undefined {
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const cls = ctx.scope.lookup(type.typeName.text);
    if (cls && (cls.kind === 'class' || cls.kind === 'project-export' || cls.kind === 'member')) return { kind: 'instance', of: cls };
    return undefined;
  }

  private readonly classes = new Map<ts.Node, Extract<Binding, { kind: 'class' }>>();

  private extendsStreamClass(node: ts.ClassLikeDeclaration, ctx: Ctx): boolean {
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of clause.types) {
        const b = this.valueBinding(t.expression, ctx);
        if (b?.kind === 'node-member' && b.module === 'stream' && STREAM_CLASSES.has(b.name)) return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- bindings of expressions

  private moduleBinding(specifier: string): Binding {
    const canonical = canonicalModule(specifier);
    if (NODE_BUILTINS.has(canonical)) return { kind: 'node-module', module: canonical };
    const file = this.opts.resolveModule(specifier, this.file);
    if (file) return { kind: 'project-module', file };
    return { kind: 'opaque' };
  }

  /** Node's require: the global, or one made by module.createRequire under any name. */
  private isRequireCallee(callee: ts.Expression, ctx: Ctx): boolean {
    if (!ts.isIdentifier(callee)) return false;
    const b = ctx.scope.lookup(callee.text);
    if (b === undefined) return callee.text === 'require';
    return b.kind === 'global' && b.name === 'require';
  }

  private nodeImport(specifier: string, name: string): Binding | undefined {
    const canonical = canonicalModule(specifier);
    return NODE_BUILTINS.has(canonical) ? this.nodeMember(canonical, name) : undefined;
  }

  private nodeMember(module: string, name: string): Binding {
    const sub = SUBMODULE_MEMBERS[module]?.[name];
    if (sub) return { kind: 'node-module', module: sub };
    if (module === 'worker_threads' && (name === 'parentPort' || name === 'workerData')) this.facts.importsWorkerApi = true;
    return { kind: 'node-member', module, name };
  }

  private memberOf(base: Binding, name: string): Binding | undefined {
    switch (base.kind) {
      case 'node-module':
        return this.nodeMember(base.module, name);
      case 'node-member':
        return name === 'native' ? base : undefined; // fs.realpathSync.native
      case 'node-instance':
        return { kind: 'node-method', module: base.module, className: base.className, name };
      case 'global':
        return { kind: 'node-method', module: 'global', className: base.name, name };
      case 'class':
        return this.classMember(base, name);
      case 'instance':
        if (base.of.kind === 'class') return this.classMember(base.of, name);
        return { kind: 'member', of: base, name };
      case 'object':
        return base.members.get(name);
      case 'project-module':
        return { kind: 'project-export', file: base.file, name };
      case 'project-export':
      case 'member':
        return { kind: 'member', of: base, name };
      default:
        return undefined;
    }
  }

  /** What an expression evaluates to, as far as the detectors care. */
  private valueBinding(expr: ts.Expression, ctx: Ctx, nameHint?: string): Binding | undefined {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) {
      const b = ctx.scope.lookup(e.text);
      if (b) return b;
      return KNOWN_GLOBALS.has(e.text) ? { kind: 'global', name: e.text } : undefined;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : literalText(e.argumentExpression);
      if (name === undefined) return undefined;
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return ctx.cls ? this.classMember(ctx.cls, name) : undefined;
      const base = this.valueBinding(e.expression, ctx);
      return base ? this.memberOf(base, name) : undefined;
    }
    if (ts.isCallExpression(e)) return constantRegExp(e, ctx.scope) ?? this.callResultBinding(e, ctx, false);
    if (ts.isAwaitExpression(e)) {
      const inner = skipOuter(e.expression);
      if (ts.isCallExpression(inner)) return this.callResultBinding(inner, ctx, true);
      return undefined;
    }
    if (ts.isNewExpression(e)) return constantRegExp(e, ctx.scope) ?? this.newBinding(e, ctx);
    if (ts.isRegularExpressionLiteral(e)) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(e.text);
      return m ? { kind: 'regex', source: m[1], flags: m[2] } : undefined;
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'string-const' };
    const num = constantNumber(e, ctx.scope);
    if (num !== undefined) return { kind: 'number-const', value: num };
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'fn', id: this.fnFact(e, nameHint).id };
    if (ts.isClassExpression(e)) return this.classBinding(e, ctx);
    if (ts.isObjectLiteralExpression(e)) {
      const members = new Map<string, Binding>();
      for (const p of e.properties) {
        const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
        if (!key) continue;
        let b: Binding | undefined;
        if (ts.isPropertyAssignment(p)) b = this.valueBinding(p.initializer, ctx, nameHint ? `${nameHint}.${key}` : key);
        else if (ts.isShorthandPropertyAssignment(p)) b = ctx.scope.lookup(key);
        else if (ts.isMethodDeclaration(p)) b = { kind: 'fn', id: this.fnFact(p, nameHint ? `${nameHint}.${key}` : key).id };
        if (b) members.set(key, b);
      }
      return { kind: 'object', members };
    }
    return undefined;
  }

  private callResultBinding(call: ts.CallExpression, ctx: Ctx, awaited: boolean): Binding | undefined {
    const callee = skipOuter(call.expression);
    if (this.isRequireCallee(callee, ctx)) {
      const spec = call.arguments[0];
      return spec && ts.isStringLiteral(spec) ? this.moduleBinding(spec.text) : undefined;
    }
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword && awaited) {
      const spec = call.arguments[0];
      return spec && ts.isStringLiteral(spec) ? this.moduleBinding(spec.text) : undefined;
    }
    // `this.handle.bind(this)` is still `this.handle`.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return this.valueBinding(callee.expression, ctx);
    const target = this.valueBinding(callee, ctx);
    // createRequire(import.meta.url) makes a real require.
    if (target?.kind === 'node-member' && target.module === 'module' && target.name === 'createRequire') return { kind: 'global', name: 'require' };
    if (target?.kind === 'node-member') {
      const inst = RETURNS_INSTANCE.find((r) => r.module === target.module && r.name === target.name && r.awaited === awaited);
      if (inst) return { kind: 'node-instance', module: inst.classModule, className: inst.className };
    }
    if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'Buffer') {
      if (['alloc', 'allocUnsafe', 'allocUnsafeSlow'].includes(target.name)) {
        const n = call.arguments[0] ? constantNumber(call.arguments[0], ctx.scope) : undefined;
        return { kind: 'binary', shared: false, bytes: n, type: 'Buffer' };
      }
      if (target.name === 'from' || target.name === 'concat') {
        const first = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
        const bytes = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? Buffer.byteLength(first.text) : undefined;
        return { kind: 'binary', shared: false, type: 'Buffer', bytes };
      }
    }
    return undefined;
  }

  private newBinding(e: ts.NewExpression, ctx: Ctx): Binding | undefined {
    const ctor = skipOuter(e.expression);
    if (ts.isIdentifier(ctor) && TYPED_ARRAY_BYTES[ctor.text] !== undefined && !ctx.scope.lookup(ctor.text)) {
      const arg = e.arguments?.[0];
      if (ctor.text === 'SharedArrayBuffer') return { kind: 'binary', shared: true, type: ctor.text, bytes: arg ? constantNumber(arg, ctx.scope) : undefined };
      if (arg) {
        const source = this.valueBinding(arg, ctx);
        if (source?.kind === 'binary') return { kind: 'binary', shared: source.shared, bytes: source.bytes, type: ctor.text };
        const n = constantNumber(arg, ctx.scope);
        if (n !== undefined) return { kind: 'binary', shared: false, bytes: n * TYPED_ARRAY_BYTES[ctor.text], type: ctor.text };
      }
      return { kind: 'binary', shared: false, type: ctor.text };
    }
    const cls = this.valueBinding(ctor, ctx);
    if (cls && (cls.kind === 'class' || cls.kind === 'project-export' || cls.kind === 'member' || cls.kind === 'project-module')) return { kind: 'instance', of: cls };
    return undefined;
  }

  // ---------------------------------------------------------------- functions

  private fnFact(node: FunctionLike, nameHint?: string): FunctionFact {
    const existing = this.fnByNode.get(node);
    if (existing) return existing;
    const fact: FunctionFact = {
      id: `${this.file}#${node.pos}`,
      name: nameHint ?? this.inferName(node),
      line: this.lineOf(node.getStart(this.sf)),
      isAsync: hasModifier(node, ts.SyntaxKind.AsyncKeyword),
      returnsPromise: false,
    };
    fact.returnsPromise = fact.isAsync || declaresPromise(node);
    this.fnByNode.set(node, fact);
    this.fnById.set(fact.id, fact);
    this.facts.functions.push(fact);
    return fact;
  }

  private inferName(node: FunctionLike): string {
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isMethodDeclaration(node) && ts.isIdentifier(node.name)) return node.name.text;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = skipOuter(parent.expression);
      const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (calleeName) return `<callback of ${calleeName}>`;
    }
    return '<anonymous>';
  }

  private visitFunction(node: FunctionLike, ctx: Ctx): void {
    const fact = this.fnFact(node);
    const asArgument = ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent) ? node.parent : undefined;
    if (ctx.fn) {
      const kind = asArgument ? this.argumentEdgeKind(asArgument, ctx) : 'nested';
      this.facts.edges.push({ from: ctx.fn, to: { kind: 'fn', id: fact.id }, line: fact.line, kind });
    } else if (asArgument && !this.entryArgs.has(node)) {
      // A callback handed over at module top level: start-up code if it runs right away, otherwise it may run later.
      this.facts.edges.push({ from: this.facts.topId, to: { kind: 'fn', id: fact.id }, line: fact.line, kind: this.argumentEdgeKind(asArgument, ctx) });
    }
    if (!fact.entry && this.looksLikeRequestHandler(node)) fact.entry = 'request-handler';
    const scope = new Scope(ctx.scope);
    for (const p of node.parameters) this.declareOpaque(p.name, scope);
    const inner: Ctx = { fn: fact.id, scope, cls: ts.isArrowFunction(node) ? ctx.cls : this.enclosingClass(node, ctx) };
    for (const p of node.parameters) if (p.initializer) this.visit(p.initializer, inner);
    const body = node.body;
    if (!body) return;
    if (ts.isBlock(body)) {
      this.declareStatements(body.statements, inner, false);
      for (const st of body.statements) this.visit(st, inner);
    } else this.visit(body, inner);
  }

  private enclosingClass(node: FunctionLike, ctx: Ctx): Ctx['cls'] {
    const owner = ts.isPropertyDeclaration(node.parent) ? node.parent.parent : node.parent;
    if (owner && (ts.isClassDeclaration(owner) || ts.isClassExpression(owner))) return this.classes.get(owner) ?? ctx.cls;
    return undefined;
  }

  private looksLikeRequestHandler(node: FunctionLike): boolean {
    const params = node.parameters;
    if (params.length === 0) return false;
    const names = params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    if (params.length >= 2 && REQUEST_PARAM_NAMES.has(names[0]) && RESPONSE_PARAM_NAMES.has(names[1])) return true;
    // Only a callback's parameters get their types from context; asking the checker elsewhere costs time for nothing.
    const contextual = ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent);
    const typeNames = params.map((p) => (p.type ? typeRefName(p.type) : contextual ? this.opts.types?.parameterTypeName(p) : undefined));
    if (typeNames.some((t) => t !== undefined && REQUEST_TYPE_NAMES.has(t))) return true;
    return typeNames.includes('Request') && typeNames.includes('Response') && typeNames.every((t) => t === undefined || REQUEST_PAIR_TYPE_NAMES.has(t) || t === 'NextFunction');
  }

  // ---------------------------------------------------------------- the walk

  private visit(node: ts.Node, ctx: Ctx): void {
    switch (node.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
        this.visitFunction(node as FunctionLike, ctx);
        return;
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const cls = this.classBinding(node as ts.ClassLikeDeclaration, ctx);
        if (ts.isClassExpression(node) && node.name) ctx.scope.declare(node.name.text, cls);
        const inner: Ctx = { ...ctx, cls };
        ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.CaseBlock: {
        const scope = new Scope(ctx.scope);
        const inner: Ctx = { ...ctx, scope };
        if (ts.isBlock(node)) this.declareStatements(node.statements, inner, false);
        ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.CatchClause: {
        const scope = new Scope(ctx.scope);
        const decl = (node as ts.CatchClause).variableDeclaration;
        if (decl) this.declareOpaque(decl.name, scope);
        ts.forEachChild(node, (c) => this.visit(c, { ...ctx, scope }));
        return;
      }
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement: {
        const scope = new Scope(ctx.scope);
        const inner: Ctx = { ...ctx, scope };
        const init = (node as ts.ForStatement | ts.ForOfStatement).initializer;
        if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) this.declareOpaque(d.name, scope);
        // for (const batch of chunk(docs, 8)): each batch is bounded by the helper's size.
        if (ts.isForOfStatement(node) && init && ts.isVariableDeclarationList(init) && ts.isIdentifier(init.declarations[0]?.name)) {
          const iterated = skipOuter(node.expression);
          const source = ts.isCallExpression(iterated) ? skipOuter(iterated.expression) : undefined;
          const name = source && calleeName(source);
          const b = scope.lookup((init.declarations[0].name as ts.Identifier).text);
          if (name && isBatchSourceName(name) && b) this.boundedArrays.add(b);
        }
        if (ctx.fn) this.checkLoop(node as ts.IterationStatement, inner);
        ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        if (ts.isIdentifier(decl.name) && !ctx.scope.hasOwn(decl.name.text)) this.declareVariable(decl, ctx);
        break;
      }
      case ts.SyntaxKind.CallExpression:
        this.visitCall(node as ts.CallExpression, ctx);
        break;
      case ts.SyntaxKind.NewExpression:
        this.visitNew(node as ts.NewExpression, ctx);
        break;
      case ts.SyntaxKind.ExpressionStatement:
        if (ctx.fn) this.checkFloating((node as ts.ExpressionStatement).expression, ctx);
        break;
    }
    ts.forEachChild(node, (c) => this.visit(c, ctx));
  }

  private visitCall(call: ts.CallExpression, ctx: Ctx): void {
    const callee = skipOuter(call.expression);
    const from = ctx.fn ?? this.facts.topId;

    if (this.isRequireCallee(callee, ctx)) {
      const arg = call.arguments[0];
      if (ctx.fn && arg) {
        const what = ts.isStringLiteral(arg) ? `require('${arg.text}')` : 'require()';
        this.candidate(ctx, 'no-require-in-hot-path', call, `${what} loads and compiles a module synchronously {where}; require it once at module top level`);
      }
      return;
    }

    let target = this.valueBinding(callee, ctx);
    // fn.call(thisArg, ...) and fn.apply(...) call fn.
    if (!target && ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply')) {
      target = this.valueBinding(callee.expression, ctx);
    }
    if ((!target || target.kind === 'opaque') && this.opts.types) {
      const name = calleeName(callee);
      if (BLOCKING_NAMES.has(name)) target = this.opts.types.resolveCallee(callee) ?? target;
      // Calls by plain name are resolved from syntax; `obj.method()` on an untracked receiver needs the checker.
      if ((!target || target.kind === 'opaque') && ts.isPropertyAccessExpression(callee) && this.opts.projectFunctionNames?.has(name)) {
        const resolved = this.opts.types.resolveProjectFunction(callee);
        if (resolved?.kind === 'fn') {
          target = resolved;
          const file = resolved.id.slice(0, resolved.id.lastIndexOf('#'));
          if (file !== this.file && !this.facts.typeLinkedFiles.includes(file)) this.facts.typeLinkedFiles.push(file);
        }
      }
    }

    if (ctx.fn && target && (target.kind === 'node-member' || target.kind === 'node-method')) {
      const api = lookupBlockingApi(target.module, target.name, target.kind === 'node-method' ? target.className : undefined);
      if (api && blocksHere(api, call)) this.candidate(ctx, api.rule, call, blockingMessage(api));
    }

    if (target && isCallableBinding(target)) this.facts.edges.push({ from, to: target, line: this.lineOf(call.getStart(this.sf)), kind: 'call' });

    this.registerEntries(call, callee, target, ctx);

    for (const arg of call.arguments) {
      if (this.entryArgs.has(arg)) continue;
      const a = skipOuter(arg);
      if (ts.isIdentifier(a) || ts.isPropertyAccessExpression(a)) {
        const b = this.valueBinding(a, ctx);
        if (b && isCallable(b)) this.facts.edges.push({ from, to: b, line: this.lineOf(arg.getStart(this.sf)), kind: this.argumentEdgeKind(call, ctx) });
      }
    }

    if (target?.kind === 'node-member' && target.module === 'child_process' && target.name === 'fork') this.recordWorkerTarget(call.arguments[0], ctx);
    if (!ctx.fn) return;
    if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'Promise' && ['all', 'allSettled', 'any', 'race'].includes(target.name)) {
      this.checkFanOut(call, target.name, ctx);
    }
    if (ts.isIdentifier(callee) && callee.text === 'RegExp' && !ctx.scope.lookup('RegExp')) this.checkDynamicRegExp(call, ctx);
    if (ts.isPropertyAccessExpression(callee)) {
      this.checkRegexUse(call, callee, ctx);
      if (callee.name.text === 'postMessage') this.checkPostMessage(call, ctx);
    }
  }

  private visitNew(e: ts.NewExpression, ctx: Ctx): void {
    const ctor = skipOuter(e.expression);
    const target = this.valueBinding(ctor, ctx);
    if (target?.kind === 'node-member' && target.module === 'worker_threads' && target.name === 'Worker') {
      this.recordWorkerTarget(e.arguments?.[0], ctx);
      if (ctx.fn && !isPooled(e)) {
        this.candidate(ctx, 'no-worker-per-request', e, 'new Worker() starts a thread per call {where}, costing tens of milliseconds and megabytes each; start a fixed pool once and reuse its workers');
      }
      return;
    }
    if (ts.isIdentifier(ctor) && ctor.text === 'RegExp' && !ctx.scope.lookup('RegExp') && ctx.fn) this.checkDynamicRegExp(e, ctx);
    // Worker pools (Piscina, tinypool, workerpool) take the worker file as an option: that file runs in workers.
    const options = e.arguments?.[0] ? skipOuter(e.arguments[0]) : undefined;
    if (options && ts.isObjectLiteralExpression(options)) {
      for (const p of options.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && WORKER_FILE_OPTIONS.has(p.name.text)) this.recordWorkerTarget(p.initializer, ctx);
      }
    }
    if (target?.kind === 'node-member' && target.module === 'stream' && STREAM_CLASSES.has(target.name)) {
      const opts = e.arguments?.[0];
      if (opts && ts.isObjectLiteralExpression(opts)) {
        for (const p of opts.properties) {
          const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
          if (!key || !STREAM_METHOD_KEYS.has(key)) continue;
          if (ts.isMethodDeclaration(p)) this.markEntry(p, 'stream-handler', ctx);
          else if (ts.isPropertyAssignment(p)) this.markEntry(p.initializer, 'stream-handler', ctx);
        }
      }
    }
    if (target && (target.kind === 'class' || target.kind === 'project-export' || target.kind === 'member' || target.kind === 'project-module')) {
      const ctorRef: Binding | undefined = target.kind === 'class' ? target.methods.get('constructor') : { kind: 'member', of: target, name: 'constructor' };
      if (ctorRef) this.facts.edges.push({ from: ctx.fn ?? this.facts.topId, to: ctorRef, line: this.lineOf(e.getStart(this.sf)), kind: 'call' });
    }
  }

  // ---------------------------------------------------------------- entries

  /** How a function handed to this call runs: right away (forEach, listen at start-up, top-level .then) or later. */
  private argumentEdgeKind(call: ts.CallExpression | ts.NewExpression, ctx: Ctx): EdgeFact['kind'] {
    const callee = skipOuter(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method && SYNC_CALLBACK_METHODS.has(method)) return 'call';
    if (!ctx.fn && method && (STARTUP_CALLBACK_METHODS.has(method) || PROMISE_CALLBACK_METHODS.has(method))) return 'call';
    return 'reference';
  }

  private registerEntries(call: ts.CallExpression, callee: ts.Expression, target: Binding | undefined, ctx: Ctx): void {
    const args = call.arguments;
    const fnArgs = (from = 0): ts.Expression[] => args.slice(from).filter((a) => this.isFunctionValue(a, ctx));
    const mark = (kind: EntryKind, from = 0): void => { for (const a of fnArgs(from)) this.markEntry(a, kind, ctx); };

    if (target?.kind === 'node-member' && SERVER_FACTORIES.some((f) => f.module === target.module && f.name === target.name)) return mark('request-handler');
    if (target?.kind === 'node-member' && target.module === 'timers' && TIMER_FUNCTIONS.has(target.name)) return mark('timer');
    if (ts.isIdentifier(callee) && TIMER_FUNCTIONS.has(callee.text) && !ctx.scope.lookup(callee.text)) return mark('timer');
    if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'process' && target.name === 'nextTick') return mark('timer');

    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (EMITTER_METHODS.has(method)) {
        const event = args[0] ? literalText(args[0]) : undefined;
        const receiver = this.valueBinding(callee.expression, ctx);
        const isProcess = receiver?.kind === 'global' && receiver.name === 'process';
        if (isProcess && event && SYNC_ONLY_PROCESS_EVENTS.has(event)) {
          for (const a of fnArgs(1)) this.entryArgs.add(a); // runs once, synchronously, after the loop stopped
          return;
        }
        return mark(event === 'request' ? 'request-handler' : 'event-handler', 1);
      }
      // At module top level a promise callback runs once, at start-up (`main().then(...)`); inside a function it
      // runs each time that function does.
      if (PROMISE_CALLBACK_METHODS.has(method)) return ctx.fn ? mark('promise-callback') : undefined;
      if (STARTUP_CALLBACK_METHODS.has(method) && !ctx.fn) return;
      if (method === 'createServer' || method === 'createSecureServer') return mark('request-handler');
      if (ROUTE_METHODS.has(method) && args.length >= 1) {
        const first = args[0];
        const pathLike = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first)) &&
          (!ts.isStringLiteral(first) || first.text.startsWith('/') || first.text === '*');
        const receiverName = rootName(callee.expression);
        if (pathLike || (receiverName !== undefined && ROUTER_RECEIVER.test(receiverName))) {
          mark('request-handler');
          if (method === 'route') for (const a of args) if (ts.isObjectLiteralExpression(a)) this.markRouteObject(a, ctx);
          return;
        }
      }
    }
    if (this.opts.extraEntryCallees.length > 0) {
      const text = callee.getText(this.sf);
      if (this.opts.extraEntryCallees.some((p) => matchesCalleePattern(text, p))) mark('custom');
    }
  }

  private markRouteObject(obj: ts.ObjectLiteralExpression, ctx: Ctx): void {
    for (const p of obj.properties) {
      const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
      if (!key || !ROUTE_OBJECT_HANDLER_KEYS.has(key)) continue;
      if (ts.isMethodDeclaration(p)) this.markEntry(p, 'request-handler', ctx);
      else if (ts.isPropertyAssignment(p)) this.markEntry(p.initializer, 'request-handler', ctx);
      else if (ts.isShorthandPropertyAssignment(p)) this.markEntry(p.name, 'request-handler', ctx);
    }
  }

  private isFunctionValue(arg: ts.Expression, ctx: Ctx): boolean {
    const a = skipOuter(arg);
    if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return true;
    if (ts.isIdentifier(a) || ts.isPropertyAccessExpression(a) || ts.isCallExpression(a)) {
      const b = this.valueBinding(a, ctx);
      return b !== undefined && isCallable(b);
    }
    return false;
  }

  private markEntry(node: ts.Node, kind: EntryKind, ctx: Ctx): void {
    this.entryArgs.add(node);
    const n = ts.isExpression(node) ? skipOuter(node) : node;
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
      const fact = this.fnFact(n);
      fact.entry ??= kind;
      return;
    }
    if (ts.isExpression(n)) {
      const b = this.valueBinding(n, ctx);
      if (b && isCallable(b)) this.facts.entryRefs.push({ target: b, kind });
    }
  }

  // ---------------------------------------------------------------- detectors

  private checkFloating(expr: ts.Expression, ctx: Ctx): void {
    const e = skipOuter(expr);
    if (!ts.isCallExpression(e)) return;
    const callee = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (m === 'catch' || m === 'then' || m === 'finally') {
        // Promise methods in practice, whatever the receiver is: handled if the chain has a rejection handler.
        if (chainHasRejectionHandler(e)) return;
        this.candidate(ctx, 'no-floating-promise', e, `this promise chain has no rejection handler {where}; add .catch() or await it in a try block`);
        return;
      }
    }
    const kind = this.promiseKind(e, ctx);
    if (kind === 'no') return;
    const label = calleeLabel(callee, this.sf);
    const message = `the promise returned by ${label}() is neither awaited nor handled {where}; await it, return it, or mark it with void and add a .catch()`;
    if (kind === 'yes') this.candidate(ctx, 'no-floating-promise', e, message);
    else if ('target' in kind) this.candidate(ctx, 'no-floating-promise', e, message, { requiresPromiseTarget: kind.target });
    else this.candidate(ctx, 'no-floating-promise', e, message, { confirm: kind.confirm });
  }

  /** Whether an expression evaluates to a promise: yes, no, or "if this other-file function returns one". */
  private promiseKind(e: ts.Expression, ctx: Ctx): PromiseKind {
    if (!ts.isCallExpression(e)) return 'no';
    const callee = skipOuter(e.expression);
    if (ts.isIdentifier(callee) && PROMISE_GLOBALS.has(callee.text) && !ctx.scope.lookup(callee.text)) return 'yes';
    const target = this.valueBinding(callee, ctx);
    if (target) {
      if (target.kind === 'fn') return this.fnById.get(target.id)?.returnsPromise ? 'yes' : 'no';
      if (target.kind === 'node-member') return PROMISE_MODULES.has(target.module) ? 'yes' : 'no';
      if (target.kind === 'node-method') return target.className === 'Promise' ? 'yes' : 'no';
      if (target.kind === 'project-export' || target.kind === 'member') return { target };
      if (target.kind !== 'opaque' && target.kind !== 'global') return 'no';
    }
    const types = this.opts.types;
    if (!types || SYNC_BUILTIN_RECEIVERS.has(rootName(callee) ?? '')) return 'no';
    return { confirm: () => types.isPromiseLike(e) };
  }

  private checkFanOut(call: ts.CallExpression, method: string, ctx: Ctx): void {
    const arg = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
    if (!arg) return;
    let mapCall: ts.CallExpression | undefined;
    if (ts.isCallExpression(arg)) mapCall = arg;
    else if (ts.isIdentifier(arg)) mapCall = this.mappedArrays.get(ctx.scope.lookup(arg.text) ?? NO_BINDING);
    if (!mapCall) return;
    const mapCallee = skipOuter(mapCall.expression);
    if (!ts.isPropertyAccessExpression(mapCallee) || (mapCallee.name.text !== 'map' && mapCallee.name.text !== 'flatMap')) return;
    const source = skipOuter(mapCallee.expression);
    if (ts.isArrayLiteralExpression(source)) return;
    if (isBoundedSlice(source)) return;
    if (ts.isIdentifier(source) && this.boundedArrays.has(ctx.scope.lookup(source.text) ?? NO_BINDING)) return;
    const cb = mapCall.arguments[0] ? skipOuter(mapCall.arguments[0]) : undefined;
    const isLimiter = (c: ts.Expression): boolean => ts.isIdentifier(c) && this.limiters.has(ctx.scope.lookup(c.text) ?? NO_BINDING);
    if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && callsLimiter(cb, isLimiter)) return;
    const sourceText = truncate(source.getText(this.sf), 30);
    this.candidate(ctx, 'no-unbounded-promise-all', call,
      `Promise.${method}(${sourceText}.${mapCallee.name.text}(...)) starts one operation per item at once {where}; cap the concurrency with a limiter (p-limit style) or process in batches`);
  }

  /** Arrays made by `.map(...)`, so `const tasks = xs.map(f); await Promise.all(tasks)` is seen too. */
  private readonly mappedArrays = new WeakMap<Binding, ts.CallExpression>();
  /** Values made by a limiter factory: `const run = pLimit(4)`. */
  private readonly limiters = new WeakSet<Binding>();
  /** What untracked constants were initialised with, to follow `const file = path.join(...)` into new Worker(file). */
  private readonly initializers = new WeakMap<Binding, ts.Expression>();
  /** Arrays whose size is fixed in the code: literals, bounded slices, batches from a chunking helper. */
  private readonly boundedArrays = new WeakSet<Binding>();

  private checkLoop(loop: ts.IterationStatement, ctx: Ctx): void {
    if (isBusyWait(loop)) {
      this.candidate(ctx, 'no-busy-wait', loop, 'this loop spins on the clock and blocks the event loop until it ends {where}; await a timer instead (await setTimeout(ms) from timers/promises)');
      return;
    }
    if (ts.isForOfStatement(loop) && loop.awaitModifier) return;
    if (!(ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop))) return;
    const awaits = collectAwaits(loop.statement);
    if (awaits.length === 0) return;
    if (loopCarriesDependency(loop, awaits)) return;
    const serial = awaits.filter((a) => !isPacingAwait(a) && !isBatchAwait(a));
    if (serial.length === 0 || serial.length < awaits.length) return;
    if (ts.isForOfStatement(loop) && serial.some((a) => callsLoopVariable(a, loop))) return;
    const first = serial[0];
    this.candidate(ctx, 'no-sequential-await-in-loop', first,
      `await inside this loop runs independent operations one after another {where}; start them together with a concurrency limit (Promise.all over a limiter or batches)`);
  }

  private checkRegexUse(call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: Ctx): void {
    const method = callee.name.text;
    let regexExpr: ts.Expression | undefined;
    let input: ts.Expression | undefined;
    if (method === 'test' || method === 'exec') {
      regexExpr = callee.expression;
      input = call.arguments[0];
    } else if (['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split'].includes(method)) {
      regexExpr = call.arguments[0];
      input = callee.expression;
    } else return;
    if (!regexExpr || !input) return;
    const re = this.valueBinding(regexExpr, ctx);
    if (re?.kind !== 'regex') return;
    if (this.isConstant(input, ctx)) return;
    const risk = analyseRegex(re.source, re.flags);
    if (!risk) return;
    this.candidate(ctx, 'no-redos-regex', call,
      `/${truncate(re.source, 40)}/ has ${risk.description} and runs on variable input {where}; make the pattern unambiguous, bound the input length, or match in a worker`);
  }

  private checkDynamicRegExp(e: ts.CallExpression | ts.NewExpression, ctx: Ctx): void {
    const arg = e.arguments?.[0];
    if (!arg || this.isConstant(arg, ctx) || isEscapedForRegExp(arg)) return;
    const b = this.valueBinding(arg, ctx);
    if (b?.kind === 'regex') return;
    this.candidate(ctx, 'no-dynamic-regexp-in-hot-path', e, 'RegExp built from non-constant input {where}: it is compiled on every call and can carry catastrophic backtracking; build it once, or escape the input');
  }

  private checkPostMessage(call: ts.CallExpression, ctx: Ctx): void {
    if (call.arguments.length !== 1) return; // a second argument is a transfer list or options with one
    const arg = call.arguments[0];
    const data = this.binaryOf(arg, ctx) ?? this.opts.types?.binaryType(arg);
    if (!data || data.shared) return;
    if (data.bytes !== undefined && data.bytes < ONE_MIB) return;
    const size = data.bytes !== undefined ? ` (${formatMiB(data.bytes)})` : '';
    this.candidate(ctx, 'no-large-postmessage-copy', call,
      `postMessage copies this ${data.type}${size} with structured clone {where}; pass a transfer list (postMessage(data, [data.buffer])) or share a SharedArrayBuffer`);
  }

  private binaryOf(arg: ts.Expression, ctx: Ctx): { type: string; bytes?: number; shared: boolean } | undefined {
    const e = skipOuter(arg);
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'buffer') return this.binaryOf(e.expression, ctx);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        const v = ts.isPropertyAssignment(p) ? this.binaryOf(p.initializer, ctx) : ts.isShorthandPropertyAssignment(p) ? this.binaryOf(p.name, ctx) : undefined;
        if (v && !v.shared) return v;
      }
      return undefined;
    }
    const b = this.valueBinding(e, ctx);
    return b?.kind === 'binary' ? b : undefined;
  }

  /** Text fixed in the code: literals, constants, templates and concatenations of them, `WORDS.join('|')` of a literal array. */
  private isConstant(e: ts.Expression, ctx: Ctx): boolean {
    const x = skipOuter(e);
    if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) || ts.isNumericLiteral(x)) return true;
    if (ts.isIdentifier(x)) {
      const b = ctx.scope.lookup(x.text);
      return b?.kind === 'string-const' || b?.kind === 'number-const' || (b !== undefined && this.boundedArrays.has(b));
    }
    if (ts.isTemplateExpression(x)) return x.templateSpans.every((span) => this.isConstant(span.expression, ctx));
    if (ts.isPropertyAccessExpression(x) && x.name.text === 'source') return this.valueBinding(x.expression, ctx)?.kind === 'regex';
    if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) return this.isConstant(x.left, ctx) && this.isConstant(x.right, ctx);
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'join') {
      return this.isConstant(x.expression.expression, ctx) && x.arguments.every((a) => this.isConstant(a, ctx));
    }
    return false;
  }

  private recordWorkerTarget(arg: ts.Expression | undefined, ctx?: Ctx): void {
    if (!arg) return;
    // const file = path.join(__dirname, 'workers/x.js'); new Worker(file)
    const a = skipOuter(arg);
    if (ctx && ts.isIdentifier(a)) {
      const init = this.initializers.get(ctx.scope.lookup(a.text) ?? NO_BINDING);
      if (init) return this.recordWorkerTarget(init);
    }
    const add = (text: string): void => {
      const spec = text.startsWith('.') || text.startsWith('/') ? text : `./${text}`;
      const hit = this.opts.resolveModule(spec, this.file);
      if (hit) this.facts.workerTargets.push(hit);
    };
    const visit = (n: ts.Node): void => {
      // path.join(__dirname, 'workers', 'x.js') and path.resolve(__dirname, ...): the literal parts joined.
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['join', 'resolve'].includes(n.expression.name.text)) {
        const [first, ...rest] = n.arguments;
        if (first && ts.isIdentifier(first) && first.text === '__dirname' && rest.length > 0 && rest.every((r) => ts.isStringLiteral(r))) {
          add(rest.map((r) => (r as ts.StringLiteral).text).join('/'));
          return;
        }
      }
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && /\.(c|m)?(j|t)sx?$/.test(n.text)) add(n.text);
      ts.forEachChild(n, visit);
    };
    visit(arg);
  }

  private candidate(ctx: Ctx, rule: string, node: ts.Node, message: string, condition: Pick<Candidate, 'requiresPromiseTarget' | 'confirm'> = {}): void {
    if (!ctx.fn) return;
    const start = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const end = this.sf.getLineAndCharacterOfPosition(node.end);
    if (isSuppressed(this.suppressions, start.line + 1, rule)) return;
    this.facts.candidates.push({
      fnId: ctx.fn, rule, message, ...condition,
      line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1,
    });
  }

  private lineOf(pos: number): number {
    return this.sf.getLineAndCharacterOfPosition(pos).line + 1;
  }
}

const NO_BINDING: Binding = { kind: 'opaque' };

/** Option names under which worker pools take the file their workers run. */
const WORKER_FILE_OPTIONS = new Set(['filename', 'workerFile', 'workerPath', 'script']);

/** `new RegExp('(a+)+$', 'i')` with constant text is as analysable as a literal. */
function constantRegExp(e: ts.NewExpression | ts.CallExpression, scope: Scope): Binding | undefined {
  const callee = skipOuter(e.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'RegExp' || scope.lookup('RegExp')) return undefined;
  const [source, flags] = e.arguments ?? [];
  if (!source || !(ts.isStringLiteral(source) || ts.isNoSubstitutionTemplateLiteral(source))) return undefined;
  const f = flags && (ts.isStringLiteral(flags) || ts.isNoSubstitutionTemplateLiteral(flags)) ? flags.text : '';
  return { kind: 'regex', source: source.text, flags: f };
}

const PARAMETER_PROPERTY_MODIFIERS = new Set([
  ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword,
]);

/** A CommonJS module whose value is a function (`module.exports = function ...`) is called directly. */
function isCallableBinding(b: Binding): boolean {
  return isCallable(b) || b.kind === 'project-module';
}

function decoratorEntry(member: ts.ClassElement): EntryKind | undefined {
  for (const d of ts.canHaveDecorators(member) ? ts.getDecorators(member) ?? [] : []) {
    const e = skipOuter(d.expression);
    const callee = ts.isCallExpression(e) ? skipOuter(e.expression) : e;
    const name = calleeName(callee);
    if (name && DECORATOR_ENTRIES[name]) return DECORATOR_ENTRIES[name];
  }
  return undefined;
}

/** Receivers whose methods never return promises; not worth a type-checker question. */
const SYNC_BUILTIN_RECEIVERS = new Set(['console', 'Math', 'JSON', 'Object', 'Array', 'Reflect', 'Number', 'String', 'Date', 'Symbol']);
