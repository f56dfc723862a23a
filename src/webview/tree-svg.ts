// The whole decision tree drawn as SVG from the view model's layout: every question and leaf as a box,
// the branch taken (or answered so far) highlighted, step numbers on the answered questions matching the
// list of evidence under the drawing. Built with DOM calls only: labels come from the tree, but nothing
// here is ever parsed as markup.
import type { TreeView } from '../report/views/tree-view';
import { svg } from './dom';

const COL_W = 150;
const NODE_W = 138;
const ROW_H = 92;
const NODE_H = 64;
const FONT = 11;
const LINE_H = 13;
const CHARS_PER_LINE = 21;
const MAX_LINES = 4;

/** Greedy word wrap by character count (the SVG has no layout engine); over-long text ends in "…". */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (!line) line = word;
    else if ((line + ' ' + word).length <= CHARS_PER_LINE) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > MAX_LINES) {
    const kept = lines.slice(0, MAX_LINES);
    kept[MAX_LINES - 1] = `${kept[MAX_LINES - 1]!.slice(0, CHARS_PER_LINE - 1)}…`;
    return kept;
  }
  return lines;
}

export function treeSvg(view: TreeView, describe: string): SVGSVGElement {
  const { layout } = view;
  const width = layout.columns * COL_W;
  const height = layout.depths * ROW_H;
  const root = svg('svg', { class: 'tree-svg', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': describe, preserveAspectRatio: 'xMidYMin meet' });
  root.style.maxWidth = `${width}px`;
  const title = svg('title');
  title.textContent = describe;
  root.appendChild(title);

  const pos = new Map(layout.nodes.map((n) => [n.id, { x: n.column * COL_W + COL_W / 2, y: n.depth * ROW_H + (ROW_H - NODE_H) / 2 }]));
  const stepOf = new Map(view.path.map((id, i) => [id, i + 1]));

  // Edges first, off ones under taken ones, so the highlighted path is never covered.
  const edges = [...view.edges].sort((a, b) => (a.state === 'taken' ? 1 : 0) - (b.state === 'taken' ? 1 : 0));
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x;
    const y1 = a.y + NODE_H;
    const x2 = b.x;
    const y2 = b.y;
    const mid = (y1 + y2) / 2;
    const cls = e.state === 'taken' ? 'taken' : 'off';
    root.appendChild(svg('path', { class: `edge ${cls}`, d: `M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}` }));
    const label = svg('text', { class: `edge-label ${cls}`, x: x1 + (x2 - x1) * 0.22 + (x2 >= x1 ? 4 : -4), y: y1 + 12, 'text-anchor': x2 >= x1 ? 'start' : 'end' });
    label.textContent = e.answer === 'yes' ? 'yes' : 'no';
    root.appendChild(label);
  }

  for (const n of layout.nodes) {
    const p = pos.get(n.id)!;
    const state = view.nodes[n.id]?.state ?? 'off';
    const g = svg('g', { class: `node ${state} kind-${n.kind}`, 'data-node': n.id, transform: `translate(${p.x - NODE_W / 2}, ${p.y})` });
    const t = svg('title');
    const nv = view.nodes[n.id];
    t.textContent = nv?.answer ? `${n.label} ${nv.answer === 'yes' ? 'Yes' : 'No'}${nv.evidence ? `: ${nv.evidence}` : ''}` : n.label;
    g.appendChild(t);
    g.appendChild(svg('rect', { width: NODE_W, height: NODE_H, rx: n.kind === 'leaf' ? 12 : 4 }));
    const lines = wrap(n.label);
    const top = (NODE_H - lines.length * LINE_H) / 2 + FONT - 1;
    const text = svg('text', { x: NODE_W / 2, y: top, 'text-anchor': 'middle', 'font-size': FONT });
    lines.forEach((line, i) => {
      const span = svg('tspan', { x: NODE_W / 2, dy: i === 0 ? 0 : LINE_H });
      span.textContent = line;
      text.appendChild(span);
    });
    g.appendChild(text);
    const step = stepOf.get(n.id);
    if (step !== undefined) {
      // The step number ties the box to its evidence in the list below.
      g.appendChild(svg('circle', { class: 'step-dot', cx: 0, cy: 0, r: 9 }));
      const num = svg('text', { class: 'step-num', x: 0, y: 4, 'text-anchor': 'middle', 'font-size': 11 });
      num.textContent = String(step);
      g.appendChild(num);
    }
    root.appendChild(g);
  }
  return root;
}
