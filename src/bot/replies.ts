import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  answerCard,
  browseStageCard,
  clarifyCard,
  crisisCard,
  declineText,
  helpCard,
  notFoundCard,
  resultPreview,
  sharedGuidanceCard,
  welcomeCard,
  type CardContext,
  type ResultPreview,
} from '../cards/cards.js';
import type { Card } from '../cards/render-card.js';
import { AppError } from '../errors.js';
import { answerQuestion, passageFor, relatedTo } from '../knowledge/answer-question.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { searchGuidance } from '../knowledge/search-guidance.js';
import type { QuestionLog } from '../knowledge/question-log.js';
import type { Store } from '../store/store.js';
import { checkForm, newStarterForm, settingsForm, type CardAction } from './card-actions.js';
import type { ComposeQuery } from './compose-extension.js';
import { WELCOME_STARTERS } from './prompt-starters.js';
import { nudgeCard, nudgeViewOf, remindersCard, stoppedText } from '../cards/nudge-card.js';
import { forgetMeCard, noticeCard } from '../cards/privacy-cards.js';
import type { UserRateLimit } from '../user-rate-limit.js';
import type { HolidayCalendar } from '../nudges/delivery-window.js';
import { recordNudgeOutcome } from '../nudges/record-outcome.js';
import { addDays, cadenceWeeksFor, onboardingPlanOf, STARTED_WITHIN_DAYS, todayFor, type Outcome } from '../nudges/schedule.js';
import { formatDate } from '../cards/card-text.js';
import { newStarterAddedCard, newStarterFormCard, newStarterNoticeCard, type NewStarterFormValues } from '../cards/new-starter-card.js';
import { formValuesOf, settingsFormCard, settingsNoticeCard, settingsSavedCard, type SettingsFormValues } from '../cards/settings-card.js';
import { addNewStarter } from '../nudges/add-new-starter.js';
import { MAX_PAUSE_DAYS, parseDateText, pauseReminders, resumeReminders, saveManagerSettings, welcomeManager, type SavedSettings } from '../nudges/manager-settings.js';
import type { Manager } from '../domain/manager.js';

/**
 * What the bot says, as plain functions from input to card. No botbuilder
 * here: the activity handler turns these cards into activities.
 */
export interface ReplyServices {
  readonly knowledge: KnowledgeBase;
  readonly store: Store;
  readonly questionLog: QuestionLog;
  readonly clock: Clock;
  readonly publicUrl: string;
  /** Set when the Teams app id is configured: "Read in full" opens the Guidance tab. */
  readonly teamsAppId?: string | undefined;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks: number;
  /** Longest question answered; longer gets a plain "shorter, please" card and is not logged. */
  readonly maxQuestionChars: number;
  /** Questions per person per minute. */
  readonly questionRate: UserRateLimit;
}

/** Who pressed a button: their Entra object id, as Teams reports it. */
export interface Actor {
  readonly aadObjectId: string | undefined;
  /** In personal chat: how to reach them again (the conversation reference), for "start reminders". */
  readonly reference?: unknown;
}

const HELP_WORDS = /^(help|browse( (the )?topics)?|(show )?(all )?topics|menu|start|\?)[.!]?$/i;
const GREETING_WORDS = /^(hi|hello|hey|good (morning|afternoon|evening))[!.]?$/i;

function context(s: ReplyServices): CardContext {
  return { publicUrl: s.publicUrl, teamsAppId: s.teamsAppId, settings: s.knowledge.pack.settings };
}

const REMINDER_WORDS = /^((show|see|view)( me)? )?(my )?(reminders|nudges)[.!]?$/i;
const FORGET_WORDS = /^(forget me|delete my data|remove my data)[.!]?$/i;

