import type { z } from 'zod';
import type { CardContext } from '../cards/card-context.js';
import type { Card } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { QuestionLog } from '../knowledge/question-log.js';
import type { HolidayCalendar } from '../nudges/delivery-window.js';
import type { Store } from '../store/store.js';
import type { UserRateLimit } from '../user-rate-limit.js';
import type { HrServices } from './flows/ask-hr.js';

/**
 * The shapes every chat flow registers, as bolt-js listeners and teams.ts routes are data:
 * a card button is `{ verb, schema, handle }`, a typed message is `{ name, match, handle }`.
 * No botbuilder here: `AssistantBot` turns what the handlers return into activities.
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
  /** Ask HR: questions to HR and the HR team's ticket cards (src/bot/flows/ask-hr.ts). */
  readonly hr?: HrServices;
}

/** Who pressed a button or typed: their Entra object id, as Teams reports it. */
export interface Actor {
  readonly aadObjectId: string | undefined;
  /** In personal chat: how to reach them again (the conversation reference), for "start reminders". */
  readonly reference?: unknown;
  /** Their name and Teams user id (29:...), as Teams reports them: Ask HR shows who asked and who holds a ticket. */
  readonly name?: string | undefined;
  readonly userId?: string | undefined;
  /** The team of the channel the button was pressed in: the HR team's members are HR. */
  readonly teamId?: string | undefined;
}

/** What the bot says to a message: one card, or (for someone at risk) the crisis card and what follows it. */
export type TextReply = Card | readonly [Card, ...Card[]];

/** What a card button gets: `card` replaces the one clicked; `followUp`, when there is one, is sent below it. */
export interface ActionReply {
  readonly card: Card;
  readonly followUp?: TextReply;
}

/** What a handler is given besides its input. */
export interface Turn {
  readonly s: ReplyServices;
  readonly actor: Actor;
  /** The reply to a message, as if the person had typed it (the welcome card's question buttons). */
  readonly replyToText: (text: string) => Promise<TextReply>;
}

/** A card button: `verb` is the `data.verb` its template sends; `schema` checks the rest of the (untrusted) payload. */
export interface CardActionRoute<T = unknown> {
  readonly verb: string;
  readonly schema: z.ZodType<T>;
  readonly handle: (action: T, turn: Turn) => Promise<ActionReply> | ActionReply;
}

/** A typed message: `match` is pure (text in, parameters or undefined out) so it is unit-tested alone. */
export interface TextIntent<P = unknown> {
  readonly name: string;
  /** `today` is the trust's date, for intents whose wording depends on a date being readable. */
  readonly match: (text: string, today: string) => P | undefined;
  readonly handle: (params: P, turn: Turn) => Promise<TextReply> | TextReply;
}

/**
 * Lists hold routes of every input type, so the type is erased there; each route's input and
 * handler are checked against each other where it is declared, through `cardAction` and `textIntent`.
 */
export type AnyCardAction = CardActionRoute<any>;
export type AnyTextIntent = TextIntent<any>;
export const cardAction = <T>(route: CardActionRoute<T>): AnyCardAction => route;
export const textIntent = <P>(intent: TextIntent<P>): AnyTextIntent => intent;

/** An intent that takes no parameters: the text matches the pattern, or not. */
export function wordsIntent(name: string, words: RegExp, handle: (turn: Turn) => Promise<TextReply> | TextReply): AnyTextIntent {
  return textIntent<true>({ name, match: (text) => (words.test(text) ? true : undefined), handle: (_p, turn) => handle(turn) });
}

/** A route picked for one input, its parameters checked and bound. */
export interface Routed<R> {
  readonly name: string;
  readonly params: unknown;
  readonly reply: (turn: Turn) => Promise<R> | R;
}

/** The first intent whose `match` takes the text. */
export function firstIntent(intents: readonly AnyTextIntent[], text: string, today: string): Routed<TextReply> | undefined {
  for (const intent of intents) {
    const params: unknown = intent.match(text, today);
    if (params !== undefined) return { name: intent.name, params, reply: (turn) => intent.handle(params, turn) };
  }
  return undefined;
}

/** Finds a button's route by verb and checks its payload; anything else is refused with VALIDATION naming the field. */
export function routeAction(actions: ReadonlyMap<string, AnyCardAction>, value: unknown): Routed<ActionReply> & { readonly verb: string } {
  const verb = typeof value === 'object' && value !== null ? (value as { verb?: unknown }).verb : undefined;
  const route = typeof verb === 'string' ? (actions.get(verb) as CardActionRoute<unknown> | undefined) : undefined;
  if (!route) throw new AppError('VALIDATION', 'card action refused: verb: not a button this assistant has');
  const parsed = route.schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION', `card action refused: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  const params: unknown = parsed.data;
  return { verb: route.verb, name: route.verb, params, reply: (turn) => route.handle(params, turn) };
}

/** Every verb once: a second route for a verb would never be reached. */
export function byVerb(actions: readonly AnyCardAction[]): ReadonlyMap<string, AnyCardAction> {
  const map = new Map<string, AnyCardAction>();
  for (const a of actions) {
    if (map.has(a.verb)) throw new Error(`two card actions registered for the verb "${a.verb}"`);
    map.set(a.verb, a);
  }
  return map;
}

export function cardContext(s: ReplyServices): CardContext {
  return { publicUrl: s.publicUrl, teamsAppId: s.teamsAppId, settings: s.knowledge.pack.settings };
}
