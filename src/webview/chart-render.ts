// ChartSpec → chart.js. The spec says what to draw (series, axes, units, markers, colour roles); this file
// decides how: dataset styles, scales, tick and tooltip formats, colours from the current theme. Only the
// chart.js parts used here are imported and registered, so esbuild leaves the rest out of the bundle.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import type { AxisSpec, ChartSpec, SeriesSpec } from '../report/views/chart-spec';
import { formatValue } from '../report/views/format';
import { el } from './dom';
import { markersPlugin, type MarkersOptions } from './markers-plugin';
import { renderDataTable } from './tables';
import { prefersReducedMotion, readTheme, withAlpha, type Theme } from './theme';

/**
 * The plot area, in CSS pixels, on the canvas as `data-chart-area="left,top,right,bottom"` after each
 * layout: the bundle keeps chart.js's registry to itself, and this lets tests (and anyone inspecting the
 * page) see where the plot sits, e.g. that stacked charts over time line up.
 */
const chartAreaAttribute: Plugin = {
  id: 'lensChartArea',
  afterLayout(chart) {
    const a = chart.chartArea;
    chart.canvas.dataset.chartArea = [a.left, a.top, a.right, a.bottom].map((v) => Math.round(v * 100) / 100).join(',');
  },
  // The legend as drawn, `[{ text, hidden, color }]`: a test can see that no entry starts hidden (struck
  // through) and that two series do not share a colour.
  afterDraw(chart) {
    const items = chart.legend?.legendItems ?? [];
    chart.canvas.dataset.legend = JSON.stringify(items.map((i) => ({ text: i.text, hidden: Boolean(i.hidden), color: String(i.strokeStyle ?? i.fillStyle ?? '') })));
  },
};

Chart.register(
  LineController,
  BarController,
  ScatterController,
  LineElement,
  BarElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Filler,
  Legend,
  Tooltip,
  markersPlugin,
  chartAreaAttribute,
);

/** A chart on the page: its spec (kept for theme redraws) and the chart.js instance. */
export interface ChartHandle {
  readonly spec: ChartSpec;
  /** Draws a new spec of the same chart in place (the explorer's slider). */
  update(spec: ChartSpec): void;
}

interface LiveChart {
  spec: ChartSpec;
  chart: Chart;
  canvas: HTMLCanvasElement;
}

const live = new Set<LiveChart>();

const DASH = [6, 4];

function datasetFor(s: SeriesSpec, index: number, spec: ChartSpec, theme: Theme, manyPoints: boolean): ChartDataset {
  const color = theme.colors[s.color];
  const kind = s.kind ?? (spec.type === 'bar' ? 'bar' : spec.type === 'scatter' ? 'scatter' : 'line');
  const base = {
    label: s.label,
    data: s.data as never,
    yAxisID: s.axis === 'y2' ? 'y2' : 'y',
    order: index,
  };
  if (kind === 'bar') {
    return { ...base, type: 'bar', backgroundColor: withAlpha(color, 0.75), borderColor: color, borderWidth: 1 } as ChartDataset;
  }
  const filled = s.fill === '-1' || s.fill === 'origin';
  return {
    ...base,
    type: kind === 'scatter' ? 'scatter' : 'line',
    borderColor: color,
    backgroundColor: filled ? withAlpha(color, 0.22) : color,
    fill: s.fill ?? false,
    borderDash: s.dashed ? DASH : [],
    borderWidth: 2,
    // Bands are drawn by their edges; a dense time series reads better without a dot per sample.
    pointRadius: s.pointsOnly || kind === 'scatter' ? 3.5 : manyPoints ? 0 : 2.5,
    pointHoverRadius: 5,
    pointBackgroundColor: color,
    showLine: !s.pointsOnly,
    tension: 0,
    spanGaps: false,
  } as ChartDataset;
}

