import { declineText } from '../cards/decline-text.js';
import { resultPreview, sharedGuidanceCard, type ResultPreview } from '../cards/extension-cards.js';
import type { Card } from '../cards/render-card.js';
import { noticeCard } from '../cards/privacy-cards.js';
import { searchGuidance } from '../knowledge/search-guidance.js';
import { managerInstalled, managerUninstalled } from '../nudges/chat-manager.js';
import { todayFor } from '../nudges/schedule.js';
import { intentOf, normaliseMessage, parseCardAction } from './chat-routes.js';
import type { ComposeQuery } from './compose-extension.js';
import { settingsDeps } from './flows/as-manager.js';
import { cardContext, type ActionReply, type Actor, type ReplyServices, type TextReply, type Turn } from './registry.js';

export { welcome } from './flows/browse.js';
export type { ActionReply, Actor, ReplyServices, TextReply } from './registry.js';

/**
 * What the bot says, as plain functions from input to card: the limits first,
 * then the route the registry picks (src/bot/chat-routes.ts). No botbuilder here.
 */
function turnFor(s: ReplyServices, actor: Actor): Turn {
  return { s, actor, replyToText: (text) => replyToText(s, text, actor) };
}

export async function replyToText(s: ReplyServices, text: string, actor: Actor = { aadObjectId: undefined }): Promise<TextReply> {
  const message = normaliseMessage(text);
  // Checked before anything is searched or logged: a wall of text or a flood gets a plain card.
  if (message.length > s.maxQuestionChars) return noticeCard('too-long', { maxChars: s.maxQuestionChars });
  const rate = await s.questionRate.take(actor.aadObjectId ?? 'unknown');
  if (!rate.ok) return noticeCard('slow-down', { retryAfterSeconds: rate.retryAfterSeconds });
  return intentOf(message, todayFor(s.clock.now())).reply(turnFor(s, actor));
}

/** A card button, its payload untrusted: one that does not parse throws VALIDATION, which the bot refuses with 400. */
export async function replyToAction(s: ReplyServices, data: unknown, actor: Actor): Promise<ActionReply & { readonly verb: string }> {
  const action = parseCardAction(data);
  return { verb: action.verb, ...(await action.reply(turnFor(s, actor))) };
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
    results: found.results.map((r) => ({ preview: resultPreview(r.passage, r.stage?.title), card: sharedGuidanceCard(cardContext(s), r.passage) })),
  };
}

/** On install in personal scope: how to reach this manager for reminders. */
export function registerManager(s: ReplyServices, m: { email: string; aadObjectId: string | undefined; reference: unknown }): Promise<void> {
  return managerInstalled(settingsDeps(s), m);
}

/** On uninstall: their reminders wait until they install again. True when they were known. */
export function unregisterManager(s: ReplyServices, aadObjectId: string | undefined): Promise<boolean> {
  return managerUninstalled(settingsDeps(s), aadObjectId);
}
