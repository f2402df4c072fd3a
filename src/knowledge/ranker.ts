import type { ContentPack, DeclineExample, OutOfScopeReason } from '../content/types.js';
import { stem, STOP_WORDS, words as wordsOf } from './normalise.js';
import { EXAMPLES_PER_STEP, trainInSteps, type IntentModel, type TrainingExample } from './intent-model.js';
import { runSteps, type Steps } from '../steps.js';
import type { SearchHit, SearchIndex } from './search-index.js';
import { featuresOf, topical, wordsOnly, type Features } from './text-features.js';
import { scopeModelSteps } from './scope-model.js';
import { nearestExamplesBuilder, sectionExamplesBuilder } from './example-index.js';
import { shorthandReader } from './glossary.js';

/**
 * Ranks documents for a question by fusing three signals:
 * - BM25F over the content (what the documents say, in their own words);
 * - a linear classifier learned from each document's example questions and
 *   topic fields (how managers ask, in theirs);
 * - the nearest example question, which also names the section that answers.
 * A further class, learned from example questions the assistant must not
 * answer (clinical, IT, an individual's pay, legal advice, off-topic), gives
 * the probability that the question is not ours at all.
 */

/** Each reason to decline is a class of its own, the size of a document's: one class for all would outweigh every document. */
const declineLabel = (reason: OutOfScopeReason) => `(decline) ${reason}`;
const isDeclineLabel = (label: string) => label.startsWith('(decline) ');

export interface RankedDoc {
  readonly docId: string;
  readonly title: string;
  /** Fused score, 0 to 1. */
  readonly score: number;
  /** The classifier's probability. */
  readonly probability: number;
  /** Cosine similarity to this document's nearest example question. */
  readonly nearest: number;
  /** BM25F score relative to the best document's (0 to 1). */
  readonly bm25: number;
  /**
   * Anchor of the section that answers: the one named by the nearest example
   * question when it is close enough to trust, else BM25's best section.
   */
  readonly section?: string | undefined;
}

export interface Ranking {
  readonly words: readonly string[];
  /** Share of the question's words (stop words aside) that the content or its example questions use. */
  readonly known: number;
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
  /** The classifier's probability that the question is one to decline. */
  readonly declineProbability: number;
  /** The likeliest reason to decline. */
  readonly declineReason?: OutOfScopeReason | undefined;
  /** A second opinion: the probability that the question is not about managing people at all. */
  readonly outOfScope: number;
  readonly hits: readonly RankedDoc[];
}

export interface Ranker {
  rank(question: string, limit?: number): Ranking;
  /** How the model was made: a trust's pack is always learned by regression; counting is for packs far larger. */
  readonly learnedBy: IntentModel['method'];
}

/** The topic fields, and each section heading, as weaker examples of their document. */
const TOPIC_WEIGHT = 0.5;
const HEADING_WEIGHT = 0.3;
/**
 * The nearest example weighs more since each guide carries 112 example questions in the managers'
 * styles: a close example is better evidence than the classifier's reading of incidental words.
 * Set on tuning sets A-F (hit@1 0.900 -> 0.908), checked on G (0.877 -> 0.889).
 */
const WEIGHTS = Object.freeze({ probability: 0.4, nearest: 0.3, bm25: 0.3 });
/** BM25F scores are squashed as score / (score + BM25_HALF): weak content matches count for little. */
const BM25_HALF = 10;
/**
 * A question (nearly) word for word one of a document's examples is answered from it: what HR
 * attached is answered from then on, whatever the rest of the model thinks.
 */
const SAME_QUESTION = 0.95;
const SAME_QUESTION_BONUS = 0.5;
/** Hits an answer or "Did you mean" can show (the answer policy offers at most three). */
const SHOWN = 3;
/** How close a section's nearest example must be before its section is preferred to BM25's. */
const SECTION_TRUST = 0.3;
/** The steps are the default answer: another section must be this much closer to take over. */
const STEPS_LEAD = 0.05;
const STEPS = 'what-to-do';

/** The section whose examples come closest to the question, the steps unless another is clearly closer. */
function sectionFrom(sections: ReadonlyMap<string, number> | undefined): string | undefined {
  if (!sections) return undefined;
  let best: string | undefined;
  let bestSim = 0;
  for (const [section, sim] of sections) {
    const adjusted = section === STEPS ? sim + STEPS_LEAD : sim;
    if (adjusted > bestSim) [best, bestSim] = [section, adjusted];
  }
  return best && (sections.get(best) ?? 0) >= SECTION_TRUST ? best : undefined;
}

