import type { ContentDocument, ContentPack } from '../content/types.js';
import type { DeclineReason } from '../knowledge/answer-policy.js';
import type { Passage } from '../knowledge/answer-question.js';
import { withoutNumberedSteps } from '../content/markdown.js';
import { contentToCardMarkdown, escapeMarkdown, formatDate, plainPunctuation, trimText } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/** What every card needs to know about where it is shown. */
export interface CardContext {
  /** Base URL of this service, for "Read in full" links. */
  readonly publicUrl: string;
  /** The Teams app id (manifest `id`): "Read in full" then opens the Guidance tab. */
  readonly teamsAppId?: string | undefined;
  readonly settings: Readonly<Record<string, string>>;
}

const SECTION_CHARS = 700;
/** Steps shown before "Show all steps": enough to act on, short enough for a phone. */
const FIRST_STEPS = 3;

export type FeedbackState = 'helpful' | 'not-helpful' | undefined;

export function answerCard(
  ctx: CardContext,
  passage: Passage,
  options: { answerId: string; related: readonly ContentDocument[]; feedback?: FeedbackState; question?: string },
): Card {
  const { doc, section } = passage;
  // The same passage always renders the same card but for its answer id, so it is rendered once
  // per content version: lastReviewed and the settings' contact details change with the pack.
  const key = [ctx.publicUrl, ctx.teamsAppId ?? '', doc.id, doc.lastReviewed, section.anchor, options.feedback ?? '', ...options.related.map((d) => d.id), ctx.settings.ask_hr_url ?? '', packVersion(ctx.settings)].join('|');
  const whatToDo = doc.sections.find((s) => s.heading === 'What to do');
  const isSteps = section.heading === 'What to do';
  // The passage that answers comes first; the steps follow it, because a manager wants the next
  // action. Every step is shown (the rest behind "Show all steps"), never cut short.
  const steps = isSteps ? section.steps : (whatToDo?.steps ?? []);
  const stepLine = (s: string, i: number) => `${i + 1}. ${contentToCardMarkdown(s)}`;
  return renderCard('answer', () => ({
    title: escapeMarkdown(doc.title),
    heading: section.heading === 'Overview' ? '' : escapeMarkdown(section.heading),
    // For the steps, what surrounds the list (an opening line, a note after it) still shows.
    text: trimText(contentToCardMarkdown(isSteps ? withoutNumberedSteps(section.text) : section.text), SECTION_CHARS),
    stepsHeading: isSteps ? '' : 'What to do',
    stepsText: steps.slice(0, FIRST_STEPS).map(stepLine).join('\n'),
    moreStepsText: steps.slice(FIRST_STEPS).map((s, i) => stepLine(s, i + FIRST_STEPS)).join('\n'),
    showAllTitle: `Show all ${steps.length} steps`,
    sourceTitle: escapeMarkdown(doc.source.title),
    sourceUrl: doc.source.url,
    lastReviewed: formatDate(doc.lastReviewed),
    reviewDue: formatDate(doc.reviewDue),
    readMoreUrl: documentUrl(ctx, doc.id, section.anchor),
    related: options.related.map((d) => ({ id: d.id, title: d.title })),
    docId: doc.id,
    section: section.anchor,
    feedback:
      options.feedback === 'helpful'
        ? 'Thank you: you said this was helpful.'
        : options.feedback === 'not-helpful'
          ? 'Thank you: you said this was not helpful. HR will use your feedback to improve this guidance.'
          : '',
    askHrUrl: askHrUrl(ctx),
  }), { key, slots: { answerId: options.answerId, askQuestion: askHrQuestion(options.question ?? '') } });
}

/** What "Ask HR" pre-fills the form with: the manager's words, one line, as typed (card data is not Markdown). */
function askHrQuestion(question: string): string {
  return question.replace(/\s+/g, ' ').trim().slice(0, 1000);
}

