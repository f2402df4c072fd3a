/**
 * Defaults that code outside the configuration also falls back on (a manager with no cadence of
 * their own, a roster read without limits given): one home, read by the configuration schema and
 * by them, so the two can never disagree.
 */
export const DEFAULT_CADENCE_WEEKS = 6;
export const DEFAULT_ROSTER_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_ROSTER_MAX_ROWS = 200_000;
