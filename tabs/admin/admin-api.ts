import type { TabSession } from '../common/tab.js';

// The admin API as documented in docs (the contract the publishing routes implement).
export interface DocumentSummary {
  id: string;
  title: string;
  stage: string;
  version: number;
  status: 'live' | 'retired';
  lastReviewed: string;
  reviewDue: boolean;
  helpful: number;
  notHelpful: number;
  updatedAt: string;
  updatedBy: string;
  /** The `##` sections, for choosing the one that answers a question. */
  sections?: SectionRef[];
}
export interface SectionRef {
  anchor: string;
  heading: string;
}
/** A question attached to the document (and section) that answers it. */
export interface AttachedQuestion {
  id: string;
  title: string;
  version: number;
  section: SectionRef | null;
  /** False when the document already listed the question (nothing was published). */
  added: boolean;
}
export interface DocumentDetail {
  id: string;
  title: string;
  version: number;
  status: 'live' | 'retired';
  markdown: string;
  updatedAt: string;
  updatedBy: string;
}
export interface Problem {
  file?: string;
  line?: number;
  field?: string;
  message: string;
  severity?: 'error' | 'warning';
}
/** The reply a manager asking HR's question would get once the draft is live. */
export interface AnswerPreview {
  outcome: 'answer' | 'clarify' | 'crisis' | 'none';
  card: object;
  documents: { id: string; title: string; draft: boolean }[];
  reason?: 'clinical' | 'it' | 'pay' | 'legal' | 'off-topic' | 'no-match' | 'empty';
}
export interface Validation {
  ok: boolean;
  problems: Problem[];
  preview: object | null;
  /** Only when a question was sent; null when the draft cannot be read. */
  answer?: AnswerPreview | null;
}
export interface VersionInfo {
  version: number;
  action: 'import' | 'publish' | 'retire' | 'restore';
  author: string;
  createdAt: string;
  changeNote: string;
}
export interface UnansweredQuestion {
  text: string;
  count: number;
  lastAskedAt: string;
}
export interface FeedbackDocument {
  id: string;
  title: string;
  helpful: number;
  notHelpful: number;
  comments: { text: string; at: string }[];
}
export interface RosterReport {
  imported: number;
  unchanged: number;
  left: number;
  problems: { line: number; field: string; message: string }[];
}
export interface DepartmentNudges {
  department: string;
  heldOnTime: number;
  heldLate: number;
  snoozed: number;
  skipped: { on_leave: number; left_team: number; other: number };
  undeliverable: number;
}
export interface Dashboard {
  minGroupSize: number;
  questionsPerWeek: { week: string; answer: number; clarify: number; none: number }[];
  helpfulness: { id: string; title: string; helpful: number; notHelpful: number }[];
  topTopics: { id: string; title: string; count: number }[];
  nudgesByDepartment: DepartmentNudges[];
  /** People left out because even "other" had fewer than the minimum group size. */
  withheldPeople?: number;
  onboarding: { checkInsDue: number; checkInsCompleted: number };
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  version: number | null;
}

export type TicketStatus = 'open' | 'assigned' | 'answered' | 'closed';
/** A question a manager sent to HR, as the queue shows it. */
export interface HrQuestion {
  id: string;
  reference: string;
  status: TicketStatus;
  version: number;
  question: string;
  detail: string | null;
  followUp: string | null;
  triedDocs: string[];
  askedBy: string;
  heldBy: string | null;
  reply: string | null;
  repliedBy: string | null;
  closeReason: string | null;
  reopened: number;
  createdAt: string;
  firstResponseAt: string | null;
  closedAt: string | null;
  ageDays?: number;
}
export interface HrChannelSetting {
  teamId: string | null;
  configured: boolean;
  connected: boolean;
  teams: { teamId: string; teamName: string }[];
}
export interface HrQuestionFigures {
  minGroupSize: number;
  counts: Record<TicketStatus, number>;
  months: { month: string; asked: number; answered: number; closed: number; medianHoursToFirstAnswer: number | null; medianHoursToClose: number | null }[];
}

const doc = (id: string) => `/api/admin/documents/${encodeURIComponent(id)}`;
const ticket = (id: string) => `/api/admin/hr-questions/${encodeURIComponent(id)}`;

/** Typed calls to /api/admin/. */
export function adminApi({ api }: Pick<TabSession, 'api'>) {
  const get = <T>(path: string) => api<T>(path);
  const post = <T>(path: string, body: unknown, contentType?: string) => api<T>(path, { method: 'POST', body, ...(contentType ? { contentType } : {}) });
  return {
    documents: () => get<{ documents: DocumentSummary[] }>('/api/admin/documents').then((r) => r.documents),
    document: (id: string) => get<DocumentDetail>(doc(id)),
    // With a question, `answer` is the reply the assistant would give to it from the draft.
    validate: (id: string, markdown: string, question?: string) => post<Validation>(`${doc(id)}/validate`, { markdown, ...(question ? { question } : {}) }),
    publish: (id: string, markdown: string, changeNote: string) => post<{ id: string; version: number }>(`${doc(id)}/publish`, { markdown, changeNote }),
    retire: (id: string, changeNote: string) => post<{ id: string; version: number }>(`${doc(id)}/retire`, { changeNote }),
    restore: (id: string, version: number, changeNote: string) => post<{ id: string; version: number }>(`${doc(id)}/restore`, { version, changeNote }),
    history: (id: string) => get<{ versions: VersionInfo[] }>(`${doc(id)}/history`).then((r) => r.versions),
    diff: (id: string, from: number, to: number) => get<{ from: number; to: number; diff: string }>(`${doc(id)}/diff?from=${from}&to=${to}`),
    uploadRoster: (csv: string, full: boolean) => post<RosterReport>(`/api/admin/roster?full=${full}`, csv, 'text/csv'),
    attachQuestion: (input: { question: string; docId: string; section?: string }) => post<AttachedQuestion>('/api/admin/questions', input),
    unanswered: () => get<{ questions: UnansweredQuestion[] }>('/api/admin/unanswered').then((r) => r.questions),
    feedback: () => get<{ documents: FeedbackDocument[] }>('/api/admin/feedback').then((r) => r.documents),
    audit: (limit: number) => get<{ entries: AuditEntry[] }>(`/api/admin/audit?limit=${limit}`).then((r) => r.entries),
    dashboard: (weeks: number) => get<Dashboard>(`/api/admin/dashboard?weeks=${weeks}`),
    hrQuestions: (filter: { status?: string; holder?: string }) =>
      get<{ tickets: HrQuestion[]; channel: HrChannelSetting }>(`/api/admin/hr-questions?${new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString()}`),
    assignHrQuestion: (id: string, version: number) => post<{ ticket: HrQuestion }>(`${ticket(id)}/assign`, { version }),
    replyToHrQuestion: (id: string, input: { version: number; reply: string; addToGuide?: { docId: string; section?: string } }) =>
      post<{ ticket: HrQuestion; guide?: { id: string; title: string; version: number; added: boolean } }>(`${ticket(id)}/reply`, input),
    closeHrQuestion: (id: string, version: number, reason: string) => post<{ ticket: HrQuestion }>(`${ticket(id)}/close`, { version, reason }),
    hrQuestionFigures: (months: number) => get<HrQuestionFigures>(`/api/admin/hr-questions/figures?months=${months}`),
    chooseHrTeam: (teamId: string) => api<HrChannelSetting>('/api/admin/hr-channel', { method: 'PUT', body: { teamId } }),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
