import type { Clock } from '../clock.js';
import type { Manager } from '../domain/manager.js';
import type { StoppedManager } from '../domain/nudge.js';
import { welcomeManager, type SettingsDeps, type SettingsStore } from './manager-settings.js';

/** Who a chat belongs to, as far as reminders go. */
export type ChatManager =
  | { readonly ok: true; readonly manager: Manager }
  /** They said "forget me" on this date; nothing is stored until they say "start reminders". */
  | { readonly ok: false; readonly reason: 'stopped'; readonly stoppedOn: string }
  | { readonly ok: false; readonly reason: 'not-matched' };

/** What finding, installing and stopping a manager needs from the store. */
export interface ManagerDirectory {
  getManager(email: string): Promise<Manager | undefined>;
  managerByAadObjectId(aadObjectId: string): Promise<Manager | undefined>;
  /** The "forget me" record, by Teams account or email. */
  stoppedManager(by: { aadObjectId?: string | undefined; email?: string | undefined }): Promise<StoppedManager | undefined>;
  /** The stop lifted and the manager stored again with this conversation, in one transaction. */
  restartReminders(m: { email: string; aadObjectId: string | undefined; reference: unknown; now: Date }): Promise<void>;
  /** Their queued reminders parked until they install again. */
  markManagerUnreachable(email: string, reason: string, now: Date): Promise<void>;
}

type Managers = Pick<ManagerDirectory, 'managerByAadObjectId' | 'stoppedManager'>;

/** The manager a Teams user is, found by their Entra object id; or why there is none. */
export async function findChatManager(nudges: Managers, aadObjectId: string | undefined): Promise<ChatManager> {
  const manager = aadObjectId ? await nudges.managerByAadObjectId(aadObjectId) : undefined;
  if (manager) return { ok: true, manager };
  const stopped = await nudges.stoppedManager({ aadObjectId });
  return stopped ? { ok: false, reason: 'stopped', stoppedOn: stopped.stoppedAt.slice(0, 10) } : { ok: false, reason: 'not-matched' };
}

export interface InstallDeps extends SettingsDeps {
  readonly nudges: SettingsStore & ManagerDirectory;
  readonly clock: Clock;
  readonly defaultCadenceWeeks: number;
}

/**
 * On install in personal scope: remember how to reach this manager for nudges,
 * and spread a first round that waited for them from today. A manager who said
 * "forget me" stays stopped until they say "start reminders".
 */
export async function managerInstalled(deps: InstallDeps, m: { email: string; aadObjectId: string | undefined; reference: unknown }): Promise<void> {
  const email = m.email.toLowerCase();
  if (await deps.nudges.stoppedManager({ email })) return;
  await welcomeManager(deps, { ...m, email });
}

/** On uninstall: the manager cannot be reached; their reminders wait (parked) until they install again. True when they were known. */
export async function managerUninstalled(deps: Pick<InstallDeps, 'nudges' | 'clock'>, aadObjectId: string | undefined): Promise<boolean> {
  const manager = aadObjectId ? await deps.nudges.managerByAadObjectId(aadObjectId) : undefined;
  if (manager) await deps.nudges.markManagerUnreachable(manager.email, 'the assistant was uninstalled', deps.clock.now());
  return !!manager;
}

/**
 * "Start reminders" after "forget me": the manager is stored again with this chat.
 * `not-stopped` when they never said "forget me"; `no-chat` outside personal chat.
 */
export async function startRemindersAgain(
  deps: Pick<InstallDeps, 'nudges' | 'clock'>,
  who: { aadObjectId: string | undefined; reference?: unknown },
): Promise<{ readonly started: true; readonly manager: Manager } | { readonly started: false; readonly reason: 'not-stopped' | 'no-chat' }> {
  const stopped = await deps.nudges.stoppedManager({ aadObjectId: who.aadObjectId });
  if (!stopped) return { started: false, reason: 'not-stopped' };
  if (!who.reference) return { started: false, reason: 'no-chat' };
  await deps.nudges.restartReminders({ email: stopped.email, aadObjectId: who.aadObjectId, reference: who.reference, now: deps.clock.now() });
  return { started: true, manager: (await deps.nudges.getManager(stopped.email))! };
}
