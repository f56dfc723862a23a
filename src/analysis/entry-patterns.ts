// Where hot-path entries come from: the call shapes that hand a function to the event loop. Data only;
// the fact extractor matches calls against these tables.
import type { EntryKind } from './findings';

/** `emitter.on('event', fn)` and friends. */
export const EMITTER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

/**
 * Events whose handlers must be synchronous: Node runs `exit` handlers after the loop has stopped,
 * so blocking there is the only option and not a finding.
 */
export const SYNC_ONLY_PROCESS_EVENTS = new Set(['exit']);

/** Global timer functions (also exported by `timers`). */
export const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

export const PROMISE_CALLBACK_METHODS = new Set(['then', 'catch', 'finally']);

/** Framework route registration: `app.get('/path', handler)`, `router.use(mw)`, `fastify.post(...)`. */
export const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'all', 'use', 'route', 'handle', 'any', 'on']);

/** Receivers that look like an app or router even when the path is not a literal. */
export const ROUTER_RECEIVER = /^(app|application|router|server|api|fastify|hono|routes?|r|express|koa|web)$/i;

/** `fastify.route({ handler })`, `server.route({ handler })` (hapi): object properties that are handlers. */
export const ROUTE_OBJECT_HANDLER_KEYS = new Set(['handler', 'preHandler', 'onRequest']);

/** Stream construction with implementation callbacks: `new Transform({ transform(chunk, enc, cb) {...} })`. */
export const STREAM_CLASSES = new Set(['Transform', 'Writable', 'Readable', 'Duplex', 'PassThrough']);
export const STREAM_METHOD_KEYS = new Set(['transform', 'write', 'writev', 'read', 'flush', 'final']);

/** Parameter names that make a function look like an HTTP handler: (req, res), (request, reply). */
export const REQUEST_PARAM_NAMES = new Set(['req', 'request']);
export const RESPONSE_PARAM_NAMES = new Set(['res', 'response', 'reply']);

/** Parameter type names that make a function an HTTP handler, syntactically or by the type checker. */
export const REQUEST_TYPE_NAMES = new Set([
  'IncomingMessage', 'ServerResponse', 'Http2ServerRequest', 'Http2ServerResponse', 'FastifyRequest', 'FastifyReply',
]);
/** Names that count only when a request-shaped and a response-shaped one appear together (express). */
export const REQUEST_PAIR_TYPE_NAMES = new Set(['Request', 'Response']);

/** Awaited calls that pace a loop on purpose; such a loop is sequential by design. */
export const PACING_CALLEE = /^(sleep|delay|wait|setTimeout|timeout|pause|backoff|throttle)$/i;

/** Limiter shapes: `items.map(x => limit(() => f(x)))` is bounded. */
export const LIMITER_CALLEE = /(limit|limiter|throttle|semaphore|queue|pool|mutex|sem|bottleneck|schedule)/i;

export const ENTRY_SYMBOLS: Record<EntryKind, string> = {
  'request-handler': '<request handler>',
  'async-function': '<async function>',
  'event-handler': '<event handler>',
  timer: '<timer callback>',
  'promise-callback': '<promise callback>',
  'stream-handler': '<stream handler>',
  custom: '<hot-path callback>',
};

/** How a message says where the code runs, for an entry reached directly or through calls. */
export const ENTRY_WHERE: Record<EntryKind, { direct: string; indirect: string }> = {
  'request-handler': { direct: 'on a request path', indirect: 'on a request path' },
  'async-function': { direct: 'in an async function', indirect: 'on a path from an async function' },
  'event-handler': { direct: 'in an event handler', indirect: 'on a path from an event handler' },
  timer: { direct: 'in a timer callback', indirect: 'on a path from a timer callback' },
  'promise-callback': { direct: 'in a promise callback', indirect: 'on a path from a promise callback' },
  'stream-handler': { direct: 'in a stream handler', indirect: 'on a path from a stream handler' },
  custom: { direct: 'on a hot path', indirect: 'on a hot path' },
};

/** Methods that call their callback before returning, so the callback runs as part of the caller. */
export const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'toSorted',
]);

/** Callbacks that run once when a server starts listening: start-up code, not a hot path. */
export const STARTUP_CALLBACK_METHODS = new Set(['listen']);

/** Decorators that make a method an entry: NestJS and similar frameworks register the method with them. */
export const DECORATOR_ENTRIES: Record<string, EntryKind> = {
  Get: 'request-handler', Post: 'request-handler', Put: 'request-handler', Delete: 'request-handler',
  Patch: 'request-handler', Options: 'request-handler', Head: 'request-handler', All: 'request-handler',
  MessagePattern: 'event-handler', EventPattern: 'event-handler', OnEvent: 'event-handler', Subscription: 'event-handler',
  Query: 'request-handler', Mutation: 'request-handler', Resolver: 'request-handler',
  Cron: 'timer', Interval: 'timer', Timeout: 'timer',
};
