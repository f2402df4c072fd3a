/** People on the staff roster, as HR's export gives them and as the store keeps them. */
export interface RosterRow {
  readonly employeeId: string;
  readonly displayName: string;
  readonly email: string | undefined;
  /** Undefined for someone with no line manager in the export (the top of a hierarchy): they import, with no nudges about them. */
  readonly managerEmail: string | undefined;
  readonly startDate: string;
  readonly endDate: string | undefined;
  readonly department: string | undefined;
  readonly jobTitle: string | undefined;
}

export interface Person extends RosterRow {
  /** Set when a full import no longer lists them: their nudges stop. */
  readonly leftOn: string | undefined;
  /** The last wellbeing conversation marked as held: the cadence runs from here. */
  readonly lastWellbeingOn: string | undefined;
}

/**
 * Employee ids of people a manager adds in chat start with this. Roster ids
 * may not contain ":", so the two can never collide.
 */
export const CHAT_EMPLOYEE_PREFIX = 'chat:';
