// Shared by the child processes: how a child hands its measurements back to check-bench.mjs.
export const MARK = '@@BENCH-RESULT@@';

export function memory() {
  const ru = process.resourceUsage();
  const mu = process.memoryUsage();
  return {
    maxRssMB: round(ru.maxRSS / 1024), // resourceUsage().maxRSS is in kilobytes
    heapUsedMB: round(mu.heapUsed / 1048576),
    rssMB: round(mu.rss / 1048576),
  };
}

export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function emit(result) {
  process.stdout.write('\n' + MARK + JSON.stringify(result) + '\n');
}
