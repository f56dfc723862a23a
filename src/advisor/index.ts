// The advisor: measurements in, a workload type and a recommended model out, with the decision path.
export * from './measurements';
export * from './thresholds';
export { DECISION_TREE, type DecisionTree, type DecisionNode, type LeafNode, type TreeNode } from './decision-tree';
export { DECIDERS, copyMs, estimatedCopyMs } from './deciders';
export { walkMeasured, walkAnswers, stepMargin, closestCall, type PathStep, type StepMargin, type MeasuredWalk, type AnsweredWalk, type Answer } from './walk-tree';
export { recommend, ADVICE_LEAVES, type HotLine, type StaticHint, type LineToChange, type Verdict } from './recommendation';
export { IDIOMS, type Idiom } from './idioms';
