// The Serialization Cost Explorer's crossover, from measurements: fit the structured-clone round trip as
// a fixed cost plus a cost per byte, then solve for the payload whose copy costs as much as a given
// computation on it. Above that size, shared memory or a transfer list is worth its complexity.
import type { Crossover } from './result-types';

export interface CloneFit {
  /** Bytes copied per ms, both directions of a round trip counted. */
  bytesPerMs: number;
  /** Round-trip cost at zero bytes. */
  overheadMs: number;
}

/** Least squares over (payload bytes, round-trip ms); a round trip copies the payload twice. */
export function fitCloneCost(points: ReadonlyArray<{ sizeBytes: number; roundTripMs: number }>): CloneFit {
  if (points.length === 0) throw new Error('no clone measurements to fit');
  const xs = points.map((p) => 2 * p.sizeBytes);
  const ys = points.map((p) => p.roundTripMs);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  // One size only (or a flat line): no slope to fit, so treat the whole cost as proportional to size.
  const slope = sxx > 0 && sxy > 0 ? sxy / sxx : my / Math.max(1, mx);
  const intercept = sxx > 0 && sxy > 0 ? Math.max(0, my - slope * mx) : 0;
  return { bytesPerMs: 1 / slope, overheadMs: intercept };
}

/** The fitted cost of one clone round trip of `sizeBytes`: the model `crossoverSize` inverts. */
export function cloneRoundTripMs(fit: CloneFit, sizeBytes: number): number {
  return fit.overheadMs + (2 * sizeBytes) / fit.bytesPerMs;
}

/** The payload size whose clone round trip takes `computeMs`; 0 when even an empty message costs more. */
export function crossoverSize(fit: CloneFit, computeMs: number): number {
  return Math.max(0, Math.round(((computeMs - fit.overheadMs) * fit.bytesPerMs) / 2));
}

export function crossovers(fit: CloneFit, computeMs: readonly number[]): Crossover[] {
  return computeMs.map((ms) => ({ computeMs: ms, sizeBytes: crossoverSize(fit, ms) }));
}
