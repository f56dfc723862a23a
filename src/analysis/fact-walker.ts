// The walker: one pass over a file's syntax tree that extracts its facts (see file-facts.ts). It keeps the
// bindings of names in scope (imports, requires, classes, constants) so that a callee resolves to what it
// refers to (fs.readFileSync, a local function, another file's export) whatever it is called here, records the
// functions, the calls between them and what the file exports, and at each node hands over to entries.ts (is
// this a hot-path entry?) and to the detectors in detectors/ (is this a candidate finding?). Detectors ask the
// walker through its public members: valueBinding, isConstant, binaryOf, candidate and the tracked arrays.
import { ts } from './typescript';
import { classOwnMember, definedInProject, fromOtherFile, packageExport, Scope, KNOWN_GLOBALS, NO_BINDING, TYPED_ARRAY_BYTES, type Binding } from './bindings';
import {
  BLOCKING_NAMES, CATALOGUED_PACKAGES, canonicalModule, INSTANCE_PRODUCTS, LIBRARY_FACTORIES, libraryClassName, packageName, NODE_BUILTINS, RESULT_STEP,
  RETURNS_INSTANCE, SUBMODULE_MEMBERS,
} from './blocking-apis';
import { AI_TOOL_LIBRARIES, AUTH_LIBRARY_PACKAGES, AUTH_STRATEGY_PACKAGE, BASE_CLASS_PACKAGES, EDITOR_MODULE, MCP_SERVER_MODULE, namesLimiter, PROTOCOL_SERVER_PACKAGES, SERVER_ACTION } from './entry-patterns';
import { registerAgentTool } from './agent-tools';
import { asksForOnePage, BUILTIN_NAMESPACES, ID_GENERATOR_PACKAGES, catchesEverything, caughtHere, declaresPromise, isBatchSourceName, isBoundedSlice, isCallable, isNewCollection, passesTransaction, runByTransaction } from './call-shapes';
import { checkAccumulatingForEach, checkAccumulatingLoop, checkAccumulatingReduce, COPYING_MERGE_PACKAGES } from './detectors/accumulating-spread';
import { checkBlockingCall, checkBlockingNew } from './detectors/blocking-call';
import { cappedBefore, checkFanOut, checkForEachFanOut, checkLoopFanOut, sizedByData } from './detectors/fan-out';
import { checkCallbacksDropped, checkFloating } from './detectors/floating-promise';
import { checkLoop, checkSeriesCall, SERIES_PACKAGES } from './detectors/loops';
import { checkPostMessage } from './detectors/post-message';
import { checkQuadraticScan, dataOrigin, LODASH_MODULES, type DataParameter } from './detectors/quadratic-scan';
import { checkDynamicRegExp, checkRegexUse } from './detectors/regex';
import { checkRequireCall } from './detectors/require-call';
import { checkWorkerPerRequest } from './detectors/worker-per-request';
import {
  argumentEdgeKind,
  extendsStreamClass,
  implementedNames,
  isAdminOnly,
  looksLikeRequestHandler,
  looksLikeSocketHandler,
  markClassMemberEntry,
  checkGatewayHook,
  noteRouterPassed,
  registerEntries,
  registerAuthStrategy,
  registerConnectionOptions,
  registerProtocolServerOptions,
  registerEntryClass,
  registerResolverMap,
  registerStreamOptions,
} from './entries';
import { emptyFileFacts } from './empty-facts';
import { isPromiseClientClass, PROMISE_CLIENT_PACKAGES, promiseClientMadeBy } from './promise-clients';
import { SETTLED_PACKAGES } from './settled-apis';
import { declareAssignedMembers, noteMixin } from './assigned-members';
import { isPrivilegeGuard } from './privilege-guards';
import { declareCommonJsExport, noteBuiltExport, noteReturnedFunction, noteReturnedMembers } from './exports-and-returns';
import { noteFailurePath } from './failure-paths';
import type { CandidateCondition, EdgeFact, ExtractOptions, FileFacts, FunctionFact, MemberRef } from './file-facts';
import type { RuleId } from './rules';
import {
  baseClassName, calleeName, constantNumber, hasModifier, isFallback, isFalsyLiteral, literalText, memberRef, promisedType, propertyKey, rootName, skipOuter,
  thisAssignments, withoutNullish, type FunctionLike,
} from './syntax';
import { isFieldBackfill, isLazyAssignment, isLazyInitGuard, isMemoReturnGuard, type LongLived } from './lazy-init';
import { endsAtMin, isPollingLoop, iteratesBatches, loopList } from './loop-shapes';
import { noteClientReturns } from './client-values';
import { collectSuppressions, isSuppressed, type Suppressions } from './suppressions';
import { isBrowserOnly, notePropertyBase, noteTypeofGuard, type RuntimeEvidence } from './browser-code';

/** Where the walk is: the enclosing function, the scope of names, and the class `this` refers to. */
export interface WalkCtx {
  /** The enclosing function's id; undefined at module top level. */
  fn: string | undefined;
  scope: Scope;
  /** The class whose methods `this.x()` refers to. */
  cls: Extract<Binding, { kind: 'class' }> | undefined;
  /** Inside a lazy one-time initialisation (`if (!client) { client = ... }`): calls here run once. */
  once?: boolean;
  /** Inside a loop of the enclosing function. */
  inLoop?: boolean;
  /** The innermost loop goes over an object's keys (`for...in`, `Object.keys/entries(obj)`): as many as the object has. */
  overKeys?: boolean;
  /** The innermost loop of the enclosing function. */
  loop?: ts.IterationStatement;
  /** Past a check that refuses all but administrators and moderators, at this line (privilege-guards.ts): few requests come here. */
  privilegedAt?: number;
}

/** Packages whose exports the walker follows by name: a catalogue, an entry pattern or a rule knows something they export. */
function isTrackedPackage(pkg: string): boolean {
  if (AUTH_STRATEGY_PACKAGE.test(pkg)) return true;
  return [
    AUTH_LIBRARY_PACKAGES, CATALOGUED_PACKAGES, COPYING_MERGE_PACKAGES, LODASH_MODULES, BASE_CLASS_PACKAGES, ID_GENERATOR_PACKAGES, SETTLED_PACKAGES,
    PROMISE_CLIENT_PACKAGES, PROTOCOL_SERVER_PACKAGES, SERIES_PACKAGES,
  ].some((set) => set.has(pkg));
}

export class FactWalker {
  readonly facts: FileFacts;
  private readonly fnByNode = new Map<ts.Node, FunctionFact>();
  readonly fnById = new Map<string, FunctionFact>();
  private readonly suppressions: Suppressions;
  private readonly moduleScope = new Scope(undefined);
  /** Arguments already marked as entries: not also recorded as plain references. */
  readonly entryArgs = new Set<ts.Node>();
  /** `rule@position` of each candidate so far (candidate()). */
  private readonly flagged = new Set<string>();
  private readonly classes = new Map<ts.Node, Extract<Binding, { kind: 'class' }>>();
  /** Arrays made by `.map(...)`, so `const tasks = xs.map(f); await Promise.all(tasks)` is seen too. */
  readonly mappedArrays = new WeakMap<Binding, ts.CallExpression>();
  /** Values made by a limiter factory: `const run = pLimit(4)`. */
  readonly limiters = new WeakSet<Binding>();
  /** The file's functions by id, for questions about their bodies asked after the walk has passed them. */
  private readonly fnNodes = new Map<string, FunctionLike>();
  /** Declared return types of the file's functions, by id: `getEncoder(): Promise<Tiktoken>` makes a Tiktoken. */
  private readonly returnTypes = new Map<string, ts.TypeNode>();
  /** What untracked constants were initialised with, to follow `const file = path.join(...)` into new Worker(file). */
  private readonly initializers = new WeakMap<Binding, ts.Expression>();

  /** What a local name was initialised with, when it is a value the walk does not otherwise track. */
  initializerOf(name: string, ctx: WalkCtx): ts.Expression | undefined {
    const b = ctx.scope.lookup(name);
    return b ? this.initializers.get(b) : undefined;
  }

