// Entry detection: which functions the runtime calls per request or event (request handlers, repeating timers,
// event handlers, queue consumers, stream methods, decorated controller methods, framework interfaces), and which
// callbacks are start-up code instead. The walker asks here at each call, each `new`, each function and each
// class member; what is marked becomes the start of a hot path in hot-paths.ts.
// Kept apart from the walk so the patterns that make an entry can be read (and extended) in one place.
import { ts } from './typescript';
import { definedInProject, NO_BINDING, packageExport, type Binding } from './bindings';
import { SERVER_FACTORIES } from './blocking-apis';
import { calleeLabel, isCallable, matchesCalleePattern, valuesOfName } from './call-shapes';
import {
  ADMIN_EVENT,
  ADMIN_GUARD,
  ADMIN_PATH,
  AUTH_LIBRARY_PACKAGES,
  CONNECTION_OPTION_KEYS,
  OPTION_MERGE_CALLS,
  PROTOCOL_SERVER_OPTIONS,
  AUTH_OPTION_GROUPS,
  AUTH_STRATEGY_PACKAGE,
  BASE_CLASS_ENTRY_METHODS,
  DECORATOR_ENTRIES,
  DEVELOPMENT_CONDITION,
  EDITOR_COMMAND_METHODS,
  EDITOR_EVENT_METHOD,
  EDITOR_PROVIDER_METHOD,
  DEVELOPMENT_MIDDLEWARE,
  PRODUCTION_CONDITION,
  EMITTER_METHODS,
  ENTRY_CLASSES,
  GATEWAY_HOOKS,
  GRAPHQL_ROOT_TYPES,
  GRAPHQL_TYPE_NAME,
  HTTP_METHODS,
  IMPLEMENTED_ENTRY_METHODS,
  ONCE_EMITTER_METHODS,
  PARENT_MESSAGE_EVENT,
  PROMISE_CALLBACK_METHODS,
  QUEUE_CONSUMER_CALLS,
  QUEUE_OBJECT_HANDLER_KEYS,
  REPEATING_TIMERS,
  REQUEST_PAIR_TYPE_NAMES,
  REQUEST_PARAM_NAMES,
  REQUEST_TYPE_NAMES,
  RESPONSE_PARAM_NAMES,
  ROUTE_METHODS,
  ROUTE_OBJECT_HANDLER_KEYS,
  ROUTER_RECEIVER,
  RPC_ADMIN_PROCEDURE,
  RPC_MIDDLEWARE_METHOD,
  RPC_PROCEDURE_METHODS,
  RPC_PROCEDURE_RECEIVER,
  RPC_ROOT,
  SOCKET_PARAM_NAMES,
  STREAM_CLASSES,
  STREAM_METHOD_KEYS,
  SYNC_CALLBACK_METHODS,
  SYNC_ONLY_PROCESS_EVENTS,
  TIMER_FUNCTIONS,
} from './entry-patterns';
import {
  CLI_ACTION_METHODS, LIFECYCLE_EVENT_NAME, LIFECYCLE_METHODS, LISTEN_METHODS, MIGRATION_INTERFACES, ONE_TIME_EVENTS, PLUGIN_REGISTRATION_METHODS,
  PLUGIN_WRAPPERS, type StartupKind,
} from './startup-patterns';
import type { FactWalker, WalkCtx } from './fact-walker';
import { conciseProjectCall, noteDroppedParameter } from './detectors/floating-promise';
import { routeLabel } from './route-mounts';
import type { EdgeFact, EntryParam, FunctionFact } from './file-facts';
import type { EntryKind, Severity } from './findings';
import { calleeName, hasModifier, literalText, propertyKey, rootName, skipOuter, typeRefName, type FunctionLike } from './syntax';

/** How a function handed to this call runs: right away (forEach, listen at start-up, top-level .then) or later. */
export function argumentEdgeKind(call: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): EdgeFact['kind'] {
  const callee = skipOuter(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method && SYNC_CALLBACK_METHODS.has(method)) return 'call';
  if (!ctx.fn && method && (LISTEN_METHODS.has(method) || PROMISE_CALLBACK_METHODS.has(method))) return 'call';
  return 'reference';
}

/**
 * Marks what a call hands to the runtime: entries (routes, servers, repeating timers, event handlers, queue
 * consumers, custom callees) and start-up callbacks (listen, plugin registration, shutdown and one-time events,
 * CLI actions, top-level timeouts). Callbacks that run as part of their caller (a promise callback, a timeout or
 * a once-listener set up inside a function) are neither: they are hot exactly when their caller is.
 */
