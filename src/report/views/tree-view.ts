// The decision tree as the recommendation panel draws it: a layout of every node, and a view state on top
// of it, either from a profile (the measured path, with the evidence and tests at each step) or from the
// user's own answers (the guided mode, before anything was measured). `treeAsText` is the same view as
// lines, for screen readers, the export's table fallback and the Markdown summary.
import { DECISION_TREE, type DecisionTree, type TreeNode } from '../../advisor/decision-tree';
import { PYTHON_TREE } from '../../advisor/python-tree';
import { IDIOMS } from '../../advisor/idioms';
import type { Model, WorkloadType } from '../../advisor/measurements';
import type { LineToChange } from '../../advisor/recommendation';
import { closestCall, stepMargin, walkAnswers, type Answer, type StepMargin, type TestOutcome } from '../../advisor/walk-tree';
import type { ProfileReport } from '../profile-report';

export interface LayoutNode {
  /**
   * The place in the drawing: the node's id where it is first met, `id@parent` where a second branch
   * leads to it too (the tree is a DAG: one leaf has two parents, and it is drawn under each of them, so
   * no edge has to cross a subtree to reach it).
   */
  key: string;
  id: string;
  kind: TreeNode['kind'];
  /** The question of a decision, the title of a leaf. */
  label: string;
  /** Indent: steps from the root along this branch (0 for the root). */
  depth: number;
  /** Line of the outline, top to bottom: the root, then each decision's "yes" subtree, then its "no" subtree. */
  row: number;
  /** The key of the decision this place hangs under, and the answer that leads here; none for the root. */
  parent?: string;
  answer?: Answer;
}

export interface LayoutEdge {
  from: string;
  to: string;
  answer: Answer;
  /** The places the edge joins (`LayoutNode.key`). */
  fromKey: string;
  toKey: string;
}

/**
 * The tree as an outline: one place per line, each child indented under its parent, "yes" before "no".
 * A subtree's lines are contiguous, so an edge (down the parent's indent, then across to the child) never
 * crosses a node or another edge, and the drawing keeps its width whatever the tree's breadth.
 */
export interface TreeLayout {
  root: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Lines of the outline, and indent levels (max depth + 1). */
  rows: number;
  depths: number;
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
  /** How far the deciding measurement was from its threshold (measured mode). */
  margin?: StepMargin;
}

export interface TreeView {
  mode: 'measured' | 'guided';
  layout: TreeLayout;
  nodes: Record<string, TreeNodeView>;
  /** The state of each place of the layout (`LayoutNode.key`): a leaf met twice is the leaf only where the walk arrived. */
  places: Record<string, NodeState>;
  edges: (LayoutEdge & { state: 'taken' | 'off' })[];
  /** Ids of the decisions answered, in the order walked. */
  path: string[];
  leaf?: { id: string; title: string; type: WorkloadType; model: Model; alreadyRight: boolean };
  pending?: { id: string; question: string; help: string };
  idiom?: { title: string; code: string };
  lines?: LineToChange[];
  /** The whole verdict's confidence (measured mode): the least certain step's. */
  confidence?: number;
  /** The step with the smallest margin for its threshold (measured mode): where the verdict came closest to another answer. */
  closestCall?: { step: number; node: string; question: string; margin: StepMargin };
}

const childrenOf = (n: TreeNode): [Answer, string][] => (n.kind === 'decision' ? [['yes', n.yes], ['no', n.no]] : []);

export function treeLayout(tree: DecisionTree = DECISION_TREE): TreeLayout {
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const placed = new Set<string>();
  const visit = (id: string, depth: number, parent: LayoutNode | undefined, answer: Answer | undefined, stack: Set<string>): LayoutNode => {
    const n = tree.nodes[id];
    if (!n) throw new Error(`decision tree points to missing node ${id}`);
    if (stack.has(id)) throw new Error(`decision tree has a cycle at ${id}`);
    const key = placed.has(id) ? `${id}@${parent!.id}` : id;
    placed.add(id);
    const place: LayoutNode = { key, id, kind: n.kind, label: n.kind === 'decision' ? n.question : n.title, depth, row: nodes.length, ...(parent ? { parent: parent.key, answer } : {}) };
    nodes.push(place);
    stack.add(id);
    for (const [a, child] of childrenOf(n)) {
      const c = visit(child, depth + 1, place, a, stack);
      edges.push({ from: id, to: child, answer: a, fromKey: key, toKey: c.key });
    }
    stack.delete(id);
    return place;
  };
  visit(tree.root, 0, undefined, undefined, new Set());
  // A decision reached twice would repeat its whole subtree; the tree has only leaves with two parents.
  for (const id of placed) if (tree.nodes[id]!.kind === 'decision' && nodes.filter((p) => p.id === id).length > 1) throw new Error(`decision ${id} is reached by two branches: only leaves may be`);
  edges.sort((a, b) => rowOf(nodes, a.toKey) - rowOf(nodes, b.toKey));
  return { root: tree.root, nodes, edges, rows: nodes.length, depths: Math.max(...nodes.map((p) => p.depth)) + 1 };
}

