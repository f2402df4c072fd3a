import { z } from 'zod';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v + 'T00:00:00Z')) && new Date(v + 'T00:00:00Z').toISOString().startsWith(v), 'must be a real date written YYYY-MM-DD');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const link = z.object({ title: text(200), url: text(500) }).strict();

const term = z.union([z.string(), z.number()]).transform(String).pipe(text(60));

export const MAX_EXAMPLE_QUESTIONS = 300;

export const documentId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens')
  .max(80, 'must be at most 80 characters');

/** An example question: plain text (the document answers it), or with the section that answers it. */
const exampleQuestion = z.union([
  text(300).transform((q) => ({ q, section: undefined as string | undefined })),
  z.object({ q: text(300), section: z.string().trim().min(1, 'must not be empty').max(120).optional() }).strict(),
]);

export const frontMatterSchema = z
  .object({
    id: documentId,
    title: text(120),
    kind: z.enum(['expectation', 'policy', 'wellbeing', 'guide']),
    stage: documentId,
    summary: text(400),
    keywords: z.array(term).min(1, 'must list at least one keyword').max(40, 'must list at most 40 keywords'),
    synonyms: z.array(term).max(40, 'must list at most 40 synonyms').default([]),
    owner: text(120),
    last_reviewed: isoDate,
    review_due: isoDate,
    source: link,
    references: z.array(link).max(10).default([]),
    related: z.array(documentId).max(8, 'must list at most 8 related documents').default([]),
    // Questions managers ask that this document answers, in their own words: the answering
    // model learns from them, and HR adds the ones it could not answer.
    questions: z.array(exampleQuestion).max(MAX_EXAMPLE_QUESTIONS, `must list at most ${MAX_EXAMPLE_QUESTIONS} questions`).default([]),
  })
  .strict();

export type FrontMatter = z.output<typeof frontMatterSchema>;

export const stagesSchema = z
  .array(z.object({ id: documentId, title: text(80), description: text(300) }).strict())
  .min(1, 'must list at least one stage');

const line = text(300);

export const planSchema = z
  .object({
    id: documentId,
    title: text(120),
    guide: documentId,
    steps: z
      .array(
        z
          .object({
            id: documentId,
            title: text(80),
            offset_days: z.number().int().min(-90).max(730).optional(),
            summary: text(400),
            actions: z.array(line).default([]),
            questions: z.array(line).default([]),
          })
          .strict(),
      )
      .min(1, 'must have at least one step'),
  })
  .strict();

export const settingsSchema = z.record(
  z.string().regex(/^[a-z0-9_]+$/, 'setting names are lower-case letters, digits and underscores'),
  z.union([z.string(), z.null()]).transform((v) => v ?? ''),
);

/** Examples of questions the assistant must decline, by reason: they teach it what is not ours. */
export const DECLINE_REASONS = ['clinical', 'it', 'pay', 'legal', 'off-topic'] as const;
export const declinesSchema = z
  .object(Object.fromEntries(DECLINE_REASONS.map((r) => [r, z.array(text(300)).max(500, 'must list at most 500 examples').default([])])) as Record<
    (typeof DECLINE_REASONS)[number],
    z.ZodDefault<z.ZodArray<ReturnType<typeof text>>>
  >)
  .strict();

/**
 * Shorthand and what it stands for. A term is letters and digits, joined by "&" or "/" as
 * managers write them ("B&H", "A/L"): what the reader can find in a question as one piece.
 */
export const glossarySchema = z
  .object({
    terms: z
      .record(
        z.string().regex(/^[A-Za-z0-9]+(?:[&/][A-Za-z0-9]+)*$/, 'a term is letters and digits, joined by "&" or "/" ("B&H", "A/L")').max(20, 'a term is at most 20 characters'),
        text(120),
      )
      .default({}),
  })
  .strict();
