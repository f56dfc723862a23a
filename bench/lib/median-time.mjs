// The median wall time of repeated calls of a function, for the cost benchmarks that compare two forms of the same work
// in one run (bench/accumulating-spread-cost.mjs, bench/quadratic-scan-cost.mjs).

/** Median milliseconds of `runs` calls of fn, after one warm-up call. */
export function medianMs(fn, runs = 5) {
  fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
