// Summarises repeated measurements. Medians rather than means: on a shared machine one slow run should not
// move the figure a recommendation is based on.
import type { Stats } from './result-types';

export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: round(quantile(sorted, 0.5)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    iqr: round(quantile(sorted, 0.75) - quantile(sorted, 0.25)),
    // Not `map(round)`: map passes the index as the second argument, which round takes for the digits.
    samples: samples.map((s) => round(s)),
  };
}

/** Linear interpolation between closest ranks, on sorted input. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
