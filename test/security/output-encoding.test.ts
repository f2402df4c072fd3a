import { expect } from 'chai';
import { answerCard, notFoundCard } from '../../src/cards/answer-cards.js';
import type { CardContext } from '../../src/cards/card-context.js';
import { nudgeCard, remindersCard, type NudgeView } from '../../src/cards/nudge-card.js';
import type { ContentDocument } from '../../src/content/types.js';
import { renderGuidancePage } from '../../src/http/guidance-page.js';
import { defaultKnowledge } from '../helpers/content.js';

/**
 * Hostile strings where people's names, questions and content reach a card or
 * a page: Markdown links, HTML, Teams' {{DATE()}} tokens and adaptive
 * expressions (which the card templating would evaluate if it re-read data).
 */
const LINK = '[click me](https://evil.example/steal)';
const SCRIPT = '<script>alert(1)</script>';
const TEAMS_TOKEN = '{{DATE(2017-02-14T06:08:39Z, SHORT)}}';
// Names of real template fields: if templating evaluated data, these would turn into other text.
const EXPRESSIONS = ['${heading}', '${title}', "${concat('pw', 'ned')}", '${$root.items}'];
const HOSTILE = `${LINK} ${SCRIPT} ${TEAMS_TOKEN} ${EXPRESSIONS.join(' ')} **loud** _lean_`;

/** Markdown-rendering strings (TextBlock text, FactSet values) and plain ones (button and fact titles). */
function strings(card: unknown): { markdown: string[]; plain: string[] } {
  const markdown: string[] = [];
  const plain: string[] = [];
  JSON.stringify(card, (key, value) => {
    if (typeof value === 'string' && (key === 'text' || key === 'value')) markdown.push(value);
    if (typeof value === 'string' && key === 'title') plain.push(value);
    return value;
  });
  return { markdown, plain };
}

/** What a manager would see: each hostile piece shown as written (after Markdown escapes are undone), none acting. */
function expectShownAsWritten(card: unknown, name: string, options: { contentBold?: boolean } = {}): void {
  const { markdown, plain } = strings(card);
  const joined = markdown.join('\n');
  expect(joined, 'no Markdown link forms').not.to.match(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
  expect(joined, 'no raw HTML').not.to.match(/(^|[^\\])<script/);
  expect(joined, 'no Teams date token').not.to.contain('{{DATE');
  // Content authors may use **bold** in a section's body (kept on purpose); names and questions may not.
  if (!options.contentBold) expect(joined, 'no emphasis').not.to.match(/(^|[^\\])\*\*loud/);
  expect(joined).not.to.contain('pwned');
  const shown = [...markdown.map((t) => t.replace(/\\(.)/g, '$1')), ...plain].map((t) => t.replace(/\u200b/g, '')).join('\n');
  for (const piece of [LINK, SCRIPT, TEAMS_TOKEN, ...EXPRESSIONS]) expect(shown, `${name} shows ${piece}`).to.contain(piece);
}

describe('security: output encoding of hostile strings', () => {
  let doc: ContentDocument;
  let ctx: CardContext;

  before(async () => {
    const knowledge = await defaultKnowledge();
    const real = knowledge.pack.documents[0]!;
    doc = {
      ...real,
      title: `Title ${HOSTILE}`,
      summary: `Summary ${HOSTILE}`,
      source: { ...real.source, title: `Source ${HOSTILE}` },
      sections: real.sections.map((s) => ({ ...s, heading: s.heading === 'Overview' ? s.heading : `${s.heading} ${HOSTILE}`, text: `Body ${HOSTILE}\n\n<img src=x onerror=alert(1)>\n\n[js](javascript:alert(1))` })),
    };
    ctx = { publicUrl: 'https://lma.example.nhs.uk', settings: knowledge.pack.settings };
  });

  it('answer card: content title, headings, text and source', () => {
    const section = doc.sections.find((s) => s.heading.startsWith('What you need to know'))!;
    const card = answerCard(ctx, { doc, section }, { answerId: '00000000-0000-4000-8000-000000000001', related: [doc] });
    expectShownAsWritten(card, 'answer card', { contentBold: true });
    expect(JSON.stringify(card), 'the title is escaped even where the body keeps bold').to.contain('Title \\\\[click me\\\\]');
    expect(JSON.stringify(card)).not.to.contain('javascript:');
  });

  it('not-found card: the question echoed back', () => {
    expectShownAsWritten(notFoundCard(ctx, 'no-match', HOSTILE), 'not-found card');
  });

  const view = (id: string, displayName: string): NudgeView => ({
    nudge: { id, kind: 'wellbeing', stepId: undefined, dueDate: '2026-11-24', outcome: undefined },
    displayName,
    personEmail: 'someone@nhs.net',
    lastWellbeingOn: '2026-10-01',
  });

  it('nudge card (one reminder, filled through slots): the report\'s name from the roster', () => {
    expectShownAsWritten(nudgeCard(ctx, [view('00000000-0000-4000-8000-00000000000a', HOSTILE)], '2026-11-24', undefined), 'nudge card');
  });

  it('nudge digest (templated): every name', () => {
    const card = nudgeCard(ctx, [view('00000000-0000-4000-8000-00000000000a', HOSTILE), view('00000000-0000-4000-8000-00000000000b', `Second ${HOSTILE}`)], '2026-11-24', undefined);
    expectShownAsWritten(card, 'nudge digest');
  });

  it('reminders card: names in the list', () => {
    const card = remindersCard([{ kind: 'wellbeing', stepId: undefined, dueDate: '2026-12-01', status: 'pending', person: { displayName: HOSTILE, email: undefined, lastWellbeingOn: undefined } }], true, undefined);
    expectShownAsWritten(card, 'reminders card');
  });

  it('guidance page: title, headings, source and related titles escaped as HTML; no script, no javascript: links', () => {
    const html = renderGuidancePage(doc, [{ ...doc, id: 'x"><script>alert(1)</script>' }]);
    expect(html).not.to.match(/<script/i);
    expect(html).not.to.match(/<img/i);
    expect(html).not.to.contain('href="javascript:');
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.contain('Title [click me](https://evil.example/steal)');
    expect(html).to.contain(TEAMS_TOKEN);
    for (const e of EXPRESSIONS) expect(html).to.contain(e.replace(/'/g, '&#39;'));
    expect(html).to.contain('href="./x%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"');
  });
});