const SETTINGS_WORDS = /^(my )?((reminder|nudge) )?(settings|preferences)$/i;
const NEW_STARTER_WORDS = /^((i have|i've|i have got|i've got) )?(a )?new starter[.!]?$/i;
const START_WORDS = /^((please )?(start|restart|turn on|switch on)( my)? (reminders|nudges)( again)?)[.!]?$/i;
const RESUME_WORDS = /^((resume|unpause|restart)( my)?( reminders| nudges)?|(i'm|i am) back( from leave)?)[.!]?$/i;
const PAUSE_WORDS = /^((i'm|i am) (on (annual )?leave|away|off|on holiday)|pause( my)?( reminders| nudges)?|no (reminders|nudges)) (?<word>until|till|til|to|up to) (?<date>.+)$/i;

/** What the bot says to a message: one card, or (for someone at risk) the crisis card and what follows it. */
export type TextReply = Card | readonly [Card, ...Card[]];

export async function replyToText(s: ReplyServices, text: string, actor: Actor = { aadObjectId: undefined }): Promise<TextReply> {
  // Teams and phones type curly apostrophes ("I’m on leave").
  const question = text.trim().replace(/[\u2018\u2019]/g, "'");
  // Checked before anything is searched or logged: a wall of text or a flood gets a plain card.
  if (question.length > s.maxQuestionChars) return noticeCard('too-long', { maxChars: s.maxQuestionChars });
  const rate = await s.questionRate.take(actor.aadObjectId ?? 'unknown');
  if (!rate.ok) return noticeCard('slow-down', { retryAfterSeconds: rate.retryAfterSeconds });
  if (FORGET_WORDS.test(question)) return forgetMeCard('confirm');
  if (REMINDER_WORDS.test(question)) return myReminders(s, actor);
  if (START_WORDS.test(question)) return startReminders(s, actor);
  if (SETTINGS_WORDS.test(question)) return showSettings(s, actor);
  if (NEW_STARTER_WORDS.test(question)) return showNewStarterForm(s, actor);
  if (RESUME_WORDS.test(question)) return resume(s, actor);
  const pause = PAUSE_WORDS.exec(question);
  // "I'm off to see a new starter..." is a question, not leave: with "to", only a date makes it a pause.
  if (pause && (pause.groups!.word!.toLowerCase() !== 'to' || parseDateText(pause.groups!.date!, todayFor(s.clock.now())))) {
    return pauseUntil(s, actor, pause.groups!.date!);
  }
  if (HELP_WORDS.test(question)) return helpCard(s.knowledge.pack);
  if (GREETING_WORDS.test(question)) return welcome(s);
  const answer = answerQuestion({ knowledge: s.knowledge, log: s.questionLog, clock: s.clock }, question);
  switch (answer.status) {
    case 'answer':
      return answerCard(context(s), answer.passage, { answerId: randomUUID(), related: answer.related });
    case 'crisis':
      return answer.also
        ? [crisisCard(context(s), answer.passage), answerCard(context(s), answer.also.passage, { answerId: randomUUID(), related: answer.also.related })]
        : crisisCard(context(s), answer.passage);
    case 'clarify':
      return clarifyCard(answer.candidates);
    case 'none':
      return notFoundCard(context(s), answer.reason, question);
  }
}

/** What the message extension shows: guidance to pick and insert, or a line saying why there is none. */
export type SearchReply =
  | { readonly kind: 'results'; readonly results: readonly { readonly preview: ResultPreview; readonly card: Card }[] }
  | { readonly kind: 'message'; readonly text: string };

export function replyToSearch(s: ReplyServices, query: ComposeQuery): SearchReply {
  const found = searchGuidance(s.knowledge, query.text, { skip: query.skip, count: query.count });
  if (found.status === 'none') return { kind: 'message', text: declineText(found.reason) };
  if (found.results.length === 0) return { kind: 'message', text: 'No more guidance to show.' };
  return {
    kind: 'results',
    results: found.results.map((r) => ({ preview: resultPreview(r.passage, r.stage?.title), card: sharedGuidanceCard(context(s), r.passage) })),
  };
}

export function welcome(s: ReplyServices): Card {
  return welcomeCard(context(s), WELCOME_STARTERS);
}

/** What a card button gets: `card` replaces the one clicked; `followUp`, when there is one, is sent below it. */
export interface ActionReply {
  readonly card: Card;
  readonly followUp?: TextReply;
}

/** Handles a card button. Browsing and the welcome's questions keep their card and send the answer below. */
export async function replyToAction(s: ReplyServices, action: CardAction, actor: Actor): Promise<ActionReply> {
  switch (action.verb) {
    case 'browse-stage':
      return { card: stageCard(s, action.stageId) };
    case 'browse-open': {
      const passage = passageFor(s.knowledge, action.docId);
      if (!passage) throw new AppError('NOT_FOUND', `no document "${action.docId}"`);
      const followUp = answerCard(context(s), passage, { answerId: randomUUID(), related: relatedTo(s.knowledge, passage.doc) });
      return { card: stageCard(s, action.stageId, action.docId), followUp };
    }
    case 'ask':
      return { card: welcome(s), followUp: await replyToText(s, action.question, actor) };
    default:
      return { card: await cardForAction(s, action, actor) };
  }
}

function stageCard(s: ReplyServices, stageId: string, openedDocId?: string): Card {
  const card = browseStageCard(s.knowledge.pack, stageId, openedDocId);
  if (!card) throw new AppError('NOT_FOUND', `no stage "${stageId}" with topics`);
  return card;
}

async function cardForAction(s: ReplyServices, action: Exclude<CardAction, { verb: 'browse-stage' | 'browse-open' | 'ask' }>, actor: Actor): Promise<Card> {
  switch (action.verb) {
    case 'help':
      return helpCard(s.knowledge.pack);
    case 'show': {
      const passage = passageFor(s.knowledge, action.docId, action.section);
      if (!passage) throw new AppError('NOT_FOUND', `no document "${action.docId}"`);
      return answerCard(context(s), passage, { answerId: randomUUID(), related: relatedTo(s.knowledge, passage.doc) });
    }
    case 'feedback': {
      const passage = passageFor(s.knowledge, action.docId, action.section);
      if (!passage) throw new AppError('NOT_FOUND', `no document "${action.docId}"`);
      const comment = action.comment?.trim() || undefined;
      await s.store.recordFeedback({ ...action, comment, at: s.clock.now() });
      // A second click finds the first answer stored and shows that, so nothing changes.
      const stored = await s.store.feedbackFor(action.answerId);
      const feedback = (stored?.helpful ?? action.helpful) ? 'helpful' : 'not-helpful';
      return answerCard(context(s), passage, { answerId: action.answerId, related: relatedTo(s.knowledge, passage.doc), feedback });
    }
    case 'forget-me':
      return action.confirm ? forgetMe(s, actor) : forgetMeCard('cancelled');
    case 'nudge-held':
      return replyToNudge(s, actor, action.nudgeId, { kind: 'held', on: action.heldOn });
    case 'nudge-snooze':
      return replyToNudge(s, actor, action.nudgeId, { kind: 'snoozed', for: action.snooze });
    case 'nudge-skip':
      return replyToNudge(s, actor, action.nudgeId, { kind: 'skipped', reason: action.reason });
    case 'settings':
      return showSettings(s, actor);
    case 'settings-save':
      return saveSettings(s, actor, action);
    case 'new-starter':
      return showNewStarterForm(s, actor);
    case 'new-starter-save':
      return saveNewStarter(s, actor, action);
  }
}

const NOT_MATCHED = 'I could not match you to the staff roster yet. Ask HR to check that your email address is the manager email in the roster.';

async function managerFor(s: ReplyServices, actor: Actor): Promise<Manager | undefined> {
  return actor.aadObjectId ? s.store.nudges.managerByAadObjectId(actor.aadObjectId) : undefined;
}

/** Why there is no manager to act for: they said "forget me" (and when), or they are not matched to the roster. */
async function notManagerText(s: ReplyServices, actor: Actor): Promise<string> {
  const stopped = await s.store.nudges.stoppedManager({ aadObjectId: actor.aadObjectId });
  return stopped ? stoppedText(stopped.stoppedAt.slice(0, 10)) : NOT_MATCHED;
}

function settingsDeps(s: ReplyServices) {
  return { nudges: s.store.nudges, clock: s.clock, holidays: s.holidays, defaultCadenceWeeks: s.defaultCadenceWeeks };
}

async function showSettings(s: ReplyServices, actor: Actor): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return settingsNoticeCard(await notManagerText(s, actor));
  return settingsFormCard(formValuesOf(manager, s.defaultCadenceWeeks), {
    defaultCadenceWeeks: s.defaultCadenceWeeks,
    today: todayFor(s.clock.now(), manager.window.timeZone),
    paused: !!manager.window.pausedUntil,
  });
}

async function saveSettings(s: ReplyServices, actor: Actor, action: Extract<CardAction, { verb: 'settings-save' }>): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return settingsNoticeCard(await notManagerText(s, actor));
  const typed: SettingsFormValues = {
    cadenceWeeks: /^\d+$/.test(String(action.cadenceWeeks ?? '').trim()) ? Number(action.cadenceWeeks) : '',
    days: String(action.days ?? ''),
    startTime: String(action.startTime ?? ''),
    endTime: String(action.endTime ?? ''),
    timeZone: String(action.timeZone ?? ''),
    pausedUntil: String(action.pausedUntil ?? ''),
    digest: action.digest === true || action.digest === 'true',
  };
  const refused = (problems: readonly string[]) =>
    settingsFormCard(typed, { defaultCadenceWeeks: s.defaultCadenceWeeks, today: todayFor(s.clock.now(), manager.window.timeZone), paused: !!manager.window.pausedUntil, problems });
  const form = checkForm(settingsForm, action);
  if (!form.ok) return refused(form.problems);
  const f = form.value;
  try {
    const saved = await saveManagerSettings(settingsDeps(s), manager.email, {
      window: { timeZone: f.timeZone, days: f.days, start: f.startTime, end: f.endTime, pausedUntil: f.clearPause ? undefined : f.pausedUntil },
      cadenceWeeks: f.cadenceWeeks,
      digest: f.digest,
    });
    return settingsSavedCard(saved.manager, { defaultCadenceWeeks: s.defaultCadenceWeeks, notice: `Saved.${moved(saved)}` });
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return refused(err.details);
    throw err;
  }
}

function moved(saved: SavedSettings): string {
  if (saved.rescheduled === 0) return '';
  return ` ${saved.rescheduled === 1 ? 'One reminder not yet sent was' : `${saved.rescheduled} reminders not yet sent were`} moved to fit.`;
}

async function pauseUntil(s: ReplyServices, actor: Actor, dateText: string): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return settingsNoticeCard(await notManagerText(s, actor));
  const today = todayFor(s.clock.now(), manager.window.timeZone);
  const until = parseDateText(dateText, today);
  const example = 'Try "I\'m on leave until 4 December" or "pause until 2026-12-04".';
  if (!until) return settingsNoticeCard(`I could not read "${dateText.slice(0, 60)}" as a date. ${example}`);
  if (until < today) return settingsNoticeCard(`${formatDate(until)} has already passed, so nothing was paused. Tell me the last day you are away. ${example}`);
  if (until > addDays(today, MAX_PAUSE_DAYS)) return settingsNoticeCard(`I can pause reminders for up to a year, so nothing was paused. ${example}`);
  const saved = await pauseReminders(settingsDeps(s), manager, until);
  return settingsSavedCard(saved.manager, {
    defaultCadenceWeeks: s.defaultCadenceWeeks,
    notice: `Reminders paused until the end of ${formatDate(until)}. Anything due meanwhile comes when you are back. Say "resume" to start them again sooner.${moved(saved)}`,
  });
}

async function resume(s: ReplyServices, actor: Actor): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return settingsNoticeCard(await notManagerText(s, actor));
  if (!manager.window.pausedUntil) return settingsSavedCard(manager, { defaultCadenceWeeks: s.defaultCadenceWeeks, notice: 'Your reminders were not paused, so nothing changed.' });
  const saved = await resumeReminders(settingsDeps(s), manager);
  return settingsSavedCard(saved.manager, { defaultCadenceWeeks: s.defaultCadenceWeeks, notice: `Welcome back: reminders are on again.${moved(saved)}` });
}