function scaleFor(axis: AxisSpec, theme: Theme, fallbackType: 'linear' | 'category', position: 'left' | 'right' | 'bottom', stacked: boolean, gridOn = true, fixedWidth?: number): Record<string, unknown> {
  const type = axis.type ?? fallbackType;
  // Sizes in bytes read best at powers of two (1 MiB, 4 MiB, 16 MiB) rather than chart.js's 1-2-5 steps.
  const bytesLog = type === 'logarithmic' && axis.unit === 'bytes';
  return {
    afterFit: fixedWidth ? (scale: { width: number }) => (scale.width = fixedWidth) : undefined,
    afterBuildTicks: bytesLog
      ? (scale: { min: number; max: number; ticks: { value: number }[] }) => (scale.ticks = powerOfTwoTicks(scale.min, scale.max))
      : undefined,
    type,
    position,
    stacked,
    min: axis.min,
    max: axis.max,
    title: { display: Boolean(axis.title), text: axis.title, color: theme.muted },
    grid: { color: theme.grid, drawOnChartArea: gridOn },
    border: { color: theme.grid },
    ticks: {
      color: theme.muted,
      maxRotation: 0,
      autoSkip: true,
      // Category ticks are labels already; numbers go through the unit's formatter. Log axes label only
      // the 1-2-5 steps, or they print every minor tick.
      callback(this: { getLabelForValue(v: number): string }, value: number | string): string | undefined {
        if (type === 'category') return this.getLabelForValue(Number(value));
        const n = Number(value);
        if (type === 'logarithmic' && !bytesLog) {
          const lead = n / Math.pow(10, Math.floor(Math.log10(n)));
          if (![1, 2, 5].some((d) => Math.abs(lead - d) < 1e-6)) return undefined;
        }
        return formatValue(n, axis.unit);
      },
    },
  };
}

/** Ticks at powers of two between min and max, every k-th power so that at most 9 show. */
export function powerOfTwoTicks(min: number, max: number): { value: number }[] {
  const lo = Math.ceil(Math.log2(Math.max(1, min)));
  const hi = Math.floor(Math.log2(Math.max(1, max)));
  const step = [1, 2, 3, 4, 5, 10].find((k) => (hi - lo) / k < 9) ?? 10;
  const ticks: { value: number }[] = [];
  for (let e = Math.ceil(lo / step) * step; e <= hi; e += step) ticks.push({ value: 2 ** e });
  return ticks;
}

/** A chart over time: x in seconds or milliseconds on a linear axis (the profile's charts over the run). */
export function isTimeChart(spec: ChartSpec): boolean {
  return !spec.labels && spec.type !== 'bar' && (spec.x.type ?? 'linear') === 'linear' && (spec.x.unit === 's' || spec.x.unit === 'ms');
}

/**
 * The width of each side's y-axis gutter on a chart over time. chart.js sizes an axis by its tick labels
 * and title, so stacked charts over the same seconds (delay on the left; busy share left and CPU right)
 * had plot areas of different widths and a second sat at different x pixels in each. With both gutters
 * fixed (the left axis, and the right axis or an equal padding where there is none), equally wide charts
 * over time share their plot area. Wide enough for the longest tick label these axes print ("1.25 s",
 * "100 %", "1.8 cores", "512 MiB") with the tick marks and the axis title.
 */
export function timeGutter(theme: Theme): number {
  return Math.ceil(theme.fontSize * 7);
}