  /**
   * The project function whose call made a value: `makeHandler(opts)` itself, or `handler` after `const handler =
   * this.handleEvent(name)`. Undefined for anything else (a library's call, a bound method, a value with no initialiser).
   */
  madeByProjectFunction(e: ts.Expression, ctx: WalkCtx): Binding | undefined {
    const x = skipOuter(e);
    const made = ts.isIdentifier(x) ? this.initializerOf(x.text, ctx) : x;
    const call = made && skipOuter(made);
    if (!call || !ts.isCallExpression(call)) return undefined;
    const callee = skipOuter(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return undefined;
    const factory = this.valueBinding(callee, ctx);
    return factory && definedInProject(factory) ? factory : undefined;
  }
  /** Arrays whose size is fixed in the code: literals, bounded slices, batches from a chunking helper. */
  readonly boundedArrays = new WeakSet<Binding>();
  /** Values returned by a call to one of the project's functions: a factory's product, dispatched on by name. */
  readonly factoryResults = new WeakSet<Binding>();
  /** Values required from a table of module paths: `const convert = require(CONVERTERS[ext])` → CONVERTERS. */
  private readonly moduleTables = new WeakMap<Binding, Binding>();
  /** Names destructured from what a project function returns: `const { saveBuffer } = getStrategy(source)` → saveBuffer. */
  private readonly factoryMembers = new WeakMap<Binding, string>();
  /** Names destructured from a value nothing here resolves, with the receiver they were read from (declareObjectPattern). */
  private readonly receiverMembers = new WeakMap<Binding, { name: string; receiver: string }>();
  /** Methods declared without a body (`abstract startQueries(): Promise<void>`): a subclass's override is what runs. */
  private readonly abstractMethods = new WeakSet<Binding>();
  /** Function parameters: a list handed in by the caller, whose size the caller decides. */
  readonly parameters = new WeakSet<Binding>();
  /** Routers made here and mounted under a path, by binding: `app.use('/api', apiRouter)` (entries.ts noteMount). */
  readonly mountedRouters = new WeakMap<Binding, string>();
  /** Members a function assigns to its parameters (`Topics.reply = ...` in a mixin): assigned-members.ts. */
  private readonly assignedToParameters = new WeakMap<Binding, Map<string, Binding>>();
  /**
   * What `module.exports` and `exports` are until a file replaces them: an object that members are assigned to
   * (`const Helpers = module.exports; Helpers.notify = ...`), exported at the end of the walk.
   */
  readonly moduleExports: Extract<Binding, { kind: 'object' }> = { kind: 'object', members: new Map() };
  /** Where each plain parameter sits: its function and position, for registration wrappers (FileFacts.entryParams). */
  private readonly parameterSlots = new WeakMap<Binding, { fn: string; index: number }>();
  /** Names destructured from a parameter (`{ onTick }` of `options`, or in the parameter list): its slot and the key. */
  private readonly destructuredFromParams = new WeakMap<Binding, { fn: string; index: number; member: string }>();
  /**
   * Rest parameters (`function (...args)`), with their function and where they start: the names read from them
   * (`const [router, verb] = args`, `const controller = args[args.length - 1]`) are parameter slots in turn.
   */
  private readonly restParameters = new WeakMap<Binding, { fn: string; index: number }>();
  /** Values awaited from a call (`const rows = await db.query(...)`): their size is set by data, not code. */
  readonly awaitedResults = new WeakSet<Binding>();
  /** Arrays that get a call's result pushed inside a loop (`tasks.push(embed(chunk))`): one promise per item. */
  readonly pushedInLoop = new WeakSet<Binding>();
  /** The same, in a loop over an object's keys: the object's shape sets the count, as for `Object.keys(o).map(...)`. */
  readonly pushedOverKeys = new WeakSet<Binding>();
  /**
   * Arrays pushed to in a loop whose list is sized by data (request input, an awaited result, a parameter, a list
   * computed from them; fan-out.ts sizedByData), or whose list the walk cannot name (a while loop): as many as the data.
   */
  readonly pushedOverData = new WeakSet<Binding>();
  /** Arrays that get a call pushed with a `{ transaction }` option (`promises.push(row.save({ transaction }))`), and without one. */
  readonly pushedTransactional = new WeakSet<Binding>();
  readonly pushedNonTransactional = new WeakSet<Binding>();
  /** Arrays that get a row's save pushed only in a backfill of a missing field (lazy-init.ts isFieldBackfill), and otherwise. */
  readonly pushedInBackfill = new WeakSet<Binding>();
  readonly pushedOutsideBackfill = new WeakSet<Binding>();
  /** Arrays that get anything else pushed in a loop (`thunks.push(removeDoc)`): sized by the loop, whatever they hold. */
  readonly filledInLoop = new WeakSet<Binding>();

  /** The file imports `vscode`: its commands, event subscriptions and providers run on the extension host. */
  readonly importsEditorApi: boolean;
  /** The file imports an MCP server module: its `registerTool` and `setRequestHandler` calls register tools (agent-tools.ts). */
  readonly importsMcpServer: boolean;
  /** What says the file runs in a browser tab or in Node (browser-code.ts). */
  private readonly runtime: RuntimeEvidence = { page: false, node: false };

  constructor(readonly sf: ts.SourceFile, readonly file: string, readonly opts: ExtractOptions) {
    this.importsEditorApi = importsModule(sf, (m) => m === EDITOR_MODULE);
    this.importsMcpServer = importsModule(sf, (m) => MCP_SERVER_MODULE.test(m));
    this.facts = {
      ...emptyFileFacts(file, sf.text, sf.getLineStarts().length),
      useServer: hasDirective(sf.statements, 'use server'),
    };
    this.suppressions = collectSuppressions(sf.text);
  }

  run(): FileFacts {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags.slice(0, 20)) {
      this.facts.parseErrors.push({ line: this.lineOf(d.start ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
    const ctx = this.moduleContext();
    this.declareStatements(this.sf.statements, ctx, true);
    for (const st of this.sf.statements) this.visit(st, ctx);
    for (const [name, b] of this.moduleExports.members) if (!this.facts.exports.has(name)) this.facts.exports.set(name, b);
    noteClientReturns(this);
    if (isBrowserOnly(this.runtime)) this.facts.browserOnly = true;
    return this.facts;
  }

  // ---------------------------------------------------------------- declarations

  private declareStatements(statements: ts.NodeArray<ts.Statement>, ctx: WalkCtx, moduleLevel: boolean): void {
    const localExports: Array<[string, string]> = [];
    // Function declarations first, as JavaScript hoists them: `export default { flush, promises: { flush } }` above
    // `async function flush() {}` (Overleaf's modules) names the functions declared below it.
    for (const st of statements) {
      if (!ts.isFunctionDeclaration(st)) continue;
      const exported = moduleLevel && hasModifier(st, ts.SyntaxKind.ExportKeyword);
      const name = st.name?.text ?? 'default';
      const b: Binding = { kind: 'fn', id: this.fnFact(st, name).id };
      if (st.name) ctx.scope.declare(name, b);
      if (exported) this.facts.exports.set(hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? 'default' : name, b);
    }
    for (const st of statements) {
      const exported = moduleLevel && hasModifier(st, ts.SyntaxKind.ExportKeyword);
      const isDefault = exported && hasModifier(st, ts.SyntaxKind.DefaultKeyword);
      if (ts.isImportDeclaration(st) && moduleLevel) this.declareImport(st, ctx);
      else if (ts.isImportEqualsDeclaration(st)) {
        const ref = st.moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) ctx.scope.declare(st.name.text, this.moduleBinding(ref.expression.text));
      } else if (ts.isFunctionDeclaration(st)) {
        // Declared above.
      } else if (ts.isClassDeclaration(st)) {
        const b = this.classBinding(st, ctx);
        if (st.name) ctx.scope.declare(st.name.text, b);
        if (exported) this.facts.exports.set(isDefault ? 'default' : st.name?.text ?? 'default', b);
      } else if (ts.isVariableStatement(st)) {
        for (const decl of st.declarationList.declarations) {
          this.declareVariable(decl, ctx);
          if (exported && ts.isIdentifier(decl.name)) {
            this.facts.exports.set(decl.name.text, ctx.scope.lookup(decl.name.text) ?? { kind: 'opaque' });
            if (decl.initializer) noteBuiltExport(this, decl.name.text, decl.initializer, ctx);
          }
        }
      } else if (moduleLevel && ts.isExportAssignment(st)) {
        // `export default Controller = { ... }` (decaffeinated code, Overleaf's): the value assigned, under the local's name.
        const expr = skipOuter(st.expression);
        const assigned = ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipOuter(expr.left));
        const named = assigned ? skipOuter(expr.left) : expr;
        const value = assigned ? expr.right : st.expression;
        if (ts.isIdentifier(named)) this.facts.exportedLocals.set('default', named.text);
        const b = this.valueBinding(value, ctx, 'default');
        if (b) this.facts.exports.set('default', b);
        // `let OutputCacheManager; export default OutputCacheManager = {...}; OutputCacheManager.promises = {...}`: the
        // local holds the object from here on, for the members assigned to it and the calls through it.
        if (assigned && b && ts.isIdentifier(named) && ctx.scope.hasOwn(named.text) && ctx.scope.lookup(named.text)?.kind === 'opaque') {
          ctx.scope.declare(named.text, b);
        }
        noteBuiltExport(this, 'default', value, ctx);
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
      }
    }
    // After the declarations above, so that assignments and `module.exports = { notify }` find functions declared below.
    declareAssignedMembers(this, statements, ctx);
    if (moduleLevel) {
      for (const st of statements) {
        if (!ts.isExpressionStatement(st)) continue;
        declareCommonJsExport(this, st.expression, ctx);
        noteMixin(this, st, this.moduleExports, ctx);
      }
    }
    for (const [exported, local] of localExports) {
      if (exported !== local) this.facts.exportedLocals.set(exported, local);
      const b = ctx.scope.lookup(local);
      if (b) this.facts.exports.set(exported, b);
    }
  }

  private declareImport(st: ts.ImportDeclaration, ctx: WalkCtx): void {
    if (!ts.isStringLiteral(st.moduleSpecifier)) return;
    const spec = st.moduleSpecifier.text;
    const clause = st.importClause;
    // `import type UserService from './user-service'` too: such names only annotate (`private userService: UserService`),
    // and an annotation is how the walk knows what a field or parameter holds.
    if (!clause) return;
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
      const imported = (el.propertyName ?? el.name).text;
      ctx.scope.declare(el.name.text, this.memberOf(moduleB, imported) ?? { kind: 'opaque' });
    }
  }

  private declareVariable(decl: ts.VariableDeclaration, ctx: WalkCtx): void {
    if (ts.isIdentifier(decl.name)) {
      if (ctx.scope.hasOwn(decl.name.text)) return;
      const b = (decl.initializer ? this.valueBinding(decl.initializer, ctx, decl.name.text) : undefined) ?? this.libraryVariable(decl, ctx) ?? { kind: 'opaque' };
      ctx.scope.declare(decl.name.text, b);
      const init = decl.initializer ? skipOuter(decl.initializer) : undefined;
      const slot = init && this.restElementSlot(init, ctx);
      if (slot) this.parameterSlots.set(b, slot);
      if (init && b.kind === 'opaque') this.initializers.set(b, init);
      // A literal array or a bounded slice has a size fixed in the code: fanning out over it is bounded.
      if (init && b.kind === 'opaque' && (ts.isArrayLiteralExpression(init) || isBoundedSlice(init))) this.boundedArrays.add(b);
      // const docs = await Document.findAll(...): query results, file lists, API pages: sizes set by data.
      // ... unless the query asks for one page: `findAll({ where, offset, limit })` returns `limit` rows at most.
      // One page is a size the code fixes: fanning out over it is bounded, like a literal array.
      if (init && ts.isAwaitExpression(init) && b.kind === 'opaque') {
        if (asksForOnePage(init.expression, (name) => this.initializerOf(name, ctx))) this.boundedArrays.add(b);
        else this.awaitedResults.add(b);
      }
      if (init && ts.isCallExpression(init) && b.kind === 'opaque') {
        // const convert = require(CONVERTERS[ext]): a module picked from a table of paths.
        const table = this.isRequireCallee(skipOuter(init.expression), ctx) ? this.requiredTable(init, ctx) : undefined;
        if (table) this.moduleTables.set(b, table);
        // const VectorDb = getVectorDbClass(): what one of the project's factories returns, a class or an instance.
        if (this.callsProjectFunction(init, ctx)) this.factoryResults.add(b);
        this.mappedArrays.set(b, init);
        const factory = skipOuter(init.expression);
        if (namesLimiter(calleeName(factory))) this.limiters.add(b);
      }
      // const loader = new RepoLoader(args) with `const RepoLoader = resolveRepoLoader(platform)`: an instance of it.
      if (init && ts.isNewExpression(init) && b.kind === 'opaque' && this.isFactoryProduct(init.expression, ctx)) this.factoryResults.add(b);
      // const WhisperProvider = PROVIDERS[options.provider] ?? PROVIDERS.local: one of a table's, picked by a key.
      if (init && b.kind === 'opaque' && this.pickedFromTable(init, ctx)) this.factoryResults.add(b);
      return;
    }
    if (ts.isObjectBindingPattern(decl.name)) {
      const base = decl.initializer ? this.valueBinding(decl.initializer, ctx) : undefined;
      const fromFactory = !base && decl.initializer !== undefined && this.callsProjectFunction(decl.initializer, ctx);
      const receiver = decl.initializer && !fromFactory ? calleeName(skipOuter(decl.initializer)) : '';
      this.declareObjectPattern(decl.name, base, fromFactory, receiver, ctx);
      // `const { onTick } = options` with `options` a parameter: onTick is that member of what the callers pass.
      const slot = decl.initializer ? this.parameterSlot(decl.initializer, ctx) : undefined;
      if (slot) this.noteParameterMembers(decl.name, slot, ctx.scope);
      return;
    }
    this.declareOpaque(decl.name, ctx.scope);
    // `const [router, verb, name] = args` of a rest parameter: each name is the argument at its position.
    const init = decl.initializer && skipOuter(decl.initializer);
    const rest = init && ts.isIdentifier(init) ? this.restParameters.get(ctx.scope.lookup(init.text) ?? NO_BINDING) : undefined;
    if (!rest) return;
    decl.name.elements.forEach((el, i) => {
      if (!ts.isBindingElement(el) || el.dotDotDotToken || !ts.isIdentifier(el.name)) return;
      this.parameterSlots.set(ctx.scope.lookup(el.name.text)!, { fn: rest.fn, index: rest.index + i });
    });
  }

  /**
   * `args[2]` or `args[args.length - 1]` of a rest parameter `...args`: the argument at that position, counted from the
   * end when negative (a variadic wrapper's last argument is its handler, whatever comes between).
   */
  private restElementSlot(e: ts.Expression, ctx: WalkCtx): { fn: string; index: number } | undefined {
    if (!ts.isElementAccessExpression(e) || !ts.isIdentifier(skipOuter(e.expression))) return undefined;
    const name = (skipOuter(e.expression) as ts.Identifier).text;
    const rest = this.restParameters.get(ctx.scope.lookup(name) ?? NO_BINDING);
    if (!rest) return undefined;
    const key = skipOuter(e.argumentExpression);
    if (ts.isNumericLiteral(key)) return { fn: rest.fn, index: rest.index + Number(key.text) };
    // `args[args.length - 1]`: only for a rest parameter that holds every argument, so the count is the call's.
    const fromEnd = ts.isBinaryExpression(key) && key.operatorToken.kind === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(key.right) &&
      key.left.getText() === `${name}.length` ? Number(key.right.text) : undefined;
    return fromEnd !== undefined && fromEnd > 0 && rest.index === 0 ? { fn: rest.fn, index: -fromEnd } : undefined;
  }

  /**
   * `const { a, b: { c } } = x`: each name is x's member of that key when x is known. When it is not, a name
   * destructured from a project factory's result is a member of whatever the factory returned (factoryMembers), and
   * one destructured from a named value is a member of that receiver (receiverMembers): `const { libraries: { users:
   * { verifyUserPassword } } } = tenant` calls, later, `users.verifyUserPassword`.
   */
  private declareObjectPattern(pattern: ts.ObjectBindingPattern, base: Binding | undefined, fromFactory: boolean, receiver: string, ctx: WalkCtx): void {
    for (const el of pattern.elements) {
      const key = el.propertyName ?? el.name;
      const prop = !el.dotDotDotToken && (ts.isIdentifier(key) || ts.isStringLiteral(key)) ? key.text : undefined;
      const member = base && prop ? this.memberOf(base, prop) : undefined;
      if (ts.isObjectBindingPattern(el.name) && prop) {
        this.declareObjectPattern(el.name, member, false, prop, ctx);
        continue;
      }
      if (!ts.isIdentifier(el.name)) {
        this.declareOpaque(el.name, ctx.scope);
        continue;
      }
      const b: Binding = member ?? { kind: 'opaque' };
      ctx.scope.declare(el.name.text, b);
      if (b.kind !== 'opaque' || !prop) continue;
      if (fromFactory) this.factoryMembers.set(b, prop);
      else if (receiver) this.receiverMembers.set(b, { name: prop, receiver });
    }
  }

  /** The table in `require(TABLE[key])`: a name for an object, here or imported (FileFacts.moduleTableCalls). */
  private requiredTable(call: ts.CallExpression, ctx: WalkCtx): Binding | undefined {
    const arg = call.arguments.length === 1 ? skipOuter(call.arguments[0]) : undefined;
    if (!arg || !ts.isElementAccessExpression(arg) || !ts.isIdentifier(skipOuter(arg.expression))) return undefined;
    const table = this.valueBinding(skipOuter(arg.expression), ctx);
    return table && (table.kind === 'object' || table.kind === 'member' || table.kind === 'project-export') ? table : undefined;
  }

  /**
   * What a project factory made: a name holding it (`const VectorDb = getVectorDbClass()`), a call of the factory, or an
   * instance of the class it returned (`new RepoLoader(args)` with `const RepoLoader = resolveRepoLoader(platform)`).
   */
  private isFactoryProduct(e: ts.Expression, ctx: WalkCtx): boolean {
    const x = skipOuter(e);
    if (ts.isIdentifier(x)) {
      const b = ctx.scope.lookup(x.text);
      return b !== undefined && this.factoryResults.has(b);
    }
    if (ts.isNewExpression(x)) return this.isFactoryProduct(x.expression, ctx);
    return this.callsProjectFunction(x, ctx);
  }

  /** `TABLE[key]` with a key the code computes, on an object or module of the project's, or a choice one branch of which is. */
  private pickedFromTable(e: ts.Expression, ctx: WalkCtx): boolean {
    const x = skipOuter(e);
    if (ts.isConditionalExpression(x)) return this.pickedFromTable(x.whenTrue, ctx) || this.pickedFromTable(x.whenFalse, ctx);
    if (isFallback(x)) {
      return this.pickedFromTable(x.left, ctx);
    }
    if (!ts.isElementAccessExpression(x) || literalText(skipOuter(x.argumentExpression)) !== undefined) return false;
    const table = this.valueBinding(x.expression, ctx);
    return table !== undefined && KEYED_TABLE_KINDS.has(table.kind);
  }

  /** `getStrategy(source)` or `await getStrategy(source)`: a call to something the project defines. */
  private callsProjectFunction(e: ts.Expression, ctx: WalkCtx): boolean {
    let x = skipOuter(e);
    if (ts.isAwaitExpression(x)) x = skipOuter(x.expression);
    if (!ts.isCallExpression(x)) return false;
    const callee = this.valueBinding(skipOuter(x.expression), ctx);
    return callee !== undefined && isCallable(callee);
  }

  /** The members a function's body assigns to this parameter of it, to be filled (assigned-members.ts). */
  parameterMembers(parameter: Binding): Map<string, Binding> {
    let members = this.assignedToParameters.get(parameter);
    if (!members) this.assignedToParameters.set(parameter, (members = new Map()));
    return members;
  }

  private declareOpaque(name: ts.BindingName, scope: Scope): void {
    if (ts.isIdentifier(name)) scope.declare(name.text, { kind: 'opaque' });
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) this.declareOpaque(el.name, scope);
  }