export function registerEntries(w: FactWalker, call: ts.CallExpression, callee: ts.Expression, target: Binding | undefined, ctx: WalkCtx): void {
  const args = call.arguments;
  const fnArgs = (from = 0): ts.Expression[] => functionArgs(w, args.slice(from), ctx);
  const mark = (kind: EntryKind, label?: string, from = 0, rare = false): void => { for (const a of fnArgs(from)) markEntry(w, a, kind, ctx, label, rare); };
  const startup = (kind: StartupKind, from = 0): void => { for (const a of fnArgs(from)) markStartup(w, a, kind, ctx); };
  const timer = timerName(callee, target, ctx);

  if (target?.kind === 'node-member' && SERVER_FACTORIES.some((f) => f.module === target.module && f.name === target.name)) return mark('request-handler');
  // `NextAuth(...)`, `CredentialsProvider(...)`, `GitHub(...)`: capitalised, unlike the client's `signIn`, `useSession`.
  const authLibrary = packageExport(target ?? NO_BINDING)?.module;
  if (authLibrary !== undefined && AUTH_LIBRARY_PACKAGES.has(authLibrary) && /^[A-Z]/.test(calleeName(skipOuter(callee)))) return markAuthOptions(w, call, callee, ctx);
  if (timer !== undefined) {
    // A timer drops what its callback returns, as an emitter does: a rejection in an async callback is unhandled.
    for (const a of fnArgs()) checkAsyncCallback(w, a, ctx, TIMER_DROPS);
    if (REPEATING_TIMERS.has(timer)) return mark('timer', timer);
    if (!ctx.fn) return startup('top-level-timer');
    // setTimeout(tick) inside tick (or inside what tick calls): a self-rescheduling loop, decided when linking.
    for (const a of fnArgs()) {
      const b = w.valueBinding(a, ctx);
      if (b && isCallable(b)) w.facts.timerRefs.push({ target: b, from: ctx.fn, line: w.lineOf(a.getStart(w.sf)) });
    }
    return;
  }

  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (w.importsEditorApi && markEditorEntry(w, method, args, ctx)) return;
    if (EMITTER_METHODS.has(method)) {
      const events = args[0] ? eventNames(args[0]) : undefined;
      const receiver = w.valueBinding(callee.expression, ctx);
      const isProcess = receiver?.kind === 'global' && receiver.name === 'process';
      // ['SIGTERM', 'SIGINT'].forEach((evt) => process.on(evt, stop)): one-time events, named one by one.
      if (events && events.length > 1 && events.every((e) => ONE_TIME_EVENTS.has(e))) return startup(isProcess ? 'shutdown-handler' : 'one-time-event', 1);
      const event = events?.length === 1 ? events[0] : undefined;
      if (isProcess && event && SYNC_ONLY_PROCESS_EVENTS.has(event)) {
        for (const a of fnArgs(1)) w.entryArgs.add(a); // runs once, synchronously, after the loop stopped
        return;
      }
      if (isProcess && event === PARENT_MESSAGE_EVENT && !ctx.fn) w.facts.listensToParent = true;
      if (isProcess && event === 'unhandledRejection' && args[1] !== undefined && !endsProcess(w, args[1])) {
        w.facts.logsUnhandledRejections ??= w.lineOf(call.getStart(w.sf));
      }
      if (ONCE_EMITTER_METHODS.has(method)) return;
      if (event !== undefined && ONE_TIME_EVENTS.has(event)) return startup(isProcess ? 'shutdown-handler' : 'one-time-event', 1);
      if (event === 'request') return mark('request-handler', `'request' event`, 1);
      // An admin event, or a listener registered past a privilege guard (`if (!isAdmin) return; socket.on(...)`).
      const rare = (event !== undefined && ADMIN_EVENT.test(event)) || ctx.privilegedAt !== undefined;
      const eventSlot = event === undefined && args[0] && ctx.fn !== undefined ? w.parameterSlot(args[0], ctx) : undefined;
      const named = eventSlot && eventSlot.fn === ctx.fn ? { event: eventSlot.index } : undefined;
      for (const a of fnArgs(1)) markEntry(w, a, 'event-handler', ctx, event !== undefined ? `on '${event}'` : undefined, rare, named);
      // An emitter whose listeners the file takes out and calls itself (`for (const l of this.filterEmitter.listeners(e))
      // result = await l(result)`, Directus's filters) may wait for them: what they return is not known to be dropped.
      if (listenersReadIn(w.sf).has(callee.expression.getText(w.sf))) return;
      for (const a of fnArgs(1)) checkAsyncCallback(w, a, ctx, EMITTER_DROPS);
      for (const a of args.slice(1)) checkReturnedListener(w, a, ctx);
      // `onEvent(name, listener) { return this.eventStore.on(name, listener); }`: what its callers pass is dropped too.
      for (const a of args.slice(1)) if (ts.isIdentifier(skipOuter(a))) noteDroppedParameter(w, skipOuter(a), call, ctx, 'emitter');
      return;
    }
    if (PROMISE_CALLBACK_METHODS.has(method)) return;
    // NestJS's `app.setGlobalPrefix('api', { exclude })`: the exclusions are not read.
    if (method === 'setGlobalPrefix' && args[0] && literalText(skipOuter(args[0])) !== undefined) w.facts.globalPrefix = literalText(skipOuter(args[0]));
    // `app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' })`: controller routes answer under /v1.
    const versioning = method === 'enableVersioning' && args[0] ? skipOuter(args[0]) : undefined;
    if (versioning && ts.isObjectLiteralExpression(versioning) && /\bURI$/.test(propertyValue(versioning, 'type')?.getText(w.sf) ?? '')) {
      const defaultVersion = versionOf(propertyValue(versioning, 'defaultVersion'));
      // `prefix: false` drops the `v` (`/1/...`); a string replaces it.
      const prefix = propertyValue(versioning, 'prefix');
      const segment = prefix?.kind === ts.SyntaxKind.FalseKeyword ? '' : (prefix && literalText(prefix)) ?? 'v';
      w.facts.uriVersioning = { ...(defaultVersion !== undefined && { defaultVersion }), prefix: segment };
    }
    if (LISTEN_METHODS.has(method) || method === 'attach') registerConnectionOptions(w, args, ctx);
    if (LISTEN_METHODS.has(method)) return startup('listen-callback');
    // `fastify.register(plugin)`, but not a `register` the project defines (`WorkerManager.register(queue, processor)`).
    if (PLUGIN_REGISTRATION_METHODS.has(method) && !definedInProject(target)) return startup('plugin');
    if (CLI_ACTION_METHODS.has(method)) return startup('cli-command');
    if (method === 'createServer' || method === 'createSecureServer') return mark('request-handler');
    if (RPC_PROCEDURE_METHODS.has(method) && chainNames(callee.expression, RPC_PROCEDURE_RECEIVER)) {
      return mark('request-handler', rpcLabel(call, method), 0, chainNames(callee.expression, RPC_ADMIN_PROCEDURE));
    }
    // `t.middleware(async ({ next }) => ...)` with `const t = initTRPC.create()`: a middleware procedures `.use`.
    if (method === RPC_MIDDLEWARE_METHOD && ts.isIdentifier(callee.expression)) {
      const made = w.initializerOf(callee.expression.text, ctx);
      if (made && RPC_ROOT.test(made.getText(w.sf))) return mark('request-handler', 'tRPC middleware');
    }
    const queue = QUEUE_CONSUMER_CALLS.find((q) => q.method === method &&
      (!q.receiver || q.receiver.test(rootName(callee.expression) ?? '') || (q.jobParam === true && takesJob(args))));
    if (queue) {
      mark('queue-consumer', queue.label);
      for (const a of args) if (ts.isObjectLiteralExpression(a)) markObjectHandlers(w, a, QUEUE_OBJECT_HANDLER_KEYS, 'queue-consumer', ctx, queue.label);
      return;
    }
    const route = routeOf(callee, args);
    // Routes registered only in development or for end-to-end tests (`if (isDev) app.get('/_e2e/...')`) never serve production.
    if (route !== undefined && (registeredForDevelopment(call) || args.some((a) => DEVELOPMENT_MIDDLEWARE.test(a.getText())))) return startup('development-only');
    // A setup wizard's temporary server: the handler closes the server it answers on, so it serves once.
    if (route !== undefined && args.some(closesItsServer)) return startup('one-shot-route');
    if (route !== undefined) {
      const router = routerVariable(w, callee.expression, ctx);
      if (method === 'use') noteMount(w, args, ctx, router);
      const admin = isAdminOnly(w, args, ctx);
      const label = routeLabel([route], admin) || undefined;
      const wrapped = HTTP_METHODS.has(method.toUpperCase()) ? wrapperRoute(w, method.toUpperCase(), args[0], ctx) : undefined;
      for (const a of fnArgs()) markEntry(w, a, 'request-handler', ctx, label, admin, { ...(wrapped && { route: wrapped }), ...(router !== undefined && { router }) });
      // `router.post('/', validate, chatController)` with `const chatController = require('./controllers/chat')`: the
      // module's `module.exports` function is the handler (a module exporting a router resolves to no function).
      if (HTTP_METHODS.has(method.toUpperCase())) for (const a of args) markModuleHandler(w, a, label, admin, ctx);
      if (method === 'route') for (const a of args) if (ts.isObjectLiteralExpression(a)) markObjectHandlers(w, a, ROUTE_OBJECT_HANDLER_KEYS, 'request-handler', ctx, routeObjectLabel(a));
      return;
    }
  } else if (ts.isElementAccessExpression(callee)) {
    // `router[verb](name, middlewares, tryRoute(controller))` inside a route wrapper: verb and path are its parameters.
    const receiver = rootName(callee.expression);
    const verb = literalText(skipOuter(callee.argumentExpression));
    const wrapped = receiver !== undefined && ROUTER_RECEIVER.test(receiver) && args.length > 1
      ? wrapperRoute(w, verb !== undefined && HTTP_METHODS.has(verb.toUpperCase()) ? verb.toUpperCase() : callee.argumentExpression, args[0], ctx) : undefined;
    if (wrapped) {
      const admin = isAdminOnly(w, args, ctx);
      for (const a of fnArgs(1)) markEntry(w, a, 'request-handler', ctx, routeLabel([], admin) || undefined, admin, { route: wrapped });
      return;
    }
  } else if (ts.isIdentifier(callee) && PLUGIN_WRAPPERS.has(callee.text)) {
    return startup('plugin');
  }
  if (w.opts.extraEntryCallees.length > 0) {
    const text = callee.getText(w.sf);
    if (w.opts.extraEntryCallees.some((p) => matchesCalleePattern(text, p))) {
      mark('custom', text);
      // `aibitat.function({ name, handler })`: the functions of an object handed over are what the callee runs.
      for (const a of args) {
        const obj = skipOuter(a);
        if (ts.isObjectLiteralExpression(obj)) for (const p of obj.properties) if (holdsFunction(w, p, ctx)) markObjectMember(w, p, 'custom', ctx, text);
      }
    }
  }
}

/** VS Code's commands, event subscriptions and provider objects (EDITOR_* in entry-patterns.ts). */
function markEditorEntry(w: FactWalker, method: string, args: ts.NodeArray<ts.Expression>, ctx: WalkCtx): boolean {
  if (EDITOR_COMMAND_METHODS.has(method)) {
    const id = args[0] ? literalText(args[0]) : undefined;
    for (const a of functionArgs(w, args.slice(1), ctx)) markEntry(w, a, 'extension-host', ctx, id !== undefined ? `command '${id}'` : 'command');
    return true;
  }
  if (EDITOR_EVENT_METHOD.test(method)) {
    for (const a of functionArgs(w, args, ctx)) markEntry(w, a, 'extension-host', ctx, method);
    return true;
  }
  if (EDITOR_PROVIDER_METHOD.test(method)) {
    for (const a of args) {
      const obj = skipOuter(a);
      if (!ts.isObjectLiteralExpression(obj)) continue;
      const keys = new Set(obj.properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : '')).filter(Boolean));
      markObjectHandlers(w, obj, keys, 'extension-host', ctx, method);
    }
    return true;
  }
  return false;
}

/** Whether a receiver chain (`t.procedure.use(auth).input(schema)`) has a name matching `pattern` in it. */
function chainNames(e: ts.Expression, pattern: RegExp): boolean {
  for (let x = skipOuter(e); ;) {
    if (ts.isIdentifier(x)) return pattern.test(x.text);
    if (ts.isPropertyAccessExpression(x)) {
      if (pattern.test(x.name.text)) return true;
      x = skipOuter(x.expression);
    } else if (ts.isCallExpression(x)) x = skipOuter(x.expression);
    else return false;
  }
}

/** `create: tagsProcedure.input(s).mutation(fn)` inside `router({...})`: `tRPC mutation create`. */
function rpcLabel(call: ts.CallExpression, method: string): string {
  let top: ts.Node = call;
  while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent)) top = top.parent.parent;
  const name = ts.isPropertyAssignment(top.parent) && top.parent.initializer === top ? top.parent.name : undefined;
  const key = name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
  return ['tRPC', method === 'use' ? 'middleware' : method, key].filter(Boolean).join(' ');
}

/**
 * The event names an emitter call's first argument can be: a literal, or the variable of a loop over a literal list
 * (`for (const sig of ['SIGINT', 'SIGTERM'])`, `['SIGINT', 'SIGTERM'].forEach((sig) => ...)`).
 */
function eventNames(arg: ts.Expression): string[] | undefined {
  const x = skipOuter(arg);
  const text = literalText(x);
  if (text !== undefined) return [text];
  if (!ts.isIdentifier(x)) return undefined;
  for (let n: ts.Node | undefined = x.parent; n; n = n.parent) {
    let list: ts.Expression | undefined;
    let variable: ts.BindingName | undefined;
    if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer)) {
      list = n.expression;
      variable = n.initializer.declarations[0]?.name;
    } else if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isCallExpression(n.parent) && n.parent.arguments[0] === n) {
      const c = skipOuter(n.parent.expression);
      if (ts.isPropertyAccessExpression(c) && c.name.text === 'forEach') list = c.expression;
      variable = n.parameters[0]?.name;
    }
    if (!variable || !ts.isIdentifier(variable) || variable.text !== x.text) continue;
    const items = list && skipOuter(list);
    if (!items || !ts.isArrayLiteralExpression(items)) return undefined;
    const names = items.elements.map((e) => literalText(skipOuter(e)));
    return names.every((t): t is string => t !== undefined) ? names : undefined;
  }
  return undefined;
}

