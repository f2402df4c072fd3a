import type { Features } from './text-features.js';

/**
 * The example questions indexed for the ranker's two nearest-example searches: the closest
 * example of each document (on words and word pairs), and the closest example of each section
 * of one document (on all topical features). Built once at content load into flat typed arrays:
 * a 20-times pack holds millions of postings, and as small arrays and maps in the JavaScript heap
 * (540 MB) they made every young-generation collection walk that many megabytes of old pages
 * (pauses of 5 to 15 ms on two cores: the search latency's tail). Sums run in the same order as over the maps they replace,
 * so every similarity is the same to the last bit.
 */

/** Words in more examples than this are left out of the nearest-example search. */
const MAX_POSTINGS = 1500;

export interface NearestExamples {
  /**
   * Per document number, the cosine similarity of its closest example to the question (0 when
   * none shares a word). The array is reused: it holds until the next call.
   */
  closest(words: Features): Float64Array;
}

/** Collects each example's word features (`wordsOnly`) with its document number, in order. */
export function nearestExamplesBuilder(documents: number) {
  const lists = new Map<string, number[]>();
  const docOf: number[] = [];
  return {
    add(words: Features, doc: number) {
      const example = docOf.push(doc) - 1;
      for (const f of words.keys()) {
        const v = words.get(f)!;
        const list = lists.get(f);
        if (list) list.push(example, v);
        else lists.set(f, [example, v]);
      }
    },
    build(): NearestExamples {
      // A word in thousands of examples says nothing about which one is nearest, and costs the
      // most: never searched, so not kept.
      const postings = new Map<string, Float64Array>();
      for (const [f, list] of lists) if (list.length <= 2 * MAX_POSTINGS) postings.set(f, Float64Array.from(list));
      lists.clear();
      const exampleDoc = Int32Array.from(docOf);
      docOf.length = 0;
      const dots = new Float64Array(exampleDoc.length);
      const best = new Float64Array(documents);
      // Fixed buffers, not lists grown per question: on a large pack a question touches
      // thousands of examples, and regrowing lists was most of its garbage.
      const touched = new Int32Array(exampleDoc.length);
      const touchedDocs = new Int32Array(documents);
      let docsSet = 0;
      return {
        closest(words) {
          for (let d = 0; d < docsSet; d++) best[touchedDocs[d]!] = 0;
          docsSet = 0;
          let count = 0;
          for (const f of words.keys()) {
            const list = postings.get(f);
            if (!list) continue;
            const v = words.get(f)!;
            for (let i = 0; i < list.length; i += 2) {
              const example = list[i]!;
              if (dots[example] === 0) touched[count++] = example;
              dots[example]! += v * list[i + 1]!;
            }
          }
          for (let t = 0; t < count; t++) {
            const example = touched[t]!;
            const sim = dots[example]!;
            dots[example] = 0;
            const doc = exampleDoc[example]!;
            if (sim > best[doc]!) {
              if (best[doc] === 0) touchedDocs[docsSet++] = doc;
              best[doc] = sim;
            }
          }
          return best;
        },
      };
    },
  };
}

/** One document's examples that name a section, by feature: `examples`/`values` from `starts[k]` for `features[k]`. */
interface SectionPostings {
  /** Example number → the section it names. */
  readonly sections: readonly string[];
  /** Feature numbers, ascending. */
  readonly features: Int32Array;
  readonly starts: Int32Array;
  readonly examples: Int32Array;
  readonly values: Float64Array;
}

/** A question's topical features as feature numbers, in the question's order (unknown features left out). */
export interface NumberedFeatures {
  readonly numbers: readonly number[];
  readonly values: readonly number[];
}

export interface SectionExamples {
  numbered(topical: Features): NumberedFeatures;
  /** Per section of a document, the closest of its examples to the question. */
  similarities(docId: string, question: NumberedFeatures): Map<string, number>;
}

/**
 * Collects, per document, the topical features of its examples that name a section. `finish`
 * turns a document's collection into flat arrays: call it after the document's last example.
 */
export function sectionExamplesBuilder() {
  const featureNumbers = new Map<string, number>();
  const open = new Map<string, { sections: string[]; lists: Map<number, number[]> }>();
  const done = new Map<string, SectionPostings>();
  let scratch = new Float64Array(0);
  return {
    add(docId: string, section: string, topical: Features) {
      let doc = open.get(docId);
      if (!doc) open.set(docId, (doc = { sections: [], lists: new Map() }));
      const example = doc.sections.push(section) - 1;
      for (const f of topical.keys()) {
        const v = topical.get(f)!;
        let n = featureNumbers.get(f);
        if (n === undefined) featureNumbers.set(f, (n = featureNumbers.size));
        const list = doc.lists.get(n);
        if (list) list.push(example, v);
        else doc.lists.set(n, [example, v]);
      }
    },
    finish(docId: string) {
      const doc = open.get(docId);
      if (!doc) return;
      open.delete(docId);
      const features = Int32Array.from(doc.lists.keys()).sort();
      const starts = new Int32Array(features.length + 1);
      let total = 0;
      features.forEach((n, k) => {
        starts[k] = total;
        total += doc.lists.get(n)!.length / 2;
      });
      starts[features.length] = total;
      const examples = new Int32Array(total);
      const values = new Float64Array(total);
      features.forEach((n, k) => {
        const list = doc.lists.get(n)!;
        for (let i = 0, at = starts[k]!; i < list.length; i += 2, at++) {
          examples[at] = list[i]!;
          values[at] = list[i + 1]!;
        }
      });
      done.set(docId, { sections: doc.sections, features, starts, examples, values });
      if (doc.sections.length > scratch.length) scratch = new Float64Array(doc.sections.length);
    },
    build(): SectionExamples {
      for (const docId of [...open.keys()]) this.finish(docId);
      return {
        numbered(topical) {
          const numbers: number[] = [];
          const values: number[] = [];
          for (const f of topical.keys()) {
            const n = featureNumbers.get(f);
            if (n === undefined) continue;
            numbers.push(n);
            values.push(topical.get(f)!);
          }
          return { numbers, values };
        },
        similarities(docId, question) {
          const sims = new Map<string, number>();
          const index = done.get(docId);
          if (!index) return sims;
          const dots = scratch;
          for (let q = 0; q < question.numbers.length; q++) {
            const k = find(index.features, question.numbers[q]!);
            if (k < 0) continue;
            const v = question.values[q]!;
            for (let at = index.starts[k]!; at < index.starts[k + 1]!; at++) dots[index.examples[at]!]! += v * index.values[at]!;
          }
          for (let example = 0; example < index.sections.length; example++) {
            const dot = dots[example]!;
            dots[example] = 0;
            const section = index.sections[example]!;
            if (dot > (sims.get(section) ?? 0)) sims.set(section, dot);
          }
          return sims;
        },
      };
    },
  };
}

/** Position of `n` in the ascending `sorted`, or -1. */
function find(sorted: Int32Array, n: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === n) return mid;
    if (at < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
