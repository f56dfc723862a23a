// A chart with nothing to draw keeps its id, title and axes, so the panel's layout and the export stay the
// same; the `empty` sentence says why and what to run to fill it.
import type { ChartSpec } from './chart-spec';

/** What a chart is before any data: everything but the series, markers and table. */
export type ChartFrame = Omit<ChartSpec, 'series' | 'markers' | 'table' | 'empty'>;

export function emptyChart(frame: ChartFrame, sentence: string, columns: string[] = []): ChartSpec {
  return { ...frame, series: [], markers: [], table: { caption: `${frame.title}: ${sentence}`, columns, rows: [] }, empty: sentence };
}
