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
  /** Lower case; the manager is matched to their Teams account by this address. Empty for someone with no line manager in the roster (no nudges about them). */
  manager_email: string;
  start_date: string;
  end_date: string | null;
  department: string | null;
  job_title: string | null;
  /** Set when a full import no longer lists them, or their end date passes: their nudges stop. */
  left_on: string | null;
  /** Date of the last wellbeing conversation marked as held: the cadence runs from here. */
  last_wellbeing_on: string | null;
  created_at: string;
  updated_at: string;
}

/** A manager who installed the bot: how to reach them and when they want nudges. */
export interface ManagerTable {
  email: string;
  aad_object_id: string | null;
  /** The stored Bot Framework conversation reference (JSON), for proactive messages. */
  conversation_reference: string | null;
  reachable: number;
  unreachable_since: string | null;
  time_zone: string;
  /** ISO weekdays, comma-separated ("1,2,3,4,5"). */
  days: string;
  start_time: string;
  end_time: string;
  paused_until: string | null;
  cadence_weeks: number | null;
  digest: number;
  updated_at: string;
}

export type NudgeStatus = 'pending' | 'claimed' | 'sent' | 'done' | 'parked' | 'failed' | 'cancelled';

/** One reminder to one manager about one report. Records dates and outcomes, never content. */
export interface NudgeTable {
  id: string;
  kind: 'wellbeing' | 'onboarding';
  employee_id: string;
  manager_email: string;
  step_id: string | null;
  due_date: string;
  /** Earliest instant it may go out (the manager's next working window on or after the due date). */
  send_after: string;
  status: NudgeStatus;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  activity_id: string | null;
  outcome: 'held' | 'snoozed' | 'skipped' | null;
  outcome_at: string | null;
  held_on: string | null;
  snoozed_until: string | null;
  skip_reason: string | null;
  created_at: string;
  updated_at: string;
}

export type ContentAction = 'import' | 'publish' | 'retire' | 'restore';

/** One immutable version of one content file (a document, a plan, the stages or the settings). */
export interface ContentVersionTable {
  /** Relative to the content folder ("docs/menopause.md", "settings.yml"). */
  path: string;
  /** 1, 2, 3... per path. */
  version: number;
  /** The document's id for Markdown documents; null for plans, stages and settings. */
  doc_id: string | null;
  /** The content revision this version arrived with (one import is one revision). */
  revision: number;
  action: ContentAction;
  /** The whole file (front matter and body); a retire repeats the retired text. */
  text: string;
  author: string;
  change_note: string;
  created_at: string;
}

export interface ContentRevisionTable {
  id: number;
  revision: number;
  updated_at: string;
}

/** Who did what to what, when: written once, never changed. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  version: number | null;
  detail: string | null;
}

/**
 * A manager who said "forget me" while HR's roster still lists people they
 * manage: no reminders are planned for them until they say "start reminders".
 * Only who (email, Entra object id, to know them when they write again) and when.
 */
export interface RemindersStoppedTable {
  email: string;
  aad_object_id: string | null;
  stopped_at: string;
}

export type HrTicketStatus = 'open' | 'assigned' | 'answered' | 'closed';

/** A question a manager sent to HR (see migration 0010). Personal data: question, detail, reply and the asker. */
export interface HrTicketTable {
  id: string;
  number: number;
  form_id: string | null;
  status: HrTicketStatus;
  version: number;
  question: string;
  detail: string | null;
  /** Document ids the assistant offered before the manager asked HR, comma-separated. */
  tried_docs: string;
  asker_aad: string | null;
  asker_email: string | null;
  asker_name: string;
  /** Where the answer goes: the manager's personal chat (Bot Framework conversation reference, JSON). */
  asker_reference: string | null;
  assignee_aad: string | null;
  /** The Teams user id (29:...) of who holds it: the card refreshes for them. */
  assignee_user_id: string | null;
  assignee_name: string | null;
  reply: string | null;
  replied_by: string | null;
  /** What the manager added when they said they still need help. */
  follow_up: string | null;
  close_reason: string | null;
  reopened: number;
  created_at: string;
  first_response_at: string | null;
  answered_at: string | null;
  closed_at: string | null;
  updated_at: string;
  channel_activity_id: string | null;
  channel_card_version: number;
}

export interface HrTicketCounterTable {
  id: number;
  last_number: number;
}

export type HrDeliveryStatus = 'pending' | 'claimed' | 'sent' | 'parked' | 'failed';

/** A card to send for a ticket: to the HR channel (a new ticket) or to the manager (the answer, or a close). */
export interface HrDeliveryTable {
  id: string;
  ticket_id: string;
  target: 'channel' | 'manager';
  status: HrDeliveryStatus;
  attempts: number;
  send_after: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  activity_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A team the bot was added to, and how to post in its channel. */
export interface TeamChannelTable {
  team_id: string;
  team_name: string;
  conversation_reference: string;
  added_at: string;
}

/** An activity some instance answered (migration 0011): ids and when, never what it said. */
export interface HandledActivityTable {
  conversation_id: string;
  activity_id: string;
  handled_at: string;
}

export interface Database {
  app_meta: AppMetaTable;
  question_log: QuestionLogTable;
  unanswered_question: UnansweredQuestionTable;
  feedback: FeedbackTable;
  person: PersonTable;
  manager: ManagerTable;
  nudge: NudgeTable;
  content_version: ContentVersionTable;
  content_revision: ContentRevisionTable;
  audit_log: AuditLogTable;
  reminders_stopped: RemindersStoppedTable;
  hr_ticket: HrTicketTable;
  hr_ticket_counter: HrTicketCounterTable;
  hr_delivery: HrDeliveryTable;
  team_channel: TeamChannelTable;
  handled_activity: HandledActivityTable;
}
