// Where more workers stop helping: the first worker count whose next step improves the time by less
// than 10%. Ten percent is above the run-to-run spread of a quiet machine, so a "gain" smaller than that
// is not one to pay a worker's memory for.
const WORTHWHILE_GAIN = 0.1;

/** `points` sorted by worker count; returns the count after which adding workers does not pay. */
export function saturationPoint(points: ReadonlyArray<{ workers: number; medianMs: number }>): number {
  if (points.length === 0) return 0;
  let best = points[0];
  for (const p of points.slice(1)) {
    if (p.medianMs < best.medianMs * (1 - WORTHWHILE_GAIN)) best = p;
    else break;
  }
  return best.workers;
}