/** The trust's own urgent routes, from settings.yml, listed under the national ones when filled in. */
const CRISIS_SETTINGS = ['crisis_support', 'wellbeing_team', 'eap_phone'] as const;

/**
 * The first reply to a message suggesting someone may harm themselves or
 * others: what to do now and the national 24-hour routes (from the fact
 * sheet), the trust's own routes, then the guide's crisis section. Never
 * cached with anything from the question.
 */
export function crisisCard(ctx: CardContext, guide: Passage | undefined): Card {
  const s = ctx.settings;
  const key = ['crisis', ctx.publicUrl, ctx.teamsAppId ?? '', guide?.doc.lastReviewed ?? '', packVersion(s)].join('|');
  return renderCard(
    'crisis',
    () => ({
      hrContact: escapeMarkdown(s.hr_contact?.trim() || 'your HR team'),
      trustName: escapeMarkdown(s.trust_name?.trim() || 'your trust'),
      trustRoutes: CRISIS_SETTINGS.map((k) => s[k]?.trim() ?? '')
        .filter((v) => v !== '')
        .map((v) => ({ line: escapeMarkdown(v.charAt(0).toUpperCase() + v.slice(1)) })),
      guideTitle: guide ? escapeMarkdown(guide.doc.title) : '',
      guideHeading: guide ? escapeMarkdown(guide.section.heading) : '',
      guideText: guide ? trimText(contentToCardMarkdown(guide.section.text), SHARED_SECTION_CHARS) : '',
      guideUrl: guide ? documentUrl(ctx, guide.doc.id, guide.section.anchor) : '',
      guideId: guide?.doc.id ?? '',
      askHrUrl: askHrUrl(ctx),
    }),
    { key },
  );
}

const SHARED_SECTION_CHARS = 1200;

/**
 * Guidance a manager inserts into a chat from the message extension. Only
 * links, no buttons that call the bot: the chat may not have the bot in it.
 */
export function sharedGuidanceCard(ctx: CardContext, passage: Passage): Card {
  const { doc, section } = passage;
  const key = [ctx.publicUrl, ctx.teamsAppId ?? '', doc.id, doc.lastReviewed, section.anchor, packVersion(ctx.settings)].join('|');
  return renderCard(
    'shared-guidance',
    () => ({
      title: escapeMarkdown(doc.title),
      heading: section.heading === 'Overview' ? '' : escapeMarkdown(section.heading),
      text: trimText(contentToCardMarkdown(section.text), SHARED_SECTION_CHARS),
      sourceTitle: escapeMarkdown(doc.source.title),
      sourceUrl: doc.source.url,
      lastReviewed: formatDate(doc.lastReviewed),
      readMoreUrl: documentUrl(ctx, doc.id, section.anchor),
    }),
    { key },
  );
}

/** The line shown for a result in the message extension's list (a thumbnail card's title, subtitle and text). */
export interface ResultPreview {
  readonly title: string;
  readonly subtitle: string;
  readonly text: string;
}

export function resultPreview(passage: Passage, stageTitle: string | undefined): ResultPreview {
  // Preview fields render a little HTML; content titles and summaries are plain sentences, so
  // dropping angle brackets keeps them plain text whatever an author typed.
  const plain = (text: string) => plainPunctuation(text).replace(/[<>]/g, '');
  return {
    title: plain(passage.doc.title),
    subtitle: plain(stageTitle ?? ''),
    text: plain(trimText(passage.doc.summary, 200)),
  };
}

export function clarifyCard(candidates: readonly Passage[], question = ''): Card {
  return renderCard('clarify', {
    askQuestion: askHrQuestion(question),
    triedDocs: candidates.map((c) => c.doc.id).join(','),
    candidates: candidates.map(({ doc, section }) => ({
      id: doc.id,
      section: section.anchor,
      title: escapeMarkdown(doc.title),
      summary: escapeMarkdown(trimText(doc.summary, 300)),
    })),
  });
}

