import type { ContentDocument } from '../content/types.js';
import type { DeclineReason } from '../knowledge/answer-policy.js';
import type { Passage } from '../knowledge/answer-question.js';
import { withoutNumberedSteps } from '../content/markdown.js';
import { documentUrl, packVersion, type CardContext } from './card-context.js';
import { contentToCardMarkdown, escapeMarkdown, formatDate, trimText } from './card-text.js';
import { DECLINE_TEXT } from './decline-text.js';
import { SHARED_SECTION_CHARS } from './extension-cards.js';
import { renderCard, type Card } from './render-card.js';

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

function askHrUrl(ctx: CardContext): string {
  const url = ctx.settings.ask_hr_url?.trim() ?? '';
  return /^(https:\/\/|mailto:)/.test(url) ? url : '';
}
