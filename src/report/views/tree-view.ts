// The decision tree as the recommendation panel draws it: a layout of every node, and a view state on top
// of it, either from a profile (the measured path, with the evidence and tests at each step) or from the
// user's own answers (the guided mode, before anything was measured). `treeAsText` is the same view as
// lines, for screen readers, the export's table fallback and the Markdown summary.
import { DECISION_TREE, type DecisionTree, type TreeNode } from '../../advisor/decision-tree';
import { IDIOMS } from '../../advisor/idioms';
import type { Model, WorkloadType } from '../../advisor/measurements';
import type { LineToChange } from '../../advisor/recommendation';
import { walkAnswers, type Answer, type TestOutcome } from '../../advisor/walk-tree';
import type { ProfileReport } from '../profile-report';

export interface LayoutNode {
  id: string;
  kind: TreeNode['kind'];
  /** The question of a decision, the title of a leaf. */
  label: string;
  /** Rows from the root (0). A node reached by two branches sits below the deeper one, so edges always point down. */
  depth: number;
  /**
   * Horizontal place, in node widths from the left (0): a decision sits midway between its two branches,
   * and two nodes on one row are always at least 1 apart. May be a half.
   */
  column: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
  answer: Answer;
}

export interface TreeLayout {
  root: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Rows (max depth + 1) and columns (the largest column + 1) the drawing needs. */
  depths: number;
  columns: number;
}

export type NodeState = 'taken' | 'leaf' | 'off' | 'pending';

export interface TreeNodeView {
  state: NodeState;
  answer?: Answer;
  /** The measured facts behind the answer, in words (measured mode). */
  evidence?: string;
  tests?: TestOutcome[];
  /** 0.5 (on the threshold) to 1 (far from it). */
  confidence?: number;
}

export interface TreeView {
  mode: 'measured' | 'guided';
  layout: TreeLayout;
  nodes: Record<string, TreeNodeView>;
  edges: (LayoutEdge & { state: 'taken' | 'off' })[];
  /** Ids of the decisions answered, in the order walked. */
  path: string[];
  leaf?: { id: string; title: string; type: WorkloadType; model: Model; alreadyRight: boolean };
  pending?: { id: string; question: string; help: string };
  idiom?: { title: string; code: string };
  lines?: LineToChange[];
  /** The whole verdict's confidence (measured mode): the least certain step's. */
  confidence?: number;
}

const childrenOf = (n: TreeNode): [Answer, string][] => (n.kind === 'decision' ? [['yes', n.yes], ['no', n.no]] : []);

export function treeLayout(tree: DecisionTree = DECISION_TREE): TreeLayout {
  // Depth: the longest way down from the root (the tree is a DAG: one leaf has two parents).
  const depth = new Map<string, number>([[tree.root, 0]]);
  const order = topologicalOrder(tree);
  for (const id of order) for (const [, child] of childrenOf(tree.nodes[id])) depth.set(child, Math.max(depth.get(child) ?? 0, (depth.get(id) ?? 0) + 1));

  const column = placeColumns(tree, depth);
  const nodes: LayoutNode[] = order.map((id) => {
    const n = tree.nodes[id];
    return { id, kind: n.kind, label: n.kind === 'decision' ? n.question : n.title, depth: depth.get(id)!, column: column.get(id)! };
  });
  const edges: LayoutEdge[] = order.flatMap((id) => childrenOf(tree.nodes[id]).map(([answer, to]) => ({ from: id, to, answer })));
  return { root: tree.root, nodes, edges, depths: Math.max(...nodes.map((n) => n.depth)) + 1, columns: Math.max(...nodes.map((n) => n.column)) + 1 };
}

/** Nodes reachable from the root, each after every node that points to it. */
function topologicalOrder(tree: DecisionTree): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (id: string, stack: Set<string>): void => {
    if (stack.has(id)) throw new Error(`decision tree has a cycle at ${id}`);
    if (seen.has(id)) return;
    const node = tree.nodes[id];
    if (!node) throw new Error(`decision tree points to missing node ${id}`);
    stack.add(id);
    for (const [, child] of childrenOf(node)) visit(child, stack);
    stack.delete(id);
    seen.add(id);
    out.push(id);
  };
  visit(tree.root, new Set());
  return out.reverse();
}

/** For each row of a subtree, its leftmost and rightmost node, relative to the subtree's root. */
type Contour = Map<number, [number, number]>;

function mergeContour(into: Contour, from: Contour, shift: number): void {
  for (const [d, [lo, hi]] of from) {
    const at = into.get(d);
    into.set(d, at ? [Math.min(at[0], lo + shift), Math.max(at[1], hi + shift)] : [lo + shift, hi + shift]);
  }
}

/**
 * A tidy layout: each decision's "no" branch is pushed right of its "yes" branch just far enough that no
 * row of the two overlaps, and the decision is centred between them. A node reached twice (the tree is a
 * DAG) is placed where it is first met, yes first; the second parent only draws an edge to it.
 */
