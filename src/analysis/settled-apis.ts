// Library methods whose promise never rejects, whatever happens inside: a call to one is not a way for the function
// around it to fail (failure-paths.ts), so a floating promise of that function's need not be caught. Data, like the
// blocking-API catalogue; each entry is checked in the library's source, cited with it.
import type { Binding } from './bindings';

export interface SettledMethods {
  module: string;
  className: string;
  methods: readonly string[];
  /** Where the library shows it, and why. */
  source: string;
}

export const SETTLED_METHODS: readonly SettledMethods[] = [
  {
    // The in-memory PubSub of GraphQL subscriptions (hoppscotch's PubSubService wraps it): 40 harmless warnings there.
    module: 'graphql-subscriptions',
    className: 'PubSub',
    methods: ['publish', 'subscribe'],
    source: 'apollographql/graphql-subscriptions src/pubsub.ts: publish() emits on an EventEmitter and returns Promise.resolve(); subscribe() adds a listener and returns Promise.resolve(id)',
  },
  // cache-manager's Cache (NestJS's CACHE_MANAGER re-exports it): set() awaits each store's Keyv.set(), and Keyv catches
  // what its storage adapter throws (a Redis outage), emits it as 'error' and resolves false. Ghostfolio's quote-cache
  // writes: 2 harmless warnings.
  ...['cache-manager', '@nestjs/cache-manager'].map((module) => ({
    module,
    className: 'Cache',
    methods: ['set'],
    source: 'jaredwray/cacheable packages/cache-manager/src/index.ts set(): await store.set(...) on Keyv stores; jaredwray/keyv core/keyv/src/keyv.ts set(): try { await this._store.set(...) } catch (error) { result = false; this.emit("error", error) }',
  })),
];

/** Packages with such classes: their imports are tracked so that a field typed with the class is known. */
export const SETTLED_PACKAGES: ReadonlySet<string> = new Set(SETTLED_METHODS.map((m) => m.module));

/** `this.pubsub.publish` with `private pubsub: PubSub` (from graphql-subscriptions): a method whose promise settles. */
export function isSettledMethod(callee: Binding): boolean {
  if (callee.kind !== 'member' || callee.of.kind !== 'instance' || callee.of.of.kind !== 'package-member') return false;
  const cls = callee.of.of;
  return SETTLED_METHODS.some((m) => m.module === cls.module && m.className === cls.name && m.methods.includes(callee.name));
}