  private classBinding(node: ts.ClassLikeDeclaration, ctx: WalkCtx): Extract<Binding, { kind: 'class' }> {
    const existing = this.classes.get(node);
    if (existing) return existing;
    const className = node.name?.text ?? '<class>';
    const b: Extract<Binding, { kind: 'class' }> = { kind: 'class', name: className, methods: new Map(), fields: new Map() };
    this.classes.set(node, b);
    const streamBase = extendsStreamClass(this, node, ctx);
    const implemented = implementedNames(node);
    const heritage = node.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage ? this.valueBinding(heritage.expression, ctx) : undefined;
    if (base && (base.kind === 'class' || base.kind === 'project-export' || base.kind === 'member' || base.kind === 'project-module')) b.base = base;
    for (const m of node.members) {
      const name = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
      if (ts.isConstructorDeclaration(m)) {
        // constructor(private readonly repo: Repo): dependency injection hands the field its class.
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && p.type && ts.getModifiers(p)?.some((mod) => PARAMETER_PROPERTY_MODIFIERS.has(mod.kind))) {
            const field = this.fieldOfType(p.type, ctx);
            if (field) b.fields.set(p.name.text, field);
          }
        }
        this.libraryFieldsOfConstructor(m, b, ctx);
      } else if (ts.isPropertyDeclaration(m) && name) {
        const init = m.initializer ? skipOuter(m.initializer) : undefined;
        let field = init && ts.isNewExpression(init) ? this.newBinding(init, ctx) : m.type ? this.fieldOfType(m.type, ctx) : undefined;
        // `private encoder = getEncoding('cl100k_base')`: a library factory's product.
        if (!field && init && ts.isCallExpression(init)) field = this.libraryInstanceOf(init, ctx);
        if (field) b.fields.set(name, field);
      }
      let fnNode: FunctionLike | undefined;
      if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) fnNode = m;
      else if (ts.isConstructorDeclaration(m)) fnNode = m;
      else if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer)))
        fnNode = m.initializer;
      if (!fnNode) continue;
      const memberName = ts.isConstructorDeclaration(m) ? 'constructor' : name ?? '<member>';
      const fact = this.fnFact(fnNode, `${className}.${memberName}`);
      const member: Binding = { kind: 'fn', id: fact.id };
      if (hasModifier(m, ts.SyntaxKind.StaticKeyword)) (b.statics ??= new Map()).set(memberName, member);
      else b.methods.set(memberName, member);
      if (ts.isMethodDeclaration(m) && hasModifier(m, ts.SyntaxKind.AbstractKeyword)) {
        this.abstractMethods.add(member);
        fact.abstractIn = className;
      }
      const baseName = heritage ? baseClassName(heritage.expression) : undefined;
      // A method of a subclass may be called through its base type: `processor.perform(event)`.
      if (baseName !== undefined && memberName !== 'constructor' && !hasModifier(m, ts.SyntaxKind.StaticKeyword)) {
        fact.overrides = memberName;
        fact.overridesIn = baseName;
      }
      if (memberName !== 'constructor' && name !== undefined) fact.methodName = memberName;
      if (implemented.length > 0 && fact.methodName && !hasModifier(m, ts.SyntaxKind.StaticKeyword)) fact.implementsOf = implemented;
      markClassMemberEntry(fact, m, memberName, streamBase, implemented, baseName, this.opts.extraEntryCallees, base && packageExport(base)?.module);
      checkGatewayHook(this, m, memberName, fact.id, ctx);
    }
    return b;
  }

  /**
   * A method or field of a class, or of the class it extends (resolved across files when linking). `on`: read from
   * the class itself (`Repo.create`, its statics first) or from an instance (`this.x`, `repo.x`: instance members
   * first; a static still answers, for `this` inside a static method).
   */
  private classMember(cls: Extract<Binding, { kind: 'class' }>, name: string, on: 'class' | 'instance' = 'instance'): Binding | undefined {
    const own = classOwnMember(cls, name, on);
    if (own || !cls.base) return own;
    if (cls.base.kind === 'class') return this.classMember(cls.base, name, on);
    return { kind: 'member', of: on === 'class' ? cls.base : { kind: 'instance', of: cls.base }, name };
  }

  /**
   * `this.encoder = getEncoding(name)` or `this.td = new TurndownService()` at the top level of a constructor: the field
   * holds a library instance whose methods are catalogued. Only library instances: the project's own classes are
   * followed through their declared types.
   */
  private libraryFieldsOfConstructor(ctor: ts.ConstructorDeclaration, b: Extract<Binding, { kind: 'class' }>, ctx: WalkCtx): void {
    for (const { name, value: assigned } of thisAssignments(ctor)) {
      if (b.fields.has(name)) continue;
      const value = skipOuter(assigned);
      const field = ts.isNewExpression(value) ? this.newBinding(value, ctx) : ts.isCallExpression(value) ? this.libraryInstanceOf(value, ctx) : undefined;
      if (field && isLibraryInstance(field)) b.fields.set(name, field);
      // `this._t = { now: Date.now, setTimeout, clearTimeout }`: the runtime's timers, held so that tests can swap them.
      const held = ts.isObjectLiteralExpression(value) ? this.valueBinding(value, ctx) : undefined;
      if (held?.kind === 'object' && [...held.members.values()].some((m) => m.kind === 'global')) b.fields.set(name, held);
    }
  }

  /**
   * `let session: ort.InferenceSession | undefined`, set later (`session ??= await ort.InferenceSession.create(path)`):
   * a variable annotated with a library class holds an instance of it. Only library classes: a variable of one of the
   * project's classes is followed through what is assigned to it.
   */
  private libraryVariable(decl: ts.VariableDeclaration, ctx: WalkCtx): Binding | undefined {
    const declared = decl.type && this.instanceOfType(decl.type, ctx);
    return declared && isLibraryInstance(declared) ? declared : undefined;
  }

  /** What a library factory call makes (`getEncoding('cl100k_base')`), or undefined. */
  private libraryInstanceOf(call: ts.CallExpression, ctx: WalkCtx): Binding | undefined {
    const made = this.callResultBinding(call, ctx, false);
    return isLibraryInstance(made) ? made : undefined;
  }

  /**
   * What a field annotated with `type` holds: an instance of the class the type names, or the promise of a library
   * instance (`pipelinePromise: Promise<FeatureExtractionPipeline> | null`), which `await this.pipelinePromise` unwraps.
   */
  private fieldOfType(type: ts.TypeNode, ctx: WalkCtx): Binding | undefined {
    const declared = withoutNullish(type);
    const promised = promisedType(declared);
    if (promised === declared) return this.instanceOfType(declared, ctx);
    const instance = this.instanceOfType(promised, ctx);
    return instance && isLibraryInstance(instance) ? { kind: 'promise', of: instance } : undefined;
  }

  /**
   * `Repo` in a type position, when it names a class we can follow: a local class or an import from the project, or a
   * catalogued library class, also through a namespace (`saml.IdentityProviderInstance`, `models.Repo`). `Repo | null`
   * names it too.
   */
  private instanceOfType(annotated: ts.TypeNode, ctx: WalkCtx): Binding | undefined {
    const type = withoutNullish(annotated);
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const cls = this.typeNameBinding(type.typeName, ctx);
    if (cls && (cls.kind === 'class' || cls.kind === 'project-export' || cls.kind === 'member' || isLibraryClass(cls))) return { kind: 'instance', of: cls };
    return undefined;
  }

  private typeNameBinding(name: ts.EntityName, ctx: WalkCtx): Binding | undefined {
    if (ts.isIdentifier(name)) return ctx.scope.lookup(name.text);
    const namespace = this.typeNameBinding(name.left, ctx);
    return namespace && this.memberOf(namespace, name.right.text);
  }

  // ---------------------------------------------------------------- bindings of expressions

  private moduleBinding(specifier: string): Binding {
    const canonical = canonicalModule(specifier);
    if (NODE_BUILTINS.has(canonical)) {
      this.runtime.node = true;
      return { kind: 'node-module', module: canonical };
    }
    const file = this.opts.resolveModule(specifier, this.file);
    if (file) return { kind: 'project-module', file };
    // AI tool factories are known by their import path, which a re-export may lengthen (`@librechat/agents/langchain/tools`).
    const toolLibrary = AI_TOOL_LIBRARIES.find((l) => l.specifier.test(specifier));
    if (toolLibrary) return { kind: 'package', module: toolLibrary.id };
    // A catalogued entry point of a package (`drizzle-orm/better-sqlite3`) keeps its path: the package has others.
    if (isTrackedPackage(specifier)) return { kind: 'package', module: specifier };
    const pkg = packageName(specifier);
    return isTrackedPackage(pkg) ? { kind: 'package', module: pkg } : { kind: 'opaque' };
  }

  /** Node's require: the global, or one made by module.createRequire under any name. */
  isRequireCallee(callee: ts.Expression, ctx: WalkCtx): boolean {
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
      case 'package':
        // `require('node-xlsx').default` and `import x from` a CommonJS package: the module itself.
        return name === 'default' ? base : { kind: 'package-member', module: base.module, name };
      case 'package-member':
        return { kind: 'package-member', module: base.module, name: `${base.name}.${name}` };
      case 'class':
        return this.classMember(base, name, 'class');
      case 'instance':
        if (base.of.kind === 'class') return this.classMember(base.of, name, 'instance');
        return { kind: 'member', of: base, name };
      case 'object':
        return base.members.get(name);
      case 'opaque':
        return this.assignedToParameters.get(base)?.get(name);
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
  valueBinding(expr: ts.Expression, ctx: WalkCtx, nameHint?: string): Binding | undefined {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) {
      const b = ctx.scope.lookup(e.text);
      if (b) return b;
      if (e.text === 'exports') return this.moduleExports;
      return KNOWN_GLOBALS.has(e.text) ? { kind: 'global', name: e.text } : undefined;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : literalText(e.argumentExpression);
      if (name === undefined) return undefined;
      if (name === 'exports' && ts.isIdentifier(e.expression) && e.expression.text === 'module' && !ctx.scope.lookup('module')) return this.moduleExports;
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return ctx.cls ? this.classMember(ctx.cls, name) : undefined;
      const base = this.valueBinding(e.expression, ctx);
      return base ? this.memberOf(this.returnedByGetter(base, ctx) ?? base, name) : undefined;
    }
    if (ts.isCallExpression(e)) return constantRegExp(e, ctx.scope) ?? this.callResultBinding(e, ctx, false);
    if (ts.isAwaitExpression(e)) {
      const inner = skipOuter(e.expression);
      if (ts.isCallExpression(inner)) return this.callResultBinding(inner, ctx, true);
      // `await this.pipelinePromise`: the library instance the field's promise holds.
      const awaited = ts.isPropertyAccessExpression(inner) || ts.isIdentifier(inner) ? this.valueBinding(inner, ctx) : undefined;
      return awaited?.kind === 'promise' ? awaited.of : undefined;
    }
    if (ts.isNewExpression(e)) return constantRegExp(e, ctx.scope) ?? this.newBinding(e, ctx);
    // `(ns as any).default || ns`, the CommonJS/ESM interop of a namespace import: either side is the package itself.
    if (isFallback(e)) {
      const [left, right] = [this.valueBinding(e.left, ctx), this.valueBinding(e.right, ctx)];
      return left?.kind === 'package' && right?.kind === 'package' && left.module === right.module ? left : undefined;
    }
    if (ts.isRegularExpressionLiteral(e)) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(e.text);
      return m ? { kind: 'regex', source: m[1], flags: m[2] } : undefined;
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'string-const', value: e.text };
    const num = constantNumber(e, ctx.scope);
    if (num !== undefined) return { kind: 'number-const', value: num };
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'fn', id: this.fnFact(e, nameHint).id };
    if (ts.isClassExpression(e)) return this.classBinding(e, ctx);
    if (ts.isObjectLiteralExpression(e)) {
      const members = new Map<string, Binding>();
      for (const p of e.properties) {
        // `{ ...callbackifyAll(Handler), promises: Handler }`: the members of an object spread in; later members win.
        if (ts.isSpreadAssignment(p)) {
          const spread = this.valueBinding(p.expression, ctx);
          if (spread?.kind === 'object') for (const [k, b] of spread.members) members.set(k, b);
          continue;
        }
        const key = propertyKey(p);
        if (!key) continue;
        let b: Binding | undefined;
        if (ts.isPropertyAssignment(p)) b = this.valueBinding(p.initializer, ctx, nameHint ? `${nameHint}.${key}` : key) ?? this.wrappedMember(p.initializer, ctx);
        else if (ts.isShorthandPropertyAssignment(p)) b = ctx.scope.lookup(key) ?? (KNOWN_GLOBALS.has(key) ? { kind: 'global', name: key } : undefined);
        else if (ts.isMethodDeclaration(p)) b = { kind: 'fn', id: this.fnFact(p, nameHint ? `${nameHint}.${key}` : key).id };
        if (b) members.set(key, b);
        else members.delete(key);
      }
      return { kind: 'object', members };
    }
    return undefined;
  }

  /**
   * `export default { sendMessage: expressify(sendMessage) }`: a member that holds a wrapper's product around a function
   * of the project's, which is what runs when the member is called. Overleaf's web wraps each of its 246 route handlers
   * so; the route `router.post(path, ChatController.sendMessage)` is then sendMessage's, as `router.post(path,
   * expressify(sendMessage))` already was (entries.ts functionArgs). Only a call of a function named on its own, of the
   * project's or a package's, given one function of the project's by name (`rateLimit(handler, 10)` too, and
   * `expressify(_ProjectController.loadEditor)`, a method of an object of the file): a method of a
   * value (`items.map(fn)`) and a global (`setTimeout(fn, 10)`) are left alone. What the wrapper returns when called is
   * its own affair (expressify's never rejects), so the binding says that the function's promise is hidden.
   */
  private wrappedMember(init: ts.Expression, ctx: WalkCtx): Binding | undefined {
    const call = skipOuter(init);
    if (!ts.isCallExpression(call) || !ts.isIdentifier(skipOuter(call.expression))) return undefined;
    const wrapper = this.valueBinding(skipOuter(call.expression), ctx);
    if (wrapper === undefined || !(definedInProject(wrapper) || wrapper.kind === 'package-member' || wrapper.kind === 'package')) return undefined;
    const wrapped = call.arguments.flatMap((a) => {
      const arg = skipOuter(a);
      const b = ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg) ? this.valueBinding(arg, ctx) : undefined;
      return b?.kind === 'fn' ? [b] : [];
    });
    return wrapped.length === 1 ? { ...wrapped[0], hidesPromise: true } : undefined;
  }

  /**
   * `this.idp.createLoginResponse(...)` where `get idp(): saml.IdentityProviderInstance`: reading the getter gives the
   * library instance its return type declares (the getter itself is followed as a call elsewhere).
   */
  private returnedByGetter(b: Binding, ctx: WalkCtx): Binding | undefined {
    if (b.kind !== 'fn' || !this.fnById.get(b.id)?.isGetter) return undefined;
    const declared = this.returnTypes.get(b.id);
    const returned = declared && this.instanceOfType(declared, ctx);
    return returned && isLibraryInstance(returned) ? returned : undefined;
  }

  private callResultBinding(call: ts.CallExpression, ctx: WalkCtx, awaited: boolean): Binding | undefined {
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
    // `callbackify(getDoc)`, `promisifyAll(DocManager)`: the same functions behind another calling convention, so a call
    // of the wrapper runs them (node:util, bluebird, and the helpers services write with these names).
    const wrapper = CONVENTION_WRAPPERS.exec(calleeName(callee));
    const wrapped = wrapper && call.arguments[0] ? this.valueBinding(call.arguments[0], ctx) : undefined;
    const callbackStyle = wrapper?.[1] === 'callbackify';
    if (wrapped?.kind === 'fn') return callbackStyle ? { ...wrapped, hidesPromise: true } : wrapped;
    if (wrapped?.kind === 'object') {
      if (!callbackStyle) return wrapped;
      const members = new Map([...wrapped.members].map(([k, b]) => [k, b.kind === 'fn' ? { ...b, hidesPromise: true as const } : b]));
      return { kind: 'object', members };
    }
    if (wrapped?.kind === 'class') return wrapped;
    // `this.actions.get(name)` with `actions: Map<string, ResearchAction>`: an instance of the map's value type.
    const mapValue = ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' ? mapValueType(callee.expression) : undefined;
    if (mapValue) {
      const value = this.instanceOfType(mapValue, ctx);
      if (value) return value;
    }
    const target = this.valueBinding(callee, ctx);
    // createRequire(import.meta.url) makes a real require.
    if (target?.kind === 'node-member' && target.module === 'module' && target.name === 'createRequire') return { kind: 'global', name: 'require' };
    if (target?.kind === 'node-member') {
      const inst = RETURNS_INSTANCE.find((r) => r.module === target.module && r.name === target.name && r.awaited === awaited);
      if (inst) return { kind: 'node-instance', module: inst.classModule, className: inst.className };
    }
    // `await getEncoder()` where `async function getEncoder(): Promise<Tiktoken>`: the library instance it declares.
    const declared = target?.kind === 'fn' ? this.returnTypes.get(target.id) : undefined;
    const returned = declared && this.instanceOfType(awaited ? promisedType(declared) : declared, ctx);
    if (returned && isLibraryInstance(returned)) return returned;
    // `db.prepare(sql)` on a better-sqlite3 Database: a Statement, whose all() and get() run the query.
    const method = target?.kind === 'member' && target.of.kind === 'instance' ? target : undefined;
    const maker = method && packageExport((method.of as Extract<Binding, { kind: 'instance' }>).of);
    const product = maker && INSTANCE_PRODUCTS.find((p) => p.module === maker.module && p.className === maker.name && p.name === method!.name);
    if (product) return { kind: 'instance', of: { kind: 'package-member', module: product.module, name: product.product } };
    // The same method on a value of another file (`import { db } from './db'; db.prepare(sql)`): what it returns is a
    // step of the member path, looked up when the files are linked (blocking-apis.ts RESULT_STEP).
    if (target?.kind === 'member' && PRODUCT_METHODS.has(target.name) && fromOtherFile(target)) return { kind: 'member', of: target, name: RESULT_STEP };
    // `createTransport(options)`: a nodemailer Transporter, whose sendMail returns a promise.
    const client = target && promiseClientMadeBy(target);
    if (client) return client;
    // A library factory: `getEncoding('cl100k_base')` is a js-tiktoken Tiktoken, `markdownit()` a MarkdownIt.
    const exp = target && packageExport(target);
    if (exp) {
      const made = LIBRARY_FACTORIES.find((f) => f.module === exp.module && f.name === exp.name);
      if (made) return { kind: 'instance', of: made.className === 'default' ? { kind: 'package', module: made.module } : { kind: 'package-member', module: made.module, name: made.className } };
    }
    // `wrapController(rawController)` with `import * as rawController from './controllers/x'`: a project function given
    // one module of the project returns an object keyed like it (each export wrapped), so `x.method` is that export.
    const only = call.arguments.length === 1 ? skipOuter(call.arguments[0]) : undefined;
    if (only && ts.isIdentifier(only) && (target?.kind === 'fn' || target?.kind === 'project-export')) {
      const arg = this.valueBinding(only, ctx);
      if (arg?.kind === 'project-module') return arg;
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

  private newBinding(e: ts.NewExpression, ctx: WalkCtx): Binding | undefined {
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
    if (cls && (cls.kind === 'class' || cls.kind === 'project-export' || cls.kind === 'member' || cls.kind === 'project-module' || isLibraryClass(cls))) {
      return { kind: 'instance', of: cls };
    }
    return undefined;
  }

  // ---------------------------------------------------------------- functions

  fnFact(node: FunctionLike, nameHint?: string): FunctionFact {
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
    if (fact.returnsPromise && catchesEverything(node)) fact.catchesAll = true;
    else fact.failsVia = [];
    if (ts.isGetAccessorDeclaration(node)) fact.isGetter = true;
    if (!node.parameters.some((p) => p.dotDotDotToken)) fact.parameterCount = node.parameters.length;
    if (node.type) this.returnTypes.set(fact.id, node.type);
    this.fnNodes.set(fact.id, node);
    this.fnByNode.set(node, fact);
    this.fnById.set(fact.id, fact);
    this.facts.functions.push(fact);
    return fact;
  }

  /**
   * The body of a polling loop (loop-shapes isPollingLoop) as a function of its own, a repeating timer's callback (an
   * entry once linking finds a call of the enclosing function). The enclosing function hands it over (a `reference`
   * edge, so start-up code does not make it start-up code) and fails when it does.
   */
  private pollingLoopFact(loop: ts.IterationStatement, ctx: WalkCtx): FunctionFact {
    const parent = this.fnById.get(ctx.fn!)!;
    const fact: FunctionFact = {
      id: `${this.file}#${loop.pos}`,
      name: parent.name,
      line: this.lineOf(loop.getStart(this.sf)),
      isAsync: true,
      returnsPromise: false,
      failsVia: [],
      loopOf: parent.id,
      entryLabel: 'polling loop',
    };
    this.fnById.set(fact.id, fact);
    this.facts.functions.push(fact);
    this.facts.edges.push({ from: parent.id, to: { kind: 'fn', id: fact.id }, ...this.positionOf(loop), kind: 'reference' });
    if (parent.failsVia && !caughtHere(loop)) parent.failsVia.push({ callee: { kind: 'fn', id: fact.id }, awaited: true });
    return fact;
  }

  /** The syntax of a function of this file, by its fact's id. */
  functionNode(id: string): FunctionLike | undefined {
    return this.fnNodes.get(id);
  }

  /** A walk context at module level: names as the whole file sees them. */
  moduleContext(): WalkCtx {
    return { fn: undefined, scope: this.moduleScope, cls: undefined };
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

  private visitFunction(node: FunctionLike, ctx: WalkCtx): void {
    const fact = this.fnFact(node);
    const asArgument = ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent) ? node.parent : undefined;
    if (ctx.fn) {
      const kind = asArgument ? argumentEdgeKind(asArgument, ctx) : 'nested';
      // The chain points at the call a callback is handed to (`items.map(`, `setTimeout(`), or at a nested definition.
      const at = this.positionOf(asArgument ?? node);
      this.facts.edges.push({ from: ctx.fn, to: { kind: 'fn', id: fact.id }, ...at, kind: ctx.once && kind !== 'reference' ? 'once' : kind });
    } else if (asArgument && !this.entryArgs.has(node)) {
      // A callback handed over at module top level: start-up code if it runs right away, otherwise it may run later.
      const at = this.positionOf(asArgument);
      this.facts.edges.push({ from: this.facts.topId, to: { kind: 'fn', id: fact.id }, ...at, kind: argumentEdgeKind(asArgument, ctx) });
    }
    const typedMember = interfaceMemberOf(node);
    if (typedMember) fact.implementsMember = [typedMember];
    if (!fact.entry && looksLikeRequestHandler(this, node)) {
      fact.entry = 'request-handler';
      fact.entryGuessed = true;
    }
    else if (!fact.entry && looksLikeSocketHandler(node)) {
      fact.entry = 'event-handler';
      fact.entryLabel = 'socket message';
    }
    // sequelize.transaction(async (t) => ...): what this callback runs, it runs on the transaction's one connection.
    if (asArgument && (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && runByTransaction(node, asArgument)) fact.transactional = true;
    if (!fact.entry && node.body && ts.isBlock(node.body) && hasDirective(node.body.statements, 'use server')) {
      fact.entry = 'request-handler';
      fact.entryLabel = SERVER_ACTION.label;
    }
    const scope = new Scope(ctx.scope);
    node.parameters.forEach((p, index) => {
      this.declareOpaque(p.name, scope);
      if (ts.isObjectBindingPattern(p.name)) this.noteParameterMembers(p.name, { fn: fact.id, index }, scope);
      if (!ts.isIdentifier(p.name)) return;
      const b = scope.lookup(p.name.text)!;
      this.parameters.add(b);
      (p.dotDotDotToken ? this.restParameters : this.parameterSlots).set(b, { fn: fact.id, index });
    });
    // findAllInBatches(query, async (batch) => ...): the helper hands the callback one bounded batch at a time.
    const first = node.parameters[0];
    if (asArgument && first && ts.isIdentifier(first.name) && isBatchSourceName(calleeName(skipOuter(asArgument.expression)))) {
      this.boundedArrays.add(scope.lookup(first.name.text)!);
    }
    // A callback handed over to run later (a timer's, a listener) runs each time it is called, not once with the
    // lazy initialisation that registered it.
    const handedOver = asArgument !== undefined && (this.entryArgs.has(node) || argumentEdgeKind(asArgument, ctx) === 'reference');
    const inner: WalkCtx = {
      fn: fact.id, scope, cls: ts.isArrowFunction(node) ? ctx.cls : this.enclosingClass(node, ctx), once: ctx.once && !handedOver,
      privilegedAt: ctx.privilegedAt,
    };
    for (const p of node.parameters) if (p.initializer) this.visit(p.initializer, inner);
    const body = node.body;
    if (!body) return;
    if (ts.isBlock(body)) {
      this.declareStatements(body.statements, inner, false);
      // A mixin: `module.exports = function (Topics) { Topics.reply = ... }` gives its caller's object these members.
      const given = first && ts.isIdentifier(first.name) ? this.assignedToParameters.get(scope.lookup(first.name.text)!) : undefined;
      if (given?.size) fact.addsToFirstParameter = given;
      this.visitStatements(body.statements, inner);
    } else {
      // `const localStrategy = () => ({ saveBuffer: saveLocalBuffer })`: an object returned by an expression body.
      if (ts.isObjectLiteralExpression(skipOuter(body))) noteReturnedMembers(this, skipOuter(body) as ts.ObjectLiteralExpression, inner);
      noteReturnedFunction(this, body, inner);
      this.visit(body, inner);
    }
  }

  private enclosingClass(node: FunctionLike, ctx: WalkCtx): WalkCtx['cls'] {
    const owner = ts.isPropertyDeclaration(node.parent) ? node.parent.parent : node.parent;
    if (owner && (ts.isClassDeclaration(owner) || ts.isClassExpression(owner))) return this.classes.get(owner) ?? ctx.cls;
    return undefined;
  }

  // ---------------------------------------------------------------- the walk

  private visit(node: ts.Node, ctx: WalkCtx): void {
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
        const inner: WalkCtx = { ...ctx, cls };
        ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.CaseBlock: {
        const scope = new Scope(ctx.scope);
        const inner: WalkCtx = { ...ctx, scope };
        if (ts.isBlock(node)) {
          this.declareStatements(node.statements, inner, false);
          this.visitStatements(node.statements, inner);
        } else ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.IfStatement: {
        const st = node as ts.IfStatement;
        if (!ctx.fn || ctx.once || !isLazyInitGuard(st, this.longLived(ctx))) break;
        // if (!client) { client = new Client(readFileSync(...)) }: the branch runs on the first call only.
        this.visit(st.expression, ctx);
        this.visit(st.thenStatement, { ...ctx, once: true });
        if (st.elseStatement) this.visit(st.elseStatement, ctx);
        return;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (!ctx.fn || ctx.once || !isLazyAssignment(b, this.longLived(ctx))) break;
        // cache ??= load(), cache || (cache = load()): the right-hand side runs once.
        this.visit(b.left, ctx);
        this.visit(b.right, { ...ctx, once: true });
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
        const loop = node as ts.IterationStatement;
        let inner: WalkCtx = { ...ctx, scope, inLoop: true, overKeys: this.iteratesOverKeys(loop, ctx), loop };
        // while (true) { await work(); await delay(interval) }: each pass is a timer's tick, hot even when the function
        // that starts the loop (and the code before it) is start-up code.
        if (ctx.fn && isPollingLoop(loop)) inner = { ...inner, fn: this.pollingLoopFact(loop, ctx).id, once: false };
        const init = (node as ts.ForStatement | ts.ForOfStatement).initializer;
        if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) this.declareOpaque(d.name, scope);
        // for (const batch of chunk(docs, 8)), or of `batches` from `const batches = chunk(docs, 8)`: each batch is
        // bounded by the helper's size.
        if (ts.isForOfStatement(node) && init && ts.isVariableDeclarationList(init) && ts.isIdentifier(init.declarations[0]?.name)) {
          const b = scope.lookup((init.declarations[0].name as ts.Identifier).text);
          if (b && iteratesBatches(node.expression, (name) => this.initializerOf(name, ctx))) this.boundedArrays.add(b);
        }
        if (ctx.fn) {
          checkLoop(this, node as ts.IterationStatement, inner);
          checkLoopFanOut(this, node as ts.IterationStatement, inner);
          checkAccumulatingLoop(this, node as ts.IterationStatement, inner);
        }
        ts.forEachChild(node, (c) => this.visit(c, inner));
        return;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        // Declarations not hoisted by declareStatements (in `case` clauses, for example): `const { X } = require('./x')`.
        const decl = node as ts.VariableDeclaration;
        if (ts.isIdentifier(decl.name) ? !ctx.scope.hasOwn(decl.name.text) : !boundNames(decl.name).some((n) => ctx.scope.hasOwn(n))) {
          this.declareVariable(decl, ctx);
        }
        break;
      }
      case ts.SyntaxKind.CallExpression:
        if (ctx.fn) noteFailurePath(this, node as ts.CallExpression, ctx);
        this.visitCall(node as ts.CallExpression, ctx);
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
        notePropertyBase(this.runtime, node as ts.PropertyAccessExpression, ctx.scope);
        if (ctx.fn) this.visitPropertyRead(node as ts.PropertyAccessExpression, ctx);
        break;
      case ts.SyntaxKind.TypeOfExpression:
        noteTypeofGuard(this.runtime, node as ts.TypeOfExpression);
        break;
      case ts.SyntaxKind.NewExpression:
        if (ctx.fn) noteFailurePath(this, node as ts.NewExpression, ctx);
        this.visitNew(node as ts.NewExpression, ctx);
        break;
      case ts.SyntaxKind.ObjectLiteralExpression:
        registerResolverMap(this, node as ts.ObjectLiteralExpression, ctx);
        break;
      case ts.SyntaxKind.ExpressionStatement:
        if (ctx.fn) checkFloating(this, (node as ts.ExpressionStatement).expression, ctx);
        break;
      case ts.SyntaxKind.ThrowStatement:
        if (ctx.fn && !caughtHere(node)) this.fnById.get(ctx.fn)!.failsVia = null;
        break;
      case ts.SyntaxKind.ReturnStatement: {
        const value = (node as ts.ReturnStatement).expression;
        if (ctx.fn && value && ts.isObjectLiteralExpression(skipOuter(value))) noteReturnedMembers(this, skipOuter(value) as ts.ObjectLiteralExpression, ctx);
        if (ctx.fn && value) noteReturnedFunction(this, value, ctx);
        break;
      }
    }
    ts.forEachChild(node, (c) => this.visit(c, ctx));
  }

  /**
   * A block's statements, where `if (loaded) return; ... loaded = true` (or `if (cache) return cache; ...
   * cache = x`) makes the statements after the guard a one-time initialisation.
   */
  private visitStatements(statements: ts.NodeArray<ts.Statement>, ctx: WalkCtx): void {
    let inner = ctx;
    statements.forEach((st, i) => {
      this.visit(st, inner);
      if (ctx.fn && !inner.once && ts.isIfStatement(st) && isMemoReturnGuard(st, statements.slice(i + 1), this.longLived(ctx), statements.slice(0, i))) {
        inner = { ...inner, once: true };
      }
      if (ctx.fn && inner.privilegedAt === undefined && isPrivilegeGuard(st, statements.slice(0, i))) {
        inner = { ...inner, privilegedAt: this.lineOf(st.getStart(this.sf)) };
      }
    });
  }

  /**
   * Whether a guarded name outlives one call: `this`, or a name declared at module level (a module variable, a
   * class with a static field). A local `let user` filled when missing is per call, not a one-time init.
   */
  private longLived(ctx: WalkCtx): LongLived {
    return (root) => {
      if (root === 'this') return true;
      for (let s: Scope | undefined = ctx.scope; s; s = s.parent) if (s.hasOwn(root)) return s === this.moduleScope;
      return false;
    };
  }

  /**
   * `console.log(...)`, `list.push(...)` with `const list = []`: a receiver that is a built-in namespace or a local
   * array or collection, whose methods are never the project's, however the project names its own functions.
   */
  private isBuiltinReceiver(receiver: ts.Expression, ctx: WalkCtx): boolean {
    const e = skipOuter(receiver);
    if (!ts.isIdentifier(e)) return false;
    if (BUILTIN_NAMESPACES.has(e.text) && !ctx.scope.lookup(e.text)) return true;
    const init = this.initializerOf(e.text, ctx);
    return init !== undefined && (ts.isArrayLiteralExpression(skipOuter(init)) || isNewCollection(init, ctx.scope));
  }

  /** `for (k in obj)`, `for (const [k, v] of Object.entries(obj))`, or over `const keys = Object.keys(obj)`. */
  private iteratesOverKeys(loop: ts.IterationStatement, ctx: WalkCtx): boolean {
    let object: ts.Expression | undefined;
    if (ts.isForInStatement(loop)) object = skipOuter(loop.expression);
    else if (ts.isForOfStatement(loop)) {
      let iterated = skipOuter(loop.expression);
      if (ts.isIdentifier(iterated)) iterated = this.initializerOf(iterated.text, ctx) ?? iterated;
      if (!ts.isCallExpression(iterated) || !iterated.arguments[0]) return false;
      const callee = skipOuter(iterated.expression);
      const keysOf = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' &&
        (callee.name.text === 'keys' || callee.name.text === 'entries');
      if (!keysOf) return false;
      object = skipOuter(iterated.arguments[0]);
    }
    if (!object) return false;
    // The keys of an awaited result (`const monitors = await loadMonitors()`, an id → row map) are rows: data.
    return !(ts.isIdentifier(object) && this.awaitedResults.has(ctx.scope.lookup(object.text) ?? NO_BINDING));
  }

  /** Reading a property is a call when it is a getter: `this.modelMap` may re-read a file each time. */
  private visitPropertyRead(node: ts.PropertyAccessExpression, ctx: WalkCtx): void {
    const parent = node.parent;
    if (ts.isCallExpression(parent) && parent.expression === node) return;
    if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return;
    const b = this.valueBinding(node, ctx);
    if (!b) return;
    const at = this.positionOf(node);
    const kind = ctx.once ? 'once' : 'call';
    if (b.kind === 'fn' && this.fnById.get(b.id)?.isGetter) this.facts.edges.push({ from: ctx.fn!, to: b, ...at, kind });
    // Another file's member: an edge only if it resolves to a getter when the files are linked.
    else if (b.kind === 'member') this.facts.edges.push({ from: ctx.fn!, to: b, ...at, kind, getter: true });
  }

  private visitCall(call: ts.CallExpression, ctx: WalkCtx): void {
    const callee = skipOuter(call.expression);
    if (ctx.inLoop && ts.isPropertyAccessExpression(callee) && callee.name.text === 'push' && ts.isIdentifier(callee.expression)) this.notePush(call, callee.expression, ctx);
    const from = ctx.fn ?? this.facts.topId;

    if (this.isRequireCallee(callee, ctx)) {
      checkRequireCall(this, call, ctx);
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
      if ((!target || target.kind === 'opaque') && ts.isPropertyAccessExpression(callee) && this.opts.projectFunctionNames?.has(name) &&
        !this.isBuiltinReceiver(callee.expression, ctx)) {
        const resolved = this.opts.types.resolveProjectFunction(callee);
        if (resolved?.kind === 'fn') {
          target = resolved;
          const file = resolved.id.slice(0, resolved.id.lastIndexOf('#'));
          if (file !== this.file && !this.facts.typeLinkedFiles.includes(file)) this.facts.typeLinkedFiles.push(file);
        }
      }
    }

    checkBlockingCall(this, call, target, ctx);
    if (target) noteRouterPassed(this, call, target, ctx);

    if (target && isCallableBinding(target)) {
      this.facts.edges.push({ from, to: target, ...this.positionOf(call), kind: ctx.once ? 'once' : 'call', ...this.callShape(call, ctx) });
      // `this.startQueries()` in the base class that declares it abstract: whichever subclass is running answers it.
      if (ctx.fn && this.abstractMethods.has(target) && ts.isPropertyAccessExpression(callee)) {
        this.facts.dynamicCalls.push({ from: ctx.fn, name: callee.name.text, ...this.positionOf(call), once: ctx.once === true, abstract: true });
      }
    }
    else if (ctx.fn && !target && keyedMember(callee) !== undefined) {
      // `await activitypub.inbox[method](req)`, `api[functionName].apply(this, params)`: whichever member the key names
      // (FileFacts.keyedCalls).
      const table = this.valueBinding(keyedMember(callee)!.expression, ctx);
      if (table && KEYED_TABLE_KINDS.has(table.kind)) {
        // NodeBB's `_mounts[original](router, mount, middleware, controllers)`: the arguments reach each member the key can
        // name (not through `.call`/`.apply`, whose arguments sit one place on or in an array).
        const { args, fnArgs, literalArgs, adminOnly } = this.callShape(call, ctx);
        const shape = fnArgs && ts.isElementAccessExpression(callee) && { args, fnArgs, literalArgs, adminOnly };
        this.facts.keyedCalls.push({ from: ctx.fn, table, ...this.positionOf(call), once: ctx.once === true, ...shape });
      }
    }
    // `super.$beforeUpdate()` of a library's base class is that class's method, not a sibling subclass's.
    else if (ctx.fn && (!target || target.kind === 'opaque') && ts.isPropertyAccessExpression(callee) && !KNOWN_GLOBALS.has(rootName(callee.expression) ?? '') &&
      callee.expression.kind !== ts.SyntaxKind.SuperKeyword) {
      // `strategy.saveBuffer()` with `const strategy = getStrategy(source)`, `getStrategy(source).saveBuffer()`, or
      // `new RepoLoader(args).getRepoBranches()` with `const RepoLoader = resolveRepoLoader(platform)`.
      const factory = this.isFactoryProduct(callee.expression, ctx);
      this.noteDispatchedCall(call, ctx, callee.name.text, factory, calleeName(skipOuter(callee.expression)), this.firstParameterPath(callee, ctx));
    } else if (ctx.fn && target?.kind === 'opaque' && this.moduleTables.has(target)) {
      this.facts.moduleTableCalls.push({ from: ctx.fn, table: this.moduleTables.get(target)!, ...this.positionOf(call), once: ctx.once === true });
    } else if (ctx.fn && target?.kind === 'opaque' && ts.isIdentifier(callee) && this.factoryResults.has(target)) {
      // `load(args)` with `const load = resolveLoaderFunction(platform)`: whichever function the factory returns.
      const init = this.initializers.get(target);
      const factory = init && ts.isCallExpression(init) ? this.valueBinding(skipOuter(init.expression), ctx) : undefined;
      if (factory) this.facts.edges.push({ from, to: factory, returned: true, ...this.positionOf(call), kind: ctx.once ? 'once' : 'call', ...this.callShape(call, ctx) });
    } else if (ctx.fn && target?.kind === 'opaque' && this.factoryMembers.has(target)) {
      // `saveBuffer(buf)` with `const { saveBuffer } = getStrategy(source)`: a member of whatever the factory returned.
      this.facts.dynamicCalls.push({ from: ctx.fn, name: this.factoryMembers.get(target)!, ...this.positionOf(call), once: ctx.once === true, factory: true });
    } else if (ctx.fn && target?.kind === 'opaque' && this.receiverMembers.has(target)) {
      // `verifyUserPassword(user, pwd)` with `const { users: { verifyUserPassword } } = libraries`: users.verifyUserPassword.
      const { name, receiver } = this.receiverMembers.get(target)!;
      this.noteDispatchedCall(call, ctx, name, false, receiver);
    }

    registerEntries(this, call, callee, target, ctx);
    registerAgentTool(this, call, target, ctx);
    // After the entries: an async listener handed to an emitter is reported as such (checkAsyncCallback), not twice.
    if (target && definedInProject(target)) checkCallbacksDropped(this, call, target, ctx);

    for (const arg of call.arguments) {
      if (this.entryArgs.has(arg)) continue;
      const a = skipOuter(arg);
      // `basicAuth({ authorizer: userAuthorizer })`: a function named in an options object is handed over as surely as
      // one passed by itself (one written there is a nested function of the caller already).
      const handed = ts.isObjectLiteralExpression(a) ? a.properties.flatMap(namedPropertyValue) : [a];
      for (const h of handed) {
        if (!ts.isIdentifier(h) && !ts.isPropertyAccessExpression(h)) continue;
        const b = this.valueBinding(h, ctx);
        if (b && isCallable(b)) this.facts.edges.push({ from, to: b, ...this.positionOf(h), kind: argumentEdgeKind(call, ctx) });
      }
    }

    if (target?.kind === 'node-member' && target.module === 'child_process' && target.name === 'fork') this.recordWorkerTarget(call.arguments[0], ctx);
    if (!ctx.fn) return;
    if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'Promise' && ['all', 'allSettled', 'any', 'race'].includes(target.name)) {
      checkFanOut(this, call, target.name, ctx);
    }
    if (ts.isIdentifier(callee) && callee.text === 'RegExp' && !ctx.scope.lookup('RegExp')) checkDynamicRegExp(this, call, ctx);
    if (target?.kind === 'package-member' && SERIES_PACKAGES.has(target.module)) checkSeriesCall(this, call, target.name, ctx);
    if (ts.isPropertyAccessExpression(callee)) {
      checkRegexUse(this, call, callee, ctx);
      checkAccumulatingReduce(this, call, callee, ctx);
      checkAccumulatingForEach(this, call, callee, ctx);
      checkForEachFanOut(this, call, callee, ctx);
      checkQuadraticScan(this, call, callee, ctx);
      if (callee.name.text === 'postMessage') checkPostMessage(this, call, ctx);
    }
  }

  /**
   * `tasks.push(embed(chunk))` in a loop: one promise per item (pushedInLoop and the sets beside it), or `rows.push(x)`:
   * filled by the loop. Not over a list the code capped before the loop (`if (files.length > MAX) return`): as small as it.
   */
  private notePush(call: ts.CallExpression, array: ts.Identifier, ctx: WalkCtx): void {
    const list = ctx.loop && loopList(ctx.loop);
    if (list && cappedBefore(list, ctx.loop!)) return;
    if (ctx.loop && endsAtMin(ctx.loop, (name) => this.initializerOf(name, ctx))) return;
    const pushed = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
    const b = ctx.scope.lookup(array.text);
    if (b && pushed && ts.isCallExpression(pushed)) {
      (ctx.overKeys ? this.pushedOverKeys : this.pushedInLoop).add(b);
      if (!list || sizedByData(this, list, ctx)) this.pushedOverData.add(b);
      (passesTransaction(pushed) ? this.pushedTransactional : this.pushedNonTransactional).add(b);
      (savesInBackfill(call, pushed) ? this.pushedInBackfill : this.pushedOutsideBackfill).add(b);
    } else if (b && pushed) this.filledInLoop.add(b);
  }

  /** What a call edge carries for flag parameters and registration wrappers (EdgeFact.args, whenParam, fnArgs). */
  private callShape(call: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): Pick<EdgeFact, 'args' | 'whenParam' | 'fnArgs' | 'literalArgs' | 'adminOnly'> {
    const args = call.arguments ?? ts.factory.createNodeArray();
    const falsy = args.flatMap((a, i) => (isFalsyLiteral(a) ? [i] : []));
    const data: number[] = [];
    const handed: Array<{ arg: number } & DataParameter> = [];
    args.forEach((a, i) => {
      const origin = mayHoldData(a) ? dataOrigin(this, a, ctx) : undefined;
      if (origin === 'data') data.push(i);
      else if (origin) handed.push({ arg: i, ...origin });
    });
    const whenParam = this.flagGuard(call, ctx);
    const fnArgs = this.passedFunctions(call, ctx);
    const literals = fnArgs.length ? args.flatMap((a, i) => { const t = argumentText(skipOuter(a)); return t !== undefined ? [[i, t] as const] : []; }) : [];
    return {
      args: {
        count: args.some((a) => ts.isSpreadElement(a)) ? Number.MAX_SAFE_INTEGER : args.length,
        ...(falsy.length ? { falsy } : {}), ...(data.length ? { data } : {}), ...(handed.length ? { handed } : {}),
      },
      ...(whenParam !== undefined ? { whenParam } : {}),
      ...(fnArgs.length ? { fnArgs } : {}),
      ...(literals.length ? { literalArgs: Object.fromEntries(literals) } : {}),
      // Read only where a wrapper's route could use it: a call that passes a path or a verb as well as a function.
      ...(literals.length && isAdminOnly(this, args, ctx) ? { adminOnly: true as const } : {}),
    };
  }

  /**
   * A call of `receiver.name` the walk cannot resolve, linked by name when the files are (FileFacts.dynamicCalls), with
   * the functions it passes: a registration wrapper reached that way registers them.
   */
  private noteDispatchedCall(
    call: ts.CallExpression, ctx: WalkCtx, name: string, factory: boolean, receiver: string, mixin?: { fn: string; members: string[] },
  ): void {
    const fnArgs = this.passedFunctions(call, ctx);
    this.facts.dynamicCalls.push({
      from: ctx.fn!, name, ...this.positionOf(call), once: ctx.once === true, factory, ...(receiver ? { receiver } : {}), ...(fnArgs.length ? { fnArgs } : {}),
      ...(mixin && { mixin }),
    });
  }

  /** `Posts.diffs.save` with `Posts` the first parameter of an enclosing function (any depth): that function and the path. */
  private firstParameterPath(callee: ts.PropertyAccessExpression, ctx: WalkCtx): { fn: string; members: string[] } | undefined {
    const path = this.parameterPath(callee, ctx);
    return path?.slot.index === 0 ? { fn: path.slot.fn, members: path.members } : undefined;
  }

  /** The call's arguments that are functions, by position (EdgeFact.fnArgs). */
  private passedFunctions(call: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): NonNullable<EdgeFact['fnArgs']> {
    return (call.arguments ?? []).flatMap((a, index): NonNullable<EdgeFact['fnArgs']> => {
      const x = skipOuter(a);
      if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) return [{ index, target: { kind: 'fn', id: this.fnFact(x).id } }];
      if (ts.isCallExpression(x)) {
        const made = this.valueBinding(skipOuter(x.expression), ctx);
        if (made && definedInProject(made)) return [{ index, returnOf: made }];
        // `service.method.bind(service)` on a receiver the walk cannot follow: the method, by the receiver's name.
        const member = boundMember(x);
        return member && (!made || made.kind === 'opaque') ? [{ index, member }] : [];
      }
      // `addJob({ name, cronTime, onTick: async () => ... })`: an options object holding functions, whose members a
      // wrapper that runs one of them asks for (EntryParam.members).
      if (ts.isObjectLiteralExpression(x)) {
        const options = this.valueBinding(x, ctx);
        const holdsFunctions = options?.kind === 'object' && [...options.members.values()].some(isCallable);
        return holdsFunctions ? [{ index, value: options }] : [];
      }
      if (!ts.isIdentifier(x) && !ts.isPropertyAccessExpression(x)) return [];
      const slot = this.parameterSlot(x, ctx);
      if (slot) return slot.fn === ctx.fn ? [{ index, param: slot.index }] : [];
      const b = this.valueBinding(x, ctx);
      if (b?.kind === 'project-module') return [{ index, value: b }];
      const member = (!b || b.kind === 'opaque') ? this.parameterMember(x, ctx) : undefined;
      if (member) return [{ index, ...member }];
      // `const handler = this.handleEvent(name); this.eventService.onEvent(name, handler)`: what the factory returned.
      const factory = (!b || b.kind === 'opaque') && ts.isIdentifier(x) ? this.madeByProjectFunction(x, ctx) : undefined;
      if (factory) return [{ index, returnOf: factory }];
      return b && isCallable(b) ? [{ index, target: b }] : [];
    });
  }

  /** The names of a destructuring of a parameter, each with the parameter's slot and its key (destructuredFromParams). */
  private noteParameterMembers(pattern: ts.ObjectBindingPattern, slot: { fn: string; index: number }, scope: Scope): void {
    for (const el of pattern.elements) {
      const key = el.propertyName ?? el.name;
      if (el.dotDotDotToken || !ts.isIdentifier(el.name) || !(ts.isIdentifier(key) || ts.isStringLiteral(key))) continue;
      const b = scope.lookup(el.name.text);
      if (b) this.destructuredFromParams.set(b, { ...slot, member: key.text });
    }
  }

  /** `controllers.activitypub.postInbox` with `controllers` the enclosing function's parameter: its position and the member path. */
  parameterMember(e: ts.Expression, ctx: WalkCtx): { param: number; members: string[] } | undefined {
    const path = this.parameterPath(e, ctx);
    return path && path.slot.fn === ctx.fn ? { param: path.slot.index, members: path.members } : undefined;
  }

  /**
   * `a.b.c` with `a` a parameter of this function or one around it: that parameter's slot and the member path. A name
   * destructured from a parameter (`const { onTick } = options`, `({ onTick }) => ...`) starts the path at its key.
   */
  private parameterPath(e: ts.Expression, ctx: WalkCtx): { slot: { fn: string; index: number }; members: string[] } | undefined {
    const members: string[] = [];
    let root = skipOuter(e);
    while (ts.isPropertyAccessExpression(root)) {
      members.unshift(root.name.text);
      root = skipOuter(root.expression);
    }
    const destructured = ts.isIdentifier(root) ? this.destructuredFromParams.get(ctx.scope.lookup(root.text) ?? NO_BINDING) : undefined;
    if (destructured) return { slot: { fn: destructured.fn, index: destructured.index }, members: [destructured.member, ...members] };
    const slot = members.length > 0 ? this.parameterSlot(root, ctx) : undefined;
    return slot && { slot, members };
  }

  /** The function and position of the parameter a plain name refers to (`processor` in `register(queue, processor)`). */
  parameterSlot(e: ts.Expression, ctx: WalkCtx): { fn: string; index: number } | undefined {
    const x = skipOuter(e);
    return ts.isIdentifier(x) ? this.parameterSlots.get(ctx.scope.lookup(x.text) ?? NO_BINDING) : undefined;
  }

  /**
   * The index of the enclosing function's parameter that a call is guarded by: `if (flag) call()` (in the then
   * branch) or `flag && call()`, where `flag` is that function's own parameter and its default, if any, is falsy.
   */
  private flagGuard(call: ts.Node, ctx: WalkCtx): number | undefined {
    let fn: ts.Node | undefined = call.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    const params = fn && ts.isFunctionLike(fn) ? fn.parameters : undefined;
    if (!params?.length) return undefined;
    let child: ts.Node = call;
    for (let node = call.parent; node !== fn; child = node, node = node.parent) {
      let cond: ts.Expression | undefined;
      if (ts.isIfStatement(node) && node.thenStatement === child) cond = node.expression;
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && node.right === child) cond = node.left;
      if (!cond) continue;
      const flag = skipOuter(cond);
      if (!ts.isIdentifier(flag)) continue;
      const binding = ctx.scope.lookup(flag.text);
      if (!binding || !this.parameters.has(binding)) continue;
      const i = params.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === flag.text);
      if (i < 0 || params[i].dotDotDotToken) continue;
      const init = params[i].initializer;
      if (init === undefined || isFalsyLiteral(init)) return i;
    }
    return undefined;
  }

  private visitNew(e: ts.NewExpression, ctx: WalkCtx): void {
    const ctor = skipOuter(e.expression);
    const target = this.valueBinding(ctor, ctx);
    if (target?.kind === 'node-member' && target.module === 'worker_threads' && target.name === 'Worker') {
      this.recordWorkerTarget(e.arguments?.[0], ctx);
      checkWorkerPerRequest(this, e, ctx);
      return;
    }
    if (ts.isIdentifier(ctor) && ctor.text === 'RegExp' && !ctx.scope.lookup('RegExp') && ctx.fn) checkDynamicRegExp(this, e, ctx);
    // Worker pools (Piscina, tinypool, workerpool) take the worker file as an option: that file runs in workers.
    const options = e.arguments?.[0] ? skipOuter(e.arguments[0]) : undefined;
    if (options && ts.isObjectLiteralExpression(options)) {
      for (const p of options.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && WORKER_FILE_OPTIONS.has(p.name.text)) this.recordWorkerTarget(p.initializer, ctx);
      }
    }
    registerStreamOptions(this, e, target, ctx);
    registerConnectionOptions(this, e.arguments ?? [], ctx);
    registerProtocolServerOptions(this, e, target, ctx);
    registerEntryClass(this, e, ctx);
    registerAuthStrategy(this, e, target, ctx);
    registerAgentTool(this, e, target, ctx);
    checkBlockingNew(this, e, target, ctx);
    if (target && (target.kind === 'class' || target.kind === 'project-export' || target.kind === 'member' || target.kind === 'project-module')) {
      const ctorRef: Binding | undefined = target.kind === 'class' ? target.methods.get('constructor') : { kind: 'member', of: target, name: 'constructor' };
      if (ctorRef) this.facts.edges.push({ from: ctx.fn ?? this.facts.topId, to: ctorRef, ...this.positionOf(e), kind: ctx.once ? 'once' : 'call', ...this.callShape(e, ctx) });
    }
  }

  private recordWorkerTarget(arg: ts.Expression | undefined, ctx?: WalkCtx): void {
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

  // ---------------------------------------------------------------- what detectors ask

  binaryOf(arg: ts.Expression, ctx: WalkCtx): { type: string; bytes?: number; shared: boolean } | undefined {
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
  isConstant(e: ts.Expression, ctx: WalkCtx): boolean {
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

  /** The id of the function fact made for a function node of this file. */
  functionIdOf(node: ts.Node): string | undefined {
    return this.fnByNode.get(node)?.id;
  }

  candidate(
    ctx: WalkCtx, rule: RuleId, node: ts.Node, message: string,
    condition: CandidateCondition = {},
  ): void {
    if (!ctx.fn) return;
    // One finding per rule and node: the await in nested loops is flagged by each loop, and is still one problem.
    // An imported receiver may be one of several library classes, each its own candidate (requiresLibraryInstance).
    const cls = condition.requiresLibraryInstance;
    const key = `${rule}@${node.pos}${cls ? `|${cls.module}|${cls.className}` : ''}`;
    if (this.flagged.has(key)) return;
    this.flagged.add(key);
    const start = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const end = this.sf.getLineAndCharacterOfPosition(node.end);
    if (isSuppressed(this.suppressions, start.line + 1, rule)) return;
    const snippet = `${this.scopePath(node)}\n${this.sf.text.slice(node.getStart(this.sf), node.end).replace(/\s+/g, '').slice(0, 200)}`;
    this.facts.candidates.push({
      fnId: ctx.fn, rule, message, snippet, ...condition,
      ...(ctx.once && { once: true }), ...(ctx.privilegedAt !== undefined && { privilegedAt: ctx.privilegedAt }),
      ...(inCatchClause(node) && { onFailurePath: true }),
      line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1,
    });
  }

  /**
   * The functions around a node, outermost first, each by name, and a callback also by its call's first literal
   * argument: `<callback of get>('/page')`. Stable when lines move; tells two anonymous route handlers apart.
   */
  private scopePath(node: ts.Node): string {
    const parts: string[] = [];
    for (let p: ts.Node | undefined = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
      if (!ts.isFunctionLike(p)) continue;
      const fact = this.fnByNode.get(p as FunctionLike);
      let part = fact?.name ?? '<anonymous>';
      const call = p.parent;
      if (call && (ts.isCallExpression(call) || ts.isNewExpression(call))) {
        const first = call.arguments?.[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) part += `(${JSON.stringify(first.text)})`;
      }
      parts.unshift(part);
    }
    return parts.join('/');
  }

  lineOf(pos: number): number {
    return this.sf.getLineAndCharacterOfPosition(pos).line + 1;
  }

  /** Where a node starts, 1-based: the position a chain step points at. */
  private positionOf(node: ts.Node): { line: number; column: number } {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    return { line: line + 1, column: character + 1 };
  }
}

/**
 * An argument that may be a list read for the call: a name, a member, a call chain or an awaited value, or one of them
 * with a default. Literals, functions and objects written in place are not asked about (EdgeFact.args.data), which
 * keeps the question cheap.
 */
function mayHoldData(arg: ts.Expression): boolean {
  const x = skipOuter(arg);
  // `req.resources || []`, `found ?? []`: the list when there is one.
  if (isFallback(x)) return mayHoldData(x.left);
  return ts.isIdentifier(x) || ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isCallExpression(x) || ts.isAwaitExpression(x);
}

/** The names of the methods that make a library's product (INSTANCE_PRODUCTS): `prepare`. */
const PRODUCT_METHODS: ReadonlySet<string> = new Set(INSTANCE_PRODUCTS.map((p) => p.name));

/** In a `catch` block of the function around it: code that runs only when its `try` block failed. */
function inCatchClause(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p && !ts.isFunctionLike(p); p = p.parent) if (ts.isCatchClause(p)) return true;
  return false;
}

/** Wrappers that change how a function is called (callback or promise), not what it runs: `callbackify(f)` runs f. */
const CONVENTION_WRAPPERS = /^(callbackify|promisify)(MultiResult|All|Class)?$/;
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

/**
 * A class of a package whose methods' promises settle (settled-apis.ts), reject when its service fails
 * (promise-clients.ts), or compute over their input (blocking-apis.ts): its instances are tracked.
 */
function isLibraryClass(b: Binding): boolean {
  const exp = packageExport(b);
  if (!exp) return false;
  return (b.kind === 'package-member' && SETTLED_PACKAGES.has(exp.module)) || isPromiseClientClass(b) || libraryClassName(exp.module, exp.name) !== undefined;
}

/** An instance of such a library class: `new TurndownService()`, `getEncoding('cl100k_base')`. */
function isLibraryInstance(b: Binding | undefined): boolean {
  return b?.kind === 'instance' && isLibraryClass(b.of);
}

/** The value a property of an object literal names: `authorizer` in `{ authorizer }`, `fn` in `{ authorizer: fn }`. */
function namedPropertyValue(p: ts.ObjectLiteralElementLike): ts.Expression[] {
  if (ts.isShorthandPropertyAssignment(p)) return [p.name];
  return ts.isPropertyAssignment(p) ? [skipOuter(p.initializer)] : [];
}

/** `service.method.bind(service)`: the method and the name of the receiver it is bound to (FileFacts MemberRef). */
function boundMember(call: ts.CallExpression): MemberRef | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'bind') return undefined;
  const method = skipOuter(callee.expression);
  return ts.isPropertyAccessExpression(method) ? memberRef(method) : undefined;
}

