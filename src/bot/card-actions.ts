import { z } from 'zod';
import { AppError } from '../errors.js';
import { documentId } from '../content/schemas.js';

/**
 * Every card button sends one of these. Payloads come from the client and are
 * untrusted: anything that does not parse is refused with a VALIDATION error.
 */
const anchor = z.string().regex(/^[a-z0-9-]{1,120}$/, 'must be a section anchor');

export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({
    verb: z.literal('feedback'),
    answerId: z.string().uuid(),
    docId: documentId,
    section: anchor,
    helpful: z.boolean(),
    comment: z.string().max(500).optional(),
  }),
  z.object({ verb: z.literal('show'), docId: documentId, section: anchor.optional() }),
  z.object({ verb: z.literal('help') }),
  z.object({ verb: z.literal('nudge-held'), nudgeId: z.string().uuid(), heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD') }),
  z.object({ verb: z.literal('nudge-snooze'), nudgeId: z.string().uuid(), snooze: z.enum(['1d', '1w', '2w']) }),
  z.object({ verb: z.literal('forget-me'), confirm: z.boolean() }),
  z.object({ verb: z.literal('nudge-skip'), nudgeId: z.string().uuid(), reason: z.enum(['on-leave', 'left-team', 'other']) }),
]);

export type CardAction = z.infer<typeof cardActionSchema>;

export function parseCardAction(value: unknown): CardAction {
  const parsed = cardActionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION', `card action refused: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  return parsed.data;
}