function onboardingPlan(s: ReplyServices) {
  return onboardingPlanOf(s.knowledge.pack.plans);
}

async function showNewStarterForm(s: ReplyServices, actor: Actor): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return newStarterNoticeCard(await notManagerText(s, actor));
  return newStarterFormCard({ formId: randomUUID(), minStartDate: addDays(todayFor(s.clock.now(), manager.window.timeZone), -STARTED_WITHIN_DAYS), plan: onboardingPlan(s) });
}

async function saveNewStarter(s: ReplyServices, actor: Actor, action: Extract<CardAction, { verb: 'new-starter-save' }>): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) return newStarterNoticeCard(await notManagerText(s, actor));
  const typed: NewStarterFormValues = {
    name: String(action.name ?? ''),
    startDate: String(action.startDate ?? ''),
    jobTitle: String(action.jobTitle ?? ''),
    email: String(action.email ?? ''),
  };
  const refused = (problems: readonly string[]) =>
    newStarterFormCard({ formId: action.formId, minStartDate: addDays(todayFor(s.clock.now(), manager.window.timeZone), -STARTED_WITHIN_DAYS), plan: onboardingPlan(s), values: typed, problems });
  const form = checkForm(newStarterForm, action);
  if (!form.ok) return refused(form.problems);
  try {
    const added = await addNewStarter({ store: s.store, nudges: s.store.nudges, clock: s.clock, holidays: s.holidays }, manager.email, action.formId, form.value, onboardingPlan(s));
    return newStarterAddedCard({ name: added.person.displayName, jobTitle: added.person.jobTitle, startDate: added.person.startDate, checkIns: added.checkIns, missed: added.missed, plan: onboardingPlan(s) });
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return refused(err.details);
    throw err;
  }
}

