// A small chart.js plugin for the ChartSpec's markers: vertical lines (a crossover, the core count),
// shaded x ranges (blocked stretches, GC pauses) and horizontal lines (an ideal or a limit), each with an
// optional label. Ours rather than chartjs-plugin-annotation: a few dozen lines, and no extra dependency
// in a bundle that is inlined into every exported report.
import type { Chart, Plugin } from 'chart.js';

export interface ResolvedMarker {
  kind: 'x-line' | 'x-range' | 'y-line';
  at: number;
  to?: number;
  label?: string;
  color: string;
  fill: string;
}

export interface MarkersOptions {
  markers: ResolvedMarker[];
  font: string;
}

function options(chart: Chart): MarkersOptions | undefined {
  const o = (chart.options.plugins as { lensMarkers?: MarkersOptions } | undefined)?.lensMarkers;
  return o && o.markers.length ? o : undefined;
}

export const markersPlugin: Plugin = {
  id: 'lensMarkers',
  // Ranges go under the data, lines and labels over it.
  beforeDatasetsDraw(chart) {
    const o = options(chart);
    if (!o) return;
    const { ctx, chartArea: area, scales } = chart;
    const x = scales.x;
    if (!x) return;
    ctx.save();
    for (const m of o.markers) {
      if (m.kind !== 'x-range') continue;
      const a = x.getPixelForValue(m.at);
      const b = x.getPixelForValue(m.to ?? m.at);
      const left = Math.max(area.left, Math.min(a, b));
      const right = Math.min(area.right, Math.max(a, b));
      // A pause shorter than a pixel is still shown.
      if (right < area.left || left > area.right) continue;
      ctx.fillStyle = m.fill;
      ctx.fillRect(left, area.top, Math.max(1.5, right - left), area.bottom - area.top);
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const o = options(chart);
    if (!o) return;
    const { ctx, chartArea: area, scales } = chart;
    ctx.save();
    ctx.font = o.font;
    ctx.textBaseline = 'top';
    // Labels of x-lines placed so far, by row: a label goes to the first row where it overlaps none.
    const rows: [number, number][][] = [];
    // Range labels share one row at the top; one that would overlap a label already drawn is left out,
    // so a run of close stretches stays readable (the chart's description gives their count and total).
    const rangeLabels: [number, number][] = [];
    for (const m of o.markers) {
      if (m.kind === 'x-range') {
        if (!m.label || !scales.x) continue;
        const x = scales.x.getPixelForValue(m.at);
        if (x < area.left || x > area.right) continue;
        const width = ctx.measureText(m.label).width;
        const x0 = Math.min(x + 3, area.right - width - 2);
        if (rangeLabels.some(([a, b]) => x0 < b + 8 && x0 + width + 8 > a)) continue;
        rangeLabels.push([x0, x0 + width]);
        ctx.fillStyle = m.color;
        ctx.textAlign = 'left';
        ctx.fillText(m.label, x0, area.top + 3);
        continue;
      }
      const scale = m.kind === 'x-line' ? scales.x : scales.y;
      if (!scale) continue;
      const p = scale.getPixelForValue(m.at);
      if (!Number.isFinite(p)) continue;
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      if (m.kind === 'x-line') {
        if (p < area.left || p > area.right) continue;
        ctx.moveTo(p, area.top);
        ctx.lineTo(p, area.bottom);
      } else {
        if (p < area.top || p > area.bottom) continue;
        ctx.moveTo(area.left, p);
        ctx.lineTo(area.right, p);
      }
      ctx.stroke();
      if (!m.label) continue;
      ctx.setLineDash([]);
      ctx.fillStyle = m.color;
      const width = ctx.measureText(m.label).width;
      if (m.kind === 'x-line') {
        const onLeft = p + 6 + width > area.right;
        const x0 = onLeft ? p - 6 - width : p + 6;
        let row = rows.findIndex((placed) => placed.every(([a, b]) => x0 + width + 4 < a || x0 > b + 4));
        if (row < 0) row = rows.push([]) - 1;
        rows[row]!.push([x0, x0 + width]);
        ctx.textAlign = 'left';
        ctx.fillText(m.label, x0, area.top + 4 + row * 16);
      } else {
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText(m.label, area.right - 4, p - 3);
        ctx.textBaseline = 'top';
      }
    }
    ctx.restore();
  },
};
