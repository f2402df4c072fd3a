import { z } from 'zod';
import { nudgeCard, nudgeViewOf, remindersCard, type NudgeView } from '../../cards/nudge-card.js';
import type { Card } from '../../cards/render-card.js';
import { AppError } from '../../errors.js';
import { findChatManager } from '../../nudges/chat-manager.js';
import { recordNudgeOutcome } from '../../nudges/record-outcome.js';
import { todayFor, type Outcome } from '../../nudges/schedule.js';
import { cardAction, cardContext, wordsIntent, type ReplyServices, type Turn } from '../registry.js';
import { onboardingPlan } from './as-manager.js';

/** Reminders: "show my reminders", and the buttons on a reminder card (held, snoozed, skipped). */
async function myReminders({ s, actor }: Turn): Promise<Card> {
  const found = await findChatManager(s.store.nudges, actor.aadObjectId);
  const upcoming = found.ok ? await s.store.nudges.upcomingFor(found.manager.email, 20) : [];
  return remindersCard(upcoming, found.ok, onboardingPlan(s), !found.ok && found.reason === 'stopped' ? found.stoppedOn : undefined);
}

export const remindersIntent = wordsIntent('reminders', /^((show|see|view)( me)? )?(my )?(reminders|nudges)[.!]?$/i, myReminders);

async function answerReminder({ s, actor }: Turn, nudgeId: string, outcome: Outcome): Promise<Card> {
  const found = await findChatManager(s.store.nudges, actor.aadObjectId);
  if (!found.ok) throw new AppError('FORBIDDEN', 'only the manager a reminder was sent to can answer it');
  const recorded = await recordNudgeOutcome(
    { nudges: s.store.nudges, people: s.store, clock: s.clock, holidays: s.holidays, defaultCadenceWeeks: s.defaultCadenceWeeks },
    found.manager.email,
    nudgeId,
    outcome,
  );
  // Redraw the whole card the reminder came on (a digest holds several), with this one's outcome.
  const onCard = recorded.nudge.activityId ? await s.store.nudges.nudgesOnCard(recorded.nudge.activityId) : [];
  const rows = onCard.length ? onCard : [{ ...recorded.nudge, person: await personBits(s, recorded.nudge.employeeId) }];
  const views: NudgeView[] = [];
  for (const r of rows) {
    // An answered wellbeing reminder says when the next one is due (a second click, or another on the digest, too).
    const next = r.id === nudgeId && recorded.nextDueDate ? recorded.nextDueDate : r.kind === 'wellbeing' && r.outcome ? (await s.store.nudges.openWellbeingNudge(r.employeeId))?.dueDate : undefined;
    views.push(nudgeViewOf(r, next));
  }
  return nudgeCard(cardContext(s), views, todayFor(s.clock.now(), found.manager.window.timeZone), onboardingPlan(s));
}

async function personBits(s: ReplyServices, employeeId: string) {
  const p = await s.store.getPerson(employeeId);
  return { displayName: p?.displayName ?? 'your report', email: p?.email, lastWellbeingOn: undefined };
}

const nudgeId = z.string().uuid();

export const reminderActions = [
  cardAction({
    verb: 'nudge-held',
    schema: z.object({ nudgeId, heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD') }),
    handle: async (a, turn) => ({ card: await answerReminder(turn, a.nudgeId, { kind: 'held', on: a.heldOn }) }),
  }),
  cardAction({
    verb: 'nudge-snooze',
    schema: z.object({ nudgeId, snooze: z.enum(['1d', '1w', '2w']) }),
    handle: async (a, turn) => ({ card: await answerReminder(turn, a.nudgeId, { kind: 'snoozed', for: a.snooze }) }),
  }),
  cardAction({
    verb: 'nudge-skip',
    schema: z.object({ nudgeId, reason: z.enum(['on-leave', 'left-team', 'other']) }),
    handle: async (a, turn) => ({ card: await answerReminder(turn, a.nudgeId, { kind: 'skipped', reason: a.reason }) }),
  }),
];
