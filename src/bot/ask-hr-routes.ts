import type { Card } from '../cards/render-card.js';
import { AppError } from '../errors.js';
import { ASK_HR_ACTIONS, ASK_HR_INTENTS, type HrReply, type HrTurn } from './ask-hr-flow.js';

/**
 * Finds Ask HR's route for a button or a typed message. Stands in for the
 * bot's registry of actions and intents until Ask HR registers there.
 */
const BY_VERB = new Map(ASK_HR_ACTIONS.map((a) => [a.verb, a]));

/** An Ask HR button, its payload checked (a bad one: VALIDATION naming the field); undefined for any other verb. */
export function askHrAction(value: unknown): { verb: string; handle: (turn: HrTurn) => Promise<HrReply> } | undefined {
  const verb = typeof value === 'object' && value !== null ? (value as { verb?: unknown }).verb : undefined;
  const route = typeof verb === 'string' ? BY_VERB.get(verb) : undefined;
  if (!route) return undefined;
  const parsed = route.schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION', `card action refused: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  return { verb: route.verb, handle: (turn) => route.handle(parsed.data as never, turn) };
}

/** "ask HR ..." or "my questions"; undefined for anything else. */
export function askHrIntent(text: string): ((turn: HrTurn) => Promise<Card>) | undefined {
  for (const intent of ASK_HR_INTENTS) {
    const params = intent.match(text);
    if (params !== undefined) return (turn) => intent.handle(params as never, turn);
  }
  return undefined;
}