function placeColumns(tree: DecisionTree, depth: ReadonlyMap<string, number>): Map<string, number> {
  const offset = new Map<string, number>();
  const parent = new Map<string, string>();
  const place = (id: string): Contour | null => {
    if (offset.has(id)) return null;
    offset.set(id, 0);
    const own: Contour = new Map([[depth.get(id)!, [0, 0]]]);
    const placed = childrenOf(tree.nodes[id])
      .map(([, child]) => ({ child, contour: place(child) }))
      .filter((c): c is { child: string; contour: Contour } => c.contour !== null);
    for (const c of placed) parent.set(c.child, id);
    if (placed.length === 1) mergeContour(own, placed[0].contour, 0);
    if (placed.length === 2) {
      const [yes, no] = placed;
      let gap = 1;
      for (const [d, [, hi]] of yes.contour) {
        const other = no.contour.get(d);
        if (other) gap = Math.max(gap, hi - other[0] + 1);
      }
      offset.set(yes.child, -gap / 2);
      offset.set(no.child, gap / 2);
      mergeContour(own, yes.contour, -gap / 2);
      mergeContour(own, no.contour, gap / 2);
    }
    return own;
  };
  place(tree.root);
  const absolute = new Map<string, number>();
  const at = (id: string): number => {
    const known = absolute.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const x = (p === undefined ? 0 : at(p)) + offset.get(id)!;
    absolute.set(id, x);
    return x;
  };
  for (const id of offset.keys()) at(id);
  const left = Math.min(...absolute.values());
  return new Map([...absolute].map(([id, x]) => [id, x - left]));
}

function baseView(mode: TreeView['mode'], layout: TreeLayout, answered: { node: string; answer: Answer }[]): Pick<TreeView, 'mode' | 'layout' | 'nodes' | 'edges' | 'path'> {
  const nodes: Record<string, TreeNodeView> = Object.fromEntries(layout.nodes.map((n) => [n.id, { state: 'off' as NodeState }]));
  const taken = new Set(answered.map((s) => `${s.node}\u0000${s.answer}`));
  const edges = layout.edges.map((e) => ({ ...e, state: taken.has(`${e.from}\u0000${e.answer}`) ? ('taken' as const) : ('off' as const) }));
  return { mode, layout, nodes, edges, path: answered.map((s) => s.node) };
}

/** The report's measured path highlighted: every answered decision with its evidence, and the leaf. */
export function measuredTreeView(report: ProfileReport, tree: DecisionTree = DECISION_TREE): TreeView {
  const layout = treeLayout(tree);
  const r = report.recommendation;
  // A report written by another version may name nodes this tree lacks; those steps cannot be drawn.
  const steps = r.path.filter((s) => tree.nodes[s.node]);
  const view = baseView('measured', layout, steps);
  for (const s of steps) view.nodes[s.node] = { state: 'taken', answer: s.answer, evidence: s.evidence, tests: s.tests, confidence: s.confidence };
  const leafNode = tree.nodes[r.leaf];
  if (leafNode) view.nodes[r.leaf] = { state: 'leaf' };
  return {
    ...view,
    leaf: { id: r.leaf, title: r.title, type: report.workload.type, model: r.model, alreadyRight: r.alreadyRight },
    idiom: { title: r.idiom.title, code: r.idiom.code },
    lines: r.lines,
    confidence: report.workload.confidence,
  };
}

/** The guided mode: the user's answers walked from the root; answers to questions off that walk are ignored. */
export function guidedTreeView(answers: Readonly<Record<string, Answer>>, tree: DecisionTree = DECISION_TREE): TreeView {
  const layout = treeLayout(tree);
  const walk = walkAnswers(answers, tree);
  const view = baseView('guided', layout, walk.path);
  for (const s of walk.path) view.nodes[s.node] = { state: 'taken', answer: s.answer };
  if (walk.pending) {
    view.nodes[walk.pending.id] = { state: 'pending' };
    return { ...view, pending: { id: walk.pending.id, question: walk.pending.question, help: walk.pending.help } };
  }
  const leaf = walk.leaf!;
  view.nodes[leaf.id] = { state: 'leaf' };
  const idiom = IDIOMS[leaf.id];
  return {
    ...view,
    leaf: { id: leaf.id, title: leaf.title, type: leaf.type, model: leaf.model, alreadyRight: leaf.alreadyRight },
    ...(idiom ? { idiom: { title: idiom.title, code: idiom.code } } : {}),
  };
}

/** The view as plain lines: each answered question with its evidence, then the verdict or the next question. */
export function treeAsText(view: TreeView): string[] {
  const label = new Map(view.layout.nodes.map((n) => [n.id, n.label]));
  const lines = view.path.map((id, i) => {
    const n = view.nodes[id];
    const evidence = n.evidence ? `: ${n.evidence}` : '';
    const confidence = n.confidence !== undefined ? ` (confidence ${Math.round(n.confidence * 100)} %)` : '';
    return `${i + 1}. ${label.get(id)} ${n.answer === 'yes' ? 'Yes' : 'No'}${evidence}${confidence}`;
  });
  if (view.leaf) {
    const l = view.leaf;
    lines.push(`→ ${l.title} (${l.type} → ${l.model}${l.alreadyRight ? ', already in place' : ''})`);
  }
  if (view.pending) lines.push(`Next question: ${view.pending.question} ${view.pending.help}`);
  if (view.idiom) lines.push(`Idiom: ${view.idiom.title}`);
  for (const l of view.lines ?? []) lines.push(`Change ${l.file}:${l.line}${l.function ? ` (${l.function})` : ''}: ${l.why}`);
  return lines;
}
