import { z } from 'zod';
import { formatDate } from '../../cards/card-text.js';
import type { Card } from '../../cards/render-card.js';
import { formValuesOf, settingsFormCard, settingsNoticeCard, settingsSavedCard, type SettingsFormValues } from '../../cards/settings-card.js';
import { changeSettings, pauseRemindersUntil, resumeRemindersNow, type PauseResult } from '../../nudges/change-reminders.js';
import { startRemindersAgain } from '../../nudges/chat-manager.js';
import { parseDateText, type SavedSettings } from '../../nudges/manager-settings.js';
import { cadenceWeeksFor, todayFor } from '../../nudges/schedule.js';
import type { Manager } from '../../domain/manager.js';
import { checkForm, formFields, settingsForm, typedText } from '../forms.js';
import { cardAction, textIntent, wordsIntent, type Turn } from '../registry.js';
import { asManager, settingsDeps } from './as-manager.js';

/** A manager's reminder settings: the form, and pausing, resuming or restarting reminders in words. */
function showSettings(turn: Turn): Promise<Card> {
  const { s } = turn;
  return asManager(turn, settingsNoticeCard, (manager) => {
    return settingsFormCard(formValuesOf(manager, s.defaultCadenceWeeks), {
      defaultCadenceWeeks: s.defaultCadenceWeeks,
      today: todayFor(s.clock.now(), manager.window.timeZone),
      paused: !!manager.window.pausedUntil,
    });
  });
}

function moved(saved: SavedSettings): string {
  if (saved.rescheduled === 0) return '';
  return ` ${saved.rescheduled === 1 ? 'One reminder not yet sent was' : `${saved.rescheduled} reminders not yet sent were`} moved to fit.`;
}

function savedCard(turn: Turn, manager: Manager, notice: string): Card {
  return settingsSavedCard(manager, { defaultCadenceWeeks: turn.s.defaultCadenceWeeks, notice });
}

// The form's values arrive as the client sends them; settingsForm checks their meaning so mistakes come back on the card.
const FIELDS = ['cadenceWeeks', 'days', 'startTime', 'endTime', 'timeZone', 'pausedUntil', 'clearPause', 'digest'] as const;
const settingsSave = z.object(formFields(FIELDS));

function saveSettings(turn: Turn, action: z.infer<typeof settingsSave>): Promise<Card> {
  const { s } = turn;
  return asManager(turn, settingsNoticeCard, async (manager) => {
    const typed: SettingsFormValues = {
      ...typedText(action, FIELDS),
      cadenceWeeks: /^\d+$/.test(String(action.cadenceWeeks ?? '').trim()) ? Number(action.cadenceWeeks) : '',
      digest: action.digest === true || action.digest === 'true',
    };
    const refused = (problems: readonly string[]) =>
      settingsFormCard(typed, { defaultCadenceWeeks: s.defaultCadenceWeeks, today: todayFor(s.clock.now(), manager.window.timeZone), paused: !!manager.window.pausedUntil, problems });
    const form = checkForm(settingsForm, action);
    if (!form.ok) return refused(form.problems);
    const f = form.value;
    const saved = await changeSettings(settingsDeps(s), manager, {
      window: { timeZone: f.timeZone, days: f.days, start: f.startTime, end: f.endTime, pausedUntil: f.clearPause ? undefined : f.pausedUntil },
      cadenceWeeks: f.cadenceWeeks,
      digest: f.digest,
    });
    return saved.ok ? savedCard(turn, saved.value.manager, `Saved.${moved(saved.value)}`) : refused(saved.problems);
  });
}

const PAUSE_EXAMPLE = 'Try "I\'m on leave until 4 December" or "pause until 2026-12-04".';

function pauseRefused(refused: Exclude<PauseResult, { ok: true }>, dateText: string): string {
  switch (refused.reason) {
    case 'unreadable':
      return `I could not read "${dateText.slice(0, 60)}" as a date. ${PAUSE_EXAMPLE}`;
    case 'past':
      return `${formatDate(refused.until)} has already passed, so nothing was paused. Tell me the last day you are away. ${PAUSE_EXAMPLE}`;
    case 'too-far':
      return `I can pause reminders for up to a year, so nothing was paused. ${PAUSE_EXAMPLE}`;
  }
}

function pauseUntil(turn: Turn, dateText: string): Promise<Card> {
  return asManager(turn, settingsNoticeCard, async (manager) => {
    const paused = await pauseRemindersUntil(settingsDeps(turn.s), manager, dateText);
    if (!paused.ok) return settingsNoticeCard(pauseRefused(paused, dateText));
    const notice = `Reminders paused until the end of ${formatDate(paused.until)}. Anything due meanwhile comes when you are back. Say "resume" to start them again sooner.`;
    return savedCard(turn, paused.saved.manager, `${notice}${moved(paused.saved)}`);
  });
}

function resume(turn: Turn): Promise<Card> {
  return asManager(turn, settingsNoticeCard, async (manager) => {
    const resumed = await resumeRemindersNow(settingsDeps(turn.s), manager);
    if (!resumed.ok) return savedCard(turn, manager, 'Your reminders were not paused, so nothing changed.');
    return savedCard(turn, resumed.saved.manager, `Welcome back: reminders are on again.${moved(resumed.saved)}`);
  });
}

/** "Start reminders": after "forget me", the manager is stored again with this chat; otherwise the same as "resume". */
async function startReminders(turn: Turn): Promise<Card> {
  const started = await startRemindersAgain(settingsDeps(turn.s), turn.actor);
  if (!started.started && started.reason === 'not-stopped') return resume(turn);
  if (!started.started) return settingsNoticeCard('Say "start reminders" in our personal chat, so that I know where to send them.');
  const cadence = cadenceWeeksFor(started.manager.cadenceWeeks, turn.s.defaultCadenceWeeks);
  return savedCard(turn, started.manager, `Reminders are on again. People with no conversation recorded come up a few at a time over the next ${cadence} weeks.`);
}

export const settingsIntent = wordsIntent('settings', /^(my )?((reminder|nudge) )?(settings|preferences)$/i, showSettings);
export const startRemindersIntent = wordsIntent('start-reminders', /^((please )?(start|restart|turn on|switch on)( my)? (reminders|nudges)( again)?)[.!]?$/i, startReminders);
export const resumeIntent = wordsIntent('resume', /^((resume|unpause|restart)( my)?( reminders| nudges)?|(i'm|i am) back( from leave)?)[.!]?$/i, resume);

const PAUSE_WORDS = /^((i'm|i am) (on (annual )?leave|away|off|on holiday)|pause( my)?( reminders| nudges)?|no (reminders|nudges)) (?<word>until|till|til|to|up to) (?<date>.+)$/i;
export const pauseIntent = textIntent({
  name: 'pause',
  match: (text, today) => {
    const pause = PAUSE_WORDS.exec(text);
    if (!pause) return undefined;
    const { word, date } = pause.groups as { word: string; date: string };
    // "I'm off to see a new starter..." is a question, not leave: with "to", only a date makes it a pause.
    return word.toLowerCase() !== 'to' || parseDateText(date, today) ? { dateText: date } : undefined;
  },
  handle: ({ dateText }, turn) => pauseUntil(turn, dateText),
});

export const settingsActions = [
  cardAction({ verb: 'settings', schema: z.object({}), handle: async (_a, turn) => ({ card: await showSettings(turn) }) }),
  cardAction({ verb: 'settings-save', schema: settingsSave, handle: async (a, turn) => ({ card: await saveSettings(turn, a) }) }),
];
