import { Readable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { botAddedActivity, invokeActivity, postActivity, type ActivityOptions } from './activities.js';
import { FakeConnector } from './fake-connector.js';
import { startTestServer, type TestServer } from './test-server.js';

/** A Teams user as TeamsInfo.getMember reports them. */
export interface TeamsUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly userPrincipalName: string;
  readonly aadObjectId: string;
}

export const WARD_MANAGER: TeamsUser = { id: '29:user-1', name: 'Wendy Ward', email: 'ward.manager@nhs.net', userPrincipalName: 'ward.manager@nhs.net', aadObjectId: 'aad-user-1' };
export const OTHER_MANAGER: TeamsUser = { id: '29:user-2', name: 'Olu Other', email: 'other.manager@nhs.net', userPrincipalName: 'other.manager@nhs.net', aadObjectId: 'aad-user-2' };

/**
 * The service with a roster, managers who installed the app in personal chat,
 * and one dispatch pass done: reminders are out and the connector is cleared.
 */
export interface ManagerChat {
  readonly server: TestServer;
  readonly connector: FakeConnector;
  /** Activity options for a user's personal chat. */
  as(user: TeamsUser): ActivityOptions;
  /** An Action.Execute invoke carrying `data`, from `user`; the response status and card or error. */
  invoke(data: unknown, user: TeamsUser, aadObjectId?: string): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export async function startManagerChat(o: { roster: string; managers: readonly TeamsUser[]; clock: Clock }): Promise<ManagerChat> {
  const connector = await new FakeConnector().start();
  for (const m of o.managers) connector.members.set(m.id, { ...m });
  const server = await startTestServer({ NUDGE_RATE_PER_SECOND: '0' }, o.clock);
  const as = (m: TeamsUser): ActivityOptions => ({ serviceUrl: connector.url, userId: m.id, aadObjectId: m.aadObjectId, conversationId: `a:${m.id}` });
  await importRoster({ store: server.app.store, clock: o.clock }, Readable.from([o.roster]), { full: false });
  for (const m of o.managers) await postActivity(server.url, botAddedActivity(as(m)));
  await connector.waitFor((c) => c.length >= o.managers.length); // the welcome cards
  await server.app.dispatcher.runNow();
  connector.calls.length = 0;
  return {
    server,
    connector,
    as,
    async invoke(data, user, aadObjectId = user.aadObjectId) {
      const activity = invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'x', data } }, { ...as(user), aadObjectId });
      const res = await postActivity(server.url, activity);
      return { status: res.status, text: JSON.stringify(((await res.json()) as { value?: unknown }).value) };
    },
    async stop() {
      await server.stop();
      await connector.stop();
    },
  };
}
