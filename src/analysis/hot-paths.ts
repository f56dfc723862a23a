// Links the per-file facts into one call graph and decides, for every function, how it is reached:
//  - hot: an entry reaches it (a function the runtime calls per request, message, job, repeating tick or event);
//  - once: a hot function reaches it only through a lazy one-time initialisation (`if (!client) client = ...`);
//  - unknown: no entry reaches it, but it is async (or reached from such a function) and not start-up code, so
//    it may well run while the program serves work: shown at the lowest level, never as a warning;
//  - start-up or unreached: not reported.
// Then the candidates of the reached functions become findings, each with the shortest chain from its entry.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { classOwnMember, packageExport, type Binding } from './bindings';
import type { Candidate, ClientNeed, EdgeFact, EntryParam, FileFacts, FunctionFact } from './file-facts';
import { DroppedByConvention } from './dropped-by-convention';
import { mountPrefixes, prefixedRoute, routeLabel, routePath } from './route-mounts';
import { ADMIN_EVENT, ADMIN_PATH, ENTRY_SYMBOLS, HTTP_METHODS, ENTRY_WHERE, EXPORT_ENTRIES, REACH_WHERE, SERVER_ACTION } from './entry-patterns';
import { MAX_HOT_CALLERS, type ChainLink, type ChainStep, type EntryKind, type Finding, type HotCaller, type Reach, type RelatedCode, type Severity } from './findings';
import { isPythonFile } from './python/facts';
import { clientModule, returnsClientPromise } from './promise-clients';
import { ruleInfo } from './rules';
import { PackageDirs, isInside } from './package-dirs';
import { toPosix } from './source-files';
import { REASONS_KEEPING_REQUEST_HANDLERS, STATIC_GENERATION_EXPORTS, startupFileReason, type StartupKind } from './startup-patterns';

interface FnNode {
  fact: FunctionFact;
  file: FileFacts;
}

interface Edge {
  to: string;
  line: number;
  column: number;
  once: boolean;
  /** A call (or a one-time call), not a function defined inside the caller or handed on by reference. */
  called: boolean;
  kind: Incoming['kind'];
  /** EdgeFact.args: absent when the callee gets arguments nobody here sees (a reference, a nested function). */
  args?: EdgeFact['args'];
  /** EdgeFact.whenParam. */
  whenParam?: number;
}

/** How many functions the search for a finding's other hot callers visits at most (Finding.callers). */
const MAX_CALLER_SEARCH = 200;

/** How many calls up a parameter's list is followed to the data a caller read (handedData). */
const MAX_HANDED_STEPS = 3;

/** Reaches from strongest to weakest. */
const REACH_ORDER: readonly Reach[] = ['hot', 'once', 'unknown'];

/** Whether a call may pass a truthy value as parameter `i`: it passes that argument, and not as a falsy literal. */
const mayPassTruthy = (args: EdgeFact['args'], i: number): boolean => args === undefined || (i < args.count && !args.falsy?.includes(i));

interface Incoming {
  from: string;
  kind: 'call' | 'nested' | 'reference' | 'once';
}

interface Entry {
  kind: EntryKind;
  label?: string;
  /** Few requests take it (an admin-only route): findings below it are notes. */
  rare?: boolean;
  /** Taken for a request handler by its shape (`(req, res) =>`) alone: any registration found for it says more. */
  guessed?: boolean;
  /** The router variable the route is registered on, in the file that writes it (route-mounts.ts). */
  router?: string;
  /** What, in the runtime that calls the entry, logs the rejections nobody handles (Next.js's server). */
  logsRejections?: string;
}

/** A call of a project function that passes it functions: what a registration wrapper's parameter receives. */
interface PassingCall {
  from: string;
  fnArgs: NonNullable<EdgeFact['fnArgs']>;
  /** How many arguments the call passes (MAX_SAFE_INTEGER with a spread), when known. */
  count?: number;
  literalArgs?: EdgeFact['literalArgs'];
  adminOnly?: true;
}

/**
 * The entry a wrapper's call registers: `setupApiRoute(router, 'put', '/settings/:setting', [...admin], handler)` is
 * `PUT /settings/:setting (admin only)`, rare, when the wrapper's route takes its verb and path from those positions.
 */
function wrapperEntry(p: EntryParam, site: PassingCall): { entry: Entry; fromCaller: boolean } {
  const event = p.event !== undefined ? site.literalArgs?.[p.event] : undefined;
  if (event !== undefined) return { entry: { kind: p.kind, label: `on '${event}'`, rare: p.rare === true || ADMIN_EVENT.test(event) }, fromCaller: true };
  const path = p.route && site.literalArgs?.[p.route.path];
  if (!p.route || path === undefined) return { entry: { kind: p.kind, label: p.label, rare: p.rare }, fromCaller: false };
  const given = typeof p.route.verb === 'number' ? site.literalArgs?.[p.route.verb]?.toUpperCase() : p.route.verb;
  const verb = given !== undefined && HTTP_METHODS.has(given) ? given : undefined;
  const rare = p.rare === true || site.adminOnly === true || ADMIN_PATH.test(path);
  return { entry: { kind: p.kind, label: routeLabel([verb, path], rare), rare }, fromCaller: true };
}

/** An entry whose route was written in a mounted file: the full path, and admin only when that path is under /admin. */
function withMountPrefix(entry: Entry, prefix: string | undefined): Entry {
  if (!prefix || !entry.label) return entry;
  const label = prefixedRoute(entry.label, prefix);
  if (label === entry.label) return entry;
  const admin = !entry.rare && ADMIN_PATH.test(routePath(label) ?? '');
  return { ...entry, label: routeLabel([label], admin), rare: entry.rare || admin };
}

/** How a function is reached, with the step back towards its entry (the chain is rebuilt from these). */
interface ReachState {
  reach: Reach;
  entry: Entry;
  parent?: string;
  /** Where the parent leads here (the call, or the callback handed on), and how: the parent's chain step. */
  line?: number;
  column?: number;
  link?: ChainLink;
  /** Reached through a transaction callback: queries below it run one at a time on its connection anyway. */
  txn?: boolean;
}

/** Rules about running queries concurrently, moot inside a transaction, where they share one connection. */
const CONCURRENCY_RULES = new Set(['no-unbounded-promise-all', 'no-sequential-await-in-loop']);

/** More subclass methods of one name than this, and a dynamic call of that name is too vague to link. */
const MAX_DISPATCH_FAMILY = 200;

/**
 * More functions than this in a table called by computed key, and the call is too vague to link (linkKeyedCalls).
 * Etherpad's HTTP API dispatches `api[functionName]` over the 48 functions of its API module.
 */
const MAX_KEYED_TABLE = 64;

/**
 * Names too common to follow by name alone: collection, promise, stream, emitter and ORM methods that an untracked
 * receiver is far more likely to be a library object for than one of the project's subclasses.
 */
const GENERIC_METHOD_NAMES = new Set([
  'get', 'set', 'has', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'map', 'filter', 'find', 'reduce',
  'forEach', 'some', 'every', 'includes', 'join', 'slice', 'splice', 'then', 'catch', 'finally', 'emit', 'on', 'once',
  'off', 'write', 'end', 'close', 'send', 'save', 'insert', 'update', 'create', 'destroy', 'remove', 'findOne', 'findAll',
  'toString', 'toJSON', 'valueOf', 'call', 'apply', 'bind', 'next', 'return', 'throw', 'log', 'info', 'warn', 'error',
  'debug', 'json', 'status', 'query', 'exec', 'test', 'match', 'replace', 'split', 'trim', 'parse', 'stringify',
  'run', 'init', 'initialize', 'start', 'stop', 'connect', 'invoke', 'load', 'render', 'execute', 'handle',
]);

/** Adds `value` to the list `map` holds under `key`. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The qualified name of a method of a test double's class: `FakeEventStore.getAll`, `MockMailer.send`, `StubClock.now`. */
const TEST_DOUBLE_CLASS = /^(Fake|Mock|Stub)[A-Z0-9_]/;

/** A name as a receiver, class or module spells it, compared: `pages`, `Page`, `page.ts` and `page-model` are all `page`. */
function nameKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(model|s)$/, '');
}

/**
 * What a receiver's name can say it holds: itself (`pad`, `tags`), or the class name after a one-word lowercase
 * qualifier (`retrievedPad`, `dstPad`, `currentUser`: a `Pad`, a `User`).
 */