export function buildRanker(pack: Pick<ContentPack, 'documents' | 'declines' | 'glossary'>, index: SearchIndex): Ranker {
  return runSteps(rankerSteps(pack, index));
}

export function* rankerSteps(pack: Pick<ContentPack, 'documents' | 'declines' | 'glossary'>, index: SearchIndex): Steps<Ranker> {
  const training: TrainingExample[] = [];
  // Shorthand is read with its meaning beside it, in the examples as in the question asked.
  const read = shorthandReader(pack.glossary);
  const titles = new Map(pack.documents.map((d) => [d.id, d.title]));
  const docIds = [...titles.keys()];
  const docNumber = new Map(docIds.map((id, i) => [id, i]));
  const nearestIndex = nearestExamplesBuilder(docIds.length);
  /** Per document, its examples that name a section, indexed by feature (all of them): for choosing the section. */
  const sectionIndex = sectionExamplesBuilder();
  /**
   * A document's section examples are packed once all are read, so a large pack never holds every
   * document's lists at once: after its last appearance, should an invalid pack repeat an id.
   */
  const lastOf = new Map(pack.documents.map((d, i) => [d.id, i]));
  const remember = (features: Features, docId: string) => nearestIndex.add(wordsOnly(features), docNumber.get(docId)!);
  /** The example questions' features, to answer and to decline, for the scope model too. */
  const ours: Features[] = [];
  const notOurs: Features[] = [];
  for (const [n, doc] of pack.documents.entries()) {
    // Each document's examples are read in a slice of their own (live reload keeps serving).
    yield;
    const topics = [doc.title, ...doc.keywords, ...doc.synonyms, doc.summary];
    for (const text of topics) training.push({ features: featuresOf(wordsOf(read(text))), label: doc.id, weight: TOPIC_WEIGHT });
    for (const s of doc.sections) {
      if (s.heading !== 'Overview') training.push({ features: featuresOf(wordsOf(s.heading)), label: doc.id, weight: HEADING_WEIGHT });
    }
    for (const q of doc.questions) {
      const features = featuresOf(wordsOf(read(q.text)));
      training.push({ features, label: doc.id, weight: 1 });
      ours.push(features);
      remember(features, doc.id);
      if (q.section) sectionIndex.add(doc.id, q.section, topical(features));
    }
    for (const text of [...doc.keywords, ...doc.synonyms]) remember(featuresOf(wordsOf(read(text))), doc.id);
    if (lastOf.get(doc.id) === n) sectionIndex.finish(doc.id);
  }
  // A reason to decline weighs as much in training as a typical document's questions, however
  // many examples it has: otherwise a long list of examples makes the class swallow stories.
  const perDocument = pack.documents.reduce((n, d) => n + d.questions.length, 0) / Math.max(1, pack.documents.length);
  const perReason = new Map<OutOfScopeReason, number>();
  for (const d of pack.declines) perReason.set(d.reason, (perReason.get(d.reason) ?? 0) + 1);
  yield;
  for (const [n, d] of pack.declines.entries()) {
    if (n > 0 && n % EXAMPLES_PER_STEP === 0) yield;
    const features = featuresOf(wordsOf(read(d.text)));
    notOurs.push(features);
    training.push({ features, label: declineLabel(d.reason), weight: Math.min(1, Math.max(perDocument, 10) / perReason.get(d.reason)!) });
  }
  yield;
  // Packed before training, so the lists they are packed from are freed before the model's arrays are made.
  const nearestExamples = nearestIndex.build();
  const sectionExamples = sectionIndex.build();
  yield;
  const model: IntentModel = yield* trainInSteps(training);
  const scope = yield* scopeModelSteps(ours, notOurs);
  const labelIndex = new Map(model.labels.map((l, i) => [l, i]));
  /** Each document's place among the model's labels, looked up once here rather than per question and document. */
  const labelOf = Int32Array.from(docIds, (id) => labelIndex.get(id) ?? -1);
  /** The question's BM25F hits by document number, and which numbers are set. */
  const bm25ByDoc: (SearchHit | undefined)[] = new Array(docIds.length).fill(undefined);
  const bm25Docs: number[] = [];

  function rank(question: string, limit = 5): Ranking {
    const text = read(question);
    const search = index.search(text, 10);
    // Both the words as typed and their corrections: examples carry managers' own spellings.
    const typed = wordsOf(text).slice(0, 64);
    const features = featuresOf([...search.words, ...typed.filter((w) => !search.words.includes(w))]);
    const probabilities = model.predict(features);
    // Stop words are always known: only the words that carry the topic count, as corrected ("sik"
    // counts as the "sick" it was read as).
    const wordFeatures = [...new Set(search.words)].filter((w) => !STOP_WORDS.has(w)).map((w) => 'w ' + stem(w));
    const known = wordFeatures.length ? wordFeatures.filter((f) => model.knows(f)).length / wordFeatures.length : 0;
    const nearest = nearestExamples.closest(wordsOnly(features));
    const topicFeatures = sectionExamples.numbered(topical(features));
    const topBm25 = search.hits[0]?.score ?? 0;
    const fewWords = search.words.filter((w) => !STOP_WORDS.has(w)).length <= 2;
    // Cleared here, not on the way out: a question that threw must not leave its hits behind.
    for (const doc of bm25Docs) bm25ByDoc[doc] = undefined;
    bm25Docs.length = 0;
    for (const h of search.hits) {
      const doc = docNumber.get(h.docId)!;
      bm25ByDoc[doc] = h;
      bm25Docs.push(doc);
    }
    const scoreOf = (doc: number) => {
      const probability = probabilities[labelOf[doc]!] ?? 0;
      const sim = nearest[doc]!;
      const b = bm25ByDoc[doc];
      const bm25Strength = b ? b.score / (b.score + BM25_HALF) : 0;
      const same = sim >= SAME_QUESTION ? (SAME_QUESTION_BONUS * (sim - SAME_QUESTION)) / (1 - SAME_QUESTION) : 0;
      return Math.min(1, WEIGHTS.probability * probability + WEIGHTS.nearest * sim + WEIGHTS.bm25 * bm25Strength + same);
    };
    // Scores for every document, but hits (with their section) only for the best few: a running
    // top list, so a large pack allocates nothing per document.
    const ranked: { doc: number; docId: string; score: number }[] = [];
    for (let doc = 0; doc < docIds.length; doc++) {
      const docId = docIds[doc]!;
      const score = round(scoreOf(doc));
      const last = ranked[ranked.length - 1];
      if (ranked.length === limit && last && (score < last.score || (score === last.score && docId > last.docId))) continue;
      let at = ranked.length;
      while (at > 0 && (ranked[at - 1]!.score < score || (ranked[at - 1]!.score === score && ranked[at - 1]!.docId > docId))) at--;
      ranked.splice(at, 0, { doc, docId, score });
      if (ranked.length > limit) ranked.pop();
    }
    const hits: RankedDoc[] = ranked.map(({ doc, docId, score }, place) => {
      const b = bm25ByDoc[doc];
      return {
        docId,
        title: titles.get(docId)!,
        score,
        probability: round(probabilities[labelOf[doc]!] ?? 0),
        nearest: round(nearest[doc]!),
        bm25: round(b && topBm25 > 0 ? b.score / topBm25 : 0),
        // Two words match many examples by chance: then the section whose words they are (BM25F).
        // Only the documents an answer or "Did you mean" can show get the examples' choice.
        section: (fewWords || place >= SHOWN ? undefined : sectionFrom(sectionExamples.similarities(docId, topicFeatures))) ?? b?.section,
      };
    });
    let declineProbability = 0;
    let declineReason: OutOfScopeReason | undefined;
    let likeliest = 0;
    model.labels.forEach((label, i) => {
      if (!isDeclineLabel(label)) return;
      const p = probabilities[i]!;
      declineProbability += p;
      if (p > likeliest) [likeliest, declineReason] = [p, label.slice('(decline) '.length) as OutOfScopeReason];
    });
    return {
      words: search.words,
      known: round(known),
      corrections: search.corrections,
      declineProbability: round(declineProbability),
      declineReason,
      outOfScope: round(scope(features)),
      hits,
    };
  }

  return { rank, learnedBy: model.method };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
