// A chart as plain data: what to draw, never how. The pure view-model builders produce these from a
// report; the webview turns them into chart.js configurations with the theme's colours. Keeping them
// free of chart.js and of the DOM lets unit tests check every number a chart will show.

/** Colours by role, resolved in the webview from VS Code's `--vscode-charts-*` theme variables. */
export type ColorRole = 'blue' | 'orange' | 'green' | 'red' | 'purple' | 'yellow' | 'foreground' | 'muted';

/** How an axis's numbers read, so ticks, tooltips and tables format alike. */
export type Unit = 'ms' | 's' | 'bytes' | 'share' | 'cores' | 'count' | 'speedup' | 'qps';

export interface AxisSpec {
  title: string;
  unit: Unit;
  type?: 'linear' | 'logarithmic' | 'category';
  min?: number;
  max?: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface SeriesSpec {
  label: string;
  color: ColorRole;
  /** Category values (aligned with `ChartSpec.labels`) or x/y points. */
  data: (number | null)[] | Point[];
  /** Overrides the chart's type for this series (a line over bars). */
  kind?: 'line' | 'bar';
  /** `'-1'` fills down to the previous series: a band between two lines. */
  fill?: false | 'origin' | '-1';
  dashed?: boolean;
  /** Which y axis: the left (`y`, default) or the right (`y2`). */
  axis?: 'y' | 'y2';
  /** Draws only points, no line (`scatter`-like inside a line chart). */
  pointsOnly?: boolean;
}

/** Something marked on the plot: a vertical line (crossover, core count), a shaded x range (a blocked stretch), a horizontal line. */
export interface MarkerSpec {
  kind: 'x-line' | 'x-range' | 'y-line';
  at: number;
  /** End of an `x-range`. */
  to?: number;
  label?: string;
  color: ColorRole;
}

/** The same numbers as a table: the screen-reader fallback and what "Show data" reveals. */
export interface TableSpec {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ChartSpec {
  /** Stable id: DOM ids, tests and the export refer to it. */
  id: string;
  title: string;
  /** One or two sentences: what to look for. Also the canvas's accessible description. */
  description: string;
  type: 'line' | 'bar' | 'scatter';
  /** Category labels for `bar` charts and category-x line charts. */
  labels?: (string | number)[];
  series: SeriesSpec[];
  x: AxisSpec;
  y: AxisSpec;
  y2?: AxisSpec;
  markers: MarkerSpec[];
  stacked?: boolean;
  table: TableSpec;
  /** Set when there is nothing to draw; the panel shows this sentence instead of an empty chart. */
  empty?: string;
}