function receiverKeys(receiver: string): string[] {
  const qualified = /^[a-z][a-z0-9]*([A-Z][A-Za-z0-9]{2,})$/.exec(receiver);
  return qualified ? [nameKey(receiver), nameKey(qualified[1])] : [nameKey(receiver)];
}

/** What `require` tries after a relative path, in order. */
const MODULE_SUFFIXES = ['', '.js', '.cjs', '.mjs', '.ts', '/index.js', '/index.ts'];

/** Entry kinds in the order their chains are preferred when several reach the same function. */
const ENTRY_PRIORITY: EntryKind[] = [
  'request-handler', 'queue-consumer', 'agent-tool', 'extension-host', 'event-handler', 'stream-handler', 'timer', 'custom', 'promise-callback', 'async-function',
];

export interface LinkOptions {
  cwd: string;
  severity?: Record<string, Severity | 'off'>;
  /** AnalyzerOptions.skipUnknownReach. */
  skipUnknownReach?: boolean;
}

export function computeFindings(files: Map<string, FileFacts>, options: LinkOptions): Finding[] {
  return new ProjectGraph(files, options.cwd).findings(options);
}

export class ProjectGraph {
  private readonly fns = new Map<string, FnNode>();
  /** cannotFail's answers for one findings() pass: files change between passes. */
  private readonly failureCache = new Map<string, boolean>();
  private readonly out = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Incoming[]>();
  private readonly workerFiles = new Set<string>();
  /** Files that only run at start-up or by hand (migrations, seeders, scripts, CLIs, tests, build configuration), with why. */
  private readonly startupFiles = new Map<string, string>();
  private readonly entries = new Map<string, Entry>();
  /** Functions marked start-up by how they were registered elsewhere (`fastify.register(routes)`). */
  private readonly startupMarked = new Map<string, StartupKind>();
  /** Calls that pass functions (EdgeFact.fnArgs), by callee: where a registration wrapper's entries come from. */
  private readonly callsPassingFunctions = new Map<string, PassingCall[]>();
  /** Every class method (static ones too) by name (FunctionFact.methodName): dispatch by a receiver's name. */
  private readonly classMethods = new Map<string, string[]>();
  /** Every function an object literal returned by a function holds, by property name (FileFacts.returnedMembers). */
  private readonly factoryMembers = new Map<string, string[]>();
  /**
   * Instance methods of classes that implement an interface, and functions of object literals typed by one, by
   * `Interface.method` (FunctionFact.implementsOf, implementsMember).
   */
  private readonly interfaceMethods = new Map<string, string[]>();

  constructor(private readonly files: Map<string, FileFacts>, private readonly cwd: string) {
    for (const f of files.values()) {
      for (const fact of f.functions) {
        this.fns.set(fact.id, { fact, file: f });
        for (const name of fact.implementsOf ?? []) addTo(this.interfaceMethods, `${name}.${fact.methodName}`, fact.id);
        for (const key of fact.implementsMember ?? []) addTo(this.interfaceMethods, key, fact.id);
      }
      if (f.importsWorkerApi || (f.listensToParent && !servesRequests(f))) this.workerFiles.add(f.file);
      for (const t of f.workerTargets) this.workerFiles.add(t);
      const rel = toPosix(path.relative(cwd, f.file));
      const reason = startupFileReason(rel, f.shebang, EXPORT_ENTRIES.some((e) => e.file?.test(rel)));
      if (reason) this.startupFiles.set(f.file, reason);
    }
    for (const f of files.values()) {
      for (const e of f.edges) {
        for (const to of e.returned ? this.returnedBy(e.to) : this.callTargets(e.to)) {
          if (to === e.from) continue;
          if (e.getter && !this.fns.get(to)?.fact.isGetter) continue;
          this.link(e.from, to, e.line, e.column ?? 1, e.kind, e);
          if (e.fnArgs && (e.kind === 'call' || e.kind === 'once')) this.notePassedFunctions(e.from, to, e.fnArgs, e);
        }
      }
    }
    this.linkDynamicDispatch();
    this.linkAbstractMethods();
    this.linkModuleTables();
    this.linkKeyedCalls();
    this.findEntries();
  }

  private notePassedFunctions(from: string, to: string, fnArgs: NonNullable<EdgeFact['fnArgs']>, shape?: Pick<EdgeFact, 'args' | 'literalArgs' | 'adminOnly'>): void {
    addTo(this.callsPassingFunctions, to, { from, fnArgs, count: shape?.args?.count, literalArgs: shape?.literalArgs, adminOnly: shape?.adminOnly });
  }

  private link(from: string, to: string, line: number, column: number, kind: Incoming['kind'], shape?: Pick<EdgeFact, 'args' | 'whenParam'>): void {
    const called = kind === 'call' || kind === 'once';
    addTo(this.out, from, { to, line, column, once: kind === 'once', called, kind, ...(called && shape?.args ? { args: shape.args } : {}), ...(shape?.whenParam !== undefined ? { whenParam: shape.whenParam } : {}) });
    addTo(this.incoming, to, { from, kind });
  }

  /**
   * `this.embeddingModel.embedText(texts)` with `embeddingModel: BaseEmbedding` and `abstract embedText(...)`: the call
   * reaches the abstract method, which has no body; what runs is an override in a class that extends BaseEmbedding.
   * So the abstract method links to each of them (by the class name written after `extends`), and a chain goes on
   * through it.
   */
  private linkAbstractMethods(): void {
    const overrides = new Map<string, string[]>();
    const abstract: FunctionFact[] = [];
    for (const { fact } of this.fns.values()) {
      if (fact.overrides && fact.overridesIn) addTo(overrides, `${fact.overridesIn}.${fact.overrides}`, fact.id);
      if (fact.abstractIn) abstract.push(fact);
    }
    for (const fact of abstract) {
      const method = fact.name.slice(fact.name.lastIndexOf('.') + 1);
      for (const to of overrides.get(`${fact.abstractIn}.${method}`) ?? []) this.link(fact.id, to, fact.line, 1, 'call');
    }
  }

  /**
   * `processor.perform(event)` on a receiver nothing tells us about: when two or more subclasses (classes that
   * extend another) define `perform`, the call may reach any of them, so it links to all. On a factory's product,
   * every class's method of the name counts. A family of one, or a
   * name no subclass defines, links nothing; a common name (get, save, emit...) is too vague to link. `this.m()` of a
   * method its class declares abstract links to the subclasses' `m`, even to one.
   */
  private linkDynamicDispatch(): void {
    const subclassMethods = new Map<string, string[]>();
    const classMethods = this.classMethods;
    for (const { fact } of this.fns.values()) {
      if (fact.overrides) addTo(subclassMethods, fact.overrides, fact.id);
      if (fact.methodName) addTo(classMethods, fact.methodName, fact.id);
    }
    // What a factory returns may also be an object literal of functions (a strategy): its members by name.
    const factoryMembers = this.factoryMembers;
    for (const f of this.files.values()) {
      for (const m of f.returnedMembers) {
        const id = this.resolveFn(m.target);
        if (id && !factoryMembers.get(m.name)?.includes(id)) addTo(factoryMembers, m.name, id);
      }
    }
    const mixinHosts = new Map<string, string[]>();
    for (const f of this.files.values()) for (const m of f.mixinFiles) addTo(mixinHosts, m, f.file);
    for (const f of this.files.values()) {
      for (const call of f.dynamicCalls) {
        const viaMixin = call.mixin && this.mixinMember(call.mixin, mixinHosts);
        if (viaMixin) {
          if (viaMixin !== call.from) this.link(call.from, viaMixin, call.line, call.column ?? 1, call.once ? 'once' : 'call');
          continue;
        }
        // On what a project factory returned (`getLLMProviderClass().promptWindowLimit()`), any class's method of
        // that name, static ones too: factories pick among classes that need not share a base.
        // The only class method of that name, on a receiver named after its class or module: `user.verifyPassword(pwd)`
        // with `class User`, `WIKI.models.pages.createPage(opts)` on a registry of models keyed by file (models/pages.js);
        // or, of several classes' methods, the one class's the receiver is named after. The receiver's name is the
        // evidence, so common method names count then (`ctx.tag.delete()` with `class Tag`).
        const subclasses = subclassMethods.get(call.name);
        const named = call.factory || call.abstract ? undefined
          : this.namedMember({ name: call.name, receiver: call.receiver }, (subclasses?.length ?? 0) >= 2);
        const family = named ?? (call.factory
          ? [...(classMethods.get(call.name) ?? []), ...(factoryMembers.get(call.name) ?? [])]
          : subclasses);
        // An abstract method is always answered by a subclass: one override is enough to link.
        const fewest = named || call.abstract ? 1 : 2;
        if (!family || family.length < fewest || family.length > MAX_DISPATCH_FAMILY || (!named && GENERIC_METHOD_NAMES.has(call.name))) continue;
        for (const to of family) {
          if (call.awaited && !this.returnsPromise(to)) continue;
          if (to === call.from) continue;
          this.link(call.from, to, call.line, call.column ?? 1, call.once ? 'once' : 'call');
          // `schedulerService.schedule(svc.run.bind(svc), ms)`: a registration wrapper reached by the receiver's name.
          if (call.fnArgs && named) this.notePassedFunctions(call.from, to, call.fnArgs);
        }
      }
    }
  }

