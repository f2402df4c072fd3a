import { stem, STOP_WORDS } from './normalise.js';

/**
 * A question as a sparse feature vector for the learned ranking signals:
 * stemmed words, pairs of neighbouring words ("sick pay" means more than
 * "sick" and "pay"), and letter trigrams of each word, so a misspelling
 * ("menapause") still shares most of its features with the word meant.
 * Every word is kept, stop words too: in managers' talk "off", "out", "up",
 * "back" and "again" carry the meaning ("been off", "fallen out", "speak
 * up", "late again"), and the learned models weigh each word by how well it
 * tells topics apart, which leaves "the" and "my" next to nothing. Only the
 * letter trigrams skip stop words: they are for catching misspellings.
 * Vectors are L2-normalised, so long stories and two-word questions weigh
 * the same.
 */
export type Features = ReadonlyMap<string, number>;

const WORD = 1;
const PAIR = 0.6;
/** Letter trigrams share one word's weight between them, so they break ties rather than decide. */
const LETTERS = 0.8;

export function featuresOf(surfaceWords: readonly string[]): Features {
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  const stems = surfaceWords.map(stem);
  for (const s of stems) add('w ' + s, WORD);
  for (let i = 1; i < stems.length; i++) add('p ' + stems[i - 1] + ' ' + stems[i], PAIR);
  for (const w of surfaceWords) {
    if (STOP_WORDS.has(w) || w.length < 4 || /^\d+$/.test(w)) continue;
    const padded = `<${w}>`;
    const n = padded.length - 2;
    for (let i = 0; i < n; i++) add('c ' + padded.slice(i, i + 3), LETTERS / n);
  }
  let norm = 0;
  for (const v of out.values()) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const k of out.keys()) out.set(k, out.get(k)! / norm);
  return out;
}

/**
 * The nearest example is judged on topic words and word pairs only, renormalised: letter
 * trigrams and stop words are shared by thousands of examples, so they would make the search
 * slow and the nearness vague.
 */
export function wordsOnly(features: Features): Features {
  return renormalised(features, (f) => !f.startsWith('c ') && !stopOnly(f));
}

/**
 * Which section of a document answers is told by its topic words: "how do I" is in examples of
 * every section, so words and pairs made only of stop words are left out of the section choice.
 */
export function topical(features: Features): Features {
  return renormalised(features, (f) => !stopOnly(f));
}

const STOP_STEMS = new Set([...STOP_WORDS].map(stem));
/** Word by word without `split`: it runs for every feature of every question, twice. */
function stopOnly(feature: string): boolean {
  if (feature.startsWith('c ')) return false;
  for (let start = 2; ; ) {
    const end = feature.indexOf(' ', start);
    if (!STOP_STEMS.has(end < 0 ? feature.slice(start) : feature.slice(start, end))) return false;
    if (end < 0) return true;
    start = end + 1;
  }
}

function renormalised(features: Features, keep: (feature: string) => boolean): Features {
  const out = new Map<string, number>();
  let norm = 0;
  for (const f of features.keys()) {
    if (!keep(f)) continue;
    const v = features.get(f)!;
    out.set(f, v);
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const f of out.keys()) out.set(f, out.get(f)! / norm);
  return out;
}
