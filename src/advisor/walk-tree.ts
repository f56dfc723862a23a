// Walks the decision tree: with measurements (the profile's verdict), or with a user's own answers (the
// panel's guided mode, before anything was measured). Every step keeps the question, the answer and the
// evidence, so the path can be shown and checked, not just the leaf.
import { DECIDERS, type Decider, type Test } from './deciders';
import { DECISION_TREE, type DecisionNode, type DecisionTree, type LeafNode } from './decision-tree';
import type { Measurements } from './measurements';
import type { Thresholds } from './thresholds';

export type Answer = 'yes' | 'no';

export interface TestOutcome {
  value: number | null;
  threshold: number;
  thresholdSource: 'default' | 'benchmark' | 'user';
  holds: boolean;
  text: string;
}

export interface PathStep {
  node: string;
  question: string;
  answer: Answer;
  /** The measured facts behind the answer, in words, each with its threshold. */
  evidence: string;
  tests: TestOutcome[];
  /** 0.5 (on the threshold) to 1 (far from it). */
  confidence: number;
}

export interface MeasuredWalk {
  leaf: LeafNode;
  path: PathStep[];
  /** The least certain step decides: a verdict is as shaky as its closest call. */
  confidence: number;
}

/** How sure a single comparison is: how far the value is from the threshold, relative to it. */
function testConfidence(value: number | null, threshold: number): number {
  if (value === null) return 0.5;
  const margin = Math.abs(value - threshold) / Math.max(Math.abs(threshold), 1e-9);
  return 0.5 + 0.5 * Math.min(1, margin / 0.5);
}

function runTest(test: Test, m: Measurements, th: Thresholds): TestOutcome & { confidence: number } {
  const value = test.value(m, th);
  const t = th[test.threshold];
  const holds = value !== null && (test.when === 'atLeast' ? value >= t.value : value < t.value);
  const sign = value === null ? '' : (value >= t.value ? '≥ ' : '< ');
  const origin = t.source === 'default' ? '' : ` (${t.source})`;
  const text = value === null ? test.describe(m, value, th) : `${test.describe(m, value, th)} [${sign}${test.unit(t.value)}${origin}]`;
  return { value, threshold: t.value, thresholdSource: t.source, holds, text, confidence: testConfidence(value, t.value) };
}

function decide(decider: Decider, m: Measurements, th: Thresholds): { answer: Answer; outcomes: TestOutcome[]; confidence: number } {
  const runs = decider.tests.map((t) => runTest(t, m, th));
  const yes = decider.combine === 'any' ? runs.some((r) => r.holds) : runs.every((r) => r.holds);
  // The answer rests on the tests that agree with it: for `any`-yes the strongest holding test, for
  // `all`-yes the weakest, and mirrored for no.
  const agreeing = runs.filter((r) => r.holds === yes);
  const confidences = agreeing.map((r) => r.confidence);
  const confidence = (decider.combine === 'any') === yes ? Math.max(...confidences) : Math.min(...confidences);
  return { answer: yes ? 'yes' : 'no', outcomes: runs.map(({ confidence: _c, ...o }) => o), confidence };
}

export function walkMeasured(m: Measurements, th: Thresholds, tree: DecisionTree = DECISION_TREE): MeasuredWalk {
  const path: PathStep[] = [];
  let node = tree.nodes[tree.root];
  for (let guard = 0; node.kind === 'decision'; guard++) {
    if (guard > Object.keys(tree.nodes).length) throw new Error('decision tree has a cycle');
    const decider = DECIDERS[node.id];
    if (!decider) throw new Error(`no decider for tree node ${node.id}`);
    const { answer, outcomes, confidence } = decide(decider, m, th);
    path.push({ node: node.id, question: node.question, answer, evidence: outcomes.map((o) => o.text).join('; '), tests: outcomes, confidence: round2(confidence) });
    node = next(tree, node, answer);
  }
  const confidence = path.length ? Math.min(...path.map((s) => s.confidence)) : 1;
  return { leaf: node, path, confidence: round2(confidence) };
}

export interface AnsweredWalk {
  path: { node: string; question: string; answer: Answer }[];
  /** Set once the answers reach a leaf. */
  leaf?: LeafNode;
  /** The first question not answered yet. */
  pending?: DecisionNode;
}

/** The guided mode: follows the user's answers as far as they go. */
export function walkAnswers(answers: Readonly<Record<string, Answer>>, tree: DecisionTree = DECISION_TREE): AnsweredWalk {
  const path: AnsweredWalk['path'] = [];
  let node = tree.nodes[tree.root];
  while (node.kind === 'decision') {
    const answer = answers[node.id];
    if (answer !== 'yes' && answer !== 'no') return { path, pending: node };
    path.push({ node: node.id, question: node.question, answer });
    node = next(tree, node, answer);
    if (path.length > Object.keys(tree.nodes).length) throw new Error('decision tree has a cycle');
  }
  return { path, leaf: node };
}

function next(tree: DecisionTree, node: DecisionNode, answer: Answer): DecisionNode | LeafNode {
  const id = answer === 'yes' ? node.yes : node.no;
  const target = tree.nodes[id];
  if (!target) throw new Error(`decision tree node ${node.id} points to missing node ${id}`);
  return target;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
