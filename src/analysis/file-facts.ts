// The facts of one file, extracted in one pass over its syntax tree: the functions it defines, the calls
// between them, the callbacks it hands to the event loop (hot-path entries), what it exports, and
// candidate findings. Facts hold no syntax nodes (except the lazy type-checker questions of type-aware
// mode, see Candidate.confirm), so they are cached per file and only the edited file is re-extracted;
// linking files and deciding what is hot happen in hot-paths.ts.
//
// The pass itself is in fact-walker.ts (bindings and the walk), which asks entries.ts what starts a hot path
// and the detectors in detectors/ what to flag; rules.ts is the catalogue of the rules they flag.
import type { ts } from './typescript';
import type { Binding } from './bindings';
import { FactWalker } from './fact-walker';
import type { EntryKind, Severity } from './findings';
import type { RuleId } from './rules';
import type { StartupKind } from './startup-patterns';
import type { TypeOracle } from './type-oracle';

/**
 * A method called on a promise library's client that another file makes: `from` the function that returns it (`call`)
 * or the value that holds it, decided when the files are linked.
 */
export type ClientNeed = { from: Binding; call: boolean; method: string; callbackGiven: boolean };

export interface FunctionFact {
  id: string;
  name: string;
  line: number;
  isAsync: boolean;
  returnsPromise: boolean;
  /**
   * Parameters (by position) that the function, or a callback written inside it, calls as a statement and whose result
   * it drops: `batch.forEach((item) => { executeFn(item); })`, with where the first such call is; or hands to an
   * emitter as a listener (`emitter`: `this.eventStore.on(name, listener)`). An async function passed there floats.
   */
  dropsParams?: Array<{ index: number; line: number; column: number; emitter?: true }>;
  /** Returns a promise that cannot reject: the whole body is a try whose catch does not rethrow. */
  catchesAll?: boolean;
  /**
   * How a call of this function can fail: the calls its own body makes outside a try whose catch does not
   * rethrow (`awaited` when the call is awaited or returned, so a rejection passes on too). If none of them can
   * fail, neither can this function, exceptions of the language itself aside (a property of undefined). `null`
   * when it can fail some other way: a throw, or a call the analysis cannot see into (a library's method).
   */
  failsVia?: FailurePath[] | null;
  /**
   * A sync function that returns what a library's method returns (`in(room) { return Sockets.server.in(room); }`): a
   * promise there rejects a caller that awaits it; one that uses the value at once (`io.in(room).emit(...)`) sees
   * only what the call throws, a wrong argument. Counted as a way to fail for awaiting callers only.
   */
  failsWhenAwaited?: true;
  /** A `get x()` accessor: reading the property calls it. */
  isGetter?: boolean;
  /** The method name, for an instance method of a class that extends another: a target of dynamic dispatch. */
  overrides?: string;
  /** With `overrides`: the name of the class it extends, as written (`BaseEmbedding` in `extends BaseEmbedding<C>`). */
  overridesIn?: string;
  /**
   * The class's name, for a method declared abstract (no body): a call of it runs a subclass's override, so it links
   * to the methods of that name in the classes that extend it (those whose `overridesIn` is this name).
   */
  abstractIn?: string;
  /** The method name, for any method of a class (static too): a target of dispatch on a factory's product. */
  methodName?: string;
  /** The interfaces its class implements (`class Store implements IStore`), for an instance method: calls through a field or value typed `IStore` reach it. */
  implementsOf?: string[];
  /**
   * `Interface.member` for a function an object literal typed by an interface holds (`const scrape: ResearchAction =
   * { execute: async () => ... }`): calls of that member through a value typed `ResearchAction` reach it.
   */
  implementsMember?: string[];
  /** A callback run by a database transaction: its queries, and those of what it calls, share one connection. */
  transactional?: boolean;
  entry?: EntryKind;
  /** What the entry is, for the chain: `POST /api/chat`, `socket 'message'`, `setInterval`. */
  entryLabel?: string;
  /** An entry few requests take (an admin-only route): what it reaches is reported as info. */
  entryRare?: boolean;
  /** The module-level router a route is registered on (`router` in `router.post('/', h)`): its mount path comes first. */
  entryRouter?: string;
  /** A NestJS controller route (`@Controller('albums')`, `@Post()`): the application's global prefix comes before it. */
  controllerRoute?: true;
  /** The version the route's method or controller names (`@Version('2')`; 'neutral' for VERSION_NEUTRAL), for URI versioning. */
  controllerVersion?: string;
  /** A request handler by its shape alone (`(req, res) =>`, entries.ts looksLikeRequestHandler): a registration found for it wins. */
  entryGuessed?: true;
  /** Functions it returns (`makeProcessor(opts)` returning `async (job) => ...`): what a call of it hands on (EdgeFact.fnArgs). */
  returnsFunctions?: Binding[];
  /**
   * The body of a polling loop (`while (true) { ...; await delay(n) }`): the function whose loop it is. A repeating
   * timer's callback once something calls that function; a loop in a function nobody calls never runs.
   */
  loopOf?: string;
  /** An exported function that returns a client of this promise library (`getRedisCache()` → `ioredis`): client-values.ts. */
  returnsClient?: string;
  /**
   * Returns what a call of a function of another file returns (`function client(f) { const c = redis.createClient(s);
   * return c }`, Overleaf's web wrapping its Redis library): a client when that function's is (decided when linking).
   */
  returnsClientOf?: Binding;
  /** Returns the promise of a method of a client made in another file (`return getRedisPub().publish(ch, e)`): a promise if that is a client. */
  returnsClientCall?: ClientNeed;
  /** Marked start-up code: never an entry nor "unknown reach" (still hot if an entry calls it). */
  startup?: StartupKind;
  /** How many parameters it declares, when it has no rest parameter: a callback passed past them is not its own. */
  parameterCount?: number;
  /** The members its body assigns to its first parameter: a mixin's `Topics.reply = ...` (FileFacts.mixinFiles). */
  addsToFirstParameter?: Map<string, Binding>;
}