/** `emails.process(async (job) => ...)`: a callback whose first parameter is a job. */
function takesJob(args: ts.NodeArray<ts.Expression>): boolean {
  return args.some((a) => {
    const x = skipOuter(a);
    const first = (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) ? x.parameters[0] : undefined;
    return first !== undefined && ts.isIdentifier(first.name) && /^job$/i.test(first.name.text);
  });
}

/** `setInterval`, `setTimeout`... called as a global, from `node:timers`, or `process.nextTick`. */
function timerName(callee: ts.Expression, target: Binding | undefined, ctx: WalkCtx): string | undefined {
  if (target?.kind === 'node-member' && target.module === 'timers' && TIMER_FUNCTIONS.has(target.name)) return target.name;
  // The global, or one imported from a package under the same name (`require('unlimited-timeout')`).
  const bound = ts.isIdentifier(callee) ? ctx.scope.lookup(callee.text) : undefined;
  if (ts.isIdentifier(callee) && TIMER_FUNCTIONS.has(callee.text) && (!bound || bound.kind === 'opaque' || bound.kind === 'package-member')) return callee.text;
  if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'process' && target.name === 'nextTick') return 'nextTick';
  // `this._t.setTimeout(...)` after `this._t = { setTimeout, clearTimeout }`: the global, held for tests to replace.
  if (target?.kind === 'global' && TIMER_FUNCTIONS.has(target.name)) return target.name;
  return undefined;
}

/**
 * The route a call registers, as its chain label (`POST /api/chat`, `middleware`), '' for a route without a
 * readable path, or undefined when the call is not a route registration: `app.get('/x', h)`, `router.post(
 * 'documents.list', auth(), h)` (a router by name), `this.route('GET', '/classes', h)` (method and path literals).
 */
function routeOf(callee: ts.PropertyAccessExpression, args: ts.NodeArray<ts.Expression>): string | undefined {
  const method = callee.name.text;
  if (!ROUTE_METHODS.has(method) || args.length === 0) return undefined;
  const text = (e: ts.Expression | undefined): string | undefined =>
    e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
  const isPath = (e: ts.Expression | undefined): boolean => {
    // `/api/${version}/chat` or `${prefix}/chat`, not a key like `tid:${tid}:posters` (NodeBB's `db.delete(key, cb)`).
    if (e && ts.isTemplateExpression(e)) return e.head.text === '' || e.head.text.startsWith('/');
    const t = text(e);
    return t !== undefined && (t.startsWith('/') || t === '*');
  };
  const verb = text(args[0])?.toUpperCase();
  if (verb !== undefined && HTTP_METHODS.has(verb) && isPath(args[1])) return `${verb} ${text(args[1]) ?? args[1].getText()}`;
  // `this.route({ method: 'post', path: '/password', handler: this.changePassword })` on any receiver (a project's own
  // Controller base class, hapi, fastify): an object that names an HTTP verb and a path is a route whoever takes it.
  if (method === 'route' && ts.isObjectLiteralExpression(args[0])) {
    const options = args[0];
    const optionVerb = stringProperty(options, 'method')?.toUpperCase();
    if (optionVerb !== undefined && HTTP_METHODS.has(optionVerb) && isPath(routeObjectPath(options))) return routeObjectLabel(options);
  }
  const receiver = rootName(callee.expression);
  // Express takes an array of paths (`router.post(['/', '/:id'], handler)`): the chain names the first.
  const first = ts.isArrayLiteralExpression(args[0]) ? args[0].elements.find(isPath) : args[0];
  if (!isPath(first) && !(receiver !== undefined && ROUTER_RECEIVER.test(receiver))) return undefined;
  const where = first && (text(first) ?? (ts.isTemplateExpression(first) ? first.getText() : undefined));
  const label = method === 'use' ? 'middleware' : HTTP_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method === 'all' ? 'ALL' : '';
  return [label, where].filter(Boolean).join(' ');
}

/** `fastify.route({ method: 'GET', url: '/x', handler })`: `GET /x`. */
function routeObjectLabel(obj: ts.ObjectLiteralExpression): string | undefined {
  const path = routeObjectPath(obj);
  const label = [stringProperty(obj, 'method')?.toUpperCase(), path && ts.isTemplateExpression(path) ? path.getText() : path && literalText(path)]
    .filter(Boolean).join(' ');
  return label || undefined;
}

/** The `url` or `path` a route object gives, when written in the code. */
function routeObjectPath(obj: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const name of ['url', 'path']) {
    const value = propertyValue(obj, name);
    if (value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isTemplateExpression(value))) return value;
  }
  return undefined;
}

function stringProperty(obj: ts.ObjectLiteralExpression, name: string): string | undefined {
  const value = propertyValue(obj, name);
  return value && literalText(value);
}

/** What `name: value` in an object literal holds. */
function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const p = obj.properties.find((q) => ts.isPropertyAssignment(q) && ts.isIdentifier(q.name) && q.name.text === name);
  return p && ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
}

/**
 * `io.listen(server, { allowRequest })`, `new WebSocketServer({ verifyClient })`: a server's options whose functions it
 * calls for every connection or handshake (CONNECTION_OPTION_KEYS), in an object written in place or named.
 */
export function registerConnectionOptions(w: FactWalker, args: readonly ts.Expression[], ctx: WalkCtx): void {
  const labels = new Map([...CONNECTION_OPTION_KEYS].map((key) => [key, `${key} (per connection)`]));
  for (const a of args) {
    const x = skipOuter(a);
    const named = ts.isIdentifier(x) ? w.valueBinding(x, ctx) : undefined;
    const obj = ts.isObjectLiteralExpression(x) ? x : named?.kind === 'object' ? named : undefined;
    if (obj) markOptionFunctions(w, obj, labels, ctx);
  }
}

type OptionObject = ts.ObjectLiteralExpression | Extract<Binding, { kind: 'object' }>;

/** The functions of an options object under the keys `labels` names, as request handlers with those labels. */
function markOptionFunctions(w: FactWalker, obj: OptionObject, labels: ReadonlyMap<string, string>, ctx: WalkCtx): void {
  if (!('properties' in obj)) {
    for (const [key, label] of labels) {
      const member = obj.members.get(key);
      if (member && isCallable(member)) w.facts.entryRefs.push({ target: member, kind: 'request-handler', label });
    }
    return;
  }
  for (const p of obj.properties) {
    const key = propertyKey(p);
    const label = key === undefined ? undefined : labels.get(key);
    if (label) markObjectMember(w, p, 'request-handler', ctx, label);
  }
}

/**
 * `new SMTPServer({ onData, onAuth })`: a protocol server's options whose functions it calls per connection, command or
 * message (PROTOCOL_SERVER_OPTIONS), written in place, named, or merged into one (`_.extend({}, config, { onData })`).
 */
export function registerProtocolServerOptions(w: FactWalker, e: ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  const pkg = packageExport(target ?? NO_BINDING);
  const server = pkg && PROTOCOL_SERVER_OPTIONS.find((s) => s.module === pkg.module && s.className === pkg.name);
  const options = e.arguments?.[0];
  if (!server || !options) return;
  const labels = new Map([...server.keys].map(([key, what]) => [key, `${key} (per ${what})`]));
  for (const obj of optionObjects(w, options, ctx)) markOptionFunctions(w, obj, labels, ctx);
}

/**
 * The objects an options argument is made of: itself, the object its name holds (tracked by the walker) or what it was
 * given (a merge call), the objects a merge call merges.
 */
function optionObjects(w: FactWalker, arg: ts.Expression, ctx: WalkCtx, depth = 0): OptionObject[] {
  const x = skipOuter(arg);
  if (ts.isObjectLiteralExpression(x)) return [x];
  if (depth > 2) return [];
  if (ts.isIdentifier(x)) {
    const named = w.valueBinding(x, ctx);
    if (named?.kind === 'object') return [named];
    const init = w.initializerOf(x.text, ctx);
    return init ? optionObjects(w, init, ctx, depth + 1) : [];
  }
  if (ts.isCallExpression(x) && OPTION_MERGE_CALLS.has(x.expression.getText())) return x.arguments.flatMap((a) => optionObjects(w, a, ctx, depth + 1));
  return [];
}

/** `new Transform({ transform(chunk, enc, cb) { ... } })`: the stream calls these methods for each chunk. */
export function registerStreamOptions(w: FactWalker, e: ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  if (target?.kind === 'node-member' && target.module === 'stream' && STREAM_CLASSES.has(target.name)) {
    const opts = e.arguments?.[0];
    if (opts && ts.isObjectLiteralExpression(opts)) {
      for (const p of opts.properties) {
        const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
        if (!key || !STREAM_METHOD_KEYS.has(key)) continue;
        if (ts.isMethodDeclaration(p)) markEntry(w, p, 'stream-handler', ctx);
        else if (ts.isPropertyAssignment(p)) markEntry(w, p.initializer, 'stream-handler', ctx);
      }
    }
  }
}

