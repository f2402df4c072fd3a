import type { GlossaryTerm } from '../content/types.js';

/**
 * Reads NHS shorthand the way a colleague would: each term of the pack's glossary gets its
 * meaning written beside it ("FWR refused" -> "FWR (flexible working request) refused"), and so
 * do dates in clinical shorthand ("off 6/52" -> "off 6/52 (6 weeks)"). The term itself stays:
 * example questions use it too, and the models learn from both. Applied alike to the example
 * questions the models learn from and to the question asked, so both meet on the same words.
 */
export type ReadShorthand = (text: string) => string;

/** Runs of letters and digits, joined by "&" or "/" ("B&H", "A/L", "w/c", "6/52"). */
const TOKEN = /[A-Za-z0-9]+(?:[&/][A-Za-z0-9]+)*/g;
/** Days, weeks, months, and weeks of pregnancy as clinical notes write them. */
const DATE_UNITS: Readonly<Record<string, string>> = { '7': 'days', '52': 'weeks', '12': 'months', '40': 'weeks pregnant' };
const CLINICAL_DATE = /^(\d{1,2})\/(7|52|12|40)$/;

export function shorthandReader(terms: readonly GlossaryTerm[]): ReadShorthand {
  const exact = new Map<string, string>();
  const anyCase = new Map<string, string>();
  for (const { term, meaning } of terms) {
    exact.set(term, meaning);
    // Two letters typed in lower case are mostly words ("oh", "er", "so"): only capitals count.
    if (term.length > 2) anyCase.set(term.toLowerCase(), meaning);
  }
  const meaningOf = (token: string): string | undefined => {
    const date = CLINICAL_DATE.exec(token);
    if (date) return `${date[1]} ${DATE_UNITS[date[2]!]}`;
    return exact.get(token) ?? anyCase.get(token.toLowerCase());
  };
  return (text) => text.replace(TOKEN, (token) => {
    const meaning = meaningOf(token);
    return meaning === undefined ? token : `${token} (${meaning})`;
  });
}
