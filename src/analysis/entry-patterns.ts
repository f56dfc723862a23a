// Where hot-path entries come from: the call shapes that hand a function to the event loop. Data only;
// the fact extractor matches calls against these tables.
import type { EntryKind, Reach } from './findings';

/** `emitter.on('event', fn)` and friends. */
export const EMITTER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

/** Listeners that fire at most once: they run as part of whatever set them up, not per event. */
export const ONCE_EMITTER_METHODS = new Set(['once', 'prependOnceListener']);

/**
 * Events whose handlers must be synchronous: Node runs `exit` handlers after the loop has stopped,
 * so blocking there is the only option and not a finding.
 */
export const SYNC_ONLY_PROCESS_EVENTS = new Set(['exit']);

/**
 * `process.on('message', ...)`: IPC from the parent process. Registered at module top level, it says the file runs as
 * a forked child (a job runner, a pool's worker), like `parentPort` for a worker thread.
 */
export const PARENT_MESSAGE_EVENT = 'message';

/** Global timer functions (also exported by `timers`). */
export const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

/**
 * Timers whose callback repeats: entries wherever they are set up. The others run once, as part of whatever set
 * them up (or at start-up when set at module top level), unless the callback schedules itself again.
 */
export const REPEATING_TIMERS = new Set(['setInterval']);

export const PROMISE_CALLBACK_METHODS = new Set(['then', 'catch', 'finally']);

/** Framework route registration: `app.get('/path', handler)`, `router.use(mw)`, `fastify.post(...)`. */
export const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'all', 'use', 'route', 'handle', 'any', 'on']);

/** Middleware that restricts a route to administrators, and paths under /admin: such routes are rarely taken. */
export const ADMIN_GUARD = /\b(admin|isAdmin|requireAdmin|adminOnly|onlyAdmin|superAdmin|superuser)\b|ROLES?\.admin/i;
export const ADMIN_PATH = /^\/?(api\/)?(v\d+\/)?admin(\/|$)/i;
/** Events named for administrators (`pubsub.on('admin.user.restartJobs', ...)`, `socket.on('admin:reload', ...)`): an admin's action sends them. */
export const ADMIN_EVENT = /^admin[.:/]/i;
/** Calls that check for an administrator or a moderator inside a function (privilege-guards.ts): `isAdminOrMod(tid, uid)`. */
export const PRIVILEGE_CHECK = /^(is|check|ensure|require|assert)(super_?)?(admin|administrator|moderator|mod|globalmod|globalmoderator)(s|or\w*)?$/i;
/** A flag that says the caller is an administrator: `isAdmin`, `is_admin` (`if (!isAdmin) return;`, `!user.is_admin`). */
export const PRIVILEGE_FLAG = /^is_?(super_?)?(admin|administrator|moderator|globalmod|globalmoderator)$/i;