/**
 * A GraphQL resolver map, `{ Query: { pages() {} }, Mutation: {...}, PageQuery: { list() {} } }`: every function of
 * every type is a resolver the server calls per request. Only an object whose keys all look like type names and one of
 * which is a root type, so a config object that happens to hold a `Query` key is not taken for one.
 */
export function registerResolverMap(w: FactWalker, obj: ts.ObjectLiteralExpression, ctx: WalkCtx): void {
  const types = new Map<string, ts.ObjectLiteralElementLike>();
  for (const p of obj.properties) {
    const key = propertyKey(p);
    if (key === undefined || !GRAPHQL_TYPE_NAME.test(key)) return;
    types.set(key, p);
  }
  if (![...types.keys()].some((k) => GRAPHQL_ROOT_TYPES.has(k))) return;
  for (const [type, p] of types) {
    const value = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (!value) continue;
    if (ts.isObjectLiteralExpression(value)) {
      for (const field of value.properties) {
        const name = propertyKey(field);
        if (name === undefined) continue;
        const fieldValue = ts.isPropertyAssignment(field) ? skipOuter(field.initializer) : undefined;
        // Subscription fields are `{ subscribe, resolve }` objects: both run per subscription event.
        const handlers = fieldValue && ts.isObjectLiteralExpression(fieldValue) ? fieldValue.properties.filter((q) => propertyKey(q) !== undefined) : [field];
        for (const h of handlers) markObjectMember(w, h, 'request-handler', ctx, `GraphQL ${type}.${name}`);
      }
    } else if (ts.isIdentifier(value)) {
      // `const Query = { ... }; export const resolvers = { Query, Mutation }`: the members of the object the name holds.
      const b = w.valueBinding(value, ctx);
      if (b?.kind !== 'object') continue;
      for (const [name, member] of b.members) {
        if (isCallable(member)) w.facts.entryRefs.push({ target: member, kind: 'request-handler', label: `GraphQL ${type}.${name}` });
      }
    }
  }
}

/** `handler() {}`, `handler: async () => ...`, `handler: run` with `run` a function: a member an object hands over to be run. */
function holdsFunction(w: FactWalker, p: ts.ObjectLiteralElementLike, ctx: WalkCtx): boolean {
  if (ts.isMethodDeclaration(p)) return true;
  if (ts.isPropertyAssignment(p)) return isFunctionValue(w, p.initializer, ctx);
  return ts.isShorthandPropertyAssignment(p) && isFunctionValue(w, p.name, ctx);
}

/** A function-valued member of an object literal as an entry: a method, `key: fn`, or `key` standing for a function. */
export function markObjectMember(w: FactWalker, p: ts.ObjectLiteralElementLike, kind: EntryKind, ctx: WalkCtx, label?: string): void {
  if (ts.isMethodDeclaration(p)) markEntry(w, p, kind, ctx, label);
  else if (ts.isPropertyAssignment(p)) for (const f of functionArgs(w, [p.initializer], ctx)) markEntry(w, f, kind, ctx, label);
  else if (ts.isShorthandPropertyAssignment(p)) markEntry(w, p.name, kind, ctx, label);
}

function markObjectHandlers(w: FactWalker, obj: ts.ObjectLiteralExpression, keys: ReadonlySet<string>, kind: EntryKind, ctx: WalkCtx, label?: string): void {
  for (const p of obj.properties) {
    const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
    if (key && keys.has(key)) markObjectMember(w, p, kind, ctx, label);
  }
}

/**
 * Function arguments, including those in a middleware array (`app.post(path, [auth, validate], handler)`), those
 * wrapped by a higher-order helper (`asyncHandler(async (req, res) => ...)`, `trace(opts)(async job => ...)`), and
 * the enclosing function's parameters (`register(queue, processor) { new Worker(queue, wrap(processor)) }`): what its
 * callers pass there is the entry (FileFacts.entryParams).
 */
export function functionArgs(w: FactWalker, args: readonly ts.Expression[], ctx: WalkCtx): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const a of args) {
    const x = skipOuter(a);
    const handed = (e: ts.Expression): boolean => isFunctionValue(w, e, ctx) || isOwnParameter(w, e, ctx) || isParameterMember(w, e, ctx);
    if (ts.isArrayLiteralExpression(x)) out.push(...x.elements.filter(handed));
    else if (isOwnParameter(w, a, ctx) || isParameterMember(w, a, ctx)) out.push(a);
    else if (isFunctionValue(w, a, ctx)) {
      out.push(a);
      // `metricWrapper(processor, queue)` returns a function of its own, which runs the parameter it is given.
      const wrapped = wrappedFunction(w, x, ctx);
      if (wrapped && isOwnParameter(w, wrapped, ctx)) out.push(wrapped);
    } else {
      const wrapped = wrappedFunction(w, x, ctx);
      if (wrapped) out.push(wrapped);
      // `makeHandler(opts)` given no function: what it returns is the handler (markEntry).
      else if (w.madeByProjectFunction(x, ctx)) out.push(a);
      // `tryRoute(controller, (err, res) => ...)`: the literal found first is the error handler; the enclosing
      // function's parameter beside it is the handler its callers give.
      if (wrapped && ts.isCallExpression(x) && !isOwnParameter(w, wrapped, ctx)) out.push(...x.arguments.filter((b) => isOwnParameter(w, b, ctx)));
    }
  }
  return out;
}

/**
 * The function a wrapper call is given: `wrap(fn)`, `wrap(opts)(fn)`, up to three calls deep. A function literal
 * first; else the enclosing function's own parameter (`metricWrapper(processor, queueName)`); else a function of the
 * project's named there (`withTracing('embed', withEventLog('embed', runEmbeddings))`).
 */
function wrappedFunction(w: FactWalker, e: ts.Expression, ctx: WalkCtx, depth = 0): ts.Expression | undefined {
  if (!ts.isCallExpression(e) || depth > 2) return undefined;
  for (const a of e.arguments) {
    const x = skipOuter(a);
    if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) return x;
  }
  for (const a of e.arguments) {
    const inner = wrappedFunction(w, skipOuter(a), ctx, depth + 1);
    if (inner) return inner;
  }
  return e.arguments.find((a) => isOwnParameter(w, a, ctx)) ??
    e.arguments.find((a) => ts.isIdentifier(skipOuter(a)) && definedInProject(w.valueBinding(skipOuter(a), ctx))) ??
    e.arguments.find((a) => isParameterMember(w, a, ctx));
}

/** Who drops what a callback returns, in the words of the findings, and at which severity they are reported. */
interface CallbackDropper {
  /** `this async listener returns a promise the emitter drops`. */
  inline: string;
  /** `this.handleMessage is an async listener: the emitter drops the promise it returns`, after the callback's name. */
  named: string;
  /** Who drops what `() => this.refresh(key)` returns: `the emitter`, `the timer`. */
  who: string;
  /** Where to catch. */
  fix: string;
  severity?: Severity;
}

