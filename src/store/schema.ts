/**
 * Table shapes as Kysely sees them. Times are ISO 8601 UTC strings on both
 * engines so that rows compare and sort the same way everywhere.
 */
export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

/** One row per question asked: what it matched, never who asked or what they typed. */
export interface QuestionLogTable {
  id: string;
  asked_at: string;
  status: 'answer' | 'clarify' | 'none';
  doc_id: string | null;
  section: string | null;
}

/** Questions the assistant could not answer, for HR to improve the content; no user identity. */
export interface UnansweredQuestionTable {
  /** Normalised text (lower case, single spaces), so repeats are counted once. */
  question_key: string;
  text: string;
  first_asked_at: string;
  last_asked_at: string;
  times_asked: number;
}

/** "Was this helpful?" answers, one per answer card; no user identity. */
export interface FeedbackTable {
  answer_id: string;
  doc_id: string;
  section: string;
  helpful: number;
  comment: string | null;
  created_at: string;
}

/** One member of staff from the roster: who they are and who manages them. */
export interface PersonTable {
  employee_id: string;
  display_name: string;
  email: string | null;
  /** Lower case; the manager is matched to their Teams account by this address. */
  manager_email: string;
  start_date: string;
  end_date: string | null;
  department: string | null;
  job_title: string | null;
  /** Set when a full import no longer lists them, or their end date passes: their nudges stop. */
  left_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  app_meta: AppMetaTable;
  question_log: QuestionLogTable;
  unanswered_question: UnansweredQuestionTable;
  feedback: FeedbackTable;
  person: PersonTable;
}