  /**
   * `Posts.diffs.save` in a mixin, `module.exports = function (Posts) { ... }` of a file the host module applies to
   * itself (`require('./edit')(Posts)`): the host's member by that path, which the host's other mixins may add
   * (`Posts.diffs = Diffs` in diffs.js). Undefined unless `fn` is the file's exported function and one host answers.
   */
  private mixinMember(mixin: { fn: string; members: string[] }, hosts: Map<string, string[]>): string | undefined {
    const file = this.fns.get(mixin.fn)?.file.file;
    const applied = file !== undefined ? hosts.get(file) : undefined;
    if (!file || applied?.length !== 1) return undefined;
    const exported = this.moduleValue({ kind: 'project-module', file }, 0);
    if (exported?.kind !== 'fn' || exported.id !== mixin.fn) return undefined;
    const [first, ...rest] = mixin.members;
    const path = rest.reduce<Binding>((of, name) => ({ kind: 'member', of, name }), { kind: 'project-export', file: applied[0], name: first });
    return this.resolveFn(path);
  }

  /**
   * The one method in `candidates` when its class, or the file it is in, is what `receiver` is named after; of several,
   * the one whose class is (by class name only), unless `familyLinks`: the subclasses' family links the call already.
   */
  private methodOfNamedClass(receiver: string | undefined, candidates: string[] | undefined, familyLinks: boolean): string[] | undefined {
    if (!receiver || !candidates?.length) return undefined;
    const keys = receiverKeys(receiver);
    const classOf = (id: string): string => {
      const name = this.fns.get(id)?.fact.name ?? '';
      return name.slice(0, name.lastIndexOf('.'));
    };
    if (candidates.length > 1) {
      // Several classes define the method: the one class the receiver is named after (`tag.delete()` with `class Tag`),
      // unless the subclasses' family links the call already (the receiver may hold any of them).
      if (familyLinks) return undefined;
      const byClass = candidates.filter((id) => keys.includes(nameKey(classOf(id))));
      return byClass.length === 1 ? byClass : undefined;
    }
    const node = this.fns.get(candidates[0]);
    if (!node) return undefined;
    const moduleName = path.basename(node.file.file).replace(/\.[^.]*$/, '');
    // An index file is named after nothing: `index.addDocuments()` is a search library's index, not src/index.ts.
    return keys.includes(nameKey(classOf(candidates[0]))) || (moduleName !== 'index' && keys[0] === nameKey(moduleName)) ? candidates : undefined;
  }

  /**
   * What `receiver.name(...)` reaches on a receiver the walk cannot follow, by the receiver's name: a class method
   * (methodOfNamedClass), else a member of an object literal a factory returns (memberOfNamedModule).
   */
  private namedMember(ref: { name: string; receiver?: string }, familyLinks = false): string[] | undefined {
    return this.methodOfNamedClass(ref.receiver, this.classMethods.get(ref.name), familyLinks)
      ?? this.memberOfNamedModule(ref.receiver, this.factoryMembers.get(ref.name));
  }

  /**
   * The one function in `candidates` (members of object literals that factories return) whose module is what `receiver`
   * is named after: `users.verifyUserPassword()` with `export const createUserLibrary = () => ({ verifyUserPassword, ...
   * })` in libraries/user.ts. An index file goes by its folder's name.
   */
  private memberOfNamedModule(receiver: string | undefined, candidates: string[] | undefined): string[] | undefined {
    if (!receiver || !candidates?.length) return undefined;
    const key = nameKey(receiver);
    const moduleKey = (id: string): string => {
      const file = this.fns.get(id)?.file.file ?? '';
      const base = path.basename(file).replace(/\.[^.]*$/, '');
      return nameKey(base === 'index' ? path.basename(path.dirname(file)) : base);
    };
    const hits = candidates.filter((id) => moduleKey(id) === key);
    return hits.length === 1 ? hits : undefined;
  }