/** The receivers, as written (`this.filterEmitter`), whose `listeners(event)` or `rawListeners(event)` a file reads. */
function listenersReadIn(sf: ts.SourceFile): ReadonlySet<string> {
  let found = LISTENERS_READ.get(sf);
  if (found) return found;
  const receivers = new Set<string>();
  // A cheap test first: most files never read an emitter's listeners.
  if (/\.(raw)?[lL]isteners\s*\(/.test(sf.text)) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LISTENER_READERS.has(n.expression.name.text)) {
        receivers.add(n.expression.expression.getText(sf));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  LISTENERS_READ.set(sf, (found = receivers));
  return found;
}
const LISTENERS_READ = new WeakMap<ts.SourceFile, ReadonlySet<string>>();
const LISTENER_READERS: ReadonlySet<string> = new Set(['listeners', 'rawListeners']);

/**
 * `emitter.on('event', async (e) => { ... })`: an emitter calls its listeners and drops what they return, so a
 * rejection inside an async listener is unhandled (it can end the process). A note: of 22 judged on the precision
 * projects, 3 were worth fixing and 15 minor (rare events, unlikely failures, apps that log unhandled rejections).
 */
const EMITTER_DROPS: CallbackDropper = {
  inline: 'this async listener returns a promise the emitter drops',
  named: 'is an async listener: the emitter drops the promise it returns',
  who: 'the emitter',
  fix: 'catch inside the listener (try/catch around its body)',
  severity: 'info',
};

/**
 * `setTimeout(async () => { await db.incr(...) }, 5000)`: a timer drops what its callback returns too, so a rejection
 * in the callback is unhandled; on a repeating timer, once per tick.
 */
const TIMER_DROPS: CallbackDropper = {
  inline: 'this async callback returns a promise the timer drops',
  named: 'is an async timer callback: the timer drops the promise it returns',
  who: 'the timer',
  fix: 'catch inside the callback (try/catch around its body)',
};

/** Per walker: the named async callbacks already reported as handed to a dropper (checkAsyncCallback). */
const reportedCallbacks = new WeakMap<FactWalker, Set<string>>();

/**
 * An async function handed to a caller that drops its promise (an emitter, a timer). Reported on the callback, unless
 * nothing in it can fail (a whole-body try/catch, or only calls that cannot fail).
 */
function checkAsyncCallback(w: FactWalker, arg: ts.Expression, ctx: WalkCtx, dropper: CallbackDropper): void {
  const fn = skipOuter(arg);
  const severity = dropper.severity !== undefined ? { severity: dropper.severity } : {};
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (!hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return checkReturnedPromise(w, fn, ctx, dropper);
    const id = w.fnFact(fn).id;
    w.candidate({ ...ctx, fn: id, once: false }, 'no-floating-promise', fn,
      `${dropper.inline} {where}: a rejection inside it is unhandled; ${dropper.fix}`,
      { unlessCannotFail: { kind: 'fn', id }, ...severity });
    return;
  }
  // `sub.on('message', this.handleMessage)` with `handleMessage = async (...) => {...}` in the same file: reported on the
  // registration, where the callback is handed over. Callbacks from other files are not examined.
  const target = w.valueBinding(fn, ctx);
  if (target?.kind !== 'fn' || !w.fnById.get(target.id)?.isAsync) return;
  // Once per callback: `setTimeout(check, 5000)` both to start a loop and inside `check` to go on is one problem.
  const reported = reportedCallbacks.get(w) ?? new Set<string>();
  reportedCallbacks.set(w, reported);
  if (reported.has(target.id)) return;
  reported.add(target.id);
  w.candidate({ ...ctx, fn: target.id, once: false }, 'no-floating-promise', fn,
    `${fn.getText(w.sf)} ${dropper.named} {where}, so a rejection inside it is unhandled; ${dropper.fix}`,
    { unlessCannotFail: target, ...severity });
}

/**
 * `setTimeout(() => this._get(sid), ms)`: an arrow whose body is a call of a project function returns that call's
 * promise, and the timer (or emitter) drops it. Reported on the callback when the function returns a promise that can
 * reject (resolved when the files are linked), where the callback runs.
 */
function checkReturnedPromise(w: FactWalker, fn: ts.ArrowFunction | ts.FunctionExpression, ctx: WalkCtx, dropper: CallbackDropper): void {
  const made = conciseProjectCall(w, fn, ctx);
  if (!made) return;
  const severity = dropper.severity !== undefined ? { severity: dropper.severity } : {};
  w.candidate({ ...ctx, fn: w.fnFact(fn).id, once: false }, 'no-floating-promise', fn,
    `this callback returns the promise of ${calleeLabel(made.callee, w.sf)}() and ${dropper.who} drops it {where}: a rejection inside it is unhandled; catch it there (.catch(...)) or inside that function`,
    { requiresPromiseTarget: made.target, ...severity });
}

/**
 * `provider.addListener('authorization.success', createListener(provider))`, or `emitter.on(name, handler)` after
 * `const handler = this.handleEvent(name)`: the async function a project factory returns, from any file. Reported on
 * the registration, when that function can fail, at the rule's severity for listeners, by the listener's reach.
 */
function checkReturnedListener(w: FactWalker, arg: ts.Expression, ctx: WalkCtx): void {
  const factory = w.madeByProjectFunction(arg, ctx);
  if (!factory) return;
  const x = skipOuter(arg);
  const made = ts.isCallExpression(x) ? `${skipOuter(x.expression).getText(w.sf)}() returns` : `${x.getText(w.sf)} holds what a project function returned,`;
  w.candidate(ctx, 'no-floating-promise', x,
    `${made} an async listener: the emitter drops the promise it returns {where}, so a rejection inside it is unhandled; catch inside the listener (try/catch around its body)`,
    { requiresAsyncReturn: factory, reachVia: factory, severity: 'info' });
}

/** A parameter of the function the registration is in: its callers decide what it is. */
function isOwnParameter(w: FactWalker, e: ts.Expression, ctx: WalkCtx): boolean {
  return ctx.fn !== undefined && w.parameterSlot(e, ctx)?.fn === ctx.fn;
}

/** `controllers.activitypub.postInbox` with `controllers` the enclosing function's parameter (EntryParam.members). */
function isParameterMember(w: FactWalker, e: ts.Expression, ctx: WalkCtx): boolean {
  return ctx.fn !== undefined && w.parameterMember(e, ctx) !== undefined;
}

/**
 * `CredentialsProvider({ async authorize(credentials) {...} })`, `NextAuth({ callbacks: { session() {...} } })`: every
 * function of an options object given to Auth.js, and of its `callbacks` and `events`, runs per request.
 */
function markAuthOptions(w: FactWalker, call: ts.CallExpression, callee: ts.Expression, ctx: WalkCtx): void {
  const name = calleeName(skipOuter(callee));
  const markAll = (obj: ts.ObjectLiteralExpression, prefix: string): void => {
    for (const p of obj.properties) {
      const key = propertyKey(p);
      if (key === undefined) continue;
      const value = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
      if (value && ts.isObjectLiteralExpression(value)) {
        if (AUTH_OPTION_GROUPS.has(key)) markAll(value, `${prefix}.${key}`);
      } else markObjectMember(w, p, 'request-handler', ctx, `${prefix}.${key}`);
    }
  };
  for (const a of call.arguments) {
    const arg = skipOuter(a);
    if (ts.isObjectLiteralExpression(arg)) markAll(arg, `next-auth ${name}`);
  }
}

/** `new LocalStrategy(opts, verify)` from a passport strategy package: passport calls `verify` per login or request. */
export function registerAuthStrategy(w: FactWalker, e: ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  const pkg = packageExport(target ?? NO_BINDING)?.module;
  if (!pkg || !AUTH_STRATEGY_PACKAGE.test(pkg)) return;
  const verify = functionArgs(w, (e.arguments ?? []).slice(-1), ctx);
  for (const f of verify) markEntry(w, f, 'request-handler', ctx, `passport ${pkg} verify`);
}

/** `new Worker(queueName, processor)`, `new CronJob(cronTime, onTick)`: a class of ENTRY_CLASSES given its entry. */
export function registerEntryClass(w: FactWalker, e: ts.NewExpression, ctx: WalkCtx): void {
  const args = e.arguments ?? [];
  const cls = entryClassOf(w, skipOuter(e.expression), ctx);
  if (!cls || args.length < 2) return;
  for (const a of functionArgs(w, args.slice(1, 2), ctx)) markEntry(w, a, cls.kind, ctx, cls.label);
}

/**
 * The entry class a `new` makes: `Worker`, or a local name that picks one of two classes (`const WorkerClass = pro ?
 * WorkerPro : Worker`, Novu's BullMQ Pro switch), when either is an entry class.
 */
function entryClassOf(w: FactWalker, callee: ts.Expression, ctx: WalkCtx): (typeof ENTRY_CLASSES)[number] | undefined {
  const byName = ENTRY_CLASSES.find((c) => c.className === calleeName(callee));
  if (byName || !ts.isIdentifier(callee)) return byName;
  const init = w.initializerOf(callee.text, ctx);
  const picked = init && skipOuter(init);
  if (!picked || !ts.isConditionalExpression(picked)) return undefined;
  return ENTRY_CLASSES.find((c) => c.className === calleeName(skipOuter(picked.whenTrue)) || c.className === calleeName(skipOuter(picked.whenFalse)));
}

/** A route's argument that names a module of the project, which exports the handler itself: an entry, resolved when linking. */
function markModuleHandler(w: FactWalker, arg: ts.Expression, label: string | undefined, rare: boolean, ctx: WalkCtx): void {
  const a = skipOuter(arg);
  const b = ts.isIdentifier(a) ? w.valueBinding(a, ctx) : undefined;
  if (b?.kind === 'project-module') w.facts.entryRefs.push({ target: b, kind: 'request-handler', label, ...(rare && { rare }) });
}

function isFunctionValue(w: FactWalker, arg: ts.Expression, ctx: WalkCtx): boolean {
  const a = skipOuter(arg);
  if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return true;
  if (ts.isIdentifier(a) || ts.isPropertyAccessExpression(a) || ts.isCallExpression(a)) {
    const b = w.valueBinding(a, ctx);
    return b !== undefined && isCallable(b);
  }
  return false;
}

/**
 * `app.use('/api/convos', require('./convos'))`: a router of another file mounted under a path (FileFacts.mounts). The
 * mounted value is a module (`require('./convos')`), what a module's function returns (`require('./posts')()`), an
 * imported or required member (`routes.convos`), or a Koa router's middleware (`documents.routes()`).
 */
function noteMount(w: FactWalker, args: ts.NodeArray<ts.Expression>, ctx: WalkCtx, on: string | undefined): void {
  const path = args[0] && literalText(skipOuter(args[0]));
  if (path === undefined || !path.startsWith('/')) return;
  const where = on !== undefined ? { on } : {};
  for (const a of args.slice(1)) {
    let x = skipOuter(a);
    // `app.use('/api/files', await routes.files.initialize())`: the router an async builder resolves to.
    if (ts.isAwaitExpression(x)) x = skipOuter(x.expression);
    // A function handed over as it is (`verifyToken`) is middleware, not a router: `made` says the value was built by a call.
    const made = ts.isCallExpression(x) && !w.isRequireCallee(skipOuter(x.expression), ctx);
    if (made) {
      const callee = skipOuter((x as ts.CallExpression).expression);
      x = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : callee;
    }
    const target = w.valueBinding(x, ctx);
    if (target && MOUNTABLE_KINDS.has(target.kind)) w.facts.mounts.push({ path, target, ...where, ...(made && { made }) });
    // `app.use('/api', apiRouter)` of a router made here: the functions it is handed to register under /api, and so do
    // the routes written on it in this file.
    else if (ts.isIdentifier(x)) {
      const local = ctx.scope.lookup(x.text);
      if (local) w.mountedRouters.set(local, path);
      const router = routerVariable(w, x, ctx);
      if (router !== undefined) w.facts.mounts.push({ path, target: { kind: 'project-module', file: w.file }, router, ...where });
    }
  }
}

/** Bindings of names another module gives: a router imported from elsewhere is that module's, not this file's. */
const IMPORTED_KINDS = new Set<Binding['kind']>(['project-export', 'project-module', 'member', 'package', 'package-member', 'node-module', 'node-member']);

/**
 * `router` in `router.post('/', h)` when it is a variable of this file, at module level or in a function
 * (`const api = express.Router()` in `createApp()`): routes and mounts on it share its mount path. A parameter
 * (`function routes(app) { app.get(...) }`) or an imported router is left to the file's own mounts.
 */
function routerVariable(w: FactWalker, receiver: ts.Expression, ctx: WalkCtx): string | undefined {
  const x = skipOuter(receiver);
  if (!ts.isIdentifier(x)) return undefined;
  const b = ctx.scope.lookup(x.text);
  if (!b || IMPORTED_KINDS.has(b.kind) || w.parameterSlot(x, ctx) !== undefined) return undefined;
  if (!w.facts.routers.includes(x.text)) w.facts.routers.push(x.text);
  return x.text;
}

/**
 * `systemEndpoints(apiRouter)` after `app.use('/api', apiRouter)`: the routes the function of another file registers on
 * the router answer under /api, so its file is mounted there. `apiWorkspaceEndpoints(router)` with `router` a parameter
 * of the enclosing function mounts the callee's file where the caller's is, if that parameter is given a router
 * (FileFacts.mounts, viaParam; route-mounts.ts checks it).
 */
export function noteRouterPassed(w: FactWalker, call: ts.CallExpression, target: Binding, ctx: WalkCtx): void {
  if (!MOUNTABLE_KINDS.has(target.kind)) return;
  call.arguments.forEach((a, routerArg) => {
    const x = skipOuter(a);
    if (!ts.isIdentifier(x)) return;
    const path = w.mountedRouters.get(ctx.scope.lookup(x.text) ?? NO_BINDING);
    if (path !== undefined) {
      w.facts.mounts.push({ path, target, routerArg });
      return;
    }
    const viaParam = ctx.fn !== undefined ? w.parameterSlot(x, ctx) : undefined;
    if (viaParam && viaParam.fn === ctx.fn) w.facts.mounts.push({ path: '', target, routerArg, viaParam });
  });
}

const MOUNTABLE_KINDS = new Set<Binding['kind']>(['project-module', 'project-export', 'member']);

/**
 * A route registered inside a wrapper whose caller gives the path (`router.get(name, ...)` with `name` a parameter of
 * the enclosing function), and the verb, named or a parameter too (`router[verb](...)`): where the wrapper's calls
 * put them (EntryParam.route).
 */
function wrapperRoute(w: FactWalker, verb: string | ts.Expression, path: ts.Expression, ctx: WalkCtx): EntryParam['route'] {
  const pathSlot = ctx.fn !== undefined ? w.parameterSlot(path, ctx) : undefined;
  if (!pathSlot || pathSlot.fn !== ctx.fn) return undefined;
  if (typeof verb === 'string') return { verb, path: pathSlot.index };
  const verbSlot = w.parameterSlot(verb, ctx);
  return verbSlot && verbSlot.fn === ctx.fn ? { verb: verbSlot.index, path: pathSlot.index } : undefined;
}

/** What the registration says beyond the label: a wrapper's route or event parameters, the router it is made on. */
type NamedByCaller = Pick<EntryParam, 'route' | 'event'> & { router?: string };

export function markEntry(w: FactWalker, node: ts.Node, kind: EntryKind, ctx: WalkCtx, label?: string, rare = false, named?: NamedByCaller): void {
  w.entryArgs.add(node);
  const n = ts.isExpression(node) ? skipOuter(node) : node;
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
    const fact = w.fnFact(n);
    if (!fact.entry) {
      fact.entry = kind;
      fact.entryLabel = label;
      if (rare) fact.entryRare = true;
      if (named?.router !== undefined) fact.entryRouter = named.router;
    }
    if (!ts.isMethodDeclaration(n)) noteParamsCalledBy(w, n, kind, ctx, label, rare);
    return;
  }
  if (ts.isExpression(n)) {
    const slot = w.parameterSlot(n, ctx);
    const byCaller = named && { ...(named.route && { route: named.route }), ...(named.event !== undefined && { event: named.event }) };
    if (slot) {
      w.facts.entryParams.push({ ...slot, kind, label, ...(rare && { rare }), ...byCaller });
      return;
    }
    const router = named?.router !== undefined ? { router: named.router } : {};
    const b = w.valueBinding(n, ctx);
    // `makeHandler(opts)`, or a name it initialised: the functions that project function returns run.
    const factory = b && isCallable(b) ? undefined : w.madeByProjectFunction(n, ctx);
    if (factory) w.facts.entryRefs.push({ target: factory, kind, label, ...(rare && { rare }), ...router, returned: true });
    else if (b && isCallable(b)) w.facts.entryRefs.push({ target: b, kind, label, ...(rare && { rare }), ...router });
    else if (!b || b.kind === 'opaque') {
      // `controllers.activitypub.postInbox` with `controllers` a parameter: that member of what the callers pass.
      const member = w.parameterMember(n, ctx);
      if (member) w.facts.entryParams.push({ fn: ctx.fn!, index: member.param, kind, label, ...(rare && { rare }), ...byCaller, members: member.members });
    }
  }
}