/** What a call by computed key may dispatch over: an object here, a module, or another file's object. */
const KEYED_TABLE_KINDS = new Set<Binding['kind']>(['object', 'project-module', 'project-export', 'member']);

/** A CommonJS module whose value is a function (`module.exports = function ...`) is called directly. */
function isCallableBinding(b: Binding): boolean {
  return isCallable(b) || b.kind === 'project-module';
}

/**
 * `Interface.member` for a function written as a member of an object literal whose variable is typed by a named type
 * (`const scrape: ResearchAction<S> = { execute: async () => ... }`, or `= { ... } satisfies ResearchAction`).
 */
function interfaceMemberOf(node: FunctionLike): string | undefined {
  const member = ts.isMethodDeclaration(node) ? node : ts.isPropertyAssignment(node.parent) && node.parent.initializer === node ? node.parent : undefined;
  if (!member || !ts.isObjectLiteralExpression(member.parent) || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) return undefined;
  let literal: ts.Node = member.parent;
  let type: ts.TypeNode | undefined;
  while (ts.isParenthesizedExpression(literal.parent) || ts.isSatisfiesExpression(literal.parent) || ts.isAsExpression(literal.parent)) {
    if (!ts.isParenthesizedExpression(literal.parent)) type ??= literal.parent.type;
    literal = literal.parent;
  }
  if (!type && ts.isVariableDeclaration(literal.parent) && literal.parent.initializer === literal) type = literal.parent.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return `${name}.${member.name.text}`;
}

