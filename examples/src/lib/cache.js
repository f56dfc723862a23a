// In-memory LRU cache of embeddings, snapshotted to disk every 30 s so that a restart starts warm.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import v8 from 'node:v8';

export class Store {
  #entries = new Map();

  constructor(capacity) {
    this.capacity = capacity;
  }

  get size() {
    return this.#entries.size;
  }

  get(key) {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Re-insert so that the most recently used entry is last.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Adds an entry immediately (memory only, unlike the Redis-backed store's async add()). */
  addSync(key, value) {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value);
  }

  entries() {
    return [...this.#entries];
  }

  load(entries) {
    for (const [key, value] of entries) this.addSync(key, value);
  }
}

export const embeddings = new Store(50_000);

/** Loads the last snapshot, if there is one. Called once, before the server listens. */
export function restoreSnapshot(store, file) {
  if (!existsSync(file)) return 0;
  store.load(v8.deserialize(readFileSync(file)));
  return store.size;
}

/** Writes the cache to `file` every `everyMs` milliseconds. */
export function startSnapshots(store, file, everyMs = 30_000) {
  const timer = setInterval(() => {
    const payload = v8.serialize(store.entries());
    writeFile(file, payload).catch((err) => console.warn('cache snapshot failed:', err));
  }, everyMs);
  timer.unref();
  return timer;
}