async function replyToNudge(s: ReplyServices, actor: Actor, nudgeId: string, outcome: Outcome): Promise<Card> {
  const manager = await managerFor(s, actor);
  if (!manager) throw new AppError('FORBIDDEN', 'only the manager a reminder was sent to can answer it');
  const recorded = await recordNudgeOutcome(
    { nudges: s.store.nudges, people: s.store, clock: s.clock, holidays: s.holidays, defaultCadenceWeeks: s.defaultCadenceWeeks },
    manager.email,
    nudgeId,
    outcome,
  );
  // Redraw the whole card the reminder came on (a digest holds several), with this one's outcome.
  const onCard = recorded.nudge.activityId ? await s.store.nudges.nudgesOnCard(recorded.nudge.activityId) : [];
  const rows = onCard.length ? onCard : [{ ...recorded.nudge, person: await personBits(s, recorded.nudge.employeeId) }];
  const views = [];
  for (const r of rows) {
    // An answered wellbeing reminder says when the next one is due (a second click, or another on the digest, too).
    const next = r.id === nudgeId && recorded.nextDueDate ? recorded.nextDueDate : r.kind === 'wellbeing' && r.outcome ? (await s.store.nudges.openWellbeingNudge(r.employeeId))?.dueDate : undefined;
    views.push(nudgeViewOf(r, next));
  }
  return nudgeCard(context(s), views, todayFor(s.clock.now(), manager.window.timeZone), onboardingPlan(s));
}