/**
 * `schedule(fn, ms) { const run = async () => { ...; await fn(); }; setInterval(async () => { await run(); }, ms); }`:
 * the entry registered here calls the enclosing function's parameter, itself or through a local function it calls (two
 * deep), so what the callers pass there runs from that entry too (FileFacts.entryParams). Unleash's
 * SchedulerService.schedule, which every scheduled job goes through.
 */
function noteParamsCalledBy(w: FactWalker, entry: ts.ArrowFunction | ts.FunctionExpression, kind: EntryKind, ctx: WalkCtx, label?: string, rare = false): void {
  if (!ctx.fn) return;
  const seen = new Set<ts.Node>();
  const scan = (fn: ts.ArrowFunction | ts.FunctionExpression, depth: number): void => {
    if (seen.has(fn) || depth > 2) return;
    seen.add(fn);
    const own = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = skipOuter(n.expression);
        if (ts.isIdentifier(callee) && !own.has(callee.text)) {
          const slot = w.parameterSlot(callee, ctx);
          if (slot && slot.fn === ctx.fn) w.facts.entryParams.push({ ...slot, kind, label, ...(rare && { rare }) });
          // `const { onTick } = options` with `options` the parameter: that member of what the callers pass (NodeBB's
          // `cron.addJob({ name, cronTime, onTick })`).
          const member = slot ? undefined : w.parameterMember(callee, ctx);
          if (member) w.facts.entryParams.push({ fn: ctx.fn!, index: member.param, kind, label, ...(rare && { rare }), members: member.members });
          const local = slot || member ? undefined : functionDeclaredAround(entry, callee.text);
          if (local) scan(local, depth + 1);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
  };
  scan(entry, 0);
}

/** `const run = async () => {...}` declared in a block around `at`, up to the enclosing function's body: its function. */
function functionDeclaredAround(at: ts.Node, name: string): ts.ArrowFunction | ts.FunctionExpression | undefined {
  for (let p = at.parent; p; p = p.parent) {
    if (ts.isBlock(p)) {
      for (const st of p.statements) {
        if (!ts.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) {
          const init = d.initializer && skipOuter(d.initializer);
          if (ts.isIdentifier(d.name) && d.name.text === name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
        }
      }
    }
    if (ts.isFunctionLike(p) && !ts.isArrowFunction(p)) return undefined;
  }
  return undefined;
}

/**
 * Inside the then-branch of an `if` that tests for development or tests (`if (isDev)`, `if (process.env.NODE_ENV ===
 * 'test')`), or the branch of a production test that runs outside production (`if (NODE_ENV === 'production') {}
 * else {...}`, `if (NODE_ENV !== 'production') {...}`, `if (!isProd) {...}`).
 */
function registeredForDevelopment(call: ts.CallExpression): boolean {
  let child: ts.Node = call;
  for (let p = call.parent; p && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (!ts.isIfStatement(p)) continue;
    const condition = p.expression.getText();
    if (p.thenStatement === child && DEVELOPMENT_CONDITION.test(condition)) return true;
    // One test, not a combination: `isProd && cached` says nothing about the else-branch.
    if (!PRODUCTION_CONDITION.test(condition) || /&&|\|\|/.test(condition)) continue;
    const negated = /!==?|^!/.test(condition);
    if (p.thenStatement === child ? negated : p.elseStatement === child && !negated) return true;
  }
  return false;
}

/**
 * A route guarded by an admin check among its middleware (`[auth, requireRole(ROLES.admin)]`, `isAdmin`) or under an
 * `/admin` path: few requests ever take it, so what blocks there is reported as a note.
 */
export function isAdminOnly(w: FactWalker, args: ts.NodeArray<ts.Expression>, ctx: WalkCtx): boolean {
  return args.some((a) => {
    const x = skipOuter(a);
    if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) return ADMIN_PATH.test(x.text);
    if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) return false;
    const text = guardText(w, x, ctx);
    return ADMIN_GUARD.test(text) && !grantsOtherRoles(text);
  });
}

