import { answeringActions, questionIntent } from './flows/answering.js';
import { askHrActions, askHrIntents } from './flows/ask-hr.js';
import { browseActions, greetingIntent, helpIntent } from './flows/browse.js';
import { newStarterActions, newStarterIntent } from './flows/new-starter.js';
import { forgetMeIntent, privacyActions } from './flows/privacy.js';
import { reminderActions, remindersIntent } from './flows/reminders.js';
import { pauseIntent, resumeIntent, settingsActions, settingsIntent, startRemindersIntent } from './flows/settings.js';
import { byVerb, firstIntent, routeAction, type AnyTextIntent } from './registry.js';

/**
 * Every button and every typed intent the bot knows, in one place. A flow file
 * (src/bot/flows/) declares its routes; adding one here is the only other edit.
 */
export const CARD_ACTIONS = byVerb([...answeringActions, ...browseActions, ...reminderActions, ...settingsActions, ...newStarterActions, ...privacyActions, ...askHrActions]);

/** Tried in order, first match wins: the exact commands, then help and greetings; anything else is a question. */
export const TEXT_INTENTS: readonly AnyTextIntent[] = [
  forgetMeIntent,
  remindersIntent,
  // Before resume: "restart reminders" after "forget me" stores the manager again.
  startRemindersIntent,
  settingsIntent,
  newStarterIntent,
  resumeIntent,
  pauseIntent,
  // "ask HR ..." and "my questions": before help and greetings, and before anything is taken as a question.
  ...askHrIntents,
  helpIntent,
  greetingIntent,
  questionIntent,
];

/** Teams and phones type curly apostrophes ("I’m on leave"). */
export function normaliseMessage(text: string): string {
  return text.trim().replace(/[\u2018\u2019]/g, "'");
}

/** What a message asks for, with its parameters: pure, so every wording is unit-tested. `today` is the trust's date. */
export function intentOf(text: string, today: string) {
  return firstIntent(TEXT_INTENTS, normaliseMessage(text), today)!;
}

/** A button's payload checked against its verb's schema; anything else throws VALIDATION naming the field. */
export function parseCardAction(value: unknown) {
  return routeAction(CARD_ACTIONS, value);
}
