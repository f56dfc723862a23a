'use strict';
// A small seeded pseudo-random generator (mulberry32). The workloads draw their text, embeddings and
// simulated API latencies from it instead of Math.random(), so every run does the same work in the same
// order and throughput changes only when the machine (or the profiler) changes.

/** Returns a function that yields numbers in [0, 1), the same sequence for the same seed. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both ends included. */
function randomInt(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

module.exports = { seededRandom, randomInt };
