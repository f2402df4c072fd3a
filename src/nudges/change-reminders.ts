import { checked, type Checked } from '../errors.js';
import type { Manager, ManagerSettings } from '../domain/manager.js';
import { MAX_PAUSE_DAYS, parseDateText, pauseReminders, resumeReminders, saveManagerSettings, type SavedSettings, type SettingsDeps } from './manager-settings.js';
import { addDays, todayFor } from './schedule.js';

/**
 * What a manager changes about their reminders from chat. Refusals they can
 * correct come back as results, for the chat to say what to fix.
 */
export function changeSettings(deps: SettingsDeps, manager: Manager, settings: ManagerSettings): Promise<Checked<SavedSettings>> {
  return checked(() => saveManagerSettings(deps, manager.email, settings));
}

export type PauseResult =
  | { readonly ok: true; readonly until: string; readonly saved: SavedSettings }
  | { readonly ok: false; readonly reason: 'unreadable' | 'too-far' }
  | { readonly ok: false; readonly reason: 'past'; readonly until: string };

/** "I'm on leave until 4 December": the date as the manager wrote it, read in their own time zone. */
export async function pauseRemindersUntil(deps: SettingsDeps, manager: Manager, dateText: string): Promise<PauseResult> {
  const today = todayFor(deps.clock.now(), manager.window.timeZone);
  const until = parseDateText(dateText, today);
  if (!until) return { ok: false, reason: 'unreadable' };
  if (until < today) return { ok: false, reason: 'past', until };
  if (until > addDays(today, MAX_PAUSE_DAYS)) return { ok: false, reason: 'too-far' };
  return { ok: true, until, saved: await pauseReminders(deps, manager, until) };
}

/** "I'm back": reminders on again; `not-paused` changes nothing. */
export async function resumeRemindersNow(deps: SettingsDeps, manager: Manager): Promise<{ readonly ok: true; readonly saved: SavedSettings } | { readonly ok: false; readonly reason: 'not-paused' }> {
  if (!manager.window.pausedUntil) return { ok: false, reason: 'not-paused' };
  return { ok: true, saved: await resumeReminders(deps, manager) };
}
