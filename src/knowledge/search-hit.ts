/**
 * A search hit whose best section is worked out only when read (the ranker reads few). A class
 * with getters on its prototype, not an object literal with getters: each literal's getter pair
 * is made in the old generation, so every question's closures and term lists outlived the next
 * young collection and were promoted (about 0.8 MB at each one), and old-to-young pointers made
 * those collections slow. Spreading a hit copies neither `section` nor `heading`: read them.
 */
export class LazySectionHit<D extends { readonly id: string; readonly title: string }, S extends { readonly anchor: string; readonly heading: string }> {
  readonly docId: string;
  readonly title: string;
  readonly #doc: D;
  readonly #terms: readonly string[];
  readonly #bestSection: (doc: D, terms: readonly string[]) => S;
  #best: S | undefined;

  constructor(doc: D, terms: readonly string[], bestSection: (doc: D, terms: readonly string[]) => S, readonly score: number, readonly coverage: number, readonly topicCoverage: number) {
    this.docId = doc.id;
    this.title = doc.title;
    this.#doc = doc;
    this.#terms = terms;
    this.#bestSection = bestSection;
  }

  get section(): string {
    return this.#pick().anchor;
  }

  get heading(): string {
    return this.#pick().heading;
  }

  #pick(): S {
    return (this.#best ??= this.#bestSection(this.#doc, this.#terms));
  }
}