/** What the assistant says when it will not answer; the Guidance tab's search says the same. */
export const DECLINE_TEXT: Readonly<Record<DeclineReason, { headline: string; advice: string }>> = {
  clinical: {
    headline: "I can't help with clinical questions",
    advice:
      'I only cover people management, so I never give clinical advice such as treatments, medicines, doses or diagnoses. For a clinical question, speak to the right clinical team; for a colleague with a health problem at work, occupational health can advise.',
  },
  it: {
    headline: 'That looks like an IT or systems question',
    advice: 'I cover people management, not IT systems. Please contact your IT service desk for help with passwords, devices or the rota system.',
  },
  pay: {
    headline: 'That looks like a question for payroll',
    advice: 'I cover people management, so I cannot see or explain an individual\'s pay. Your payroll team or the pay queries route on your staff intranet can check a payslip, overtime or a pay point.',
  },
  legal: {
    headline: "I can't give legal advice on a live case",
    advice: 'A tribunal claim, a solicitor\'s letter or any live legal case needs your HR team and the trust\'s legal advisers, not general guidance. Contact HR today and keep any papers you have received.',
  },
  'off-topic': {
    headline: "That isn't something I can help with",
    advice: 'I answer questions about managing and supporting your team, such as sickness absence, flexible working, wellbeing conversations or a new starter. Try asking about one of those, or browse the topics.',
  },
  'no-match': {
    headline: "Sorry, I don't have an answer for that",
    advice:
      'I could not find this in the guidance I hold, and I would rather say so than guess. Try rephrasing with the topic, for example "sickness absence", "flexible working request" or "new starter", or browse the topics.',
  },
  empty: {
    headline: 'What would you like to know?',
    advice: 'Ask me a question about managing your team, for example "someone rang in sick, what do I do?", or browse the topics.',
  },
};

/** What the Guidance tab's search says first for a message about someone at risk (the crisis card's routes). */
export const CRISIS_TEXT = Object.freeze({
  headline: 'If someone may be at risk, act now',
  advice:
    'If a life is in danger right now, or someone has harmed themselves, call 999 or go to A&E, and do not leave them alone. For urgent mental health help, call NHS 111 and choose option 2 (England). Samaritans: call 116 123, free, any time. Shout: text SHOUT to 85258. Then read the guidance below.',
});

/** The same words as the not-found card, as one plain line (the message extension shows text, not a card). */
export function declineText(reason: DeclineReason): string {
  const text = DECLINE_TEXT[reason];
  return `${text.headline}. ${text.advice}`;
}

export function notFoundCard(ctx: CardContext, reason: DeclineReason, question: string): Card {
  const text = DECLINE_TEXT[reason];
  const s = ctx.settings;
  const contact = [s.hr_contact, s.hr_email, s.hr_phone].filter((v) => v && v.trim()).map((v) => escapeMarkdown(v!));
  const echoed = reason === 'empty' ? '' : escapeMarkdown(trimText(question.replace(/\s+/g, ' ').trim(), 200));
  return renderCard(
    'not-found',
    {
      headline: text.headline,
      advice: escapeMarkdown(text.advice),
      hasQuestion: echoed !== '',
      hrContact: contact.length ? `Contact ${contact.join('; or ')}.` : 'Contact your HR team.',
      askHrUrl: askHrUrl(ctx),
    },
    { key: `${reason}|${echoed !== ''}|${packVersion(ctx.settings)}`, slots: { question: echoed, askQuestion: askHrQuestion(question) } },
  );
}

/** Browsing, first level: each stage of employment, with how many topics it holds. */
export function helpCard(pack: Pick<ContentPack, 'stages' | 'documents' | 'settings'>): Card {
  return renderCard(
    'help',
    () => ({
      stages: pack.stages
        .map((stage) => ({ stage, count: pack.documents.filter((d) => d.stage === stage.id).length }))
        .filter(({ count }) => count > 0)
        .map(({ stage, count }) => ({ id: stage.id, title: escapeMarkdown(stage.title), topics: count === 1 ? '1 topic' : `${count} topics` })),
    }),
    { key: String(packVersion(pack.settings)) },
  );
}

