/**
 * Text going into Adaptive Card TextBlocks, which render a subset of
 * CommonMark. Anything a person typed, and any content text, is escaped so it
 * shows as written: "[x](https://evil)" stays text and never becomes a link.
 */

// Inline syntax (emphasis, code, links, HTML) is escaped wherever it appears; block syntax
// (headings, lists, quotes) only where it would start a line, so ordinary text stays readable.
const INLINE_SPECIAL = /[\\`*_[\]<>]/g;
const LINE_START_SPECIAL = /^(\s*)([#>+-]|\d+(?=[.)]))/gm;

// Typographic punctuation to its plain form. Cards read the same, and a reply made only of
// one-byte characters goes through the Bot Framework client markedly faster (measured by
// bench/http-throughput.ts: a card with curly quotes and ellipses cost about 15% throughput).
const PLAIN: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2022': '-',
};
const TYPOGRAPHIC = /[\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u2022]/g;

export function plainPunctuation(text: string): string {
  return text.replace(TYPOGRAPHIC, (c) => PLAIN[c]!);
}

/** Escapes every character that could start Markdown syntax, and Teams' {{DATE()}}/{{TIME()}} tokens. */
export function escapeMarkdown(text: string): string {
  return plainPunctuation(text)
    // Teams formats "{{DATE(...)}}" in any TextBlock; a zero-width space keeps it as the text written.
    .replace(/\{\{/g, '{\u200b{')
    .replace(INLINE_SPECIAL, (c) => `\\${c}`)
    .replace(LINE_START_SPECIAL, (_m, space: string, mark: string) => (/^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/**
 * Content Markdown to card Markdown: keeps the lists and bold that content
 * authors use, turns links into their text (cards carry their own link
 * buttons), turns sub-headings into bold lines, and escapes everything else.
 */
export function contentToCardMarkdown(markdown: string): string {
  return plainPunctuation(markdown)
    .split('\n')
    .map((line) => {
      const heading = /^#{3,6}\s+(.*)$/.exec(line);
      if (heading) return `**${inline(heading[1]!)}**`;
      const numbered = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(line);
      if (numbered) return `${numbered[2]}. ${inline(numbered[3]!)}`;
      const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (bullet) return `- ${inline(bullet[2]!)}`;
      return inline(line);
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function inline(text: string): string {
  const withoutLinks = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  // Keep **bold** spans: escape the pieces between them.
  return withoutLinks
    .split(/(\*\*[^*]+\*\*)/g)
    .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? `**${escapeMarkdown(part.slice(2, -2))}**` : escapeMarkdown(part)))
    .join('');
}

/** Cuts text at a line, then a sentence, then a word boundary so a card stays short. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const line = cut.lastIndexOf('\n');
  if (line > max * 0.6) return cut.slice(0, line).trimEnd() + '\n...';
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
  if (sentence > max * 0.6) return cut.slice(0, sentence + 1) + ' ...';
  const space = cut.lastIndexOf(' ');
  return cut.slice(0, space > 0 ? space : max).trimEnd() + ' ...';
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-11-23" as "23 November 2026". */
export function formatDate(isoDate: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : DATE_FORMAT.format(d);
}
