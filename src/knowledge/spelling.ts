import Fuse from 'fuse.js';
import type { ContentDocument } from '../content/types.js';
import { slips, STOP_WORDS, words } from './normalise.js';

/**
 * Corrects a misspelt word to one the guides are written in: titles, keywords, synonyms,
 * headings, summaries and bodies ("surgry" is "surgery" though no title says it). A word the
 * guides already use (`isWritten`) is never corrected. Returns undefined when nothing is close.
 */
export function spellingCorrector(
  documents: readonly Pick<ContentDocument, 'title' | 'keywords' | 'synonyms' | 'summary' | 'sections'>[],
  isWritten: (word: string) => boolean,
): (word: string) => string | undefined {
  const vocabulary = new Set<string>();
  for (const doc of documents) {
    for (const text of [doc.title, ...doc.keywords, ...doc.synonyms, ...doc.sections.map((s) => s.heading), doc.summary, ...doc.sections.map((s) => s.text)]) {
      for (const w of words(text)) if (w.length >= 4 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)) vocabulary.add(w);
    }
  }
  const byFirstLetter = new Map<string, string[]>();
  for (const w of vocabulary) {
    const bucket = byFirstLetter.get(w[0]!) ?? [];
    bucket.push(w);
    byFirstLetter.set(w[0]!, bucket);
  }
  const fuse = new Fuse([...vocabulary], { includeScore: true, threshold: 0.3, ignoreLocation: true, minMatchCharLength: 3 });
  const corrections = new Map<string, string | null>();
  return (word) => {
    if (word.length < 3 || STOP_WORDS.has(word) || /\d/.test(word) || isWritten(word)) return undefined;
    if (!corrections.has(word)) {
      // A bound on slips and a shared first letter keep real words ("tips") from being
      // "corrected" into unrelated ones. A three-letter word may only have lost a letter
      // ("sik"): abbreviations are three letters too.
      const allowed = word.length >= 7 ? 2 : 1;
      // Words of too different a length are never within the bound: no need to count their slips.
      const close = (candidate: string) =>
        candidate[0] === word[0] && Math.abs(candidate.length - word.length) <= allowed && slips(candidate, word) <= allowed && (word.length > 3 || candidate.length === 4);
      // fuse.js proposes candidates first; it misses short words and swapped letters ("sik",
      // "retrun"), so then the guides' words that start with the same letter are tried in turn,
      // whole or, for a long word, cut to its length ("whistelblow" is "whistleblow(ing)").
      const sameLetter = byFirstLetter.get(word[0]!) ?? [];
      const inTurn = () => sameLetter.find((c) => close(c) || (word.length >= 7 && c.length > word.length && close(c.slice(0, word.length))));
      // fuse.js scores the whole vocabulary (2-3 ms a word; a question of five new words took 10 ms
      // or more), yet it only chooses among the close words: with none it cannot choose, and with
      // one that is also the first tried in turn, both ways give that word.
      const closeWords = sameLetter.filter(close);
      const best =
        closeWords.length === 0
          ? inTurn()
          : closeWords.length === 1 && inTurn() === closeWords[0]
            ? closeWords[0]
            : (fuse.search(word, { limit: 5 }).map((r) => r.item).find(close) ?? inTurn());
      // Remember misses too (bounded), so a repeated unknown word costs one lookup.
      if (corrections.size > 10000) corrections.clear();
      corrections.set(word, best ?? null);
    }
    return corrections.get(word) ?? undefined;
  };
}
