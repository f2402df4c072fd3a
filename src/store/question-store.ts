import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface QuestionRecord {
  readonly askedAt: Date;
  readonly status: 'answer' | 'clarify' | 'none';
  readonly docId: string | undefined;
  readonly section: string | undefined;
}

export interface UnansweredRecord {
  readonly text: string;
  readonly at: Date;
}

export interface QuestionLogBatch {
  readonly questions: readonly QuestionRecord[];
  /** Repeats of the same text (ignoring case and spacing) add to one row. */
  readonly unanswered: readonly UnansweredRecord[];
}

export interface FeedbackRecord {
  readonly answerId: string;
  readonly docId: string;
  readonly section: string;
  readonly helpful: boolean;
  readonly comment: string | undefined;
  readonly at: Date;
}

export interface UnansweredQuestion {
  readonly text: string;
  readonly firstAskedAt: string;
  readonly lastAskedAt: string;
  readonly timesAsked: number;
}

/** The question log, unanswered questions and answer feedback: what HR sees of questions, never who asked. */
export interface QuestionStore {
  /** Writes a batch of question-log rows and unanswered questions in one transaction. */
  saveQuestionLog(batch: QuestionLogBatch): Promise<void>;
  /** How many questions ended in each outcome (for HR figures; no identities exist to count). */
  countQuestions(): Promise<Record<QuestionRecord['status'], number>>;
  listUnanswered(limit: number): Promise<UnansweredQuestion[]>;
  /** Takes a question (and its repeats, ignoring case and spacing) off the unanswered list; false when it was not there. */
  removeUnanswered(text: string): Promise<boolean>;
  /** Stores feedback for one answer card; false when that card already had feedback (nothing changes). */
  recordFeedback(record: FeedbackRecord): Promise<boolean>;
  feedbackFor(answerId: string): Promise<{ helpful: boolean } | undefined>;
}

export function questionStore(db: Kysely<Database>): QuestionStore {
  return {
    async countQuestions(): Promise<Record<QuestionRecord['status'], number>> {
      const rows = await db
        .selectFrom('question_log')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts = { answer: 0, clarify: 0, none: 0 };
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },

    async saveQuestionLog(batch: QuestionLogBatch): Promise<void> {
      // Repeats within the batch are folded first: one upsert per distinct question.
      const grouped = new Map<string, { text: string; first: string; last: string; count: number }>();
      for (const u of batch.unanswered) {
        const text = u.text.replace(/\s+/g, ' ').trim().slice(0, 500);
        const key = unansweredKey(text);
        const at = u.at.toISOString();
        const g = grouped.get(key);
        if (g) {
          g.count++;
          if (at < g.first) g.first = at;
          if (at > g.last) g.last = at;
        } else grouped.set(key, { text, first: at, last: at, count: 1 });
      }
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < batch.questions.length; i += 100) {
          await trx
            .insertInto('question_log')
            .values(
              batch.questions.slice(i, i + 100).map((r) => ({
                id: randomUUID(),
                asked_at: r.askedAt.toISOString(),
                status: r.status,
                doc_id: r.docId ?? null,
                section: r.section ?? null,
              })),
            )
            .execute();
        }
        for (const [key, g] of grouped) {
          await trx
            .insertInto('unanswered_question')
            .values({ question_key: key, text: g.text, first_asked_at: g.first, last_asked_at: g.last, times_asked: g.count })
            .onConflict((oc) =>
              oc.column('question_key').doUpdateSet((eb) => ({
                last_asked_at: g.last,
                times_asked: eb('unanswered_question.times_asked', '+', g.count),
              })),
            )
            .execute();
        }
      });
    },

    async listUnanswered(limit: number): Promise<UnansweredQuestion[]> {
      const rows = await db
        .selectFrom('unanswered_question')
        .selectAll()
        .orderBy('times_asked', 'desc')
        .orderBy('last_asked_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ text: r.text, firstAskedAt: r.first_asked_at, lastAskedAt: r.last_asked_at, timesAsked: Number(r.times_asked) }));
    },

    async removeUnanswered(text: string): Promise<boolean> {
      const result = await db.deleteFrom('unanswered_question').where('question_key', '=', unansweredKey(text)).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async recordFeedback(r: FeedbackRecord): Promise<boolean> {
      const result = await db
        .insertInto('feedback')
        .values({
          answer_id: r.answerId,
          doc_id: r.docId,
          section: r.section,
          helpful: r.helpful ? 1 : 0,
          comment: r.comment ?? null,
          created_at: r.at.toISOString(),
        })
        .onConflict((oc) => oc.column('answer_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async feedbackFor(answerId: string): Promise<{ helpful: boolean } | undefined> {
      const row = await db.selectFrom('feedback').select('helpful').where('answer_id', '=', answerId).executeTakeFirst();
      return row ? { helpful: Number(row.helpful) === 1 } : undefined;
    },
  };
}

/** Repeats of a question count as one: lower case, single spaces, at most 500 characters. */
function unansweredKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500).toLowerCase();
}