export interface FailurePath {
  callee: Binding;
  awaited: boolean;
}

export interface EdgeFact {
  from: string;
  to: Binding;
  line: number;
  /** 1-based column of the call (or of the callback, where one is defined or handed on): where the chain's step points. */
  column?: number;
  /**
   * `call`: runs now, as part of the caller (a call, or a callback of forEach/map...). `nested`: defined inside
   * the caller. `reference`: handed to something that may call it later. Only the first two make a function
   * start-up code when the caller is start-up code. `once`: a call inside a lazy one-time initialisation
   * (`if (!client) client = makeClient()`), which runs on the first hot call only.
   */
  kind: 'call' | 'nested' | 'reference' | 'once';
  /** A property read: an edge only if the property resolves to a getter. */
  getter?: boolean;
  /**
   * The call is of what `to` returned, not of `to`: `const load = resolveLoaderFunction(platform); await load(args)`
   * calls each function the factory returns (FunctionFact.returnsFunctions).
   */
  returned?: true;
  /**
   * A call: how many arguments it passes, which of them are falsy literals (`false`, `0`, `''`, `null`), and which are
   * data read for the call (awaited rows that are not one page, the request's own list: quadratic-scan.ts dataOrigin),
   * and which pass on a parameter of the caller (or of a function around it), whose own callers say what it holds:
   * `checkForConflictingPaths(resources)` inside `checkRecoursesForProblems(resources)`.
   */
  args?: { count: number; falsy?: number[]; data?: number[]; handed?: Array<{ arg: number; fnId: string; index: number }> };
  /**
   * The call runs only when the caller's parameter at this index is truthy (`if (generate) this.#generate()`), and that
   * parameter has no truthy default: a hot caller that leaves it out, or passes a falsy literal, does not run the call.
   */
  whenParam?: number;
  /**
   * The call's arguments that are functions, by position: a function (`register(queue, processJob)`), or the caller's
   * own parameter `param` handed on, or what a call of a project function returns (`register(queue, buildProcessor(opts))`).
   * What a registration wrapper's parameter receives (FileFacts.entryParams). `member`: a method of a receiver the walk
   * cannot follow (`lastSeenService.cleanLastSeen.bind(lastSeenService)`), resolved by the receiver's name when linking.
   */
  fnArgs?: Array<
    { index: number; target: Binding } | { index: number; returnOf: Binding } | { index: number; member: MemberRef }
    // The caller's own parameter handed on, or a member of it (`controllers.activitypub.topics.list`: EntryParam.members).
    | { index: number; param: number; members?: string[] }
    // A module of the project handed over (`routes(app, middleware, require('../controllers'))`): what its members are
    // is asked only by a wrapper that registers a member of that parameter (EntryParam.members).
    | { index: number; value: Binding }
  >;
  /**
   * For a call that passes functions: its string-literal arguments by position, and whether an argument guards for
   * administrators. A route wrapper's call (`setupApiRoute(router, 'put', '/settings', [...adminOnly], handler)`)
   * gives the route its verb and path here (EntryParam.route).
   */
  literalArgs?: Record<number, string>;
  adminOnly?: true;
}