/**
 * A route argument's text, with a local list of middleware written out: `[...middlewares, assertRoom]` with `const
 * middlewares = [ensureLoggedIn, middleware.admin.checkPrivileges]` (NodeBB's admin write routes).
 */
function guardText(w: FactWalker, x: ts.Expression, ctx: WalkCtx, depth = 0): string {
  if (depth > 2) return x.getText();
  if (ts.isIdentifier(x)) {
    const init = w.initializerOf(x.text, ctx);
    return init && ts.isArrayLiteralExpression(init) ? guardText(w, init, ctx, depth + 1) : x.text;
  }
  if (ts.isArrayLiteralExpression(x)) {
    return x.elements.map((e) => guardText(w, skipOuter(ts.isSpreadElement(e) ? e.expression : e), ctx, depth + 1)).join(', ');
  }
  return x.getText();
}

/**
 * `flexUserRoleValid([ROLES.admin, ROLES.manager])`: a role check that lets other roles through too is not admin-only;
 * managers (or every user, `ROLES.all`) take the route as part of their daily work.
 */
function grantsOtherRoles(guard: string): boolean {
  return [...guard.matchAll(/\bROLES?\.(\w+)/gi)].some((m) => !/^(super_?)?admins?$/i.test(m[1]));
}

/**
 * A handler written inline that calls `close()` on a server made where the route is registered: `tempServer.close()`
 * with `tempServer = server.listen(port)` (or `= http.createServer(app)`) in an enclosing block, or `close()` or
 * `destroy()` on a field named for the server (`WIKI.server.destroy(...)`, Wiki.js's setup wizard). Once it has
 * answered, the server stops: the route is part of a one-shot set-up step (a setup wizard before the real server starts).
 */
function closesItsServer(arg: ts.Expression): boolean {
  const fn = skipOuter(arg);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const isServer = (v: ts.Expression): boolean => {
    const x = skipOuter(v);
    if (!ts.isCallExpression(x)) return false;
    const name = calleeName(skipOuter(x.expression));
    return LISTEN_METHODS.has(name) || name === 'createServer' || name === 'createSecureServer';
  };
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const c = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(c) && SERVER_CLOSERS.has(c.name.text)) {
        const receiver = skipOuter(c.expression);
        // `server.close()` on a name made by createServer or listen, or `WIKI.server.destroy()`: a field named for it.
        if (ts.isIdentifier(receiver) && c.name.text === 'close' && valuesOfName(receiver)?.some(isServer)) found = true;
        if (ts.isPropertyAccessExpression(receiver) && SERVER_FIELD.test(receiver.name.text)) found = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}

/** What stops a server: `close`, and `destroy` (server-destroy, and wrappers of `close` under that name). */
const SERVER_CLOSERS = new Set(['close', 'destroy']);
/** A field that holds the process's HTTP server: `this.server`, `WIKI.server`, `app.httpServer`. */
const SERVER_FIELD = /^(http|https)?[sS]erver$/;

/** A callback that runs once at start-up or shutdown: never an entry, never "unknown reach". */
function markStartup(w: FactWalker, node: ts.Expression, kind: StartupKind, ctx: WalkCtx): void {
  const n = skipOuter(node);
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    w.fnFact(n).startup ??= kind;
    return;
  }
  const b = w.valueBinding(n, ctx);
  if (b && isCallable(b)) w.facts.startupRefs.push({ target: b, kind });
}

export function looksLikeRequestHandler(w: FactWalker, node: FunctionLike): boolean {
  const params = node.parameters;
  if (params.length === 0) return false;
  const names = params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  if (params.length >= 2 && REQUEST_PARAM_NAMES.has(names[0]) && RESPONSE_PARAM_NAMES.has(names[1])) return true;
  // Only a callback's parameters get their types from context; asking the checker elsewhere costs time for nothing,
  // and so does asking about the callback of an array, string or promise method, or of `new Promise`: its parameters
  // are items, matches, values or resolvers, never a request (those questions were most of the checker's time).
  const contextual = (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && !takesValueCallback(node.parent);
  const typeNames = params.map((p) => (p.type ? typeRefName(p.type) : contextual ? w.opts.types?.parameterTypeName(p) : undefined));
  // A callback whose one parameter is an IncomingMessage is an HTTP client's response (`https.get(url, (res) => ...)`).
  const clientResponse = contextual && params.length === 1 && typeNames[0] === 'IncomingMessage';
  if (!clientResponse && typeNames.some((t) => t !== undefined && REQUEST_TYPE_NAMES.has(t))) return true;
  return typeNames.includes('Request') && typeNames.includes('Response') && typeNames.every((t) => t === undefined || REQUEST_PAIR_TYPE_NAMES.has(t) || t === 'NextFunction');
}

/**
 * `SocketPosts.getRawPost = async function (socket, pid)`: a function whose first parameter is the client's socket and
 * that takes what the client sent. Servers that dispatch socket.io messages by name (NodeBB's `onMessage` looks the
 * handler up in a table of modules) leave no registration to see; the socket parameter is the evidence, as `(req, res)`
 * is for a route. Per message or per connection (`io.use((socket, next) => …)`), it is an event handler.
 */
export function looksLikeSocketHandler(node: FunctionLike): boolean {
  const first = node.parameters[0]?.name;
  return node.parameters.length >= 2 && first !== undefined && ts.isIdentifier(first) && SOCKET_PARAM_NAMES.has(first.text);
}

/** `xs.map(cb)`, `p.then(cb)`, `s.replace(re, cb)`, `new Promise(cb)`: a callback that gets values, not requests. */
function takesValueCallback(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isNewExpression(call)) return ts.isIdentifier(callee) && callee.text === 'Promise';
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  return SYNC_CALLBACK_METHODS.has(name) || PROMISE_CALLBACK_METHODS.has(name) || name === 'replace' || name === 'replaceAll';
}

export function extendsStreamClass(w: FactWalker, node: ts.ClassLikeDeclaration, ctx: WalkCtx): boolean {
  for (const clause of node.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const t of clause.types) {
      const b = w.valueBinding(t.expression, ctx);
      if (b?.kind === 'node-member' && b.module === 'stream' && STREAM_CLASSES.has(b.name)) return true;
    }
  }
  return false;
}

/**
 * Class members the runtime calls: a stream subclass's `_transform`..., a decorated controller method (`@Get()`),
 * the method an implemented framework interface names (`canActivate` of a `CanActivate` guard). Lifecycle hooks
 * (`onModuleInit`) and migrations (`implements MigrationInterface`) are start-up code.
 */
export function markClassMemberEntry(
  fact: FunctionFact,
  member: ts.ClassElement,
  memberName: string,
  streamBase: boolean,
  implemented: readonly string[],
  baseName?: string,
  extraEntries: readonly string[] = [],
  baseModule?: string,
): void {
  if (streamBase && ['_transform', '_write', '_writev', '_read', '_flush', '_final'].includes(memberName)) fact.entry ??= 'stream-handler';
  const base = baseName !== undefined ? BASE_CLASS_ENTRY_METHODS[baseName] : undefined;
  if (base?.methods.includes(memberName) && (base.module === undefined || base.module === baseModule)) {
    fact.entry ??= base.kind;
    fact.entryLabel ??= base.label;
  }
  const decorated = decoratorEntry(member);
  if (decorated === 'lifecycle-event') fact.startup ??= 'lifecycle-hook';
  else if (decorated) {
    fact.entry ??= decorated;
    const route = fact.entry === 'request-handler' && fact.entryLabel === undefined ? controllerRoute(member) : undefined;
    if (route) {
      fact.entryLabel = route.label;
      fact.controllerRoute = true;
      if (route.version !== undefined) fact.controllerVersion = route.version;
      if (route.admin) fact.entryRare = true;
    }
  }
  // `@Cron(CronExpression.EVERY_DAY_AT_MIDNIGHT)`: a job that runs once a day or less often blocks the loop that rarely.
  const daily = fact.entry === 'timer' ? dailyCron(member) : undefined;
  if (daily) {
    fact.entryRare = true;
    fact.entryLabel ??= `@Cron(${daily}), at most once a day`;
  }
  // `--entry @OnJob`: a project's own decorator that registers the method with a dispatcher the analysis cannot follow.
  const custom = extraEntries.length > 0 ? decorators(member).map((d) => d.name).find((n) => extraEntries.some((p) => p.trim() === `@${n}`)) : undefined;
  if (custom) {
    fact.entry ??= 'custom';
    fact.entryLabel ??= `@${custom}`;
  }
  for (const iface of implemented) {
    const methods = IMPLEMENTED_ENTRY_METHODS[iface];
    if (methods?.includes(memberName)) {
      fact.entry ??= 'request-handler';
      fact.entryLabel ??= `${iface}.${memberName}`;
    }
    if (MIGRATION_INTERFACES.has(iface)) fact.startup ??= 'migration';
  }
  if (LIFECYCLE_METHODS.has(memberName)) fact.startup ??= 'lifecycle-hook';
  const hook = gatewayHook(member, memberName);
  if (hook) {
    fact.entry ??= 'event-handler';
    fact.entryLabel ??= `gateway ${hook}`;
  }
}

