/** Plain data shapes of the content pack, shared by the loader, search and cards. */

export type DocumentKind = 'expectation' | 'policy' | 'wellbeing' | 'guide';

export interface SourceLink {
  readonly title: string;
  readonly url: string;
}

export interface Section {
  readonly docId: string;
  /** Stable slug of the heading, used in deep links ("#what-to-do"). */
  readonly anchor: string;
  readonly heading: string;
  /** Markdown of the section body, placeholders filled. */
  readonly text: string;
  /** Items of the first numbered list in the section, if any. */
  readonly steps: readonly string[];
}

/** A question managers ask that a document (and, where given, one of its sections) answers. */
export interface ExampleQuestion {
  readonly text: string;
  /** Anchor of the section that answers it. */
  readonly section?: string;
}

export interface ContentDocument {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly stage: string;
  readonly summary: string;
  readonly keywords: readonly string[];
  readonly synonyms: readonly string[];
  readonly owner: string;
  /** ISO dates (YYYY-MM-DD). */
  readonly lastReviewed: string;
  readonly reviewDue: string;
  readonly source: SourceLink;
  readonly references: readonly SourceLink[];
  readonly related: readonly string[];
  readonly questions: readonly ExampleQuestion[];
  /** Path relative to the content folder, for error messages. */
  readonly file: string;
  /** Body Markdown with placeholders filled. */
  readonly body: string;
  /** The opening text first, then one entry per `##` section. */
  readonly sections: readonly Section[];
}

export interface Stage {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export interface PlanStep {
  readonly id: string;
  readonly title: string;
  /** Onboarding: days relative to the start date. Absent for the conversation guide. */
  readonly offsetDays?: number;
  readonly summary: string;
  readonly actions: readonly string[];
  readonly questions: readonly string[];
}

export interface Plan {
  readonly id: string;
  readonly title: string;
  /** Document opened as the full guide. */
  readonly guide: string;
  readonly steps: readonly PlanStep[];
}

export type OutOfScopeReason = 'clinical' | 'it' | 'pay' | 'legal' | 'off-topic';

/** An example of a question the assistant declines, and why. */
export interface DeclineExample {
  readonly reason: OutOfScopeReason;
  readonly text: string;
}

/** A piece of NHS shorthand managers type, and what it stands for (glossary.yml). */
export interface GlossaryTerm {
  readonly term: string;
  readonly meaning: string;
}

export interface ContentPack {
  readonly documents: readonly ContentDocument[];
  /** Examples of questions to decline (out-of-scope.yml); may be empty. */
  readonly declines: readonly DeclineExample[];
  /** Shorthand and its meaning (glossary.yml); may be empty. */
  readonly glossary: readonly GlossaryTerm[];
  readonly stages: readonly Stage[];
  readonly plans: readonly Plan[];
  readonly settings: Readonly<Record<string, string>>;
}

/** One file of a content pack, as read from disk or from the store. */
export interface ContentFile {
  /** Relative to the content folder, forward slashes ("docs/menopause.md"). */
  readonly path: string;
  readonly text: string;
}

export type Severity = 'error' | 'warning';

export interface ContentProblem {
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}