/** `receiver.name`, a method on a value the walk cannot follow: the class method the receiver is named after (hot-paths.ts). */
export interface MemberRef {
  name: string;
  receiver: string;
}

export interface EntryRef {
  target: Binding;
  kind: EntryKind;
  label?: string;
  rare?: boolean;
  /** FunctionFact.entryRouter. */
  router?: string;
  /**
   * An entry only if the target is an async function: the framework runs a plain function on a thread pool, off the
   * event loop (Starlette/FastAPI/Django routes registered by a call, with the handler in another file).
   */
  asyncOnly?: boolean;
  /**
   * The entries are the functions the target returns, not the target: `app.get('/x', makeHandler(opts))`,
   * `const handler = this.handleEvent(name); emitter.on(name, handler)` (FunctionFact.returnsFunctions).
   */
  returned?: true;
}

/**
 * A registration wrapper: function `fn` hands its parameter at `index` to an entry registration (`register(queue,
 * processor) { new Worker(queue, wrap(processor)) }`), so what its callers pass there is that entry.
 */
export interface EntryParam {
  fn: string;
  index: number;
  kind: EntryKind;
  label?: string;
  rare?: boolean;
  /**
   * A route wrapper's parameters that carry the route (`router[verb](name, ..., tryRoute(controller))`): the verb (a
   * parameter's position, or the method when the registration names it) and the path. Each call of the wrapper labels
   * its handler with the literals it passes there (EdgeFact.literalArgs), and a guard it passes makes the route rare.
   */
  route?: { verb: number | string; path: number };
  /** An emitter wrapper's parameter that names the event (`on(event, callback) { bus.on(event, callback) }`): likewise. */
  event?: number;
  /**
   * A member of what the callers pass, not the value itself: `app.post('/inbox', controllers.activitypub.postInbox)` in
   * `module.exports = function (app, middleware, controllers)` (NodeBB's route modules) makes `postInbox` of the
   * module its callers pass as `controllers` the entry (EdgeFact.fnArgs, `value`).
   */
  members?: string[];
}

/** A function handed by name to a start-up registration: `fastify.register(routes)`, `process.on('SIGTERM', stop)`. */
export interface StartupRef {
  target: Binding;
  kind: StartupKind;
}

/** `setTimeout(fn)` inside `from`: a repeating timer when fn leads back to `from` (a self-rescheduling loop). */
export interface TimerRef {
  target: Binding;
  from: string;
  line: number;
}

export interface Candidate {
  fnId: string;
  rule: RuleId;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `{where}` is replaced with where the code runs once the hot path is known. */
  message: string;
  /**
   * The functions around the flagged code (names, and a callback's literal first argument such as a route path)
   * and its text without whitespace, at most 200 characters: what the finding's fingerprint hashes.
   */
  snippet: string;
  /** Emit only if this resolves to a function that returns a promise (calls into other files). */
  requiresPromiseTarget?: Binding;
  /** Other code of this file the finding is about (Finding.related). */
  related?: Array<{ line: number; column: number; message: string }>;
  /**
   * With requiresPromiseTarget: the call's last argument, at this index, is a callback (written in place, or named
   * `callback`, `cb`, `next`, `done`). Past the
   * parameters the target declares, a wrapper must take it (NodeBB's promisify calls back with the result): no promise
   * is dropped.
   */
  callbackAt?: number;
  /**
   * Drop unless the receiver, from another file, is a promise library's client whose `method` returns a promise: what
   * the imported function `from` returns (`call`), or the imported value itself (client-values.ts).
   */
  requiresClient?: ClientNeed;
  /** Drop if this resolves to a function that cannot fail (a `.then` chain started from it): see FunctionFact.failsVia. */
  unlessCannotFail?: Binding;
  /** Emit only if this resolves to a function that returns an async function that can fail (a listener a factory makes). */
  requiresAsyncReturn?: Binding;
  /**
   * Judged by the reach of a function this returns (the listener a factory made, registered at start-up), and chained
   * to it, rather than by the reach of the function the candidate is written in.
   */
  reachVia?: Binding;
  /** Emit only if the method a receiver the walk cannot follow is named after returns a promise and can fail (hot-paths namedMember). */
  requiresPromiseMember?: MemberRef;
  /** Emit only if this resolves to a function that calls its parameter at `index` and drops the result (FunctionFact.dropsParams). */
  requiresDroppedParam?: { callee: Binding; index: number };
  /**
   * Emit only if a call of function `fnId` hands it, as the parameter at `index`, data read for that call (EdgeFact.args):
   * a loop over a parameter's list is as long as what the callers pass.
   */
  requiresDataArgument?: { fnId: string; index: number };
  /**
   * Emit only if `receiver`, a value of another file, is an instance of this library class (an imported Drizzle
   * database, a better-sqlite3 Database): blocking-call.ts checkImportedInstance.
   */
  requiresLibraryInstance?: { receiver: Binding; module: string; className: string };
  /**
   * Emit only if this type-checker question says yes. It is asked lazily, only once the function is known to
   * be hot, and its answer is kept until the file is extracted again: most candidates never need asking.
   */
  confirm?: () => boolean;
  confirmed?: boolean;
  /** Inside a lazy one-time initialisation: reported at most as info. */
  once?: boolean;
  /** In a `catch` block: runs only when the `try` above failed, so a blocking call there is at most a note. */
  onFailurePath?: boolean;
  /** Past a check, at this line, that refuses all but administrators and moderators: reported at most as info. */
  privilegedAt?: number;
  /** Lower than the rule's default for this call's cost (a metadata fs call); a user's override still wins. */
  severity?: Severity;
}

