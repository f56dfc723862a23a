// The data table behind every chart: the screen-reader fallback and "Show data". Cells are formatted with
// the chart's own units so a number reads the same in the table as in a tooltip. Long time series keep
// every point in the chart; only the table is thinned, and its caption says so.
import type { TableSpec, Unit } from './chart-spec';
import { formatValue } from './format';

/** More rows than this stop being readable by ear; the table then shows evenly spaced rows. */
export const MAX_TABLE_ROWS = 120;

export interface TableColumn {
  title: string;
  /** How the column's numbers read; absent for text columns. */
  unit?: Unit;
}

export type Cell = number | string | null | undefined;

const cell = (value: Cell, unit: Unit | undefined): string | number => {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  return unit ? formatValue(value, unit) : value;
};

/** Every `step`-th index, with `step` the smallest whole number that keeps at most `max` rows; the last row is always kept. */
export function thinIndices(length: number, max = MAX_TABLE_ROWS): { indices: number[]; step: number } {
  const step = Math.max(1, Math.ceil(length / max));
  const indices: number[] = [];
  for (let i = 0; i < length; i += step) indices.push(i);
  if (length > 0 && indices[indices.length - 1] !== length - 1) {
    // Room for the last row: drop the one before it when the table would go over.
    if (indices.length >= max) indices.pop();
    indices.push(length - 1);
  }
  return { indices, step };
}

/**
 * A table of `rows` (raw numbers, formatted here). With `thin`, a long table keeps at most MAX_TABLE_ROWS
 * evenly spaced rows and the caption tells how many it shows of how many.
 */
export function buildTable(caption: string, columns: TableColumn[], rows: Cell[][], options: { thin?: boolean } = {}): TableSpec {
  const { indices: keep, step } = options.thin ? thinIndices(rows.length) : { indices: rows.map((_, i) => i), step: 1 };
  const shown = keep.map((i) => columns.map((c, j) => cell(rows[i][j], c.unit)));
  const thinned = keep.length < rows.length ? ` One row in ${step} is shown, and the last (${keep.length} of ${rows.length}); the chart has every point.` : '';
  return { caption: `${caption}${thinned}`, columns: columns.map((c) => c.title), rows: shown };
}

