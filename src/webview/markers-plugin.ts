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
  /** The page's background, drawn under each label. */
  background: string;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  text?: string;
}

const round = (v: number): number => Math.round(v * 10) / 10;

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
    if (!o) {
      delete chart.canvas.dataset.markerLabels;
      return;
    }
    const { ctx, chartArea: area, scales } = chart;
    ctx.save();
    ctx.font = o.font;
    ctx.textBaseline = 'top';
    const textH = Math.ceil(ctx.measureText('Mg').actualBoundingBoxDescent + 2) || 14;
    const rowH = textH + 3;
    // Every label drawn, as a box: none may overlap another, and each stays inside the plot area. The
    // boxes go on the canvas as `data-marker-labels`, so a test can check that from the page.
    const drawn: Box[] = [];
    const free = (b: Box): boolean => drawn.every((d) => b.right + 4 < d.left || b.left > d.right + 4 || b.bottom + 1 < d.top || b.top > d.bottom + 1);
    const label = (text: string, b: Box, color: string): void => {
      // A backing of the page's colour under the text, so a series line behind it does not cross the letters.
      ctx.fillStyle = o.background;
      ctx.fillRect(b.left - 2, b.top - 1, b.right - b.left + 4, b.bottom - b.top + 2);
      ctx.fillStyle = color;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(text, b.left, b.top);
      drawn.push({ ...b, text });
    };

    // Range labels share one row at the top; one that would overlap a label already drawn is left out,
    // so a run of close stretches stays readable (the chart's description gives their count and total).
    for (const m of o.markers) {
      if (m.kind !== 'x-range' || !m.label || !scales.x) continue;
      const x = scales.x.getPixelForValue(m.at);
      if (x < area.left || x > area.right) continue;
      const width = ctx.measureText(m.label).width;
      const x0 = Math.max(area.left + 2, Math.min(x + 3, area.right - width - 2));
      const box = { left: x0, right: x0 + width, top: area.top + 3, bottom: area.top + 3 + textH };
      if (!free(box)) continue;
      label(m.label, box, m.color);
    }

    // Lines, then their labels: vertical lines left to right, so their labels read in the axis's order.
    const lines = o.markers
      .filter((m) => m.kind !== 'x-range')
      .map((m) => ({ m, p: (m.kind === 'x-line' ? scales.x : scales.y)?.getPixelForValue(m.at) ?? NaN }))
      .filter(({ m, p }) => Number.isFinite(p) && (m.kind === 'x-line' ? p >= area.left && p <= area.right : p >= area.top && p <= area.bottom))
      .sort((a, b) => (a.m.kind === b.m.kind ? a.p - b.p : a.m.kind === 'x-line' ? -1 : 1));
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    for (const { m, p } of lines) {
      ctx.strokeStyle = m.color;
      ctx.beginPath();
      if (m.kind === 'x-line') {
        ctx.moveTo(p, area.top);
        ctx.lineTo(p, area.bottom);
      } else {
        ctx.moveTo(area.left, p);
        ctx.lineTo(area.right, p);
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const { m, p } of lines) {
      if (!m.label) continue;
      const width = ctx.measureText(m.label).width;
      if (m.kind === 'x-line') {
        // Right of the line, in the first row from the top where it overlaps nothing; left of it only when
        // the plot ends first.
        const x0 = p + 5 + width > area.right - 2 ? p - 5 - width : p + 5;
        for (let top = area.top + 3; top + textH <= area.bottom; top += rowH) {
          const box = { left: x0, right: x0 + width, top, bottom: top + textH };
          if (!free(box)) continue;
          label(m.label, box, m.color);
          break;
        }
      } else {
        // Right-aligned above the line; below it when the plot's top is too close; and further down or
        // up, in steps of a row, past any label already there (the core count's, say).
        const x0 = Math.max(area.left + 2, area.right - 4 - width);
        const above = p - 3 - textH;
        const starts = above >= area.top + 1 ? [above, p + 3] : [p + 3, above];
        let placed = false;
        for (let k = 0; k < 6 && !placed; k++) {
          for (const start of starts) {
            const top = start + (start < p ? -k : k) * rowH;
            const box = { left: x0, right: x0 + width, top, bottom: top + textH };
            if (box.top < area.top + 1 || box.bottom > area.bottom - 1 || !free(box)) continue;
            label(m.label, box, m.color);
            placed = true;
            break;
          }
        }
      }
    }
    ctx.restore();
    chart.canvas.dataset.markerLabels = JSON.stringify(
      drawn.map((d) => ({ text: d.text, left: round(d.left), right: round(d.right), top: round(d.top), bottom: round(d.bottom) })),
    );
  },
};