/** The whole chart.js configuration for a spec in a theme. */
export function chartConfig(spec: ChartSpec, theme: Theme): ChartConfiguration {
  const manyPoints = spec.series.some((s) => s.data.length > 40);
  const xFallback = spec.labels && spec.type !== 'scatter' ? 'category' : 'linear';
  const stacked = spec.stacked ?? false;
  const gutter = isTimeChart(spec) ? timeGutter(theme) : undefined;
  const scales: Record<string, unknown> = {
    x: scaleFor(spec.x, theme, xFallback, 'bottom', stacked),
    y: scaleFor(spec.y, theme, 'linear', 'left', stacked, true, gutter),
  };
  if (spec.y2) scales.y2 = scaleFor(spec.y2, theme, 'linear', 'right', false, false, gutter);
  const unitOf = (axisId: string): AxisSpec['unit'] => (axisId === 'y2' && spec.y2 ? spec.y2.unit : spec.y.unit);
  const markers: MarkersOptions = {
    font: `${Math.round(theme.fontSize * 0.92)}px ${theme.fontFamily}`,
    background: withAlpha(theme.background, 0.85),
    markers: spec.markers.map((m) => ({ ...m, color: theme.colors[m.color], fill: withAlpha(theme.colors[m.color], 0.16) })),
  };
  return {
    type: spec.type === 'scatter' ? 'scatter' : spec.type,
    data: {
      labels: spec.labels ? [...spec.labels] : undefined,
      datasets: spec.series.map((s, i) => datasetFor(s, i, spec, theme, manyPoints)),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: prefersReducedMotion() ? false : { duration: 250 },
      interaction: { mode: spec.type === 'bar' || spec.labels ? 'index' : 'nearest', intersect: false },
      color: theme.text,
      font: { family: theme.fontFamily, size: theme.fontSize },
      scales: scales as never,
      // A chart over time with no right axis keeps the right gutter empty, to line up with those that have one.
      layout: { padding: { right: gutter !== undefined && !spec.y2 ? gutter : 0 } },
      plugins: {
        legend: { position: 'bottom', labels: { color: theme.text, boxWidth: 14, boxHeight: 10, usePointStyle: false } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'line'>) => {
              const raw = item.raw as number | { y: number } | null;
              const y = typeof raw === 'number' ? raw : raw && typeof raw === 'object' ? raw.y : NaN;
              return `${item.dataset.label ?? ''}: ${Number.isFinite(y) ? formatValue(y, unitOf(String((item.dataset as { yAxisID?: string }).yAxisID ?? 'y'))) : '—'}`;
            },
            title: (items: TooltipItem<'line'>[]) => {
              const first = items[0];
              if (!first) return '';
              if (spec.labels) return String(first.label);
              return formatValue(first.parsed.x as number, spec.x.unit);
            },
          },
        },
        lensMarkers: markers,
      } as never,
    },
  };
}

/**
 * A chart as a figure: heading, description, the canvas (an image to assistive technology, labelled with
 * title and description) and its data as a real table under "Show data". A spec with `empty` set shows
 * the sentence instead of an empty plot.
 */
export function renderChart(spec: ChartSpec): { figure: HTMLElement; handle: ChartHandle | undefined } {
  const figure = el('figure', { class: spec.empty ? 'chart empty' : 'chart', attrs: { id: `chart-${spec.id}`, 'data-chart': spec.id } });
  const titleId = `chart-${spec.id}-title`;
  const descId = `chart-${spec.id}-desc`;
  figure.appendChild(el('figcaption', {}, el('h3', { text: spec.title, attrs: { id: titleId } }), el('p', { class: 'description', text: spec.description, attrs: { id: descId } })));
  if (spec.empty) {
    // Nothing to draw: one line across the grid, not a box as tall as its neighbour's chart. Builders
    // often give the same sentence as the description; it is said once.
    if (spec.empty !== spec.description) figure.appendChild(el('p', { class: 'empty', text: spec.empty }));
    return { figure, handle: undefined };
  }
  const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': `${spec.title}. ${spec.description}` } }, `${spec.title}: the data is in the table below.`);
  figure.appendChild(el('div', { class: 'canvas-box' }, canvas));
  const tableSlot = el('div', 'table-slot');
  tableSlot.appendChild(renderDataTable(spec.table, `chart-${spec.id}-table`));
  figure.appendChild(tableSlot);

  const entry: LiveChart = { spec, chart: new Chart(canvas, chartConfig(spec, readTheme())), canvas };
  live.add(entry);
  const handle: ChartHandle = {
    get spec() {
      return entry.spec;
    },
    update(next) {
      entry.spec = next;
      const cfg = chartConfig(next, readTheme());
      entry.chart.data = cfg.data;
      entry.chart.options = cfg.options ?? {};
      entry.chart.update('none');
      canvas.setAttribute('aria-label', `${next.title}. ${next.description}`);
      tableSlot.replaceChildren(renderDataTable(next.table, `chart-${next.id}-table`));
    },
  };
  return { figure, handle };
}

/** Redraws every chart on the page with the theme's colours (a VS Code theme switch). */
export function redrawCharts(theme: Theme): void {
  for (const c of live) {
    if (!c.canvas.isConnected) {
      c.chart.destroy();
      live.delete(c);
      continue;
    }
    const cfg = chartConfig(c.spec, theme);
    c.chart.data = cfg.data;
    c.chart.options = cfg.options ?? {};
    c.chart.update('none');
  }
}

/** Before a view is rebuilt: chart.js keeps listeners and animation frames until destroyed. */
export function destroyCharts(): void {
  for (const c of live) c.chart.destroy();
  live.clear();
}