  /**
   * `const convert = require(CONVERTERS[ext]); convert(file)`: the call may reach the module.exports function of any
   * module the table names (FileFacts.moduleTableCalls). Paths are resolved as `require` would, from the calling file,
   * among the files analysed.
   */
  private linkModuleTables(): void {
    for (const f of this.files.values()) {
      for (const call of f.moduleTableCalls) {
        const table = this.resolve(call.table, 0);
        if (table?.kind !== 'object') continue;
        const linked = new Set<string>();
        for (const value of table.members.values()) {
          const spec = value.kind === 'string-const' ? value.value : undefined;
          if (!spec || !/^\.\.?\//.test(spec)) continue;
          const file = MODULE_SUFFIXES.map((s) => path.resolve(path.dirname(f.file), spec + s)).find((p) => this.files.has(p));
          const id = file ? this.resolveFn({ kind: 'project-module', file }) : undefined;
          if (!id || linked.has(id) || id === call.from) continue;
          linked.add(id);
          this.link(call.from, id, call.line, call.column ?? 1, call.once ? 'once' : 'call');
        }
      }
    }
  }

  /**
   * `handlers[type](msg)` on an object or module of the project's (FileFacts.keyedCalls): the call may run any function
   * the table holds, so it reaches each, up to MAX_KEYED_TABLE of them; a bigger table (a whole utility module) says too
   * little about which runs.
   */
  private linkKeyedCalls(): void {
    for (const f of this.files.values()) {
      for (const call of f.keyedCalls) {
        const table = this.resolve(call.table, 0);
        const members = table?.kind === 'object' ? [...table.members.values()]
          : table?.kind === 'project-module' ? [...(this.files.get(table.file)?.exports.values() ?? [])] : [];
        const ids = new Set(members.map((m) => this.resolveFn(m)).filter((id): id is string => id !== undefined && id !== call.from));
        if (ids.size > MAX_KEYED_TABLE) continue;
        for (const id of ids) {
          this.link(call.from, id, call.line, call.column ?? 1, call.once ? 'once' : 'call');
          if (call.fnArgs) this.notePassedFunctions(call.from, id, call.fnArgs, call);
        }
      }
    }
  }

  private isWorker(id: string): boolean {
    const node = this.fns.get(id);
    return node !== undefined && this.workerFiles.has(node.file.file);
  }

  private startupKind(id: string): StartupKind | undefined {
    return this.fns.get(id)?.fact.startup ?? this.startupMarked.get(id);
  }

  private isMarkedStartup(id: string): boolean {
    return this.fns.get(id)?.fact.startup !== undefined || this.startupMarked.has(id);
  }

  private findEntries(): void {
    for (const f of this.files.values()) {
      for (const ref of f.startupRefs) {
        const id = this.resolveFn(ref.target);
        if (id && !this.startupMarked.has(id)) this.startupMarked.set(id, ref.kind);
      }
      for (const name of STATIC_GENERATION_EXPORTS) {
        const id = this.exportedFn(f, name);
        if (id) this.startupMarked.set(id, 'static-generation');
      }
    }
    const prefixOf = mountPrefixes(this.files.values(), (b, asIs) => (asIs && this.resolve(b, 0)?.kind === 'fn' ? undefined : this.mountedTarget(b, 0)),
      (b) => this.resolveFn(b));
    // One NestJS application's global prefix; with several apps that disagree, none.
    const globals = new Set([...this.files.values()].flatMap((f) => (f.globalPrefix !== undefined ? [f.globalPrefix] : [])));
    const globalPrefix = globals.size === 1 ? `/${[...globals][0].replace(/^\/+|\/+$/g, '')}` : undefined;
    const versionings = new Set([...this.files.values()].flatMap((f) => (f.uriVersioning ? [JSON.stringify(f.uriVersioning)] : [])));
    const versioning = versionings.size === 1 ? (JSON.parse([...versionings][0]) as NonNullable<FileFacts['uriVersioning']>) : undefined;
    /** What comes before a controller's route: `/api`, then `/v1` under URI versioning unless the route is version-neutral. */
    const controllerPrefix = (fact: FunctionFact): string | undefined => {
      const version = fact.controllerVersion ?? versioning?.defaultVersion;
      const segment = versioning && version !== undefined && version !== 'neutral' ? `/${versioning.prefix}${version}` : '';
      return `${globalPrefix ?? ''}${segment}` || undefined;
    };
    // `writtenIn`: the file whose code names the route, whose mount path (route-mounts.ts) comes before it.
    const add = (id: string, given: Entry, writtenIn?: string): void => {
      const node = this.fns.get(id);
      if (!node || this.workerFiles.has(node.file.file) || this.isMarkedStartup(id)) return;
      // A browser tab's listeners and timers (browser-code.ts) do not run on the service's loop. Routes stay: a Next.js
      // page file holds its component and its getServerSideProps.
      const inBrowser = node.file.browserOnly || (writtenIn !== undefined && this.files.get(writtenIn)?.browserOnly);
      if (inBrowser && given.kind !== 'request-handler') return;
      const entry = withMountPrefix(given, writtenIn !== undefined ? prefixOf(writtenIn, given.router) : undefined);
      const startupFile = this.startupFiles.get(node.file.file);
      if (startupFile && !(entry.kind === 'request-handler' && REASONS_KEEPING_REQUEST_HANDLERS.has(startupFile))) return;
      const prev = this.entries.get(id);
      // A function registered as several entries counts as its most frequent one: an admin route yields to a public one.
      // A registration found for a function taken for a handler by its shape says how it is reached: it wins.
      const sameEvidence = !prev?.guessed === !entry.guessed;
      const better = !prev || (prev.guessed && !entry.guessed) || (sameEvidence && ((prev.rare && !entry.rare) || (prev.rare === entry.rare &&
        (ENTRY_PRIORITY.indexOf(entry.kind) < ENTRY_PRIORITY.indexOf(prev.kind) || (prev.kind === entry.kind && !prev.label && entry.label)))));
      if (better) this.entries.set(id, entry);
    };
    for (const f of this.files.values()) {
      for (const fact of f.functions) {
        if (!fact.entry) continue;
        const entry: Entry = {
          kind: fact.entry, label: fact.entryLabel, rare: fact.entryRare, guessed: fact.entryGuessed, router: fact.entryRouter,
          ...(fact.entryLabel === SERVER_ACTION.label && { logsRejections: SERVER_ACTION.logsRejections }),
        };
        const prefix = fact.controllerRoute ? controllerPrefix(fact) : undefined;
        add(fact.id, prefix ? withMountPrefix(entry, prefix) : entry, f.file);
      }
      for (const ref of f.entryRefs) {
        const entry: Entry = { kind: ref.kind, label: ref.label, rare: ref.rare, router: ref.router };
        if (ref.returned) {
          for (const id of this.returnedBy(ref.target)) add(id, entry, f.file);
          continue;
        }
        const id = this.resolveFn(ref.target);
        // `app.use(this.app)` with `get app()`: the registration reads the getter once, and what runs per request is
        // the value it returned, not the getter.
        if (id && this.fns.get(id)?.fact.isGetter) continue;
        if (!id || (ref.asyncOnly && !this.fns.get(id)?.fact.isAsync)) continue;
        add(id, entry, f.file);
      }
      const rel = toPosix(path.relative(this.cwd, f.file));
      for (const pattern of EXPORT_ENTRIES) {
        if (pattern.file && !pattern.file.test(rel)) continue;
        for (const name of pattern.names) {
          const label = name === 'default' ? `${pattern.label} ${rel}` : pattern.label;
          const id = this.exportedFn(f, name);
          const entry: Entry = { kind: 'request-handler', label, ...(pattern.logsRejections && { logsRejections: pattern.logsRejections }) };
          if (id) add(id, entry);
          // `export default withMiddlewares({ GET: createRoute({ fn }) })`: what the wrappers are given runs per request.
          for (const b of f.builtExports.get(name) ?? []) {
            const built = this.resolveFn(b);
            if (built) add(built, entry);
          }
        }
      }
      if (f.useServer) {
        for (const name of f.exports.keys()) {
          const id = this.exportedFn(f, name);
          if (id && this.fns.get(id)?.fact.isAsync) add(id, { kind: 'request-handler', ...SERVER_ACTION });
        }
      }
    }
    this.registeredThroughWrappers(add);
    for (const f of this.files.values()) {
      // A polling loop repeats once something starts the function it is in.
      for (const fact of f.functions) {
        const starter = fact.loopOf;
        if (starter && (this.incoming.has(starter) || this.entries.has(starter))) add(fact.id, { kind: 'timer', label: fact.entryLabel });
      }
      // setTimeout(next) where next leads back to the function that set the timer: a loop that repeats.
      for (const ref of f.timerRefs) {
        const id = this.resolveFn(ref.target);
        if (id && this.reaches(id, ref.from)) add(id, { kind: 'timer', label: 'setTimeout loop' });
      }
    }
  }

  /**
   * Registration wrappers (FileFacts.entryParams): `WorkerManager.register(queue, processJob)` makes processJob the
   * entry that `register` hands its parameter to. A caller that passes its own parameter on is a wrapper in turn.
   */
  private registeredThroughWrappers(add: (id: string, entry: Entry, writtenIn?: string) => void): void {
    const seen = new Set<string>();
    const queue: EntryParam[] = [];
    const note = (p: EntryParam): void => {
      // A member of a parameter is one entry per member and route: `controllers.x.list` and `controllers.x.get` both.
      const key = p.members ? `${p.fn}:${p.index}:${p.members.join('.')}:${p.label ?? ''}` : `${p.fn}:${p.index}`;
      if (seen.has(key)) return;
      seen.add(key);
      queue.push(p);
    };
    for (const f of this.files.values()) f.entryParams.forEach(note);
    for (let p = queue.pop(); p; p = queue.pop()) {
      for (const site of this.callsPassingFunctions.get(p.fn) ?? []) {
        // A negative position counts from the end (`args[args.length - 1]` of a variadic wrapper).
        const index = p.index >= 0 ? p.index : site.count !== undefined && site.count < Number.MAX_SAFE_INTEGER ? site.count + p.index : -1;
        const arg = site.fnArgs.find((a) => a.index === index);
        if (!arg) continue;
        if ('param' in arg) {
          // Handed on by another wrapper: the route's verb and path are that wrapper's callers' to give, not followed.
          const { route: _route, event: _event, ...rest } = p;
          if (arg.members) {
            // `setupPageRoute(app, '/world', [...], controllers.activitypub.topics.list)`: this call names the route, and
            // the handler is that member of what the callers of this call's function pass as `controllers`.
            const { entry } = wrapperEntry(p, site);
            note({ ...rest, fn: site.from, index: arg.param, label: entry.label, rare: entry.rare, members: [...arg.members, ...(p.members ?? [])] });
          } else note({ ...rest, fn: site.from, index: arg.param });
          continue;
        }
        const { entry, fromCaller } = wrapperEntry(p, site);
        const writtenIn = this.fns.get(fromCaller ? site.from : p.fn)?.file.file;
        if (p.members) {
          // `routes(app, middleware, controllers)` for `controllers.activitypub.postInbox`: that member of the module passed.
          const passed = 'value' in arg ? arg.value : 'target' in arg ? arg.target : undefined;
          const id = passed && this.resolveFn(p.members.reduce<Binding>((of, name) => ({ kind: 'member', of, name }), passed));
          if (id) add(id, entry, writtenIn);
          continue;
        }
        if ('member' in arg) {
          // `lastSeenService.cleanLastSeen.bind(lastSeenService)`: the method of the class the receiver is named after.
          const ids = this.namedMember(arg.member) ?? [];
          for (const id of ids) add(id, entry, writtenIn);
          continue;
        }
        const handed = 'target' in arg ? [this.resolveFn(arg.target)] : 'returnOf' in arg ? this.returnedBy(arg.returnOf) : [];
        for (const id of handed) if (id) add(id, entry, writtenIn);
      }
    }
  }

  private exportedFn(f: FileFacts, name: string): string | undefined {
    const b = f.exports.get(name);
    return b ? this.resolveFn(b) : undefined;
  }

  /** Whether `from` leads to `to` through calls and callbacks (bounded: a timer loop is a short cycle). */
  private reaches(from: string, to: string): boolean {
    if (from === to) return true;
    const seen = new Set([from]);
    const queue = [from];
    for (let i = 0; i < queue.length && seen.size < 500; i++) {
      for (const e of this.out.get(queue[i]) ?? []) {
        if (e.to === to) return true;
        if (!seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    return false;
  }

  /**
   * Functions that only ever run as part of start-up: every caller is module top level, a worker file, a
   * start-up file, marked start-up (a listen callback, a plugin body, a lifecycle hook...), or itself start-up
   * only, and none hands the function over to run later. Computed as the largest such set, so `main()` →
   * `loadConfig()` → `readSeed()` are all start-up code, however deep.
   */
  private startupOnly(): Set<string> {
    const isTop = (id: string): boolean => id.endsWith('#top');
    const isStartupRoot = (id: string): boolean => {
      const node = this.fns.get(id);
      return node !== undefined && (this.isMarkedStartup(id) || this.startupFiles.has(node.file.file));
    };
    const candidates = new Set<string>();
    for (const { fact } of this.fns.values()) if (isStartupRoot(fact.id) && !this.entries.has(fact.id)) candidates.add(fact.id);
    const handedOut = this.handedOutFunctions();
    for (const [id, callers] of this.incoming) {
      if (this.entries.has(id) || callers.length === 0 || handedOut.has(id)) continue;
      if (callers.every((c) => c.kind !== 'reference' || this.isWorker(c.from) || isStartupRoot(c.from))) candidates.add(id);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of candidates) {
        if (isStartupRoot(id)) continue;
        const ok = (this.incoming.get(id) ?? []).every((c) => isTop(c.from) || this.isWorker(c.from) || candidates.has(c.from));
        if (!ok) {
          candidates.delete(id);
          changed = true;
        }
      }
    }
    return candidates;
  }

  /**
   * Functions a function returns, alone or in an object literal (FunctionFact.returnsFunctions, FileFacts.returnedMembers):
   * `createUserLibrary(queries)` run at start-up defines `verifyUserPassword`, but whoever holds the library calls it,
   * later. Defined inside start-up code is not run by it.
   */
  private handedOutFunctions(): Set<string> {
    // The object literals' members are resolved already, for dispatch (linkDynamicDispatch).
    const out = new Set<string>([...this.factoryMembers.values()].flat());
    for (const { fact } of this.fns.values()) {
      for (const b of fact.returnsFunctions ?? []) {
        const id = this.resolveFn(b);
        if (id) out.add(id);
      }
    }
    return out;
  }

  /**
   * Breadth-first from the entries (shortest chain first, entry kinds in priority order), then from the edges
   * into lazy one-time initialisation, then from the async functions that nothing known reaches.
   */
  private walk(): Map<string, ReachState> {
    const seen = new Map<string, ReachState>();
    /** Edges into lazy one-time initialisation, left for the second phase. */
    const deferred: Array<{ from: string; edge: Edge }> = [];
    // Flag parameters (`constructor(generate = false) { if (generate) this.#generate(); }`): a call guarded by one is
    // followed once a caller on this walk may pass it truthy. A root (an entry), or a function reached other than by a
    // call whose arguments we see, may get anything. A call found to pass it later releases the edges held back.
    const truthy = new Map<string, Set<number>>();
    const anyArgs = new Set<string>();
    const held = new Map<string, Edge[]>();
    const mayBeTruthy = (id: string, i: number): boolean => anyArgs.has(id) || truthy.get(id)?.has(i) === true;
    let current: string[] = [];
    let skipNow: (id: string) => boolean = () => false;
    let onceNow = false;
    let reachNow: Reach = 'hot';
    // A guarded call runs when the caller that passes the flag runs: a caller found in a later phase gives its weaker reach.
    const weaker = (a: Reach, b: Reach): Reach => (REACH_ORDER.indexOf(a) >= REACH_ORDER.indexOf(b) ? a : b);
    const release = (id: string): void => {
      const waiting = held.get(id);
      if (!waiting) return;
      held.set(id, waiting.filter((e) => !mayBeTruthy(id, e.whenParam!)));
      for (const e of waiting) {
        if (!mayBeTruthy(id, e.whenParam!) || seen.has(e.to) || this.isWorker(e.to) || skipNow(e.to)) continue;
        if (e.once && !onceNow) {
          deferred.push({ from: id, edge: e });
          continue;
        }
        const origin = seen.get(id)!;
        seen.set(e.to, { reach: weaker(origin.reach, reachNow), entry: origin.entry, parent: id, ...this.stepFrom(id, e), ...(origin.txn && { txn: true }) });
        current.push(e.to);
      }
    };
    const noteArgs = (e: Edge): void => {
      if (!e.args) anyArgs.add(e.to);
      else {
        const set = truthy.get(e.to) ?? new Set<number>();
        truthy.set(e.to, set);
        for (let i = 0; i < Math.min(e.args.count, 16); i++) if (mayPassTruthy(e.args, i)) set.add(i);
      }
      release(e.to);
    };
    const spread = (queue: string[], reach: Reach, followOnce: boolean, skip: (id: string) => boolean = () => false): void => {
      current = queue;
      skipNow = skip;
      onceNow = followOnce;
      reachNow = reach;
      for (const id of queue) if (!seen.get(id)?.parent) anyArgs.add(id);
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        const here = seen.get(id)!;
        for (const e of this.out.get(id) ?? []) {
          if (e.whenParam !== undefined && !mayBeTruthy(id, e.whenParam)) {
            held.set(id, [...(held.get(id) ?? []), e]);
            continue;
          }
          noteArgs(e);
          if (seen.has(e.to) || this.isWorker(e.to) || skip(e.to)) continue;
          // A listen callback or a shutdown handler written inside a hot function is defined there, not run
          // there: only a call makes such start-up code hot. Not a one-time event: `req.on('end', ...)` inside a
          // request handler fires once per request.
          if (!e.called && this.startupKind(e.to) !== undefined && this.startupKind(e.to) !== 'one-time-event') continue;
          if (e.once && !followOnce) {
            deferred.push({ from: id, edge: e });
            continue;
          }
          const txn = here.txn || this.fns.get(e.to)?.fact.transactional === true;
          seen.set(e.to, { reach, entry: here.entry, parent: id, ...this.stepFrom(id, e), ...(txn && { txn }) });
          queue.push(e.to);
        }
      }
    };
    // Frequent entries first, so a function that a public route also reaches is not reported as admin-only. Handlers
    // taken for one by their shape alone (`handlePost(req, res)`) start chains only where no registered entry reaches
    // them: called by a Next.js route's default export, the chain starts at the route.
    const byFrequency = (a: [string, Entry], b: [string, Entry]): number => Number(a[1].rare ?? false) - Number(b[1].rare ?? false) ||
      ENTRY_PRIORITY.indexOf(a[1].kind) - ENTRY_PRIORITY.indexOf(b[1].kind);
    for (const guessed of [false, true]) {
      const hotRoots = [...this.entries].filter(([id, e]) => (e.guessed === true) === guessed && !seen.has(id)).sort(byFrequency);
      for (const [id, entry] of hotRoots) seen.set(id, { reach: 'hot', entry });
      spread(hotRoots.map(([id]) => id), 'hot', false);
    }

    const onceRoots: string[] = [];
    for (const { from, edge } of deferred) {
      const to = edge.to;
      if (seen.has(to)) continue;
      seen.set(to, { reach: 'once', entry: seen.get(from)!.entry, parent: from, ...this.stepFrom(from, edge), txn: seen.get(from)!.txn });
      onceRoots.push(to);
    }
    spread(onceRoots, 'once', true);

    // Unknown reach stops at start-up code: what only start-up code leads to is not reported, and a chain never
    // runs through a function that is not itself reported.
    const startup = this.startupOnly();
    const isStartup = (id: string): boolean => startup.has(id) || this.isMarkedStartup(id);
    const unknownRoots: string[] = [];
    for (const { fact, file } of this.fns.values()) {
      if (!fact.isAsync || seen.has(fact.id) || isStartup(fact.id)) continue;
      if (this.workerFiles.has(file.file) || this.startupFiles.has(file.file)) continue;
      seen.set(fact.id, { reach: 'unknown', entry: { kind: 'async-function' } });
      unknownRoots.push(fact.id);
    }
    spread(unknownRoots, 'unknown', true, (id) => startup.has(id));
    return seen;
  }

  findings(options: LinkOptions): Finding[] {
    const reached = this.walk();
    this.failureCache.clear();
    const findings: Finding[] = [];
    const rel = (file: string): string => toPosix(path.relative(options.cwd, file)) || path.basename(file);
    const rejectionLoggerFor = this.rejectionLoggers(rel);
    // What each dropped call of a project function may run, counted over all the code for the project's habits.
    const conventions = new DroppedByConvention();
    const droppedTargets = new Map<Candidate, string[]>();
    for (const f of this.files.values()) {
      for (const c of f.candidates) {
        if (!c.requiresPromiseTarget) continue;
        const targets = this.callTargets(c.requiresPromiseTarget);
        droppedTargets.set(c, targets);
        conventions.countSite(targets);
      }
    }
    for (const f of this.files.values()) {
      if (this.workerFiles.has(f.file)) continue;
      for (const c of f.candidates) {
        // A listener a project function made: the finding is about it, so its reach and chain, not the registration's.
        const fnId = c.reachVia ? this.returnedBy(c.reachVia).find((id) => reached.has(id)) ?? c.fnId : c.fnId;
        const state = reached.get(fnId);
        if (!state || (options.skipUnknownReach && state.reach === 'unknown')) continue;
        // A promise library's client made in another file, or else (when given) a project function that returns a promise.
        const client = c.requiresClient !== undefined && this.isClientPromise(c.requiresClient);
        if (c.requiresClient && !client && !c.requiresPromiseTarget && !c.confirm && !c.requiresPromiseMember) continue;
        // `Handler.getDoc(id, cb)` with `getDoc: callbackify(getDoc)`: the wrapper answers through the callback.
        if (c.requiresPromiseTarget && !client && this.hidesPromise(c.requiresPromiseTarget)) continue;
        if (c.requiresPromiseTarget && !client) {
          // A callee that cannot fail (it catches everything, or every call it makes outside a try cannot fail): dropping its
          // promise loses no error. Through an interface, any implementation that can fail is enough.
          const targets = droppedTargets.get(c)!;
          if (!this.mayReject(targets)) continue;
          // `events.deleteEvents(eids, callback)` of `async function (eids)`: the callback form of a wrapped function.
          if (c.callbackAt !== undefined && targets.every((id) => (this.fns.get(id)!.fact.parameterCount ?? Infinity) <= c.callbackAt!)) continue;
        }
        if (c.unlessCannotFail) {
          const source = this.resolveFn(c.unlessCannotFail);
          if (source && this.cannotFail(source)) continue;
        }
        if (c.requiresAsyncReturn && !this.returnsFailingAsync(c.requiresAsyncReturn)) continue;
        // `void tenant.invalidateCache()`: the method of the class (or module) the receiver is named after. Beside a
        // client or the checker's answer, one more way the candidate can hold.
        const byMember = c.requiresPromiseMember !== undefined && !client && this.mayReject(this.namedMember(c.requiresPromiseMember) ?? []);
        if (c.requiresPromiseMember && !client && !byMember && !c.confirm) continue;
        // Where the callee drops the callback's promise, shown with the finding: the fix may belong there.
        let droppedAt: RelatedCode | undefined;
        if (c.requiresDroppedParam) {
          const callee = this.resolveFn(c.requiresDroppedParam.callee);
          const node = callee ? this.fns.get(callee) : undefined;
          const site = node?.fact.dropsParams?.find((d) => d.index === c.requiresDroppedParam!.index);
          if (!node || !site) continue;
          const message = site.emitter ? 'the callback is handed to an emitter here, which drops its promise' : 'the callback is called here and its promise dropped';
          droppedAt = { file: rel(node.file.file), line: site.line, column: site.column, message };
        }
        // A loop over a parameter's list: as long as the data some caller that is reached hands it.
        if (c.requiresDataArgument && !this.handedData(c.requiresDataArgument, reached)) continue;
        if (c.requiresLibraryInstance && !this.isLibraryInstance(c.requiresLibraryInstance)) continue;
        if (c.confirm && !client && !byMember) {
          c.confirmed ??= c.confirm();
          if (!c.confirmed) continue;
        }
        const info = ruleInfo(c.rule);
        const override = options.severity?.[c.rule];
        if (override === 'off') continue;
        const reach: Reach = state.reach === 'hot' && c.once ? 'once' : state.reach;
        const chain = this.chainTo(fnId, c, reached, rel);
        const callers = reach === 'hot' ? this.hotCallers(fnId, chain, reached, rel) : [];
        const where = reach === 'hot'
          ? (chain.length > 1 ? ENTRY_WHERE[state.entry.kind].indirect : ENTRY_WHERE[state.entry.kind].direct)
          : REACH_WHERE[reach];
        // Off the hot path a finding is at most a note: the editor shows unknown reach as a hint.
        const moot = state.txn === true && CONCURRENCY_RULES.has(c.rule);
        // A rare route blocks the loop rarely; an unhandled rejection ends the process whichever route made it.
        const rare = state.entry.rare === true && !info.rejectionOnly;
        let severity = reach === 'hot' && !rare && !moot ? override ?? c.severity ?? info.defaultSeverity : 'info';
        let message = c.message.replace('{where}', where);
        // A fallback in a catch block runs when the try above failed: rarely, for a blocking call; a dropped promise there
        // still ends the process when it rejects.
        if (c.onFailurePath && !info.rejectionOnly && severity !== 'info') {
          severity = 'info';
          message += ' (a note: it runs only when the try block above fails)';
        }
        if (c.privilegedAt !== undefined && severity !== 'info') {
          severity = 'info';
          message += ` (a note: only administrators and moderators get past the check at line ${c.privilegedAt})`;
        }
        // The project's own listener, or the runtime's that calls the entry (Next.js's server): asked only of a warning
        // about a dropped promise, the one finding it can change.
        const demotable = info.rejectionOnly && override === undefined && severity !== 'info' && !isPythonFile(f.file);
        const entryFile = (): string => this.fns.get(this.entryOf(fnId, reached))!.file.file;
        const logger = demotable ? rejectionLoggerFor(entryFile()) ?? this.runtimeLoggingRejections(fnId, reached) : undefined;
        if (logger) {
          severity = 'info';
          message += ` (a note: ${logger} logs unhandled rejections instead of letting them end the process)`;
        }
        const finding: Finding = {
          file: rel(f.file),
          line: c.line,
          column: c.column,
          endLine: c.endLine,
          endColumn: c.endColumn,
          rule: c.rule,
          category: info.category,
          severity,
          message,
          chain,
          ...(callers.length > 0 && { callers }),
          ...((c.related || droppedAt) && { related: [...(droppedAt ? [droppedAt] : []), ...(c.related ?? []).map((r) => ({ file: rel(f.file), ...r }))] }),
          entry: state.entry.kind,
          ...(reach !== 'hot' && { reach }),
          fingerprint: fingerprint(c.rule, c.snippet),
        };
        findings.push(finding);
        const targets = client ? undefined : droppedTargets.get(c);
        if (targets) conventions.noteFinding(finding, targets, this.fns.get(targets[0])?.fact.name ?? '');
      }
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return conventions.collapse(findings);
  }

  /**
   * What, in the runtime that runs `fnId`'s chain, logs the rejections nobody handles: its entry's (a Next.js route's),
   * or, for an entry written inside another function (the `abort` listener a route handler registers), the entry of
   * the function it is written in, which runs in the same process.
   */
  private runtimeLoggingRejections(fnId: string, reached: Map<string, ReachState>): string | undefined {
    const root = this.entryOf(fnId, reached);
    const own = reached.get(root)?.entry.logsRejections;
    if (own) return own;
    for (const inc of this.incoming.get(root) ?? []) {
      if (inc.kind !== 'nested' && inc.kind !== 'reference') continue;
      const logs = reached.get(inc.from)?.entry.logsRejections;
      if (logs) return logs;
    }
    return undefined;
  }

  /**
   * Where the process that runs an entry logs the rejections nobody handles (`server/main.ts:179`), if it does: the
   * first JavaScript or TypeScript file, in path order, with such a listener in the package of the entry's file (the
   * folder of its nearest package.json, or one inside it), or in a package that depends on that package (a library the
   * server imports: LibreChat's `@librechat/api`). A monorepo's other services are other processes: Overleaf's
   * filestore logs them, its document updater does not. Without package.json files a listener counts for every file.
   */
  private rejectionLoggers(rel: (file: string) => string): (entryFile: string) => string | undefined {
    const files = [...this.files.values()].filter((f) => f.logsUnhandledRejections !== undefined && !isPythonFile(f.file));
    if (files.length === 0) return () => undefined;
    const packages = new PackageDirs();
    const listeners = files
      .sort((a, b) => (a.file < b.file ? -1 : 1))
      .map((f) => ({ pkg: packages.of(path.dirname(f.file)), at: `${rel(f.file)}:${f.logsUnhandledRejections}` }));
    return (entryFile) => {
      const entry = packages.of(path.dirname(entryFile));
      return listeners.find(({ pkg }) => pkg === undefined || entry === undefined || isInside(entry.dir, pkg.dir) ||
        (entry.name !== undefined && pkg.dependencies.has(entry.name)))?.at;
    };
  }

  /** The entry `fnId`'s chain starts at: the function the walk reached it from, and so on back. */
  private entryOf(fnId: string, reached: Map<string, ReachState>): string {
    let root = fnId;
    for (let s = reached.get(root); s?.parent !== undefined; s = reached.get(root)) root = s.parent;
    return root;
  }

  /**
   * The parent's chain step towards a function it reaches by edge `e`: where and how. A function both defined (or
   * handed on) and called in its parent points at the call, which is what leads to it; the walk itself is unchanged.
   */
  private stepFrom(from: string, e: Edge): { line: number; column: number; link: ChainLink } {
    const at = e.called ? e : (this.out.get(from)?.find((o) => o.to === e.to && o.called) ?? e);
    return { line: at.line, column: at.column, link: at.called ? 'call' : at.kind === 'nested' ? 'nested' : 'callback' };
  }

  /** Entry first: each step is a function and where in it the next one is called; the last is the flagged code. */
  private chainTo(fnId: string, at: { line: number; column: number }, reached: Map<string, ReachState>, rel: (f: string) => string): ChainStep[] {
    const steps: ChainStep[] = [];
    let id: string | undefined = fnId;
    let step: { line: number; column: number; link?: ChainLink } = at;
    while (id) {
      const node = this.fns.get(id)!;
      const state: ReachState = reached.get(id)!;
      const isEntry = state.parent === undefined;
      steps.unshift({
        file: rel(node.file.file),
        line: step.line,
        column: step.column,
        symbol: isEntry ? entrySymbol(node.fact, state.entry) : node.fact.name,
        ...(step.link && { link: step.link }),
      });
      step = { line: state.line ?? 0, column: state.column ?? 1, link: state.link };
      id = state.parent;
    }
    return steps;
  }

  /**
   * The calls on hot paths that lead to `fnId` other than the chain's own steps: backwards from the function over calls
   * (not callbacks handed on, nor nested definitions), from callers that are themselves hot, nearest first.
   */
  private hotCallers(fnId: string, chain: readonly ChainStep[], reached: Map<string, ReachState>, rel: (f: string) => string): HotCaller[] {
    const onChain = new Set(chain.map((s) => `${s.file}:${s.line}:${s.column}`));
    const out: HotCaller[] = [];
    const seen = new Set([fnId]);
    const queue = [fnId];
    for (let i = 0; i < queue.length && out.length < MAX_HOT_CALLERS && seen.size <= MAX_CALLER_SEARCH; i++) {
      const id = queue[i];
      const callee = this.fns.get(id)!.fact.name;
      for (const inc of this.incoming.get(id) ?? []) {
        const state = reached.get(inc.from);
        if ((inc.kind !== 'call' && inc.kind !== 'once') || state?.reach !== 'hot') continue;
        const node = this.fns.get(inc.from)!;
        const file = rel(node.file.file);
        const symbol = state.parent === undefined ? entrySymbol(node.fact, state.entry) : node.fact.name;
        for (const e of this.out.get(inc.from) ?? []) {
          if (e.to !== id || !e.called || onChain.has(`${file}:${e.line}:${e.column}`) || out.length >= MAX_HOT_CALLERS) continue;
          onChain.add(`${file}:${e.line}:${e.column}`);
          out.push({ file, line: e.line, column: e.column, symbol, callee });
        }
        if (!seen.has(inc.from)) {
          seen.add(inc.from);
          queue.push(inc.from);
        }
      }
    }
    return out;
  }

  /** Whether `factory` is a project function that returns an async function that can fail: `createListener(provider)`. */
  private returnsFailingAsync(factory: Binding): boolean {
    return this.returnedBy(factory).some((fn) => this.fns.get(fn)?.fact.isAsync === true && !this.cannotFail(fn));
  }

  /**
   * Whether calling a function cannot fail: it catches everything, or every call its body makes outside a catching
   * try goes to a function that cannot fail either. The promise of an async callee called without await cannot
   * fail the caller (an async function does not throw). A cycle counts as "can fail".
   */
  /**
   * Whether a call of the function cannot fail. `thrownOnly`: for a caller that does not await what the call returns,
   * only what it throws at once counts (a sync function's returned promise rejects nobody; FunctionFact.failsWhenAwaited).
   */
  private cannotFail(id: string, visiting = new Set<string>(), thrownOnly = false): boolean {
    const key = thrownOnly ? `${id} thrown` : id;
    const known = this.failureCache.get(key);
    if (known !== undefined) return known;
    const fact = this.fns.get(id)?.fact;
    if (!fact) return false;
    if (fact.catchesAll) return true;
    if (!fact.failsVia || visiting.has(key) || (fact.failsWhenAwaited && !thrownOnly)) return false;
    visiting.add(key);
    const result = fact.failsVia.every(({ callee, awaited }) => {
      const target = this.resolveCallable(callee);
      if (target === undefined) return false;
      if (target === null) return true;
      const passedOn = awaited && !thrownOnly;
      if (!passedOn && this.fns.get(target)?.fact.isAsync) return true;
      return this.cannotFail(target, visiting, !passedOn);
    });
    visiting.delete(key);
    // Inside a cycle a "can" may come from the cycle guard alone: keep only answers reached outside one.
    if (visiting.size === 0 || result) this.failureCache.set(key, result);
    return result;
  }

  /** The function a call runs: its id, `null` for a class without a constructor (nothing runs), undefined if unknown. */
  private resolveCallable(b: Binding): string | null | undefined {
    const r = this.followedValue(b);
    if (r?.kind === 'fn') return r.id;
    if (r?.kind === 'class') {
      const ctor = r.methods.get('constructor');
      return ctor ? this.resolveFn(ctor) : r.base ? undefined : null;
    }
    return undefined;
  }

  /** Whether any of these functions returns a promise that can reject: dropping it can lose an error. */
  private mayReject(ids: string[]): boolean {
    return ids.some((id) => this.returnsPromise(id) && !this.cannotFail(id));
  }

  /** Whether a function returns a promise: declared or async, or the promise of a client made in another file (FunctionFact.returnsClientCall). */
  private returnsPromise(id: string): boolean {
    const fact = this.fns.get(id)?.fact;
    return fact !== undefined && (fact.returnsPromise || (fact.returnsClientCall !== undefined && this.isClientPromise(fact.returnsClientCall)));
  }

  /** A method of a promise library's client made in another file: what an imported function returns, or an imported value. */
  private isClientPromise(need: ClientNeed): boolean {
    const module = need.call ? this.clientReturnedBy(need.from) : clientModule(this.resolve(need.from, 0));
    return module !== undefined && returnsClientPromise(module, need.method, need.callbackGiven);
  }

  /** The promise library whose client a call of `fn` returns: its own, or that of the function of another file it returns the call of. */
  private clientReturnedBy(fn: Binding, depth = 0): string | undefined {
    const id = this.resolveFn(fn);
    const fact = id ? this.fns.get(id)?.fact : undefined;
    if (!fact) return undefined;
    return fact.returnsClient ?? (fact.returnsClientOf && depth < 3 ? this.clientReturnedBy(fact.returnsClientOf, depth + 1) : undefined);
  }

  /**
   * The functions a call of `b` runs: the one it resolves to, or else, for a method of a value typed by an interface
   * (`private store: IApiTokenStore`, where `this.store.markSeenAt()` resolves to no class), that method of every class
   * declaring `implements IApiTokenStore`, if there are not too many to mean anything. A test double (`class
   * FakeApiTokenStore implements IApiTokenStore`, kept beside the real one) is left out: the running service never has it.
   */
  private callTargets(b: Binding): string[] {
    const id = this.resolveFn(b);
    if (id) return [id];
    if (b.kind !== 'member' || b.of.kind !== 'instance' || b.of.of.kind !== 'project-export' || this.resolve(b.of.of, 0)) return [];
    const ids = (this.interfaceMethods.get(`${b.of.of.name}.${b.name}`) ?? []).filter((fn) => !TEST_DOUBLE_CLASS.test(this.fns.get(fn)!.fact.name));
    return ids.length <= MAX_DISPATCH_FAMILY ? ids : [];
  }

  /** The functions a project function returns (FunctionFact.returnsFunctions): what a call of what it returned runs. */
  private returnedBy(factory: Binding): string[] {
    const id = this.resolveFn(factory);
    const made = id ? this.fns.get(id)?.fact.returnsFunctions ?? [] : [];
    return [...new Set(made.flatMap((b) => this.resolveFn(b) ?? []))];
  }

  /** A function reached through a wrapper such as `callbackify` (its binding says so): calls of it return no promise. */
  private hidesPromise(b: Binding): boolean {
    const r = this.followedValue(b);
    return r?.kind === 'fn' && r.hidesPromise === true;
  }

  /**
   * Whether a reached caller of `fnId` passes it, at `index`, data read for that call (Candidate.requiresDataArgument),
   * or passes on a parameter of its own that a reached caller of its fills so, up to MAX_HANDED_STEPS calls up.
   */
  private handedData({ fnId, index }: { fnId: string; index: number }, reached: Map<string, ReachState>, steps = 0, seen = new Map<string, number>()): boolean {
    // A parameter already asked about at as few steps or fewer has no more to tell (cycles end here too).
    const key = `${fnId}#${index}`;
    if ((seen.get(key) ?? Infinity) <= steps) return false;
    seen.set(key, steps);
    return (this.incoming.get(fnId) ?? []).some(({ from }) => reached.has(from) && (this.out.get(from) ?? []).some((e) => e.to === fnId && (
      e.args?.data?.includes(index) === true ||
      (steps < MAX_HANDED_STEPS && (e.args?.handed ?? []).some((h) => h.arg === index && this.handedData(h, reached, steps + 1, seen))))));
  }

  /** Whether a value of another file is an instance of this library class (Candidate.requiresLibraryInstance). */
  private isLibraryInstance({ receiver, module, className }: { receiver: Binding; module: string; className: string }): boolean {
    const value = this.followedValue(receiver);
    const cls = value?.kind === 'instance' ? packageExport(value.of) : undefined;
    return cls !== undefined && cls.module === module && cls.name === className;
  }

  /** What a binding is once imports, re-exports and members are followed across files, and a module is its exports. */
  private followedValue(b: Binding): Binding | undefined {
    return this.moduleValue(this.resolve(b, 0), 0);
  }

  /** Follows imports, re-exports and members across files down to a function id. */
  resolveFn(b: Binding): string | undefined {
    const r = this.followedValue(b);
    return r?.kind === 'fn' ? r.id : undefined;
  }

  private classMember(cls: Extract<Binding, { kind: 'class' }>, name: string, depth: number, on: 'class' | 'instance'): Binding | undefined {
    const own = classOwnMember(cls, name, on);
    if (own) return this.resolve(own, depth + 1);
    if (!cls.base || depth > 12) return undefined;
    const base = this.moduleValue(this.resolve(cls.base, depth + 1), depth);
    return base?.kind === 'class' ? this.classMember(base, name, depth + 1, on) : undefined;
  }

  /** A module called or constructed directly is CommonJS `module.exports = function/class`: use that value. */
  private moduleValue(b: Binding | undefined, depth: number): Binding | undefined {
    if (b?.kind !== 'project-module') return b;
    const f = this.files.get(b.file);
    const value = f?.exports.get('module.exports') ?? f?.exports.get('default');
    return value ? this.resolve(value, depth + 1) : undefined;
  }

  /** The file a router mounted with `use(path, value)` comes from (route-mounts.ts): a module, its export or member, a function. */
  private mountedTarget(b: Binding, depth: number): { file: string; name?: string } | undefined {
    if (depth > 6) return undefined;
    if (b.kind === 'project-module') return { file: b.file, name: 'default' };
    if (b.kind === 'fn') {
      const file = this.fns.get(b.id)?.file.file;
      return file !== undefined ? { file } : undefined;
    }
    if (b.kind === 'member') {
      const base = this.mountedTarget(b.of, depth + 1);
      return base !== undefined ? this.mountedTarget({ kind: 'project-export', file: base.file, name: b.name }, depth + 1) : undefined;
    }
    if (b.kind !== 'project-export') return undefined;
    // `export { default as convos } from './convos'`, `module.exports = { convos: require('./convos') }`: that file.
    const value = b.name !== 'default' ? this.files.get(b.file)?.exports.get(b.name) : undefined;
    const inner = value && (value.kind === 'project-module' || value.kind === 'project-export' || value.kind === 'member' || value.kind === 'fn')
      ? this.mountedTarget(value, depth + 1) : undefined;
    return inner ?? { file: b.file, name: b.name };
  }

  private resolve(b: Binding | undefined, depth: number): Binding | undefined {
    if (!b || depth > 12) return undefined;
    switch (b.kind) {
      case 'project-export': {
        const f = this.files.get(b.file);
        if (!f) return undefined;
        const direct = f.exports.get(b.name);
        if (direct) return this.resolve(direct, depth + 1);
        for (const star of f.starExports) {
          const hit = this.resolve({ kind: 'project-export', file: star, name: b.name }, depth + 1);
          if (hit) return hit;
        }
        // `require('./create')(Topics)`: what create.js's exported function assigns to its parameter.
        for (const mixin of f.mixinFiles) {
          const fn = this.moduleValue({ kind: 'project-module', file: mixin }, depth + 1);
          const hit = fn?.kind === 'fn' ? this.fns.get(fn.id)?.fact.addsToFirstParameter?.get(b.name) : undefined;
          if (hit) return this.resolve(hit, depth + 1);
        }
        // `const { get } = require('./cache')` where the module is `module.exports = new Cache()`.
        const value = f.exports.get('default');
        return value && b.name !== 'default' ? this.resolve({ kind: 'member', of: value, name: b.name }, depth + 1) : undefined;
      }
      case 'member': {
        const base = this.resolve(b.of, depth + 1);
        if (!base) return undefined;
        switch (base.kind) {
          case 'object': return this.resolve(base.members.get(b.name), depth + 1);
          case 'class': return this.classMember(base, b.name, depth, 'class');
          case 'instance': {
            const cls = this.moduleValue(this.resolve(base.of, depth + 1), depth);
            return cls?.kind === 'class' ? this.classMember(cls, b.name, depth, 'instance') : undefined;
          }
          case 'project-module': return this.resolve({ kind: 'project-export', file: base.file, name: b.name }, depth + 1);
          default: return undefined;
        }
      }
      default:
        return b;
    }
  }
}

/** Whether a file registers request handlers itself (a cluster worker that also takes its parent's messages). */
function servesRequests(f: FileFacts): boolean {
  return f.functions.some((fn) => fn.entry === 'request-handler') || f.entryRefs.some((r) => r.kind === 'request-handler');
}

/** The first step of a chain names its entry: `POST /api/chat`, or `POST /api/chat: ChatController.reply` when named. */
function entrySymbol(fact: FunctionFact, entry: Entry): string {
  const anonymous = fact.name.startsWith('<');
  // `GraphQL PageMutation.create` says what `module.exports.PageMutation.create` would repeat, and `next-auth
  // CredentialsProvider.authorize` what `authorize` would (a dotted name only: `AsyncWebsocketConsumer receive` does not
  // say which class's `receive`).
  const labelName = entry.label?.slice(entry.label.lastIndexOf(' ') + 1);
  const named = labelName !== undefined && labelName.includes('.') &&
    (fact.name === labelName || fact.name.endsWith(`.${labelName}`) || labelName.endsWith(`.${fact.name}`));
  if (entry.label) return anonymous || named ? entry.label : `${entry.label}: ${fact.name}`;
  return anonymous ? ENTRY_SYMBOLS[entry.kind] : fact.name;
}

/** 16 hex digits of SHA-256 over the rule, the functions around the flagged code and its text (see Finding.fingerprint). */
function fingerprint(rule: string, snippet: string): string {
  return createHash('sha256').update(`${rule}\n${snippet}`).digest('hex').slice(0, 16);
}
