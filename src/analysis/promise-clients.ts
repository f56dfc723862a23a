// Library clients whose methods return promises that reject when the service they talk to fails: a call to one left
// un-awaited is a floating promise (detectors/floating-promise.ts), known without the package's types. Data, like the
// blocking-API catalogue; each entry is checked in the library's source, cited with it. The opposite list, of library
// methods whose promises never reject, is settled-apis.ts.
import { packageExport, type Binding } from './bindings';

export interface PromiseClient {
  module: string;
  /** The exports that are the client's class: `default` for the default export. */
  exports: readonly string[];
  /** Its methods that do not return a promise; every other method does (unless `promises` is given). */
  notPromises: readonly string[];
  /** When given, the only methods that return a promise. */
  promises?: readonly string[];
  /** A method given a callback as its last argument reports to it and returns no promise. */
  callbackForm?: boolean;
  /** Exported functions that make a client (`createTransport(options)`). */
  factories?: readonly string[];
  /** Where the library shows it. */
  source: string;
}

const EMITTER_METHODS = [
  'on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener', 'prependOnceListener',
  'listeners', 'rawListeners', 'listenerCount', 'eventNames', 'setMaxListeners', 'getMaxListeners',
];

export const PROMISE_CLIENTS: readonly PromiseClient[] = [
  {
    module: 'ioredis',
    exports: ['default', 'Redis', 'Cluster'],
    notPromises: [
      ...EMITTER_METHODS, 'duplicate', 'pipeline', 'multi', 'defineCommand', 'createBuiltinCommand', 'disconnect', 'end', 'nodes',
      'scanStream', 'scanBufferStream', 'sscanStream', 'sscanBufferStream', 'hscanStream', 'hscanBufferStream', 'zscanStream',
      'zscanBufferStream', 'silentEmit', 'recoverFromFatalError', 'handleReconnection',
    ],
    // With a callback the promise is still returned, but standard-as-callback has already given it a rejection handler
    // (promise.then(ok, err) calling the callback), so dropping it loses nothing: Overleaf's `rclient.set(..., cb)`.
    callbackForm: true,
    source: 'redis/ioredis lib/index.ts (default, Redis and Cluster are the client classes) and lib/utils/Commander.ts: every command returns the Command\'s promise, which rejects on a reply error or a lost connection; lib/command.ts wraps it in standard-as-callback\'s asCallback(promise, callback), which attaches the callback as both handlers when one is given; lib/Redis.ts: connect, quit and monitor return promises too',
  },
  {
    module: 'nodemailer',
    exports: ['Transporter'],
    notPromises: [],
    promises: ['sendMail'],
    callbackForm: true,
    factories: ['createTransport'],
    source: 'nodemailer/nodemailer lib/mailer/index.js: sendMail(data, callback = null) makes and returns a promise when no callback is given, rejected with the transport\'s error (SMTP refused, connection lost); lib/nodemailer.js: createTransport returns that Mail object',
  },
  {
    module: 'bullmq',
    exports: ['Queue', 'FlowProducer'],
    notPromises: [],
    promises: [
      'add', 'addBulk', 'pause', 'resume', 'close', 'disconnect', 'drain', 'clean', 'obliterate', 'remove', 'retryJobs', 'promoteJobs',
      'removeRepeatable', 'removeRepeatableByKey', 'removeJobScheduler', 'upsertJobScheduler', 'updateJobProgress', 'addJobLog',
      'removeDeduplicationKey', 'trimEvents', 'setGlobalConcurrency', 'rateLimit', 'waitUntilReady',
    ],
    source: 'taskforcesh/bullmq src/classes/queue.ts: add, addBulk, pause, resume, close, drain, remove, the repeatable and scheduler methods are async and reject when Redis fails (a lost connection, a script error) or the options are invalid; queue-base.ts: disconnect and waitUntilReady; flow-producer.ts: FlowProducer#add and addBulk likewise. Queue is an EventEmitter too, whose on/once/emit are not among these',
  },
  {
    module: 'archiver',
    exports: ['Archiver'],
    notPromises: [],
    promises: ['finalize'],
    factories: ['default', 'create'],
    source: 'archiverjs/node-archiver lib/core.js: finalize() returns a promise that rejects when the format module emits an error (and at once when the archive was aborted or is already finalizing), besides emitting \'error\' on the archive; index.js: the package is a function that makes an Archiver (archiver(format, options), archiver.create)',
  },
];

/** Packages with such classes: their imports are tracked so that a field typed with the class is known. */
export const PROMISE_CLIENT_PACKAGES: ReadonlySet<string> = new Set(PROMISE_CLIENTS.map((c) => c.module));

/** `Redis` from `import Redis from 'ioredis'` (the package itself, as its default export) or `import { Cluster } from 'ioredis'`. */
export function isPromiseClientClass(b: Binding): boolean {
  const exp = packageExport(b);
  return exp !== undefined && PROMISE_CLIENTS.some((c) => c.module === exp.module && c.exports.includes(exp.name));
}

/** `this.pub.publish(...)` with `private pub: Redis`: a method of such a client that returns a promise. */
export function isPromiseClientMethod(callee: Binding, callbackGiven: boolean): boolean {
  if (callee.kind !== 'member') return false;
  const module = clientModule(callee.of);
  return module !== undefined && returnsClientPromise(module, callee.name, callbackGiven);
}

/** The library of a promise client a value is an instance of: `ioredis` for `new Redis()`. */
export function clientModule(b: Binding | undefined): string | undefined {
  return b?.kind === 'instance' && isPromiseClientClass(b.of) ? packageExport(b.of)!.module : undefined;
}

/** Whether the method of a client of this library returns a promise, called with or without a trailing callback. */
export function returnsClientPromise(module: string, method: string, callbackGiven: boolean): boolean {
  return PROMISE_CLIENTS.some((c) => c.module === module && !(c.callbackForm && callbackGiven) &&
    (c.promises ? c.promises.includes(method) : !c.notPromises.includes(method)));
}

/** `createTransport(options)`: a call of a factory export makes an instance of the client's class. */
export function promiseClientMadeBy(b: Binding): Binding | undefined {
  const exp = packageExport(b);
  const client = exp && PROMISE_CLIENTS.find((c) => c.module === exp.module && c.factories?.includes(exp.name));
  return client && { kind: 'instance', of: { kind: 'package-member', module: client.module, name: client.exports[0] } };
}