/** The value type of the Map a class field holds (`actions: Map<string, Action>`, or `= new Map<string, Action>()`), for `this.actions`. */
function mapValueType(receiver: ts.Expression): ts.TypeNode | undefined {
  const r = skipOuter(receiver);
  if (!ts.isPropertyAccessExpression(r) || r.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = r.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const field = cls?.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === r.name.text);
  if (!field) return undefined;
  const init = field.initializer && skipOuter(field.initializer);
  const args = field.type && ts.isTypeReferenceNode(field.type) && ts.isIdentifier(field.type.typeName) && MAP_TYPES.has(field.type.typeName.text)
    ? field.type.typeArguments
    : init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'Map' ? init.typeArguments : undefined;
  return args?.length === 2 ? args[1] : undefined;
}

const MAP_TYPES = new Set(['Map', 'ReadonlyMap']);

/** `'use server'` (or another directive) among the leading string-literal statements. */
function hasDirective(statements: ts.NodeArray<ts.Statement>, directive: string): boolean {
  for (const st of statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) return false;
    if (st.expression.text === directive) return true;
  }
  return false;
}

/** The names a destructuring pattern declares. */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : boundNames(el.name)));
}

/**
 * `tasks.push(star.save())` inside `if (star.index === null) { star.index = ...; ... }`: the pushed call is a method of
 * the row whose missing field the enclosing branch fills (within the loop body, not across a function).
 */
