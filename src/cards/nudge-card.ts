import type { Plan } from '../content/types.js';
import type { ClaimedNudge, Nudge, NudgeAbout } from '../domain/nudge.js';
import { onboardingPlanOf, todayFor } from '../nudges/schedule.js';
import { escapeMarkdown, formatDate } from './card-text.js';
import { documentUrl, type CardContext } from './card-context.js';
import { renderCard, slotToken, type Card } from './render-card.js';

/** One reminder as a card shows it. */
export interface NudgeView {
  readonly nudge: Pick<Nudge, 'id' | 'kind' | 'stepId' | 'dueDate' | 'outcome'>;
  readonly displayName: string;
  readonly personEmail: string | undefined;
  readonly lastWellbeingOn: string | undefined;
  /** When the following wellbeing conversation falls due, after an outcome. */
  readonly nextDueDate?: string | undefined;
}

const SKIP_REASONS: Readonly<Record<string, string>> = { 'on-leave': 'they are on leave', 'left-team': 'they have left your team', other: 'other reason' };

/** A nudge card: one reminder, or a digest of several, each with its own actions. */
export function nudgeCard(ctx: CardContext, views: readonly NudgeView[], today: string, onboardingPlan: Plan | undefined): Card {
  const items = views.map((v) => {
    const name = escapeMarkdown(v.displayName);
    const step = v.nudge.kind === 'onboarding' ? onboardingPlan?.steps.find((s) => s.id === v.nudge.stepId) : undefined;
    const subject = v.nudge.kind === 'wellbeing' ? `Wellbeing conversation with ${v.displayName}` : `${step?.title ?? 'Onboarding check-in'} with ${v.displayName}`;
    return {
      nudgeId: v.nudge.id,
      title: v.nudge.kind === 'wellbeing' ? `Wellbeing conversation with ${name}` : `${escapeMarkdown(step?.title ?? 'Onboarding check-in')}: ${name}`,
      // Once answered, the card says what happened and what comes next, not why it was sent.
      reason: v.nudge.outcome ? '' : escapeMarkdown(reasonFor(v, today, step?.summary)),
      outcome: escapeMarkdown(outcomeText(v)),
      guideUrl: documentUrl(ctx, v.nudge.kind === 'wellbeing' ? 'wellbeing-conversations' : 'onboarding'),
      meetingUrl: meetingLink(subject, v.personEmail),
    };
  });
  const heading = views.length === 1 ? 'A reminder for you' : `${views.length} reminders for you`;
  const only = items[0];
  if (items.length !== 1 || !only) return renderCard('nudges', { heading, today, items });
  // A single reminder (the usual case) has the same layout every time: rendered once, then
  // its values are filled in, which keeps a large dispatch off the slow templating path.
  const item = Object.fromEntries(Object.keys(only).map((k) => [k, slotToken(k)]));
  if (only.outcome === '') item.outcome = '';
  else item.reason = '';
  return renderCard('nudges', () => ({ heading, items: [item] }), {
    key: `single|${only.outcome === '' ? 'open' : 'closed'}`,
    slots: { ...only, today },
  });
}

function reasonFor(v: NudgeView, today: string, stepSummary: string | undefined): string {
  if (v.nudge.kind === 'onboarding') return `Due ${formatDate(v.nudge.dueDate)}. ${stepSummary ?? ''}`.trim();
  if (v.lastWellbeingOn) {
    const days = Math.round((Date.parse(today) - Date.parse(v.lastWellbeingOn)) / 86400000);
    const weeks = Math.round(days / 7);
    const since = days < 7 ? `${days} day${days === 1 ? '' : 's'}` : `${weeks} week${weeks === 1 ? '' : 's'}`;
    return `It's ${since} since your last wellbeing conversation with ${v.displayName} (${formatDate(v.lastWellbeingOn)}).`;
  }
  // Nothing recorded: say so, not a due date worked out from a start date years ago.
  return `No wellbeing conversation with ${v.displayName} is recorded yet. If you have had one recently, mark it as held with its date; if not, now is a good time for a first one.`;
}

function outcomeText(v: NudgeView): string {
  const next = v.nextDueDate ? ` The next one is due around ${formatDate(v.nextDueDate)}.` : '';
  const outcome = v.nudge.outcome;
  switch (outcome?.kind) {
    case 'held':
      return `Marked as held on ${formatDate(outcome.on)}.${next}`;
    case 'snoozed':
      return `Snoozed until ${formatDate(outcome.until)}.`;
    case 'skipped':
      return `Skipped (${SKIP_REASONS[outcome.reason] ?? 'other reason'}).${next}`;
    default:
      return '';
  }
}

/** A Teams deep link that opens a new meeting with the report invited when their email is known. */
export function meetingLink(subject: string, attendeeEmail: string | undefined): string {
  const params = new URLSearchParams({ subject });
  if (attendeeEmail) params.set('attendees', attendeeEmail);
  return `https://teams.microsoft.com/l/meeting/new?${params.toString()}`;
}

/** A nudge and its report as a card shows them. */
export function nudgeViewOf(n: NudgeAbout, nextDueDate?: string): NudgeView {
  return { nudge: n, displayName: n.person.displayName, personEmail: n.person.email, lastWellbeingOn: n.person.lastWellbeingOn, nextDueDate };
}

/** The card for one manager's claimed nudges, as the dispatcher sends it. */
export function nudgeCardForDispatch(
  s: { publicUrl: string; teamsAppId?: string | undefined; knowledge: { pack: { settings: Readonly<Record<string, string>>; plans: readonly Plan[] } }; clock: { now(): Date } },
  group: readonly ClaimedNudge[],
): Card {
  const views = group.map((n) => nudgeViewOf(n));
  return nudgeCard(
    { publicUrl: s.publicUrl, teamsAppId: s.teamsAppId, settings: s.knowledge.pack.settings },
    views,
    // One card goes to one manager: "weeks since" counts from their own date.
    todayFor(s.clock.now(), group[0]?.manager?.window.timeZone),
    onboardingPlanOf(s.knowledge.pack.plans),
  );
}

/** "My reminders": what is coming up for a manager, soonest first. */
export function remindersCard(
  upcoming: readonly Pick<NudgeAbout, 'kind' | 'stepId' | 'dueDate' | 'status' | 'person'>[],
  registered: boolean,
  onboardingPlan: Plan | undefined,
  /** Set when the manager said "forget me" (the date): that, not the roster, is why nothing comes. */
  stoppedOn?: string,
): Card {
  const intro = stoppedOn
    ? stoppedText(stoppedOn)
    : !registered
    ? 'I could not match you to the staff roster yet. Ask HR to check that your email address is the manager email in the roster.'
    : upcoming.length === 0
      ? 'Nothing is coming up for your team.'
      : `${upcoming.length} coming up. Only dates and what you chose are recorded, never what was said.`;
  return renderCard('reminders', {
    intro,
    items: upcoming.map((n) => ({
      due: formatDate(n.dueDate),
      what: escapeMarkdown(
        `${n.kind === 'wellbeing' ? 'Wellbeing conversation' : (onboardingPlan?.steps.find((s) => s.id === n.stepId)?.title ?? 'Onboarding check-in')} with ${n.person.displayName}${n.status === 'parked' ? ' (not delivered: open this chat to receive reminders)' : ''}`,
      ),
    })),
  });
}

/** What every reply says to a manager who said "forget me" and is still in HR's roster. */
export function stoppedText(stoppedOn: string): string {
  return `You asked me to forget you on ${formatDate(stoppedOn)}, so I am not sending you reminders about your team. Say "start reminders" to start them again.`;
}
