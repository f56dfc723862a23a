// What a runtime other than Node brings to the advisor: its own decision tree (the same questions plus its
// own, such as Python's GIL), the wording of the evidence, the advice per leaf and the code idioms. The
// walk, the margins and the report stay one; only this data differs per language.
import type { Decider } from './deciders';
import type { DecisionTree } from './decision-tree';
import type { Idiom } from './idioms';
import type { LeafAdvice } from './recommendation';

export interface AdviceLanguage {
  language: 'python';
  tree: DecisionTree;
  deciders: Readonly<Record<string, Decider>>;
  advice: Readonly<Record<string, LeafAdvice>>;
  idioms: Readonly<Record<string, Idiom>>;
}