function savesInBackfill(push: ts.CallExpression, pushed: ts.CallExpression): boolean {
  const callee = skipOuter(pushed.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(skipOuter(callee.expression))) return false;
  const item = (skipOuter(callee.expression) as ts.Identifier).text;
  for (let n: ts.Node = push; n.parent && !ts.isFunctionLike(n.parent) && !ts.isIterationStatement(n.parent, false); n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.thenStatement === n && isFieldBackfill(p, item)) return true;
  }
  return false;
}

/** A string argument as written: a literal's text, or a template's source (`/${name}/dashboard`), for a route label. */
function argumentText(e: ts.Expression): string | undefined {
  return ts.isTemplateExpression(e) ? e.getText().slice(1, -1) : literalText(e);
}

/** The file imports or requires at its top level a module whose specifier passes `test`. */
function importsModule(sf: ts.SourceFile, test: (specifier: string) => boolean): boolean {
  const required = (e: ts.Expression | undefined): boolean => {
    const x = e && skipOuter(e);
    return x !== undefined && ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require'
      && x.arguments.length === 1 && ts.isStringLiteral(x.arguments[0]) && test(x.arguments[0].text);
  };
  return sf.statements.some(
    (st) =>
      (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && test(st.moduleSpecifier.text)) ||
      (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) &&
        ts.isStringLiteral(st.moduleReference.expression) && test(st.moduleReference.expression.text)) ||
      (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => required(d.initializer))),
  );
}

/** `table[key]` called directly or through `.call` / `.apply`, with a key the code does not spell. */
function keyedMember(callee: ts.Expression): ts.ElementAccessExpression | undefined {
  const through = ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply') ? skipOuter(callee.expression) : callee;
  return ts.isElementAccessExpression(through) && literalText(through.argumentExpression) === undefined ? through : undefined;
}