const rowOf = (nodes: readonly LayoutNode[], key: string): number => nodes.find((p) => p.key === key)!.row;

function baseView(mode: TreeView['mode'], layout: TreeLayout, answered: { node: string; answer: Answer }[]): Pick<TreeView, 'mode' | 'layout' | 'nodes' | 'places' | 'edges' | 'path'> {
  const nodes: Record<string, TreeNodeView> = Object.fromEntries(layout.nodes.map((n) => [n.id, { state: 'off' as NodeState }]));
  const taken = new Set(answered.map((s) => `${s.node}\u0000${s.answer}`));
  const edges = layout.edges.map((e) => ({ ...e, state: taken.has(`${e.from}\u0000${e.answer}`) ? ('taken' as const) : ('off' as const) }));
  return { mode, layout, nodes, places: {}, edges, path: answered.map((s) => s.node) };
}

/** Each place's state from its node's, once the node states are set: a leaf is lit only at the place the taken edge reaches. */
function withPlaces<V extends Pick<TreeView, 'layout' | 'nodes' | 'edges' | 'places'>>(view: V): V {
  const reached = new Set(view.edges.filter((e) => e.state === 'taken').map((e) => e.toKey));
  const places: Record<string, NodeState> = {};
  for (const p of view.layout.nodes) {
    const state = view.nodes[p.id]?.state ?? 'off';
    places[p.key] = state === 'leaf' && p.parent !== undefined && !reached.has(p.key) ? 'off' : state;
  }
  return { ...view, places };
}

/** The report's measured path highlighted: every answered decision with its evidence, and the leaf. */
/** The tree a report was decided on: Python's (threads and the GIL, processes, pickling) for a Python workload. */
export const treeOf = (report: Pick<ProfileReport, 'language'>): DecisionTree => (report.language === 'python' ? PYTHON_TREE : DECISION_TREE);

export function measuredTreeView(report: ProfileReport, tree: DecisionTree = treeOf(report)): TreeView {
  const layout = treeLayout(tree);
  const r = report.recommendation;
  // A report written by another version may name nodes this tree lacks; those steps cannot be drawn.
  const steps = r.path.filter((s) => tree.nodes[s.node]);
  const view = baseView('measured', layout, steps);
  const margins = steps.map((s) => s.margin ?? stepMargin(s.node, s.answer, s.tests ?? []));
  steps.forEach((s, i) => {
    const margin = margins[i];
    view.nodes[s.node] = { state: 'taken', answer: s.answer, evidence: s.evidence, tests: s.tests, confidence: s.confidence, ...(margin ? { margin } : {}) };
  });
  const leafNode = tree.nodes[r.leaf];
  if (leafNode) view.nodes[r.leaf] = { state: 'leaf' };
  const closest = closestCall(steps.map((s, i) => ({ node: s.node, question: s.question, margin: margins[i] })));
  return {
    ...withPlaces(view),
    ...(closest?.step.margin
      ? { closestCall: { step: closest.index + 1, node: closest.step.node, question: closest.step.question, margin: closest.step.margin } }
      : {}),
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
    return { ...withPlaces(view), pending: { id: walk.pending.id, question: walk.pending.question, help: walk.pending.help } };
  }
  const leaf = walk.leaf!;
  view.nodes[leaf.id] = { state: 'leaf' };
  const idiom = IDIOMS[leaf.id];
  return {
    ...withPlaces(view),
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
    const margin = n.margin ? ` (margin: ${n.margin.text})` : '';
    return `${i + 1}. ${label.get(id)} ${n.answer === 'yes' ? 'Yes' : 'No'}${evidence}${margin}`;
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
