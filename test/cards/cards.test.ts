import { expect } from 'chai';
import { answerCard, clarifyCard, notFoundCard } from '../../src/cards/answer-cards.js';
import { browseStageCard, helpCard, welcomeCard } from '../../src/cards/browse-cards.js';
import type { CardContext } from '../../src/cards/card-context.js';
import { resultPreview, sharedGuidanceCard } from '../../src/cards/extension-cards.js';
import { contentToCardMarkdown, escapeMarkdown, trimText } from '../../src/cards/card-text.js';
import { MAX_CARD_BYTES } from '../../src/cards/render-card.js';
import { passageFor, relatedTo } from '../../src/knowledge/answer-question.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { defaultKnowledge } from '../helpers/content.js';

const HOSTILE = '[x](https://evil.example) **bold** <at>me</at> ${title} _i_';

/** Every TextBlock text in a card, flattened. */
function texts(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (key, value) => {
    if (key === 'text' && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

/** Would CommonMark see a link here? An unescaped "](" after an unescaped "[". */
function hasLink(markdown: string): boolean {
  return /(^|[^\\])\[[^\]]*[^\\]\]\(/.test(markdown);
}

describe('card text', () => {
  it('escapes Markdown so a hostile name is shown as written', () => {
    const escaped = escapeMarkdown(HOSTILE);
    expect(hasLink(escaped)).to.equal(false);
    expect(escaped.replace(/\\(.)/g, '$1')).to.equal(HOSTILE);
  });

  it('keeps content lists and bold, turns links into their text', () => {
    const md = contentToCardMarkdown('1. Call [OH](https://oh.example) **today**\n- item (one)\n### Sub');
    expect(md).to.equal('1. Call OH **today**\n- item (one)\n**Sub**');
  });

  it('trims long text at a boundary and marks the cut', () => {
    const t = trimText('First sentence here. '.repeat(100), 200);
    expect(t.length).to.be.at.most(203);
    expect(t.endsWith('...')).to.equal(true);
  });
});

describe('cards', () => {
  let kb: KnowledgeBase;
  let ctx: CardContext;
  before(async () => {
    kb = await defaultKnowledge();
    ctx = { publicUrl: 'https://lma.example', settings: { ...kb.pack.settings, ask_hr_url: 'https://teams.example/hr' } };
  });

  it('shows every step of "What to do": the first three, the rest behind "Show all steps", none cut short', () => {
    const passage = passageFor(kb, 'sickness-absence', 'what-to-do')!;
    expect(passage.section.steps.length).to.be.above(3);
    const card = answerCard(ctx, passage, { answerId: 'a', related: [] });
    const all = texts(card).join('\n');
    for (const step of passage.section.steps) expect(all).to.contain(contentToCardMarkdown(step).slice(0, 60));
    expect(all).not.to.match(/\.\.\.$/m);
    let toggle: any;
    let hidden: any;
    JSON.stringify(card, (_k, v) => {
      if (v?.type === 'Action.ToggleVisibility') toggle = v;
      if (v?.id === 'more-steps') hidden = v;
      return v;
    });
    expect(toggle.title).to.equal(`Show all ${passage.section.steps.length} steps`);
    expect(toggle.targetElements).to.deep.equal(['more-steps']);
    expect(hidden.isVisible).to.equal(false);
  });

  it('leads with the passage that answers, then the steps', () => {
    const passage = passageFor(kb, 'flexible-working', 'refusing-a-request')!;
    const card = answerCard(ctx, passage, { answerId: 'a', related: [] });
    const t = texts(card);
    expect(t[1]).to.equal('Refusing a request');
    expect(t.indexOf('What to do')).to.be.above(2);
  });

  it('renders an answer card for every section of every document, version 1.5, under 28 KB', () => {
    for (const doc of kb.pack.documents) {
      for (const section of doc.sections) {
        const card = answerCard(ctx, { doc, section }, { answerId: '00000000-0000-4000-8000-000000000000', related: relatedTo(kb, doc) });
        expect(card.version).to.equal('1.5');
        expect(Buffer.byteLength(JSON.stringify(card))).to.be.below(MAX_CARD_BYTES);
        expect(JSON.stringify(card)).not.to.contain('${');
      }
    }
  });

  it('renders a shared-guidance card for every section of every document: version 1.5, under 28 KB, links only', () => {
    for (const doc of kb.pack.documents) {
      for (const section of doc.sections) {
        const card = sharedGuidanceCard(ctx, { doc, section });
        const json = JSON.stringify(card);
        expect(card.version).to.equal('1.5');
        expect(Buffer.byteLength(json)).to.be.below(MAX_CARD_BYTES);
        expect(json).not.to.contain('${');
        expect(json).not.to.match(/Action\.(Execute|Submit|ShowCard)/);
        expect(json).to.contain(`"url":"https://lma.example/guidance/${doc.id}#${section.anchor}"`);
      }
    }
  });

  it('escapes content on the shared-guidance card and keeps the result preview plain text', () => {
    const passage = passageFor(kb, 'menopause')!;
    const hostile = { ...passage, doc: { ...passage.doc, id: 'hostile-title', title: HOSTILE, summary: `${HOSTILE} summary` } };
    const card = sharedGuidanceCard(ctx, hostile);
    expect(texts(card).some(hasLink)).to.equal(false);
    expect((card as any).body[0].text.replace(/\\(.)/g, '$1')).to.equal(HOSTILE);
    const preview = resultPreview(hostile, 'Health and wellbeing');
    expect(preview.title).not.to.match(/[<>]/);
    expect(preview).to.include({ subtitle: 'Health and wellbeing' });
  });

  it('shows source, review dates, read-in-full link, related topics, feedback and Ask HR', () => {
    const passage = passageFor(kb, 'flexible-working')!;
    const card = answerCard(ctx, passage, { answerId: '00000000-0000-4000-8000-000000000001', related: relatedTo(kb, passage.doc) });
    const json = JSON.stringify(card);
    expect(json).to.contain(passage.doc.source.url);
    expect(json).to.contain('Last reviewed');
    expect(json).to.contain('https://lma.example/guidance/flexible-working#what-to-do');
    expect(json).to.contain('"verb":"feedback"');
    expect(json).to.contain('Ask HR');
    expect(json.match(/"verb":"show","data"/g)!.length).to.be.within(2, 3);
    // Inputs carry a label for screen readers.
    expect(json).to.match(/"type":"Input.Text"[^}]*"label":"What were you looking for\? \(optional\)"/);
  });

  it('with a Teams app id, "Read in full" is a deep link opening the Guidance tab at the document', () => {
    const appId = '3f2b6a1e-0c4d-4e8f-9a7b-1c2d3e4f5a6b';
    const passage = passageFor(kb, 'flexible-working')!;
    const card = answerCard({ ...ctx, teamsAppId: appId }, passage, { answerId: '00000000-0000-4000-8000-000000000003', related: [] });
    const url = new URL(JSON.stringify(card).match(/"(https:\/\/teams\.microsoft\.com\/l\/entity\/[^"]+)"/)![1]!);
    expect(url.pathname).to.equal(`/l/entity/${appId}/guidance`);
    expect(JSON.parse(url.searchParams.get('context')!)).to.deep.equal({ subEntityId: 'flexible-working#what-to-do' });
    expect(url.searchParams.get('webUrl')).to.equal('https://lma.example/guidance/flexible-working#what-to-do');
    // The same passage without an app id still links to the web page: the cache keeps them apart.
    expect(JSON.stringify(answerCard(ctx, passage, { answerId: '00000000-0000-4000-8000-000000000004', related: [] }))).not.to.contain('teams.microsoft.com/l/entity');
  });

  it('after feedback, shows thanks and no feedback buttons', () => {
    const passage = passageFor(kb, 'menopause')!;
    const card = answerCard(ctx, passage, { answerId: '00000000-0000-4000-8000-000000000002', related: [], feedback: 'helpful' });
    const json = JSON.stringify(card);
    expect(json).to.contain('Thank you');
    expect(json).not.to.contain('"verb":"feedback"');
  });

  it('always offers Ask HR (the form, with the question and the guide tried); the trust\'s own HR link only when configured', () => {
    const passage = passageFor(kb, 'menopause')!;
    const actions = (c: any) => c.actions.map((a: any) => [a.title, a.type, a.data]);
    const card = answerCard({ ...ctx, settings: { ...ctx.settings, ask_hr_url: '' } }, passage, { answerId: 'a', related: [], question: 'hot  flushes *at* work' });
    expect(actions(card)).to.deep.equal([['Ask HR', 'Action.Execute', { verb: 'hr-ask', question: 'hot flushes *at* work', triedDocs: 'menopause' }]]);
    const linked = answerCard(ctx, passage, { answerId: 'b', related: [], question: 'other words' });
    expect(actions(linked).map((a: any) => a[0])).to.deep.equal(['Ask HR', 'HR contact page']);
    expect(actions(linked)[0][2].question).to.equal('other words');
    const none = notFoundCard(ctx, 'no-match', 'where is the rota?') as any;
    expect(none.actions.find((a: any) => a.title === 'Ask HR').data).to.deep.equal({ verb: 'hr-ask', question: 'where is the rota?', triedDocs: '' });
    const clarify = clarifyCard([passageFor(kb, 'menopause')!, passageFor(kb, 'flexible-working')!], 'hours?') as any;
    expect(clarify.actions.find((a: any) => a.title === 'Ask HR').data).to.deep.equal({ verb: 'hr-ask', question: 'hours?', triedDocs: 'menopause,flexible-working' });
  });

  it('escapes the question echoed on the not-found card', () => {
    const card = notFoundCard(ctx, 'no-match', HOSTILE);
    for (const t of texts(card)) expect(hasLink(t), t).to.equal(false);
    expect(JSON.stringify(card)).to.contain('HR');
  });

  it('explains clinical and IT declines differently', () => {
    expect(JSON.stringify(notFoundCard(ctx, 'clinical', 'dose'))).to.contain('clinical');
    expect(JSON.stringify(notFoundCard(ctx, 'it', 'password'))).to.contain('IT service desk');
  });

  it('offers each candidate as a button on the clarify card', () => {
    const card = clarifyCard([passageFor(kb, 'menopause')!, passageFor(kb, 'flexible-working')!]);
    const json = JSON.stringify(card);
    expect(json).to.contain('"docId":"menopause"');
    expect(json).to.contain('"docId":"flexible-working"');
  });

  it('lists every stage on the help card and every document on its stage card, each under 28 KB', () => {
    const json = JSON.stringify(helpCard(kb.pack));
    for (const stage of kb.pack.stages) expect(json).to.contain(stage.title);
    expect(Buffer.byteLength(json)).to.be.below(MAX_CARD_BYTES);
    for (const doc of kb.pack.documents) {
      const stageCard = JSON.stringify(browseStageCard(kb.pack, doc.stage));
      expect(stageCard).to.contain(`"docId":"${doc.id}"`);
      expect(Buffer.byteLength(stageCard)).to.be.below(MAX_CARD_BYTES);
    }
    expect(browseStageCard(kb.pack, 'no-such-stage')).to.equal(undefined);
  });

  it('welcomes with the trust name', () => {
    expect(JSON.stringify(welcomeCard({ ...ctx, settings: { trust_name: 'Example NHS Trust' } }))).to.contain('Example NHS Trust');
  });
});
