// What both languages' timeline charts share (profile-view.ts for Node, python-profile-charts.ts for Python):
// points from a timeline's arrays, the shading of blocked stretches and its stand-in in the tables, the GC
// intervals worth a dot, and table columns.
import type { BlockedStretch } from '../../profiler/blocked-stretches';
import type { AxisSpec, ColorRole, MarkerSpec, Point } from './chart-spec';
import { formatValue } from './format';

/** GC is summed per interval; marking every interval of a GC-heavy run would hide the delay lines. */
export const MAX_GC_MARKS = 100;

const STRETCH_COLOR: Record<BlockedStretch['kind'], ColorRole> = { loop: 'red', startup: 'muted' };
const STRETCH_LABEL: Record<BlockedStretch['kind'], string> = { loop: 'blocked', startup: 'startup' };

export const series = (t: readonly number[], ys: readonly number[]): Point[] => t.map((x, i) => ({ x, y: ys[i] ?? 0 }));

export function stretchMarkers(stretches: readonly BlockedStretch[], x: AxisSpec): MarkerSpec[] {
  const max = x.max ?? Infinity;
  return stretches.map((s) => ({
    kind: 'x-range',
    at: Math.min(max, Math.max(0, s.startMs / 1000)),
    to: Math.min(max, Math.max(0, s.endMs / 1000)),
    label: `${STRETCH_LABEL[s.kind]} ${formatValue(s.durationMs, 'ms')}`,
    color: STRETCH_COLOR[s.kind],
  }));
}

/** Whether the interval ending at t[i] overlaps a blocked stretch: the table's stand-in for the shading. */
export function blockedFlags(t: readonly number[], stretches: readonly BlockedStretch[]): string[] {
  return t.map((end, i) => {
    const start = i > 0 ? t[i - 1] : 0;
    const hit = stretches.find((s) => s.startMs / 1000 < end && s.endMs / 1000 > start);
    return hit ? STRETCH_LABEL[hit.kind] : '';
  });
}

/** The intervals to mark with a GC dot: the MAX_GC_MARKS with the most GC, in time order. */
export function largestGc(gcMs: readonly number[]): number[] {
  return gcMs
    .map((ms, i) => ({ ms, i }))
    .filter((g) => g.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, MAX_GC_MARKS)
    .map((g) => g.i)
    .sort((a, b) => a - b);
}

export const columnsOf = (titles: readonly string[], units: readonly (AxisSpec['unit'] | undefined)[]) => titles.map((title, i) => ({ title, unit: units[i] }));

export function running(xs: readonly number[]): number[] {
  let total = 0;
  return xs.map((x) => (total += x));
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
