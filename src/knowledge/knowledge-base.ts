import type { ContentDocument, ContentPack } from '../content/types.js';
import { buildSearchIndex, type SearchIndex } from './search-index.js';

/**
 * The content pack and its search index, swapped as one. `replace` builds the
 * new index before the swap, so questions in flight keep the old one and
 * never see a half-built index.
 */
export interface KnowledgeBase {
  readonly pack: ContentPack;
  readonly index: SearchIndex;
  document(id: string): ContentDocument | undefined;
  replace(pack: ContentPack): void;
}

export function createKnowledgeBase(initial: ContentPack): KnowledgeBase {
  let state = build(initial);
  return {
    get pack() {
      return state.pack;
    },
    get index() {
      return state.index;
    },
    document: (id) => state.byId.get(id),
    replace(pack) {
      state = build(pack);
    },
  };
}

function build(pack: ContentPack) {
  return { pack, index: buildSearchIndex(pack), byId: new Map(pack.documents.map((d) => [d.id, d])) };
}