/**
 * The schedule of a `@Cron(...)` decorator that runs at most once a day, as written: one of @nestjs/schedule's
 * CronExpression names for a day or longer (`EVERY_DAY_AT_MIDNIGHT`, `EVERY_WEEK`, `EVERY_1ST_DAY_OF_MONTH_AT_NOON`),
 * or a cron string whose minute and hour are fixed numbers (`'0 3 * * *'`, `'30 2 * * 1'`; with seconds, `'0 0 3 * * *'`).
 */
function dailyCron(member: ts.ClassElement): string | undefined {
  const cron = decorators(member).find((d) => d.name === 'Cron')?.call?.arguments[0];
  const arg = cron && skipOuter(cron);
  if (!arg) return undefined;
  if (ts.isPropertyAccessExpression(arg)) return DAILY_CRON_NAME.test(arg.name.text) ? arg.getText() : undefined;
  const text = literalText(arg);
  if (text === undefined) return undefined;
  const fields = text.trim().split(/\s+/);
  const [minute, hour] = fields.length === 6 ? fields.slice(1, 3) : fields.slice(0, 2);
  return fields.length >= 5 && /^\d+$/.test(minute ?? '') && /^\d+$/.test(hour ?? '') ? `'${text}'` : undefined;
}

/** CronExpression names of @nestjs/schedule that run once a day or less often. */
const DAILY_CRON_NAME = /^EVERY_(DAY_AT_|WEEK|WEEKDAY|WEEKEND|\d+(ST|ND|RD|TH)_DAY_OF_MONTH|QUARTER|6_MONTHS|YEAR)/;

/** The event a NestJS gateway runs this method on (`handleConnection` of a `@WebSocketGateway()` class), if it is a hook. */
function gatewayHook(member: ts.ClassElement, memberName: string): string | undefined {
  const event = Object.hasOwn(GATEWAY_HOOKS, memberName) ? GATEWAY_HOOKS[memberName] : undefined;
  return event !== undefined && ts.isClassLike(member.parent) && decorators(member.parent).some((d) => d.name === 'WebSocketGateway') ? event : undefined;
}

/**
 * `async handleConnection(client) {...}` in a NestJS gateway: Nest drops the promise it returns, so a rejection
 * inside it is unhandled. Reported on the method, unless nothing in it can fail; a note, as an emitter's async
 * listener is (`io.on('connection', async (socket) => ...)` is the same hook written with socket.io).
 */
export function checkGatewayHook(w: FactWalker, member: ts.ClassElement, memberName: string, fnId: string, ctx: WalkCtx): void {
  const event = gatewayHook(member, memberName);
  if (!event || !ts.isMethodDeclaration(member) || !hasModifier(member, ts.SyntaxKind.AsyncKeyword)) return;
  w.candidate({ ...ctx, fn: fnId, once: false }, 'no-floating-promise', member.name,
    `${memberName} is async and NestJS drops the promise it returns (it calls the gateway's hook on every ${event} and discards the result) {where}: a rejection inside it is unhandled; catch inside it (try/catch around its body)`,
    { unlessCannotFail: { kind: 'fn', id: fnId }, severity: 'info' });
}

/** Names in a class's `implements` clause. */
export function implementedNames(node: ts.ClassLikeDeclaration): string[] {
  const clause = node.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ImplementsKeyword);
  return clause ? clause.types.map((t) => calleeName(t.expression)).filter(Boolean) : [];
}

/** The entry a decorator makes of a method, or `lifecycle-event` for an event handler of a phase of the process's life. */
function decoratorEntry(member: ts.ClassElement): EntryKind | 'lifecycle-event' | undefined {
  for (const { name, call } of decorators(member)) {
    const kind = DECORATOR_ENTRIES[name];
    if (!kind) continue;
    const event = kind === 'event-handler' && call ? decoratedEventName(call) : undefined;
    return event !== undefined && LIFECYCLE_EVENT_NAME.test(event) ? 'lifecycle-event' : kind;
  }
  return undefined;
}

/**
 * A NestJS route, `@Controller('admin/users')` on the class and `@Post(':id/lock')` on the method: `POST
 * /admin/users/:id/lock (admin only)`, admin only when the path is under /admin. A path the code computes leaves the
 * verb alone. The application's global prefix (`app.setGlobalPrefix('api')`) and URI version (`app.enableVersioning`)
 * come before it when the routes are linked; `version` is the one the method or its controller names
 * (`@Version('2')`, `@Controller({ path, version: '1' })`, `VERSION_NEUTRAL` as 'neutral').
 */
function controllerRoute(member: ts.ClassElement): { label: string; admin: boolean; version?: string } | undefined {
  const route = decorators(member).find((d) => HTTP_METHOD_DECORATORS.has(d.name));
  const controller = ts.isClassLike(member.parent) ? decorators(member.parent).find((d) => d.name === 'Controller') : undefined;
  if (!route || !controller) return undefined;
  const verb = route.name.toUpperCase();
  const base = controller.call ? decoratorPath(controller.call) : '';
  const sub = route.call ? decoratorPath(route.call) : '';
  const versionArg = decorators(member).find((d) => d.name === 'Version')?.call?.arguments[0];
  const controllerOptions = controller.call?.arguments[0] && skipOuter(controller.call.arguments[0]);
  const version = versionOf(versionArg ?? (controllerOptions && ts.isObjectLiteralExpression(controllerOptions) ? propertyValue(controllerOptions, 'version') : undefined));
  const versioned = version !== undefined ? { version } : {};
  if (base === undefined || sub === undefined) return { label: verb, admin: false, ...versioned };
  const path = `/${[base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  const admin = ADMIN_PATH.test(path);
  return { label: routeLabel([verb, path], admin), admin, ...versioned };
}

/** `'2'`, `['1', '2']` (the first), `VERSION_NEUTRAL` ('neutral'): the version a route answers under. */
function versionOf(arg: ts.Expression | undefined): string | undefined {
  const x = arg && skipOuter(arg);
  if (!x) return undefined;
  if (ts.isArrayLiteralExpression(x)) return versionOf(x.elements[0]);
  if (calleeName(x) === 'VERSION_NEUTRAL') return 'neutral';
  return literalText(x);
}

const HTTP_METHOD_DECORATORS = new Set(['Get', 'Post', 'Put', 'Delete', 'Patch', 'Options', 'Head', 'All']);

/** `@Get(':id')`, `@Controller({ path: 'users' })`, `@Get(['a', 'b'])` (the first): the path written; '' for none. */
function decoratorPath(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!arg) return '';
  if (ts.isObjectLiteralExpression(arg)) {
    const p = propertyValue(arg, 'path');
    return p ? literalText(p) : '';
  }
  if (ts.isArrayLiteralExpression(arg)) return arg.elements[0] ? literalText(skipOuter(arg.elements[0])) : '';
  return literalText(arg);
}

/** A member's decorators by name, with the call when there is one: `OnJob` and `OnJob({ name })` for `@OnJob({ name })`. */
function decorators(member: ts.Node): Array<{ name: string; call?: ts.CallExpression }> {
  return (ts.canHaveDecorators(member) ? ts.getDecorators(member) ?? [] : []).flatMap((d) => {
    const e = skipOuter(d.expression);
    const call = ts.isCallExpression(e) ? e : undefined;
    const name = calleeName(call ? skipOuter(call.expression) : e);
    return name ? [{ name, ...(call && { call }) }] : [];
  });
}

/** `@OnEvent('app.bootstrap')`, `@OnEvent({ name: 'AppBootstrap' })`: the event's name when the code fixes it. */
function decoratedEventName(decorator: ts.CallExpression): string | undefined {
  const arg = decorator.arguments[0] ? skipOuter(decorator.arguments[0]) : undefined;
  if (!arg) return undefined;
  if (ts.isObjectLiteralExpression(arg)) {
    const prop = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'name');
    return prop && ts.isPropertyAssignment(prop) ? literalText(skipOuter(prop.initializer)) : undefined;
  }
  return literalText(arg);
}

/**
 * An `unhandledRejection` listener that ends the process, or cannot be seen: it exits (`process.exit`, `kill`, `abort`),
 * or throws, anywhere in its body, or it is a name this file does not define. Only a listener that does none of these
 * turns a rejection nobody handles into a log line instead of the crash Node makes of it by default.
 */
function endsProcess(w: FactWalker, listener: ts.Expression): boolean {
  let fn: ts.Node | undefined = skipOuter(listener);
  if (ts.isIdentifier(fn)) fn = localFunction(w.sf, fn.text);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn))) return true;
  let ends = false;
  const visit = (n: ts.Node): void => {
    if (ends) return;
    if (ts.isThrowStatement(n)) ends = true;
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) &&
      n.expression.expression.text === 'process' && PROCESS_ENDERS.has(n.expression.name.text)) ends = true;
    else ts.forEachChild(n, visit);
  };
  visit(fn);
  return ends;
}

const PROCESS_ENDERS = new Set(['exit', 'kill', 'abort', 'reallyExit']);

/** A function this file declares at its top level under `name`: `function f() {}`, `const f = () => {}`, `let f = function () {}`. */
function localFunction(sf: ts.SourceFile, name: string): ts.Node | undefined {
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === name) return st;
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return skipOuter(d.initializer);
    }
  }
  return undefined;
}
