'use strict';
// A hand-written p-limit: run at most `max` async tasks at a time, queue the rest. This is the Node.js
// counterpart of an asyncio.Semaphore around each call. Without it, `Promise.all(items.map(call))`
// opens one socket per item at once, which remote APIs answer with rate limits and timeouts.

/**
 * limitConcurrency(32) returns `limit(fn)`: it calls `fn()` when fewer than 32 calls are running and
 * returns a promise of its result.
 */
function limitConcurrency(max) {
  if (!Number.isInteger(max) || max < 1) throw new Error(`concurrency limit must be a positive integer, got ${max}`);
  let running = 0;
  const waiting = [];

  const startNext = () => {
    if (running >= max || waiting.length === 0) return;
    running++;
    const { fn, resolve, reject } = waiting.shift();
    // Promise.resolve().then(fn) also turns a synchronous throw in fn into a rejection.
    Promise.resolve()
      .then(fn)
      .then(resolve, reject)
      .finally(() => {
        running--;
        startNext();
      });
  };

  return function limit(fn) {
    return new Promise((resolve, reject) => {
      waiting.push({ fn, resolve, reject });
      startNext();
    });
  };
}

module.exports = { limitConcurrency };
