// Walks the decision tree: with measurements (the profile's verdict), or with a user's own answers (the
// panel's guided mode, before anything was measured). Every step keeps the question, the answer and the
// evidence, so the path can be shown and checked, not just the leaf.
import { DECIDERS, type Decider, type Test } from './deciders';
import { DECISION_TREE, type DecisionNode, type DecisionTree, type LeafNode } from './decision-tree';
import type { Measurements } from './measurements';
import type { Thresholds } from './thresholds';
import { percent } from './units';

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
  /**
   * How far the measurement the answer rests on is from its threshold. Added after `confidence`, which
   * saturates at 1 half a threshold away and so read 100 % on nearly every step; reports written before
   * it have no margin, and `stepMargin` works it out from their tests.
   */
  margin?: StepMargin;
}

/** The distance between the deciding measurement and its threshold: how close the step came to the other answer. */
export interface StepMargin {
  /** Index in the step's `tests` of the test the answer rests on. */
  test: number;
  value: number | null;
  threshold: number;
  /** |value − threshold| in the threshold's own unit (a share for percentages); null when not measured. */
  distance: number | null;
  /** `distance` over the threshold: 0 on it, 1 a whole threshold away. Steps compare by this. */
  relative: number | null;
  side: 'above' | 'below' | 'unmeasured';
  /** `distance` in words: "20 points", "1.0 MiB", "10". */
  distanceText: string;
  /** The whole margin in words: "20 points above the threshold of 25%". */
  text: string;
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

/** Percentages differ by points: "45% against 25%" is 20 points, not 20 %. */
const points = (fraction: number): string => `${Math.round(fraction * 100)} ${Math.round(fraction * 100) === 1 ? 'point' : 'points'}`;

function testMargin(test: Pick<Test, 'unit'>, index: number, value: number | null, threshold: number): StepMargin {
  const unit = test.unit === percent ? points : test.unit;
  if (value === null) return { test: index, value, threshold, distance: null, relative: null, side: 'unmeasured', distanceText: 'not measured', text: `not measured (threshold ${test.unit(threshold)})` };
  // A share measured a little over 1 (CPU time while busy, from two clocks) counts as 100 %, as its evidence says.
  const seen = test.unit === percent ? Math.min(1, Math.max(0, value)) : value;
  const distance = Math.abs(seen - threshold);
  const side = seen >= threshold ? 'above' : 'below';
  const distanceText = unit(distance);
  const relative = distance / Math.max(Math.abs(threshold), 1e-9);
  return { test: index, value, threshold, distance: round4(distance), relative: round4(relative), side, distanceText, text: `${distanceText} ${side} the threshold of ${test.unit(threshold)}` };
}

/**
 * Which test the answer rests on: for an `any` that said yes (or an `all` that said no) the answer only
 * flips when every agreeing test flips, so the one farthest from its threshold; for an `all` that said
 * yes (or an `any` that said no) the nearest, since that one flipping flips the answer.
 */
function decidingIndex(combine: Decider['combine'], yes: boolean, outcomes: readonly { holds: boolean; value: number | null; threshold: number }[]): number {
  const farthest = (combine === 'any') === yes;
  let best = -1;
  let bestRel = 0;
  outcomes.forEach((o, i) => {
    if (o.holds !== yes) return;
    const rel = o.value === null ? -1 : Math.abs(o.value - o.threshold) / Math.max(Math.abs(o.threshold), 1e-9);
    if (best < 0 || (farthest ? rel > bestRel : rel < bestRel)) {
      best = i;
      bestRel = rel;
    }
  });
  return Math.max(0, best);
}

/**
 * The margin of a step from its tests, for a report of any version: the deciding test (see
 * `decidingIndex`) and how far its value was from the threshold. Undefined for a node this advisor has
 * no decider for (a report from another version) or a step without tests.
 */
export function stepMargin(node: string, answer: Answer, tests: readonly Pick<TestOutcome, 'value' | 'threshold' | 'holds'>[]): StepMargin | undefined {
  const decider = DECIDERS[node];
  if (!decider || tests.length === 0 || decider.tests.length !== tests.length) return undefined;
  const i = decidingIndex(decider.combine, answer === 'yes', tests);
  return testMargin(decider.tests[i]!, i, tests[i]!.value, tests[i]!.threshold);
}

/** The step whose margin is the smallest relative to its threshold: the verdict's closest call. */
export function closestCall<S extends { margin?: StepMargin }>(steps: readonly S[]): { index: number; step: S } | undefined {
  let found: { index: number; step: S } | undefined;
  steps.forEach((step, index) => {
    if (!step.margin) return;
    const rel = step.margin.relative ?? -1;
    const best = found?.step.margin?.relative ?? -1;
    if (!found || rel < best) found = { index, step };
  });
  return found;
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

function decide(decider: Decider, m: Measurements, th: Thresholds): { answer: Answer; outcomes: TestOutcome[]; confidence: number; margin: StepMargin } {
  const runs = decider.tests.map((t) => runTest(t, m, th));
  const yes = decider.combine === 'any' ? runs.some((r) => r.holds) : runs.every((r) => r.holds);
  // The answer rests on the tests that agree with it: for `any`-yes the strongest holding test, for
  // `all`-yes the weakest, and mirrored for no.
  const agreeing = runs.filter((r) => r.holds === yes);
  const confidences = agreeing.map((r) => r.confidence);
  const confidence = (decider.combine === 'any') === yes ? Math.max(...confidences) : Math.min(...confidences);
  const i = decidingIndex(decider.combine, yes, runs);
  const margin = testMargin(decider.tests[i]!, i, runs[i]!.value, runs[i]!.threshold);
  return { answer: yes ? 'yes' : 'no', outcomes: runs.map(({ confidence: _c, ...o }) => o), confidence, margin };
}

/** `tree` and `deciders` are a language's own where it adds questions (Python's GIL); Node's by default. */
export function walkMeasured(
  m: Measurements,
  th: Thresholds,
  tree: DecisionTree = DECISION_TREE,
  deciders: Readonly<Record<string, Decider>> = DECIDERS,
): MeasuredWalk {
  const path: PathStep[] = [];
  let node = tree.nodes[tree.root];
  for (let guard = 0; node.kind === 'decision'; guard++) {
    if (guard > Object.keys(tree.nodes).length) throw new Error('decision tree has a cycle');
    const decider = deciders[node.id];
    if (!decider) throw new Error(`no decider for tree node ${node.id}`);
    const { answer, outcomes, confidence, margin } = decide(decider, m, th);
    path.push({ node: node.id, question: node.question, answer, evidence: outcomes.map((o) => o.text).join('; '), tests: outcomes, confidence: round2(confidence), margin });
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
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
