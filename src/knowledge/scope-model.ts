import { trainInSteps, type TrainingExample } from './intent-model.js';
import type { Steps } from '../steps.js';
import type { Features } from './text-features.js';

/**
 * Is a question about managing people at all? A two-class model, every document's example
 * questions against every example to decline. The ranker's own decline classes compete with
 * thirty documents for probability, so a clinical or personal-pay question that mentions "my
 * staff member" spreads its probability over the documents and slips through; asked only "ours
 * or not", the same words decide much more plainly.
 */
export type ScopeModel = (features: Features) => number;

/**
 * The examples to decline are fewer than the questions to answer: each weighs this share of
 * what equal classes would give it, so the model leans towards answering when unsure.
 */
const DECLINE_BALANCE = 0.5;

/** `ours`: the features of every document's example questions; `notOurs`: of every example to decline (the ranker's own). */
export function* scopeModelSteps(ours: readonly Features[], notOurs: readonly Features[]): Steps<ScopeModel> {
  if (ours.length === 0 || notOurs.length === 0) return () => 0;
  const declineWeight = (DECLINE_BALANCE * ours.length) / notOurs.length;
  const examples: TrainingExample[] = [
    ...ours.map((features) => ({ features, label: 'ours', weight: 1 })),
    ...notOurs.map((features) => ({ features, label: 'not ours', weight: declineWeight })),
  ];
  const model = yield* trainInSteps(examples);
  const notOursAt = model.labels.indexOf('not ours');
  return (features) => model.predict(features)[notOursAt] ?? 0;
}
