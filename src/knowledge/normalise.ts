import { stemmer } from 'stemmer';

/**
 * One normaliser for the index and for questions, so both sides meet on the
 * same terms: lower case, UK spelling, "1:1" and friends as one word,
 * possessives and punctuation dropped, stop words removed, Porter stems.
 */

// Written forms of "one-to-one" that managers type, folded into one token before splitting.
const ONE_TO_ONE = /\b(?:1\s*[:\-]\s*1|1\s*-\s*2\s*-\s*1|1\s*2\s*1|121|1\s*to\s*1|one\s*-?\s*to\s*-?\s*one|one\s*on\s*one|1\s*on\s*1)s?\b/g;

// US spellings seen in HR writing, and irregular verbs. The -ize/-ization family is handled by rule below.
const US_TO_UK: Readonly<Record<string, string>> = {
  behavior: 'behaviour',
  behaviors: 'behaviours',
  behavioral: 'behavioural',
  labor: 'labour',
  color: 'colour',
  center: 'centre',
  program: 'programme',
  programs: 'programmes',
  counseling: 'counselling',
  counselor: 'counsellor',
  enrollment: 'enrolment',
  favor: 'favour',
  fulfill: 'fulfil',
  fulfillment: 'fulfilment',
  judgment: 'judgement',
  license: 'licence',
  offense: 'offence',
  defense: 'defence',
  pediatric: 'paediatric',
  anesthetic: 'anaesthetic',
  leukemia: 'leukaemia',
  esthetic: 'aesthetic',
  traveling: 'travelling',
  canceled: 'cancelled',
  modeling: 'modelling',
  practicing: 'practising',
  vacation: 'holiday',
  mom: 'mum',
  // Irregular past tenses the stemmer cannot join to their verb.
  rang: 'ring',
  rung: 'ring',
  told: 'tell',
  left: 'leave',
  fell: 'fall',
  hurt: 'hurt',
  spoke: 'speak',
  spoken: 'speak',
  took: 'take',
  gave: 'give',
  sent: 'send',
};
const IZE_EXCEPTIONS = new Set(['size', 'sizes', 'sized', 'prize', 'prizes', 'seize', 'seized', 'capsize', 'citizen', 'citizens', 'baize']);

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again all am an and any are as at be been before being below between both but by can could
  did do does doing done down during each few for from further get gets getting got had has have having he her here
  hers him his how i if in into is it its itself just me might more most must my myself need needs no nor not now of
  off on once only or other our ours out over own please same she should so some such than that the their theirs them
  then there these they this those through to too under until up very was we were what when where which while who whom
  why will with would you your yours yourself hi hello hey thanks thank tell know want wants someone somebody anyone
  im ive id whats hows theres dont doesnt cant wont isnt arent also really ok okay best way ways go going
  tips tip info information example examples`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower case, spelling and "1:1" folding: the text before it is cut into words. */
export function canonicalText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    // Before apostrophes go: "I'll" would become "ill", "she'll" "shell" and "he'd" "hed".
    .replace(/([a-z])'ll\b/g, '$1 will')
    .replace(/([a-z])'d\b/g, '$1 would')
    .replace(ONE_TO_ONE, ' onetoone ')
    .replace(/'s\b/g, '')
    .replace(/'/g, '');
}

/** Surface words (not stemmed, stop words kept): for spelling correction and phrases. */
export function words(text: string): string[] {
  return canonicalText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && w.length <= 40)
    .map(toUkSpelling);
}

function toUkSpelling(word: string): string {
  // Own keys only: "constructor" or "__proto__" typed by a user must not find Object's members.
  const mapped = Object.hasOwn(US_TO_UK, word) ? US_TO_UK[word] : undefined;
  if (mapped) return mapped;
  if (word.length > 5 && !IZE_EXCEPTIONS.has(word) && /iz(e|es|ed|ing|ation|ations)$/.test(word)) {
    return word.replace(/iz(e|es|ed|ing|ation|ations)$/, 'is$1');
  }
  return word;
}

export function stem(word: string): string {
  return /^\d+$/.test(word) ? word : stemmer(word);
}

/** The terms a text contributes to the index or a query: stop words dropped, stemmed. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

/**
 * Edits between two words, where two neighbouring letters swapped ("retrun", "herslef") count as
 * one slip, as a thumb makes them (optimal string alignment distance).
 */
export function slips(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}
