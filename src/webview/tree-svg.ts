// The whole decision tree drawn as SVG from the view model's outline layout: every question and leaf as a
// box on its own line, indented under the decision it hangs from, "yes" before "no"; the branch taken (or
// answered so far) highlighted, step numbers on the answered questions matching the list of evidence under
// the drawing. An edge runs down the parent's left side and across to the child, with its answer written
// on the way across: a subtree's lines are contiguous, so no edge crosses a box, another edge or a label.
//
// The drawing is laid out for the width it has, at the page's own font size (never scaled down to fit):
// labels wrap to the space left of each indent, measured with the page's font, and the drawing is laid out
// again when the panel is resized. Built with DOM calls only: labels come from the tree, but nothing here
// is ever parsed as markup.
import type { LayoutNode, NodeState, TreeView } from '../report/views/tree-view';
import { el, svg } from './dom';

/** Space around the drawing, inside the svg. */
const MARGIN = 2;
/** Where a parent's edges leave its box, from the box's left side. */
const TRUNK = 12;
const PAD_X = 8;
const PAD_Y = 5;
/** Between two lines of the outline. */
const GAP = 8;
/** A box never grows wider than this (a wide panel); labels wrap within it. */
const MAX_TEXT_W = 420;
/** Below this the boxes stop shrinking and the drawing scrolls sideways instead. */
const MIN_TEXT_W = 120;
/** The step number's disc, drawn inside an answered question's box before its text. */
const DOT_R = 9;
const MIN_FONT = 11;

export interface TreeMetrics {
  font: number;
  labelFont: number;
  lineH: number;
  indent: number;
}

type Measure = (text: string, size: number) => number;

export interface PlacedNode {
  place: LayoutNode;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  step?: number;
}

