/**
 * A nudge: one reminder to one manager about one report. Records dates and
 * what the manager chose, never what was said. These are the shapes the store
 * returns and takes back; only the store knows the columns behind them.
 */
import type { Manager } from './manager.js';

export type NudgeKind = 'wellbeing' | 'onboarding';
export type NudgeStatus = 'pending' | 'claimed' | 'sent' | 'done' | 'parked' | 'failed' | 'cancelled';

/** What the manager chose, as stored. */
export type NudgeOutcome =
  | { readonly kind: 'held'; readonly on: string }
  | { readonly kind: 'snoozed'; readonly until: string }
  | { readonly kind: 'skipped'; readonly reason: string };

/** A nudge to create: who it is about, for whom, and when. */
export interface NewNudge {
  readonly kind: NudgeKind;
  readonly employeeId: string;
  readonly managerEmail: string;
  /** The onboarding plan's step; undefined for wellbeing. */
  readonly stepId: string | undefined;
  /** The manager's local date it is due. */
  readonly dueDate: string;
  /** Earliest instant it may go out (the manager's next working window on or after the due date). */
  readonly sendAfter: Date;
}

export interface Nudge extends NewNudge {
  readonly id: string;
  readonly status: NudgeStatus;
  /** Failed sends so far. */
  readonly attempts: number;
  /** The Teams message it went out on (a digest carries several). */
  readonly activityId: string | undefined;
  readonly outcome: NudgeOutcome | undefined;
  readonly outcomeAt: Date | undefined;
}

/** The report a nudge is about, as a card names them. */
export interface NudgeSubject {
  readonly displayName: string;
  readonly email: string | undefined;
  readonly lastWellbeingOn: string | undefined;
}

/** A nudge with the report it is about. */
export interface NudgeAbout extends Nudge {
  readonly person: NudgeSubject;
}

/** A nudge a dispatcher holds the lease on, with its report and manager (undefined: the manager is not known). */
export interface ClaimedNudge extends NudgeAbout {
  readonly manager: Manager | undefined;
}

/** A due nudge with its manager (undefined: not known), for what a dispatch would do. */
export interface DueNudge extends Nudge {
  readonly manager: Manager | undefined;
}

/** A nudge not yet sent, with what re-planning needs: the person's dates and the previous wellbeing outcome. */
export interface PendingNudge extends Nudge {
  readonly startDate: string;
  readonly lastWellbeingOn: string | undefined;
  readonly previous: { readonly outcome: NudgeOutcome['kind']; readonly at: Date } | undefined;
}

export interface Reschedule {
  readonly id: string;
  readonly dueDate: string;
  readonly sendAfter: Date;
}

/** Someone in post a nudge may be planned about. */
export interface PlanningPerson {
  readonly employeeId: string;
  readonly managerEmail: string;
  readonly startDate: string;
  readonly lastWellbeingOn: string | undefined;
}

export type OutcomeResult =
  | { readonly status: 'recorded'; readonly nudge: Nudge }
  | { readonly status: 'already'; readonly nudge: Nudge }
  | { readonly status: 'not-yours' }
  | { readonly status: 'not-found' };

/** A manager who said "forget me" while still managing people in the roster. */
export interface StoppedManager {
  readonly email: string;
  readonly stoppedAt: string;
}
