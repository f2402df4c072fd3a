/**
 * A manager as the rest of the code sees them: how to reach them and when
 * they want reminders. Only the store knows how this is kept in columns.
 */

/** When a manager may be nudged: working days and hours in their time zone, and a pause for leave. */
export interface DeliveryWindow {
  readonly timeZone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  readonly days: readonly number[];
  /** "HH:MM" local time. An end at or before the start means the window runs past midnight (night shifts). */
  readonly start: string;
  readonly end: string;
  /** Last day (YYYY-MM-DD, inclusive) of a pause such as annual leave. */
  readonly pausedUntil?: string | undefined;
}

/** The window of a manager who has not chosen one (or is not known yet): weekdays, nine to five, UK time. */
export const DEFAULT_WINDOW: DeliveryWindow = Object.freeze({
  timeZone: 'Europe/London',
  days: Object.freeze([1, 2, 3, 4, 5]),
  start: '09:00',
  end: '17:00',
  pausedUntil: undefined,
});

/** What a manager chooses on the settings card, saved as one change. */
export interface ManagerSettings {
  readonly window: DeliveryWindow;
  /** Weeks between wellbeing conversations; undefined follows the trust default. */
  readonly cadenceWeeks: number | undefined;
  /** One card for the reminders due together (the default), or one card each. */
  readonly digest: boolean;
}

export const DEFAULT_SETTINGS: ManagerSettings = Object.freeze({ window: DEFAULT_WINDOW, cadenceWeeks: undefined, digest: true });

export interface Manager extends ManagerSettings {
  /** Lower case: the roster's manager email. */
  readonly email: string;
  /** Their Entra object id, from the Teams install. */
  readonly aadObjectId: string | undefined;
  /** The Bot Framework conversation reference stored at install: where proactive cards go. */
  readonly conversation: unknown;
  /** Installed and not marked unreachable: a proactive card can reach them. */
  readonly reachable: boolean;
}