/** Conditions under which routes are registered for development or tests only: `if (isDev)`, `NODE_ENV === 'test'`. */
export const DEVELOPMENT_CONDITION = /\b(isDev|isDevelopment|isTest|isE2E|e2e)\b|['"](development|test)['"]/;

/**
 * A condition that tests for production: its else-branch (or its then-branch, negated) is development only:
 * `if (process.env.NODE_ENV === 'production') {...} else { app.get('/docs', regenerate) }`.
 */
export const PRODUCTION_CONDITION = /\b(isProd|isProduction)\b|['"]production['"]/;

/** Middleware that lets a route through only in development: `router.post('developer.seed', dev(), h)`. */
export const DEVELOPMENT_MIDDLEWARE = /^(dev|devOnly|developmentOnly|onlyInDevelopment|testOnly)\(\)$/;

/** `this.route('GET', '/classes', handler)`: a method literal before a path literal makes a route too. */
export const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ALL']);

/**
 * Receivers that look like an app or router even when the path is not a literal (`router.post('documents.list',
 * ...)`): the names below, and any camelCase name ending in Router or App (`apiRouter`, `adminApp`).
 */
export const ROUTER_RECEIVER = /^(app|application|router|server|api|fastify|hono|routes?|r|express|koa|web)$|^[a-z]\w*(Router|App)$/i;

/**
 * Queue and message consumers: `queue.process(fn)` (Bull), `channel.consume(q, fn)` (amqplib),
 * `consumer.run({ eachMessage })` (kafkajs), `agenda.define(name, fn)` (Agenda); BullMQ's `new Worker(name, fn)` is matched in entries.ts.
 */
export const QUEUE_CONSUMER_CALLS: ReadonlyArray<{ method: string; receiver?: RegExp; jobParam?: boolean; label: string }> = [
  // `emailQueue.process(fn)`, or any `x.process(async (job) => ...)`.
  { method: 'process', receiver: /queue/i, jobParam: true, label: 'queue job' },
  { method: 'consume', label: 'message consumer' },
  { method: 'run', receiver: /consumer/i, label: 'kafka consumer' },
  // `queueClient.createRunner(queue, { run, onComplete, onError }, opts)` (liteque-style runners behind a client).
  { method: 'createRunner', label: 'queue job' },
  // pg-boss: `boss.work('email', async ([job]) => ...)`.
  { method: 'work', receiver: /boss|queue/i, label: 'queue job' },
  // Agenda: `agenda.define('send email', async (job) => ...)`, the processor of every job of that name.
  { method: 'define', receiver: /agenda/i, label: 'agenda job' },
];
/**
 * tRPC procedures: `authedProcedure.input(schema).query(async ({ ctx, input }) => ...)`, `.mutation(...)`,
 * `.subscription(...)`, and the middleware a procedure uses (`publicProcedure.use(fn)`): each runs per call of the
 * procedure. The receiver's chain must name a procedure somewhere (`publicProcedure`, `t.procedure`, `tagsProcedure`),
 * so a database client's `.query(...)` is not one.
 */
export const RPC_PROCEDURE_METHODS = new Set(['query', 'mutation', 'subscription', 'use']);
export const RPC_PROCEDURE_RECEIVER = /procedure/i;
/** `t.middleware(fn)` on the tRPC instance (`const t = initTRPC.context<Ctx>().create()`): a middleware for procedures. */
export const RPC_MIDDLEWARE_METHOD = 'middleware';
export const RPC_ROOT = /\binitTRPC\b/;
/** A procedure for administrators (`adminProcedure`, `createAdminScopedProcedure('users')`): rarely called. */
export const RPC_ADMIN_PROCEDURE = /admin/i;

/**
 * VS Code extensions (files that import `vscode`): what the extension host calls per user action or event.
 * `vscode.commands.registerCommand('id', fn)`, `registerTextEditorCommand`; any `x.onDidChange...(fn)` or
 * `x.onWill...(fn)` event subscription; and the methods of a provider object literal handed to a `register...Provider`
 * call (`languages.registerHoverProvider(sel, { provideHover() {...} })`).
 */
export const EDITOR_COMMAND_METHODS = new Set(['registerCommand', 'registerTextEditorCommand']);
export const EDITOR_EVENT_METHOD = /^on(Did|Will)[A-Z]\w*$/;
export const EDITOR_PROVIDER_METHOD = /^register\w*Provider$/;
/** The import that makes a file a VS Code extension's. */
export const EDITOR_MODULE = 'vscode';

/**
 * Classes whose constructor takes the entry as its second argument, matched by the class name: BullMQ's `new
 * Worker(queueName, async (job) => ...)` (not a worker thread: a queue consumer) and the cron package's `new
 * CronJob(cronTime, onTick)` (a repeating timer).
 */
export const ENTRY_CLASSES: ReadonlyArray<{ className: string; kind: EntryKind; label: string }> = [
  { className: 'Worker', kind: 'queue-consumer', label: 'queue job' },
  { className: 'CronJob', kind: 'timer', label: 'cron job' },
];

/** Handlers a consumer call takes in an object: kafkajs `{ eachMessage }`, a runner's `{ run, onComplete, onError }`. */
export const QUEUE_OBJECT_HANDLER_KEYS = new Set(['eachMessage', 'eachBatch', 'run', 'onComplete', 'onError']);

/**
 * Framework interfaces whose methods run per request: NestJS guards, interceptors, pipes, middleware and
 * exception filters (`class AuthGuard implements CanActivate { canActivate() {...} }`).
 */
export const IMPLEMENTED_ENTRY_METHODS: Record<string, readonly string[]> = {
  CanActivate: ['canActivate'],
  NestInterceptor: ['intercept'],
  PipeTransform: ['transform'],
  NestMiddleware: ['use'],
  ExceptionFilter: ['catch'],
};

/** Base classes whose subclasses' methods of these names a framework calls per job: `class C extends WorkerHost { process(job) }` (@nestjs/bullmq). */
export const BASE_CLASS_ENTRY_METHODS: Record<string, { methods: readonly string[]; kind: EntryKind; label: string; module?: string }> = {
  WorkerHost: { methods: ['process'], kind: 'queue-consumer', label: 'queue job' },
  // @nestjs/passport: `class JwtStrategy extends PassportStrategy(Strategy) { async validate(payload) {...} }`.
  PassportStrategy: { methods: ['validate'], kind: 'request-handler', label: 'passport strategy' },
  // LangChain tools: `class Search extends StructuredTool { async _call(input) {...} }`, run by an agent on every call of the tool.
  Tool: { methods: ['_call'], kind: 'agent-tool', label: 'AI tool' },
  StructuredTool: { methods: ['_call'], kind: 'agent-tool', label: 'AI tool' },
  // Objection.js model hooks: the ORM calls them on every insert, update, delete or fetch of the model's rows.
  Model: {
    methods: ['$beforeInsert', '$afterInsert', '$beforeUpdate', '$afterUpdate', '$beforeDelete', '$afterDelete', '$afterFind', '$beforeValidate', '$afterValidate'],
    kind: 'event-handler', label: 'model hook',
  },
  // express-session: a custom store's get, set, touch and destroy run on every request that carries a session
  // (`class SessionStore extends expressSession.Store`, Etherpad's). Only that package's Store: the name is common.
  Store: { module: 'express-session', methods: ['get', 'set', 'touch', 'destroy'], kind: 'request-handler', label: 'session store' },
};

/** The packages BASE_CLASS_ENTRY_METHODS names a base class of, which the walker binds by name (fact-walker moduleBinding). */
export const BASE_CLASS_PACKAGES: ReadonlySet<string> = new Set(Object.values(BASE_CLASS_ENTRY_METHODS).flatMap((b) => (b.module ? [b.module] : [])));

/**
 * The Next.js server (13.4 and later, `next start`, standalone output and custom servers alike) installs a
 * process-wide unhandledRejection listener that logs the rejection and goes on: a dropped promise in what it runs does
 * not end the process.
 */
export const NEXT_JS_LOGS_REJECTIONS = "Next.js's server";

/**
 * Exports the runtime calls per request, by file: Next.js API routes (`pages/api/**` default export), App Router
 * route handlers (`app/**\/route.ts` exporting GET, POST...), `middleware.ts`, `getServerSideProps`, and
 * Lambda-style `handler` exports. `file` is tested on the path relative to the analysed folder. `logsRejections`:
 * what, in the runtime that calls them, logs the rejections nobody handles.
 */
export const EXPORT_ENTRIES: ReadonlyArray<{ file?: RegExp; names: readonly string[]; label: string; logsRejections?: string }> = [
  { file: /(^|\/)pages\/api\//, names: ['default'], label: 'Next.js API route', logsRejections: NEXT_JS_LOGS_REJECTIONS },
  {
    file: /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/, names: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], label: 'Next.js route handler',
    logsRejections: NEXT_JS_LOGS_REJECTIONS,
  },
  { file: /(^|\/)middleware\.[cm]?[jt]s$/, names: ['middleware', 'default'], label: 'Next.js middleware', logsRejections: NEXT_JS_LOGS_REJECTIONS },
  { names: ['getServerSideProps'], label: 'getServerSideProps', logsRejections: NEXT_JS_LOGS_REJECTIONS },
  { names: ['handler'], label: 'Lambda handler' },
];

/** Next.js Server Actions: a `'use server'` file's exported async functions, or a function with the directive. */
export const SERVER_ACTION = { label: 'Server Action', logsRejections: NEXT_JS_LOGS_REJECTIONS };

/**
 * AI tools: functions an LLM agent runs on every call of the tool, inside the chat request or job that runs the agent.
 * A library is recognised by the module a factory is imported from (`specifier`, tested on the whole import path:
 * LibreChat re-exports LangChain's as `@librechat/agents/langchain/tools`); `handler` says where the tool's function is:
 * a key of the options object (`tool({ description, inputSchema, execute })`) or the index of an argument
 * (`tool(async (input) => ..., { name, schema })`).
 */
export const AI_TOOL_LIBRARIES: ReadonlyArray<{ id: string; specifier: RegExp; factories: Readonly<Record<string, string | number>> }> = [
  // Vercel AI SDK: `tool({ inputSchema, execute })`, `dynamicTool({ execute })`.
  { id: 'ai', specifier: /^ai$/, factories: { tool: 'execute', dynamicTool: 'execute' } },
  // OpenAI Agents SDK: `tool({ name, parameters, execute })`.
  { id: '@openai/agents', specifier: /^@openai\/agents(-core)?$/, factories: { tool: 'execute' } },
  // LangChain: `tool(fn, { name, schema })`, `new DynamicStructuredTool({ name, schema, func })`, `new DynamicTool({ func })`.
  { id: 'langchain tools', specifier: /^@langchain\/core\/tools$|(^|\/)langchain\/tools$/, factories: { tool: 0, DynamicTool: 'func', DynamicStructuredTool: 'func' } },
];

/**
 * MCP servers (`@modelcontextprotocol/sdk/server/...` imported in the file): `server.registerTool(name, config, handler)`,
 * `server.tool(name, [description], [schema], handler)` and the low-level `server.setRequestHandler(CallToolRequestSchema,
 * handler)` run their handler on every request of a client.
 */
export const MCP_SERVER_MODULE = /^@modelcontextprotocol\/sdk\/server\//;
export const MCP_TOOL_METHODS = new Set(['registerTool', 'tool']);
export const MCP_REQUEST_HANDLER_METHOD = 'setRequestHandler';

/**
 * GraphQL resolver maps (Apollo Server, graphql-tools, Mercurius, GraphQL Yoga): an object literal keyed by type names
 * with at least one of these root types, `{ Query: { page() {} }, Mutation: {...}, PageQuery: { list() {} } }`. The
 * server calls every field's function per request (root fields, and the fields of the types they return).
 */
export const GRAPHQL_ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** A GraphQL type's name: what a resolver map's keys are (`Query`, `PageMutation`, `JSON`). */
export const GRAPHQL_TYPE_NAME = /^[A-Z][A-Za-z0-9_]*$/;

/**
 * Passport strategy packages (`passport-local`, `passport-jwt`, `@node-saml/passport-saml`): passport calls the verify
 * callback a strategy is constructed with, `new LocalStrategy(opts, async (email, password, done) => ...)`, on every
 * login or authenticated request.
 */
export const AUTH_STRATEGY_PACKAGE = /^(@[^/]+\/)?passport-/;

/**
 * Auth.js / NextAuth: `NextAuth({ providers, callbacks: { jwt, session }, events })` and its providers' options
 * (`CredentialsProvider({ authorize })`, `EmailProvider({ sendVerificationRequest })`): the library calls every function
 * in these option objects while it answers a sign-in, session or callback request.
 */
export const AUTH_LIBRARY_PACKAGES = new Set(['next-auth', '@auth/core', '@auth/express', '@auth/sveltekit']);

/** Keys of an Auth.js options object that hold further objects of per-request functions. */
export const AUTH_OPTION_GROUPS = new Set(['callbacks', 'events']);

/**
 * Server options whose functions run for every connection or handshake: socket.io's (engine.io's) `allowRequest(req,
 * callback)`, given to `new Server(opts)`, `io.listen(server, opts)` or `io.attach(server, opts)`, and ws's
 * `verifyClient(info, callback)` of `new WebSocketServer(opts)`.
 */
export const CONNECTION_OPTION_KEYS = new Set(['allowRequest', 'verifyClient']);

/**
 * Servers of other protocols whose options hold per-session handlers, by package and exported class: nodemailer's
 * smtp-server calls `onConnect` per connection, `onAuth`, `onMailFrom` and `onRcptTo` per command and `onData` per
 * message received. Keys this generic (`onData`) count only in the options of these classes.
 */
export const PROTOCOL_SERVER_OPTIONS: ReadonlyArray<{ module: string; className: string; keys: ReadonlyMap<string, string> }> = [
  {
    module: 'smtp-server',
    className: 'SMTPServer',
    keys: new Map([
      ['onConnect', 'SMTP connection'], ['onSecure', 'SMTP TLS handshake'], ['onAuth', 'SMTP AUTH'], ['onMailFrom', 'SMTP MAIL FROM'],
      ['onRcptTo', 'SMTP RCPT TO'], ['onData', 'SMTP message'], ['onClose', 'SMTP connection closed'],
    ]),
  },
];

/** Their packages, whose exports the walker follows by name. */
export const PROTOCOL_SERVER_PACKAGES: ReadonlySet<string> = new Set(PROTOCOL_SERVER_OPTIONS.map((s) => s.module));

/** Calls that merge option objects into one: `Object.assign({}, defaults, { onData })`, lodash's `_.extend`/`_.merge`. */
export const OPTION_MERGE_CALLS = new Set(['Object.assign', '_.assign', '_.extend', '_.merge', '_.defaults', 'lodash.assign', 'lodash.merge']);

/** `fastify.route({ handler })`, `server.route({ handler })` (hapi): object properties that are handlers. */
export const ROUTE_OBJECT_HANDLER_KEYS = new Set(['handler', 'preHandler', 'onRequest']);

/** Stream construction with implementation callbacks: `new Transform({ transform(chunk, enc, cb) {...} })`. */
export const STREAM_CLASSES = new Set(['Transform', 'Writable', 'Readable', 'Duplex', 'PassThrough']);
export const STREAM_METHOD_KEYS = new Set(['transform', 'write', 'writev', 'read', 'flush', 'final']);

/** Parameter names that make a function look like an HTTP handler: (req, res), (request, reply). */
export const REQUEST_PARAM_NAMES = new Set(['req', 'request']);
export const RESPONSE_PARAM_NAMES = new Set(['res', 'response', 'reply']);
/** The first parameter's name that makes a function of two or more parameters a socket message handler. */
export const SOCKET_PARAM_NAMES = new Set(['socket']);

/** Parameter type names that make a function an HTTP handler, syntactically or by the type checker. */
export const REQUEST_TYPE_NAMES = new Set([
  'IncomingMessage', 'ServerResponse', 'Http2ServerRequest', 'Http2ServerResponse', 'FastifyRequest', 'FastifyReply',
]);
/** Names that count only when a request-shaped and a response-shaped one appear together (express). */
export const REQUEST_PAIR_TYPE_NAMES = new Set(['Request', 'Response']);

/** Awaited calls that pace a loop on purpose; such a loop is sequential by design. */
export const PACING_CALLEE = /^(sleep|delay|wait|setTimeout|timeout|pause|backoff|throttle)$/i;
/**
 * Awaited calls that hand the event loop back: `yieldEventLoop(i)`, `yieldToEventLoop()`, `setImmediate()` of
 * timers/promises. A loop that yields every few items is the remedy for a long loop, sequential on purpose; but it waits
 * for nothing, so it is no polling loop (a timer) either.
 */
export const YIELD_CALLEE = /^(yield\w*|setImmediate)$/i;

/**
 * Words that name a limiter, in a callee's name split into words: `limit(() => f(x))` (p-limit), `rateLimiter`,
 * `limiter.schedule`, `queue.add`, `sem.acquire` (async-sema's `Sema`), `asyncPool`, `mutex.runExclusive`. Whole words, so that
 * `filterAndParseMissingResourceScopes` (par-sem-issing) or `spool` is not one.
 */
const LIMITER_WORD = /^(p?limit(s|er|ed)?|throttle[dr]?|throttling|(bounded)?semaphore|sema?|p?queue[ds]?|pool|mutex|bottleneck|schedule[dr]?)$/i;

/** The words of a callee's name that name a limiter (LIMITER_WORD); camelCase, snake_case and dotted names are split. */
export function limiterWords(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => LIMITER_WORD.test(w)).map((w) => w.toLowerCase());
}

/** Limiter shapes: `items.map(x => limit(() => f(x)))` is bounded. */
export function namesLimiter(name: string): boolean {
  return limiterWords(name).length > 0;
}

export const ENTRY_SYMBOLS: Record<EntryKind, string> = {
  'request-handler': '<request handler>',
  'queue-consumer': '<queue consumer>',
  'async-function': '<async function>',
  'event-handler': '<event handler>',
  timer: '<timer callback>',
  'promise-callback': '<promise callback>',
  'stream-handler': '<stream handler>',
  'agent-tool': '<AI tool>',
  'extension-host': '<extension host callback>',
  custom: '<hot-path callback>',
};

/** How a message says where the code runs, for an entry reached directly or through calls. */
export const ENTRY_WHERE: Record<EntryKind, { direct: string; indirect: string }> = {
  'request-handler': { direct: 'on a request path', indirect: 'on a request path' },
  'queue-consumer': { direct: 'in a queue consumer', indirect: 'on a path from a queue consumer' },
  'async-function': { direct: 'in an async function', indirect: 'on a path from an async function' },
  'event-handler': { direct: 'in an event handler', indirect: 'on a path from an event handler' },
  timer: { direct: 'in a timer callback', indirect: 'on a path from a timer callback' },
  'promise-callback': { direct: 'in a promise callback', indirect: 'on a path from a promise callback' },
  'stream-handler': { direct: 'in a stream handler', indirect: 'on a path from a stream handler' },
  'agent-tool': { direct: 'in an AI tool (an agent runs it on every tool call)', indirect: 'on a path from an AI tool (an agent runs it on every tool call)' },
  'extension-host': {
    direct: 'on the VS Code extension host (one event loop shared by every extension)',
    indirect: 'on a path from a VS Code command, event or provider (the extension host is one event loop shared by every extension)',
  },
  custom: { direct: 'on a hot path', indirect: 'on a hot path' },
};

/** How a message says where code runs that is not plainly hot. */
export const REACH_WHERE: Record<Exclude<Reach, 'hot'>, string> = {
  once: 'in a lazy one-time initialisation on a hot path (it runs once, on the first request that needs it)',
  unknown: 'in an async function that no known entry reaches (if it runs per request or event, add its caller as an entry)',
};

/** Methods that call their callback before returning, so the callback runs as part of the caller. */
export const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'toSorted',
]);

