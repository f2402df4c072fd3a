import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * The composeExtension/query invoke Teams sends as a manager types in the
 * message extension's search box. Untrusted: anything that does not parse is
 * refused with a VALIDATION error.
 */
export const SEARCH_COMMAND_ID = 'searchGuidance';
/** Teams asks for 25 results a page by default. */
const DEFAULT_COUNT = 25;

const parameter = z.object({
  name: z.string().max(64),
  // Teams sends strings; the initial run may send "true".
  value: z.union([z.string().max(2000), z.number(), z.boolean()]).optional(),
});

export const composeQuerySchema = z.object({
  commandId: z.literal(SEARCH_COMMAND_ID),
  parameters: z.array(parameter).max(5).optional(),
  queryOptions: z
    .object({
      skip: z.number().int().min(0).max(10_000).optional(),
      count: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
});

export interface ComposeQuery {
  /** What the manager typed; empty on the initial run, before they type. */
  readonly text: string;
  readonly skip: number;
  readonly count: number;
}

export function parseComposeQuery(value: unknown): ComposeQuery {
  const parsed = composeQuerySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION', `message extension query refused: ${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  const { parameters = [], queryOptions = {} } = parsed.data;
  const search = parameters.find((p) => p.name === 'searchQuery');
  return {
    text: typeof search?.value === 'string' ? search.value : '',
    skip: queryOptions.skip ?? 0,
    count: queryOptions.count ?? DEFAULT_COUNT,
  };
}