/** Greedy word wrap by measured width; a word longer than the line is split. */
export function wrapText(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (width(candidate) <= maxWidth || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Box positions for an available width: pure arithmetic over the layout, so it can be checked. */
export function placeTree(view: TreeView, available: number, m: TreeMetrics, measure: Measure): { nodes: PlacedNode[]; width: number; height: number } {
  const stepOf = new Map(view.path.map((id, i) => [id, i + 1]));
  const nodes: PlacedNode[] = [];
  let y = MARGIN;
  let width = 0;
  for (const place of view.layout.nodes) {
    const x = MARGIN + place.depth * m.indent;
    // A step number only where the walk passed: a leaf met twice is numbered nowhere, a decision once.
    const step = place.kind === 'decision' && view.places[place.key] === 'taken' ? stepOf.get(place.id) : undefined;
    const lead = step !== undefined ? 2 * DOT_R + 6 : 0;
    const textW = Math.max(MIN_TEXT_W, Math.min(MAX_TEXT_W, available - MARGIN - x - 2 * PAD_X - lead));
    const lines = wrapText(place.label, textW, (s) => measure(s, m.font));
    const w = Math.ceil(Math.max(...lines.map((l) => measure(l, m.font))) + 2 * PAD_X + lead);
    const h = lines.length * m.lineH + 2 * PAD_Y;
    nodes.push({ place, x, y, w, h, lines, ...(step !== undefined ? { step } : {}) });
    width = Math.max(width, x + w + MARGIN);
    y += h + GAP;
  }
  return { nodes, width: Math.ceil(width), height: Math.ceil(y - GAP + MARGIN) };
}

let scratch: CanvasRenderingContext2D | null = null;

function measurer(fontFamily: string): Measure {
  scratch ??= document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, size) => {
    const key = `${size}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (scratch) {
        scratch.font = `${size}px ${fontFamily}`;
        w = scratch.measureText(text).width;
      } else {
        w = text.length * size * 0.6;
      }
      cache.set(key, w);
    }
    return w;
  };
}

/** The drawing for one width. */
export function treeSvg(view: TreeView, describe: string, available: number, style: { fontFamily: string; fontSize: number }): SVGSVGElement {
  const font = Math.max(MIN_FONT + 1, Math.round(style.fontSize));
  const labelFont = Math.max(MIN_FONT, font - 2);
  const measure = measurer(style.fontFamily);
  // Wide enough for "yes" between the parent's edge and the child's box.
  const indent = Math.ceil(TRUNK + 4 + measure('yes', labelFont) + 8);
  const m: TreeMetrics = { font, labelFont, lineH: Math.round(font * 1.3), indent };
  const { nodes, width, height } = placeTree(view, available, m, measure);
  const at = new Map(nodes.map((n) => [n.place.key, n]));

  const root = svg('svg', { class: 'tree-svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': describe });
  const title = svg('title');
  title.textContent = describe;
  root.appendChild(title);

  // Edges first, off ones under taken ones, so the highlighted path is never covered.
  const edges = [...view.edges].sort((a, b) => (a.state === 'taken' ? 1 : 0) - (b.state === 'taken' ? 1 : 0));
  const anchor = PAD_Y + m.lineH / 2;
  for (const e of edges) {
    const a = at.get(e.fromKey);
    const b = at.get(e.toKey);
    if (!a || !b) continue;
    const xt = a.x + TRUNK;
    const ya = b.y + anchor;
    const r = 6;
    const cls = e.state === 'taken' ? 'taken' : 'off';
    root.appendChild(svg('path', { class: `edge ${cls}`, 'data-from': e.fromKey, 'data-to': e.toKey, d: `M ${xt} ${a.y + a.h} V ${ya - r} Q ${xt} ${ya} ${xt + r} ${ya} H ${b.x}` }));
    const label = svg('text', { class: `edge-label ${cls}`, x: xt + 4, y: ya - 5, 'font-size': m.labelFont, 'data-to': e.toKey });
    label.textContent = e.answer === 'yes' ? 'yes' : 'no';
    root.appendChild(label);
  }

  for (const n of nodes) root.appendChild(nodeBox(view, n, m));
  return root;
}

function nodeBox(view: TreeView, n: PlacedNode, m: TreeMetrics): SVGGElement {
  const { place } = n;
  const state: NodeState = view.places[place.key] ?? 'off';
  const g = svg('g', { class: `node ${state} kind-${place.kind}`, 'data-node': place.id, 'data-place': place.key, transform: `translate(${n.x}, ${n.y})` });
  const t = svg('title');
  const nv = view.nodes[place.id];
  t.textContent = nv?.answer && state === 'taken' ? `${place.label} ${nv.answer === 'yes' ? 'Yes' : 'No'}${nv.evidence ? `: ${nv.evidence}` : ''}` : place.label;
  g.appendChild(t);
  g.appendChild(svg('rect', { width: n.w, height: n.h, rx: place.kind === 'leaf' ? 10 : 4 }));
  const lead = n.step !== undefined ? 2 * DOT_R + 6 : 0;
  const text = svg('text', { x: PAD_X + lead, y: PAD_Y + m.lineH / 2, 'dominant-baseline': 'central', 'font-size': m.font });
  n.lines.forEach((line, i) => {
    const span = svg('tspan', { x: PAD_X + lead, dy: i === 0 ? 0 : m.lineH });
    span.textContent = line;
    text.appendChild(span);
  });
  g.appendChild(text);
  if (n.step !== undefined) {
    // The step number ties the box to its evidence in the list below.
    g.appendChild(svg('circle', { class: 'step-dot', cx: PAD_X + DOT_R, cy: PAD_Y + m.lineH / 2, r: DOT_R }));
    const num = svg('text', { class: 'step-num', x: PAD_X + DOT_R, y: PAD_Y + m.lineH / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': MIN_FONT });
    num.textContent = String(n.step);
    g.appendChild(num);
  }
  return g;
}

/** The frames on the page and how to draw each now. */
const drawers = new WeakMap<Element, () => void>();

/**
 * Draws every tree frame under `root` at once, for the width it has: called when a view has just been put
 * on the page, so the tree is there in the same frame as the rest (a test, or a reader, never sees the
 * frame empty). Later widths are the ResizeObserver's.
 */
export function layoutTrees(root: ParentNode): void {
  for (const wrap of Array.from(root.querySelectorAll('.tree-wrap'))) drawers.get(wrap)?.();
}

/**
 * The drawing in its frame, laid out for the frame's width once it is on the page (`layoutTrees`, or the
 * first resize notice) and again whenever that width changes. The width is read from a probe of zero
 * height, whose size the drawing cannot change; a redraw for a resize waits for the next frame, so a
 * scroll bar the drawing brings is one more resize, not a loop.
 */
export function treeDrawing(view: TreeView, describe: string): HTMLElement {
  const probe = el('div', { class: 'tree-width-probe', attrs: { 'aria-hidden': 'true' } });
  const wrap = el('div', { class: 'tree-wrap' }, probe);
  let drawnAt = -1;
  let pending = 0;
  const draw = (): void => {
    pending = 0;
    if (!wrap.isConnected) return;
    const width = Math.floor(probe.getBoundingClientRect().width);
    if (width <= 0 || width === drawnAt) return;
    drawnAt = width;
    const style = getComputedStyle(wrap);
    const next = treeSvg(view, describe, width, { fontFamily: style.fontFamily || 'sans-serif', fontSize: parseFloat(style.fontSize) || 13 });
    wrap.querySelector('svg.tree-svg')?.remove();
    wrap.appendChild(next);
    wrap.dataset.drawnWidth = String(width);
  };
  drawers.set(wrap, draw);
  if (typeof ResizeObserver === 'undefined') {
    requestAnimationFrame(draw);
    return wrap;
  }
  const observer = new ResizeObserver(() => {
    // A view redrawn by a new document detaches the old frame: stop watching it.
    if (!wrap.isConnected) {
      observer.disconnect();
      return;
    }
    if (!pending) pending = requestAnimationFrame(draw);
  });
  observer.observe(probe);
  return wrap;
}
