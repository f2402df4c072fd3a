import { expressionBuilder, type Expression, type Selectable, type SqlBool } from 'kysely';
import { DEFAULT_SETTINGS, type DeliveryWindow, type Manager, type ManagerSettings } from '../domain/manager.js';
import type { Nudge, NudgeOutcome } from '../domain/nudge.js';
import type { ManagerTable, NudgeTable } from './schema.js';

/**
 * Where manager and nudge rows turn into domain objects and back: the only
 * place that knows "1,2,3,4,5", 0/1 flags and null columns. The shared
 * conditions (an open wellbeing nudge, a nudge due now) are written once here.
 */

/** How a person with no line manager in the roster (the top of a hierarchy) is stored: no nudges are planned about them. */
export const NO_MANAGER = '';

export type ManagerRow = Selectable<ManagerTable>;
export type NudgeRow = Selectable<NudgeTable>;

/** A manager's settings as the columns that hold them. */
export function settingsColumns(s: ManagerSettings) {
  return {
    time_zone: s.window.timeZone,
    days: s.window.days.join(','),
    start_time: s.window.start,
    end_time: s.window.end,
    paused_until: s.window.pausedUntil ?? null,
    cadence_weeks: s.cadenceWeeks ?? null,
    digest: s.digest ? 1 : 0,
  };
}

/** A newly installed manager's columns: the defaults, from the one place they are written. */
export const DEFAULT_MANAGER_COLUMNS = Object.freeze(settingsColumns(DEFAULT_SETTINGS));

/** The window columns, also as joined onto a nudge (all null when the manager is not known). */
type WindowColumns = Pick<ManagerRow, 'time_zone' | 'days' | 'start_time' | 'end_time' | 'paused_until'>;

function windowOf(m: WindowColumns): DeliveryWindow {
  return {
    timeZone: m.time_zone,
    days: m.days.split(',').map(Number).filter((d) => d >= 1 && d <= 7),
    start: m.start_time,
    end: m.end_time,
    pausedUntil: m.paused_until ?? undefined,
  };
}

export function managerOf(m: ManagerRow): Manager {
  return {
    email: m.email,
    aadObjectId: m.aad_object_id ?? undefined,
    conversation: m.conversation_reference ? JSON.parse(m.conversation_reference) : undefined,
    reachable: !!m.conversation_reference && m.reachable === 1,
    window: windowOf(m),
    cadenceWeeks: m.cadence_weeks ?? undefined,
    digest: m.digest !== 0,
  };
}

/** The manager columns a nudge query left-joins (as `m_*`), so that each row carries its manager. */
export const JOINED_MANAGER = [
  'm.email as m_email',
  'm.aad_object_id as m_aad_object_id',
  'm.conversation_reference as m_conversation_reference',
  'm.reachable as m_reachable',
  'm.time_zone as m_time_zone',
  'm.days as m_days',
  'm.start_time as m_start_time',
  'm.end_time as m_end_time',
  'm.paused_until as m_paused_until',
  'm.cadence_weeks as m_cadence_weeks',
  'm.digest as m_digest',
] as const;

type Joined = { [K in keyof ManagerRow as `m_${K & string}`]: ManagerRow[K] | null };

/** The manager left-joined onto a row; undefined when the manager is not known. */
export function joinedManagerOf(r: Omit<Joined, 'm_updated_at' | 'm_unreachable_since'>): Manager | undefined {
  if (r.m_email === null) return undefined;
  return managerOf({
    email: r.m_email,
    aad_object_id: r.m_aad_object_id,
    conversation_reference: r.m_conversation_reference,
    reachable: r.m_reachable ?? 0,
    unreachable_since: null,
    time_zone: r.m_time_zone!,
    days: r.m_days!,
    start_time: r.m_start_time!,
    end_time: r.m_end_time!,
    paused_until: r.m_paused_until,
    cadence_weeks: r.m_cadence_weeks,
    digest: r.m_digest ?? 1,
    updated_at: '',
  });
}

function outcomeOf(n: NudgeRow): NudgeOutcome | undefined {
  switch (n.outcome) {
    case 'held':
      return { kind: 'held', on: n.held_on ?? '' };
    case 'snoozed':
      return { kind: 'snoozed', until: n.snoozed_until ?? '' };
    case 'skipped':
      return { kind: 'skipped', reason: n.skip_reason ?? 'other' };
    default:
      return undefined;
  }
}

export function nudgeOf(n: NudgeRow): Nudge {
  return {
    id: n.id,
    kind: n.kind,
    employeeId: n.employee_id,
    managerEmail: n.manager_email,
    stepId: n.step_id ?? undefined,
    dueDate: n.due_date,
    sendAfter: new Date(n.send_after),
    status: n.status,
    attempts: Number(n.attempts),
    activityId: n.activity_id ?? undefined,
    outcome: outcomeOf(n),
    outcomeAt: n.outcome_at ? new Date(n.outcome_at) : undefined,
  };
}

export function outcomeColumns(o: NudgeOutcome) {
  return {
    outcome: o.kind,
    held_on: o.kind === 'held' ? o.on : null,
    snoozed_until: o.kind === 'snoozed' ? o.until : null,
    skip_reason: o.kind === 'skipped' ? o.reason : null,
  };
}

const n = expressionBuilder<{ n: NudgeTable }, 'n'>();

/**
 * An open wellbeing nudge (on `nudge as n`): not answered, not cancelled,
 * not failed for good. The unique index nudge_one_open_wellbeing holds the
 * same rule: a person has at most one.
 */
export const OPEN_WELLBEING: Expression<SqlBool> = n.and([n('n.kind', '=', 'wellbeing'), n('n.outcome', 'is', null), n('n.status', 'not in', ['cancelled', 'failed'])]);

/** Nudges a dispatch at `at` takes (on `nudge as n`): pending and due, or claimed by an instance whose lease ran out. */
export function isDueAt(at: string): Expression<SqlBool> {
  return n.or([n.and([n('n.status', '=', 'pending'), n('n.send_after', '<=', at)]), n.and([n('n.status', '=', 'claimed'), n('n.lease_expires_at', '<', at)])]);
}