/**
 * A NestJS `@WebSocketGateway()` class's connection hooks, by method name, with the event each runs on. Nest calls them
 * per connection and disconnection inside an RxJS subscription and discards what they return
 * (nestjs/nest packages/websockets/web-sockets-controller.ts, subscribeConnectionEvent), so an async hook's rejection
 * is unhandled. Its `@SubscribeMessage` handlers are in DECORATOR_ENTRIES: Nest awaits them and routes their errors to
 * the gateway's exception filters.
 */
export const GATEWAY_HOOKS: Readonly<Record<string, string>> = { handleConnection: 'connection', handleDisconnect: 'disconnect' };

/** Decorators that make a method an entry: NestJS and similar frameworks register the method with them. */
export const DECORATOR_ENTRIES: Record<string, EntryKind> = {
  Get: 'request-handler', Post: 'request-handler', Put: 'request-handler', Delete: 'request-handler',
  Patch: 'request-handler', Options: 'request-handler', Head: 'request-handler', All: 'request-handler',
  MessagePattern: 'event-handler', EventPattern: 'event-handler', OnEvent: 'event-handler', Subscription: 'event-handler',
  // @nestjs/bull: `@Process('transcode') async transcode(job)` in a `@Processor('audio')` class; per-job events of both.
  Process: 'queue-consumer', OnQueueEvent: 'event-handler', OnWorkerEvent: 'event-handler',
  Query: 'request-handler', Mutation: 'request-handler', Resolver: 'request-handler',
  // A field of a GraphQL type, resolved per object a query returns (@nestjs/graphql, TypeGraphQL).
  ResolveField: 'request-handler', ResolveProperty: 'request-handler', FieldResolver: 'request-handler',
  Cron: 'timer', Interval: 'timer', Timeout: 'timer',
  // A NestJS gateway's message handler (@nestjs/websockets), per message of its event.
  SubscribeMessage: 'event-handler',
};
