import type { ContentDocument, ContentPack } from '../content/types.js';
import { stem, STOP_WORDS, terms, words } from './normalise.js';
import { spellingCorrector } from './spelling.js';
import { LazySectionHit } from './search-hit.js';
import { runSteps, type Steps } from '../steps.js';

/**
 * The in-memory search index over the content pack's sections. Ranking is
 * BM25F over each document's fields (title, keywords, synonyms, summary,
 * body), plus a bonus when a question contains one of the document's
 * keyword or synonym phrases whole; the best section of each document is
 * then chosen by BM25 over the section. fuse.js corrects misspelt words
 * against the index's vocabulary before ranking.
 */

export interface SearchHit {
  readonly docId: string;
  readonly title: string;
  /** Anchor and heading of the best-matching section of the document. */
  readonly section: string;
  readonly heading: string;
  readonly score: number;
  /** Share (0 to 1) of the question's informative weight that this document matches. */
  readonly coverage: number;
  /** The same share, counting only matches in the title, keywords, synonyms and summary. */
  readonly topicCoverage: number;
}

export interface SearchResult {
  /** The query's terms after normalisation and spelling correction. */
  readonly terms: readonly string[];
  /** Share (0 to 1) of the question's informative weight made of words the content uses at all. */
  readonly known: number;
  /** The question's words (stop words kept, not stemmed) after spelling correction. */
  readonly words: readonly string[];
  /** Words that were corrected, e.g. menapause → menopause. */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
  readonly hits: readonly SearchHit[];
}

export interface SearchIndex {
  search(question: string, limit?: number): SearchResult;
  readonly size: { readonly documents: number; readonly sections: number; readonly terms: number };
}

type Field = 'title' | 'keywords' | 'synonyms' | 'summary' | 'questions' | 'body';
/**
 * Two groups of fields, each with its own document frequencies: the topic
 * fields say what a document is about (a word in every body, such as
 * "one-to-one", is still rare among titles and keywords), the body says
 * what it mentions.
 */
const TOPIC_FIELDS: readonly Field[] = ['title', 'keywords', 'synonyms', 'summary', 'questions'];
const FIELD_WEIGHTS: Readonly<Record<Field, number>> = { title: 3, keywords: 2, synonyms: 2, summary: 1, questions: 1, body: 1 };
const FIELD_B: Readonly<Record<Field, number>> = { title: 0.3, keywords: 0.3, synonyms: 0.3, summary: 0.5, questions: 0.75, body: 0.75 };
const TOPIC_WEIGHT = 1.5;
const K1 = 1.2;
const PHRASE_WEIGHT = 1.5;
const HEADING_WEIGHT = 2;
const SECTION_PRIOR: Readonly<Record<string, number>> = { 'What to do': 1.6, 'Where to get help': 0.7 };

interface IndexedSection {
  readonly anchor: string;
  readonly heading: string;
  readonly tf: Map<string, number>;
  readonly length: number;
}

interface Posting {
  readonly docs: number[];
  /** Saturated topic-field weight of the term in each document (0 when only in the body). */
  readonly topic: number[];
  readonly body: number[];
}

interface IndexedDoc {
  readonly id: string;
  readonly title: string;
  readonly fields: Record<Field, { tf: Map<string, number>; length: number }>;
  /** Multi-word keyword, synonym and title phrases, as term sequences. */
  readonly phrases: readonly (readonly string[])[];
  readonly sections: readonly IndexedSection[];
}

function countTerms(list: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of list) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

function indexDocument(doc: ContentDocument): IndexedDoc {
  const body = doc.sections.map((s) => s.text).join('\n');
  const fieldTerms: Record<Field, string[]> = {
    title: terms(doc.title),
    keywords: doc.keywords.flatMap(terms),
    synonyms: doc.synonyms.flatMap(terms),
    questions: doc.questions.flatMap((q) => terms(q.text)),
    summary: terms(doc.summary),
    body: terms(body),
  };
  const fields = Object.fromEntries(
    Object.entries(fieldTerms).map(([f, list]) => [f, { tf: countTerms(list), length: list.length }]),
  ) as IndexedDoc['fields'];
  const phrases = [doc.title, ...doc.keywords, ...doc.synonyms].map(terms).filter((p) => p.length >= 2);
  const sections = doc.sections.map((s) => {
    const headingTerms = terms(s.heading);
    const bodyTerms = terms(s.text);
    const tf = countTerms(bodyTerms);
    for (const t of headingTerms) tf.set(t, (tf.get(t) ?? 0) + HEADING_WEIGHT);
    return { anchor: s.anchor, heading: s.heading, tf, length: bodyTerms.length + headingTerms.length * HEADING_WEIGHT };
  });
  return { id: doc.id, title: doc.title, fields, phrases, sections };
}