/** What a detector may attach to a candidate: the conditions checked when the files are linked, and its severity. */
export type CandidateCondition = Pick<Candidate,
  'requiresPromiseTarget' | 'callbackAt' | 'requiresClient' | 'unlessCannotFail' | 'requiresAsyncReturn' | 'reachVia' | 'requiresPromiseMember' |
  'requiresDroppedParam' | 'requiresDataArgument' | 'requiresLibraryInstance' | 'confirm' | 'severity' | 'related'>;

export interface FileFacts {
  file: string;
  topId: string;
  lines: number;
  functions: FunctionFact[];
  edges: EdgeFact[];
  entryRefs: EntryRef[];
  entryParams: EntryParam[];
  /**
   * `x.perform()` on a receiver the walk cannot follow: linked to a family of subclass methods of that name. `awaited`
   * (Python): `await x.read()`, which only a coroutine function (or one returning an awaitable) can answer.
   * `receiver`: the receiver's own name (`user` in `user.verifyPassword()`, `pages` in `WIKI.models.pages.createPage()`).
   * `abstract`: `this.m()` where the class declares `m` abstract: linked to the subclasses' methods of that name, even one.
   */
  dynamicCalls: Array<{
    from: string; name: string; line: number; column?: number; once: boolean; factory?: boolean; awaited?: boolean; receiver?: string; abstract?: boolean;
    /** The functions it passes, as for a call edge (EdgeFact.fnArgs): a registration wrapper reached by dispatch. */
    fnArgs?: EdgeFact['fnArgs'];
    /**
     * `Posts.diffs.save(data)` inside `module.exports = function (Posts) { ... }`: a member path of the first parameter
     * of `fn`. When `fn` is a mixin (`require('./edit')(Posts)` in posts/index.js), the path is the host module's.
     */
    mixin?: { fn: string; members: string[] };
  }>;
  /**
   * Functions an object literal returned from a function holds, by property name: `const localStrategy = () => ({
   * saveBuffer: saveLocalBuffer })`. A factory call's `saveBuffer` (`getStrategyFunctions(source).saveBuffer(...)`) may
   * be any of them, as it may be any class's method of that name.
   */
  returnedMembers: Array<{ name: string; target: Binding }>;
  /**
   * Calls of a module looked up in a table of module paths: `const convert = require(CONVERTERS[ext]); convert(file)`
   * with `CONVERTERS = { '.txt': './convert/asTxt.js', ... }`. The call may reach any module the table names, resolved
   * relative to this file as `require` does.
   */
  moduleTableCalls: Array<{ from: string; table: Binding; line: number; column?: number; once: boolean }>;
  /**
   * Calls by a computed key into an object or module of the project's: `await activitypub.inbox[method](req)` may run
   * any function it holds (a table of handlers), as long as there are not too many to mean anything (hot-paths.ts).
   */
  keyedCalls: Array<{ from: string; table: Binding; line: number; column?: number; once: boolean } & Pick<EdgeFact, 'args' | 'fnArgs' | 'literalArgs' | 'adminOnly'>>;
  /**
   * Routers of other files mounted under a path: `app.use('/api/convos', require('./convos'))`, `router.use('/api/v3/posts',
   * require('./posts')())`, `app.use('/api', routes.api)`. The routes written in the mounted file answer under the path
   * (route-mounts.ts). Also a router mounted here handed to a function of another file, `systemEndpoints(apiRouter)`
   * after `app.use('/api', apiRouter)` (`routerArg`: its argument's index), and a parameter handed on to one
   * (`apiWorkspaceEndpoints(router)` in `function developerEndpoints(app, router)`: path '', `viaParam`), which counts
   * only when some call hands that function a router at that index. `on`: the module-level router the mount is made
   * on (`v1` in `v1.use('/tools', tools)`), whose own mount path comes first; `router`: the router mounted, when it is
   * one of this file's (`app.use('/api', apiRouter)`, target this file). `made`: the value mounted is what a call
   * returns (`require('./posts')()`, `documents.routes()`); a function mounted as it is (`app.use('/admin/queues',
   * verifyToken, board)`) is middleware, and its file is not mounted there.
   */
  mounts: Array<{
    path: string; target: Binding; routerArg?: number; viaParam?: { fn: string; index: number }; on?: string; router?: string; made?: boolean;
  }>;
  /**
   * Module-level names that routes or mounts are registered on (`router`, `avatar`): a file that holds two routers,
   * mounted under different paths, has a prefix for each (route-mounts.ts).
   */
  routers: string[];
  /** What the file exports under another name than a module-level variable's (`export { router as configsRouter }`, `module.exports = { v1: router }`). */
  exportedLocals: Map<string, string>;
  /** `app.setGlobalPrefix('api')` (NestJS): the prefix of every controller route of the application. */
  globalPrefix?: string;
  /**
   * `app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' })` (NestJS): controller routes answer under
   * `/v1` (`prefix` + the route's version, else the default), after the global prefix.
   */
  uriVersioning?: { defaultVersion?: string; prefix: string };
  startupRefs: StartupRef[];
  timerRefs: TimerRef[];
  candidates: Candidate[];
  exports: Map<string, Binding>;
  /**
   * The functions an export built by calls is made of, by export name: `export default withMiddlewares({ GET:
   * createRoute({ fn: async () => ... }) })` → the `fn`. When the export is an entry (a Next.js API route), they run per request.
   */
  builtExports: Map<string, Binding[]>;
  starExports: string[];
  /**
   * Files whose exported function this one hands its exports object to at top level (`require('./create')(Topics)`):
   * the members that function assigns to its first parameter are this module's exports too (assigned-members.ts).
   */
  mixinFiles: string[];
  /** Imports parentPort/workerData: the file is written to run inside a worker. */
  importsWorkerApi: boolean;
  /**
   * Listens at module top level for messages from a parent process (`process.on('message', ...)`): the file runs as
   * a forked child. A worker file when it registers no request handler of its own (a cluster worker serves requests).
   */
  listensToParent?: boolean;
  /**
   * The line of a `process.on('unhandledRejection', listener)` whose listener neither exits nor throws: in the process
   * that runs this file, a promise nobody handles is logged, not fatal (the rule no-floating-promise makes it a note).
   */
  logsUnhandledRejections?: number;
  /** Files this one starts as workers or forked processes. */
  workerTargets: string[];
  /** Files whose functions this one reaches only through the type checker (by position): re-link when they change. */
  typeLinkedFiles: string[];
  parseErrors: Array<{ line: number; message: string }>;
  /** Starts with `#!`: a command-line script. */
  shebang: boolean;
  /** A `'use server'` directive at the top: every exported async function is a Next.js Server Action. */
  useServer: boolean;
  /** Touches the page and nothing of Node's (browser-code.ts): its listeners run in a browser tab, not on the service's loop. */
  browserOnly?: true;
}

export interface ExtractOptions {
  resolveModule: (specifier: string, fromFile: string) => string | undefined;
  extraEntryCallees: string[];
  types?: TypeOracle;
  /** With `types`: names of the project's functions; other unresolved callees are not worth a checker question. */
  projectFunctionNames?: ReadonlySet<string>;
}

export function extractFileFacts(sf: ts.SourceFile, file: string, options: ExtractOptions): FileFacts {
  return new FactWalker(sf, file, options).run();
}
