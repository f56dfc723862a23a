// Library clients whose methods return promises that reject when the service they talk to fails: a call to one left
// un-awaited is a floating promise (detectors/floating-promise.ts), known without the package's types. Data, like the
// blocking-API catalogue; each entry is checked in the library's source, cited with it. The opposite list, of library
// methods whose promises never reject, is settled-apis.ts.
import { packageExport, type Binding } from './bindings';

export interface PromiseClient {
  module: string;
  /** The exports that are the client's class: `default` for the default export. */
  exports: readonly string[];
  /** Its methods that do not return a promise; every other method does. */
  notPromises: readonly string[];
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
    source: 'redis/ioredis lib/index.ts (default, Redis and Cluster are the client classes) and lib/utils/Commander.ts: every command returns the Command\'s promise, which rejects on a reply error or a lost connection, whether or not a callback is given; lib/Redis.ts: connect, quit and monitor return promises too',
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
export function isPromiseClientMethod(callee: Binding): boolean {
  if (callee.kind !== 'member' || callee.of.kind !== 'instance' || !isPromiseClientClass(callee.of.of)) return false;
  const module = packageExport(callee.of.of)!.module;
  return PROMISE_CLIENTS.some((c) => c.module === module && !c.notPromises.includes(callee.name));
}