export function buildSearchIndex(pack: Pick<ContentPack, 'documents'>): SearchIndex {
  return runSteps(searchIndexSteps(pack));
}

/** The same, pausing after each document is read (live reload). */
export function* searchIndexSteps(pack: Pick<ContentPack, 'documents'>): Steps<SearchIndex> {
  const docs: IndexedDoc[] = [];
  for (const doc of pack.documents) {
    docs.push(indexDocument(doc));
    yield;
  }
  const n = docs.length;

  const docFreq = new Map<string, number>();
  /** Words the guides themselves use: example questions keep managers' misspellings, which must still be corrected. */
  const written = new Set<string>();
  const topicFreq = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    const topical = new Set<string>();
    for (const f of Object.keys(d.fields) as Field[]) {
      for (const t of d.fields[f].tf.keys()) {
        seen.add(t);
        if (TOPIC_FIELDS.includes(f)) topical.add(t);
      }
    }
    for (const t of seen) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
    for (const f of Object.keys(d.fields) as Field[]) if (f !== 'questions') for (const t of d.fields[f].tf.keys()) written.add(t);
    for (const t of topical) topicFreq.set(t, (topicFreq.get(t) ?? 0) + 1);
  }
  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const idf = (t: string) => idfOf(docFreq.get(t) ?? 0);
  const topicIdf = (t: string) => idfOf(topicFreq.get(t) ?? 0);
  // A word the content never uses weighs like one used in a single document: informative, not overwhelming.
  const unknownIdf = idfOf(1);

  const avgLength = {} as Record<Field, number>;
  for (const f of Object.keys(FIELD_WEIGHTS) as Field[]) {
    avgLength[f] = Math.max(1, docs.reduce((sum, d) => sum + d.fields[f].length, 0) / Math.max(1, n));
  }
  // Postings carry each document's saturated term weights, computed once here, so a
  // question only adds up numbers: no per-question map lookups per field.
  const postings = new Map<string, Posting>();
  docs.forEach((d, i) => {
    const seen = new Set<string>();
    for (const f of Object.values(d.fields)) for (const t of f.tf.keys()) seen.add(t);
    for (const t of seen) {
      let topic = 0;
      for (const f of TOPIC_FIELDS) topic += saturating(d, f, t);
      const body = saturating(d, 'body', t);
      let p = postings.get(t);
      if (!p) postings.set(t, (p = { docs: [], topic: [], body: [] }));
      p.docs.push(i);
      p.topic.push(topic / (K1 + topic));
      p.body.push(body / (K1 + body));
    }
  });
  // Phrases by their first term: a question looks up only phrases that could start at each of its words.
  const phrasesByFirst = new Map<string, { doc: number; phrase: readonly string[]; bonus: number }[]>();
  docs.forEach((d, i) => {
    for (const phrase of d.phrases) {
      const list = phrasesByFirst.get(phrase[0]!) ?? [];
      list.push({ doc: i, phrase, bonus: (PHRASE_WEIGHT * phrase.reduce((sum, t) => sum + idf(t), 0)) / phrase.length });
      phrasesByFirst.set(phrase[0]!, list);
    }
  });
  const scores = new Float64Array(n);
  const matched = new Float64Array(n);
  const matchedTopic = new Float64Array(n);
  /** The documents a question matches, in the order first matched (a list grown per question was most of its garbage). */
  const touched = new Int32Array(n);

  const correct = spellingCorrector(pack.documents, (word) => written.has(stem(word)));

  const sectionAvg = new Map<string, number>();
  for (const d of docs) {
    sectionAvg.set(d.id, Math.max(1, d.sections.reduce((s, x) => s + x.length, 0) / Math.max(1, d.sections.length)));
  }

  function saturating(d: IndexedDoc, f: Field, t: string): number {
    const tf = d.fields[f].tf.get(t);
    if (!tf) return 0;
    return (FIELD_WEIGHTS[f] * tf) / (1 - FIELD_B[f] + (FIELD_B[f] * d.fields[f].length) / avgLength[f]);
  }

  function bestSection(d: IndexedDoc, q: readonly string[]): IndexedSection {
    let best = d.sections[0]!;
    let bestScore = -1;
    const avg = sectionAvg.get(d.id)!;
    for (const s of d.sections) {
      let score = 0;
      for (const t of q) {
        const tf = s.tf.get(t) ?? 0;
        if (tf === 0) continue;
        const norm = tf / (1 - 0.75 + (0.75 * s.length) / avg);
        score += idf(t) * (norm / (K1 + norm));
      }
      // The steps are the most useful answer unless another section is clearly closer; the
      // contacts section repeats every topic word, so it wins only on a clear lead.
      score *= SECTION_PRIOR[s.heading] ?? 1;
      if (s.heading === 'What to do') score += 0.05;
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  function search(question: string, limit = 5): SearchResult {
    const fixes: { from: string; to: string }[] = [];
    const surface = words(question)
      .slice(0, 64)
      .map((w) => {
        const to = correct(w);
        if (to) fixes.push({ from: w, to });
        return to ?? w;
      });
    const q = [...new Set(surface.filter((w) => !STOP_WORDS.has(w)).map(stem))];
    const qSeq = surface.filter((w) => !STOP_WORDS.has(w)).map(stem);
    if (q.length === 0) return { terms: q, known: 0, words: surface, corrections: fixes, hits: [] };

    const weights = q.map((t) => (docFreq.has(t) ? idf(t) : unknownIdf));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const knownWeight = q.reduce((sum, t, k) => sum + (docFreq.has(t) ? weights[k]! : 0), 0);

    let touchedCount = 0;
    q.forEach((t, k) => {
      const p = postings.get(t);
      if (!p) return;
      const wTopic = TOPIC_WEIGHT * topicIdf(t);
      const wBody = idf(t);
      for (let j = 0; j < p.docs.length; j++) {
        const i = p.docs[j]!;
        if (matched[i] === 0) touched[touchedCount++] = i;
        scores[i]! += wTopic * p.topic[j]! + wBody * p.body[j]!;
        matched[i]! += weights[k]!;
        if (p.topic[j]! > 0) matchedTopic[i]! += weights[k]!;
      }
    });
    qSeq.forEach((t, start) => {
      for (const { doc, phrase, bonus } of phrasesByFirst.get(t) ?? []) {
        if (matched[doc] !== 0 && startsAt(qSeq, start, phrase)) scores[doc]! += bonus;
      }
    });

    // The best few in the order a stable sort by score, then id, would give: on a large pack
    // sorting every matching document (and comparing ids by locale on ties) was most of a search.
    const before = (a: number, b: number) => (scores[b]! - scores[a]! || docs[a]!.id.localeCompare(docs[b]!.id)) < 0;
    const top: number[] = [];
    for (let c = 0; c < touchedCount; c++) {
      const i = touched[c]!;
      let at = top.length;
      while (at > 0 && before(i, top[at - 1]!)) at--;
      if (at >= limit) continue;
      top.splice(at, 0, i);
      if (top.length > limit) top.pop();
    }
    const hits = top.map(
      (i) => new LazySectionHit(docs[i]!, q, bestSection, round(scores[i]!), round(matched[i]! / totalWeight), round(matchedTopic[i]! / totalWeight)),
    );
    for (let c = 0; c < touchedCount; c++) {
      const i = touched[c]!;
      scores[i] = matched[i] = matchedTopic[i] = 0;
    }
    return { terms: q, known: round(knownWeight / totalWeight), words: surface, corrections: fixes, hits };
  }

  return {
    search,
    size: { documents: n, sections: docs.reduce((s, d) => s + d.sections.length, 0), terms: docFreq.size },
  };
}

/** Does `phrase` occur in `terms` at `start`? A loop, not `every` with a closure: it runs for every candidate phrase. */
function startsAt(terms: readonly string[], start: number, phrase: readonly string[]): boolean {
  for (let j = 0; j < phrase.length; j++) if (terms[start + j] !== phrase[j]) return false;
  return true;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
