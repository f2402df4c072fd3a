import type { ContentDocument, ContentPack } from '../content/types.js';
import { crisisCheckSteps, type CrisisCheck } from './crisis.js';
import { rankerSteps, type Ranker } from './ranker.js';
import { runSteps, runStepsYielding, type Steps } from '../steps.js';
import { searchIndexSteps, type SearchIndex } from './search-index.js';

/**
 * The content pack and its search index, swapped as one. `replace` builds the
 * new index before the swap, so questions in flight keep the old one and
 * never see a half-built index.
 */
export interface KnowledgeBase {
  readonly pack: ContentPack;
  readonly index: SearchIndex;
  /** BM25F fused with the model learned from example questions: what answering uses. */
  readonly ranker: Ranker;
  /** Does a message suggest someone may be at risk? */
  readonly isCrisis: CrisisCheck;
  document(id: string): ContentDocument | undefined;
  replace(pack: ContentPack): void;
  /**
   * The same, building and training in slices so requests are served meanwhile (live reload).
   * Answers come from the new pack as soon as it is indexed and learned; the crisis check, which
   * learns the pack's questions only as look-alikes of risk, is retrained after, and until then
   * the previous one keeps watching every message. Resolves when both are in place.
   */
  replaceYielding(pack: ContentPack): Promise<void>;
}

export function createKnowledgeBase(initial: ContentPack): KnowledgeBase {
  let state = runSteps(build(initial));
  return {
    get pack() {
      return state.pack;
    },
    get index() {
      return state.index;
    },
    get ranker() {
      return state.ranker;
    },
    isCrisis: (message) => state.isCrisis(message),
    document: (id) => state.byId.get(id),
    replace(pack) {
      state = runSteps(build(pack));
    },
    async replaceYielding(pack) {
      state = { ...(await runStepsYielding(buildAnswering(pack))), isCrisis: state.isCrisis };
      const isCrisis = await runStepsYielding(crisisCheckSteps(pack));
      // A newer pack swapped in meanwhile has its own check coming.
      if (state.pack === pack) state = { ...state, isCrisis };
    },
  };
}

interface State {
  readonly pack: ContentPack;
  readonly index: SearchIndex;
  readonly ranker: Ranker;
  readonly isCrisis: CrisisCheck;
  readonly byId: ReadonlyMap<string, ContentDocument>;
}

function* build(pack: ContentPack): Steps<State> {
  const answering = yield* buildAnswering(pack);
  return { ...answering, isCrisis: yield* crisisCheckSteps(pack) };
}

function* buildAnswering(pack: ContentPack): Steps<Omit<State, 'isCrisis'>> {
  const index = yield* searchIndexSteps(pack);
  const ranker = yield* rankerSteps(pack, index);
  return { pack, index, ranker, byId: new Map(pack.documents.map((d) => [d.id, d])) };
}