/** Only ever the person who pressed the button: the payload names nobody. A second press finds nothing left. */
async function forgetMe(s: ReplyServices, actor: Actor): Promise<Card> {
  const manager = actor.aadObjectId ? await s.store.nudges.managerByAadObjectId(actor.aadObjectId) : undefined;
  if (!manager) return forgetMeCard('nothing');
  const result = await s.store.privacy.forgetManager(manager.email, s.clock.now());
  return forgetMeCard(result.remindersStopped ? 'stopped' : 'done', result.nudgesAnonymised + result.nudgesRemoved);
}

async function myReminders(s: ReplyServices, actor: Actor): Promise<Card> {
  const manager = await managerFor(s, actor);
  const upcoming = manager ? await s.store.nudges.upcomingFor(manager.email, 20) : [];
  const stopped = manager ? undefined : await s.store.nudges.stoppedManager({ aadObjectId: actor.aadObjectId });
  return remindersCard(upcoming, !!manager, onboardingPlan(s), stopped?.stoppedAt.slice(0, 10));
}

/** "Start reminders": after "forget me", the manager is stored again with this chat; otherwise the same as "resume". */
async function startReminders(s: ReplyServices, actor: Actor): Promise<Card> {
  const stopped = await s.store.nudges.stoppedManager({ aadObjectId: actor.aadObjectId });
  if (!stopped) return resume(s, actor);
  if (!actor.reference) return settingsNoticeCard('Say "start reminders" in our personal chat, so that I know where to send them.');
  await s.store.nudges.restartReminders({ email: stopped.email, aadObjectId: actor.aadObjectId, reference: actor.reference, now: s.clock.now() });
  const manager = (await s.store.nudges.getManager(stopped.email))!;
  const cadence = cadenceWeeksFor(manager.cadenceWeeks, s.defaultCadenceWeeks);
  return settingsSavedCard(manager, {
    defaultCadenceWeeks: s.defaultCadenceWeeks,
    notice: `Reminders are on again. People with no conversation recorded come up a few at a time over the next ${cadence} weeks.`,
  });
}

async function personBits(s: ReplyServices, employeeId: string) {
  const p = await s.store.getPerson(employeeId);
  return { displayName: p?.displayName ?? 'your report', email: p?.email, lastWellbeingOn: undefined };
}

/**
 * On install in personal scope: remember how to reach this manager for nudges,
 * and spread a first round that waited for them from today. A manager who said
 * "forget me" stays stopped until they say "start reminders".
 */
export async function registerManager(s: ReplyServices, m: { email: string; aadObjectId: string | undefined; reference: unknown }): Promise<void> {
  const email = m.email.toLowerCase();
  if (await s.store.nudges.stoppedManager({ email })) return;
  await welcomeManager(settingsDeps(s), { ...m, email });
}

/** On uninstall: the manager cannot be reached; their reminders wait (parked) until they install again. True when they were known. */
export async function unregisterManager(s: ReplyServices, aadObjectId: string | undefined): Promise<boolean> {
  const manager = aadObjectId ? await s.store.nudges.managerByAadObjectId(aadObjectId) : undefined;
  if (manager) await s.store.nudges.markManagerUnreachable(manager.email, 'the assistant was uninstalled', s.clock.now());
  return !!manager;
}