/**
 * Browsing, second level: one stage's topics, each a full-width row whose title
 * wraps (so nothing is cut off or hidden behind "..."), and "Back to topics".
 * `openedDocId` names the topic just sent below the card.
 */
export function browseStageCard(pack: Pick<ContentPack, 'stages' | 'documents' | 'settings'>, stageId: string, openedDocId?: string): Card | undefined {
  const stage = pack.stages.find((s) => s.id === stageId);
  const documents = pack.documents.filter((d) => d.stage === stageId);
  const opened = documents.find((d) => d.id === openedDocId);
  if (!stage || documents.length === 0) return undefined;
  return renderCard(
    'browse-stage',
    () => ({
      stageId: stage.id,
      title: escapeMarkdown(stage.title),
      description: escapeMarkdown(stage.description),
      documents: documents.map((d) => ({ id: d.id, title: escapeMarkdown(d.title) })),
      opened: opened ? `Opened below: ${escapeMarkdown(opened.title)}.` : '',
    }),
    { key: `${stage.id}|${opened?.id ?? ''}|${packVersion(pack.settings)}` },
  );
}

/** The welcome, with questions to tap (`starters`: title shown, prompt asked). */
export function welcomeCard(ctx: CardContext, starters: readonly { title: string; prompt: string }[] = []): Card {
  return renderCard('welcome', {
    trustName: escapeMarkdown(ctx.settings.trust_name?.trim() || 'your trust'),
    starters: starters.map((s) => ({ title: s.title, prompt: s.prompt })),
  });
}

/** "Tell managers what changed": HR's short message and a link to each changed document. */
export function announceCard(ctx: CardContext, message: string, documents: readonly Pick<ContentDocument, 'id' | 'title'>[]): Card {
  return renderCard('announce', {
    message: escapeMarkdown(trimText(message.replace(/\s+/g, ' ').trim(), 500)),
    documents: documents.map((d) => ({ title: d.title, url: documentUrl(ctx, d.id) })),
    trustName: escapeMarkdown(ctx.settings.trust_name?.trim() || 'your trust'),
  });
}

/**
 * Where "Read in full" goes: with a Teams app id, a deep link that opens the
 * Guidance tab at the document (the tab reads the sub-entity id from its Teams
 * context); without one, the web page.
 */
export function documentUrl(ctx: CardContext, docId: string, anchor?: string): string {
  if (!ctx.teamsAppId) return guidancePageUrl(ctx.publicUrl, docId, anchor);
  const context = JSON.stringify({ subEntityId: anchor ? `${docId}#${anchor}` : docId });
  const params = new URLSearchParams({ webUrl: guidancePageUrl(ctx.publicUrl, docId, anchor), label: 'Guidance', context });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(ctx.teamsAppId)}/${GUIDANCE_TAB_ENTITY_ID}?${params.toString()}`;
}

/** The static tab's entityId in the manifest. */
export const GUIDANCE_TAB_ENTITY_ID = 'guidance';

export function guidancePageUrl(publicUrl: string, docId: string, anchor?: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/guidance/${encodeURIComponent(docId)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

// Settings objects are created once per content pack, so their identity marks the version.
const versions = new WeakMap<object, number>();
let nextVersion = 1;
function packVersion(settings: object): number {
  let v = versions.get(settings);
  if (v === undefined) versions.set(settings, (v = nextVersion++));
  return v;
}

function askHrUrl(ctx: CardContext): string {
  const url = ctx.settings.ask_hr_url?.trim() ?? '';
  return /^(https:\/\/|mailto:)/.test(url) ? url : '';
}
