import { Readable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { botAddedActivity, postActivity, type ActivityOptions } from './activities.js';
import { FakeConnector } from './fake-connector.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The Teams user the nudge end-to-end tests act as. */
export const MANAGER = { id: '29:user-1', name: 'Wendy Ward', email: 'ward.manager@nhs.net', userPrincipalName: 'ward.manager@nhs.net', aadObjectId: 'aad-user-1' };

export interface InstalledManager {
  readonly server: TestServer;
  readonly connector: FakeConnector;
  /** Activity options for MANAGER talking to the bot through the connector. */
  readonly o: ActivityOptions;
  stop(): Promise<void>;
}

/**
 * The real server (no rate cap, dispatch passes run by the test) with `roster`
 * imported and MANAGER's install done: the welcome card is sent and cleared.
 */
export async function startWithInstalledManager(roster: string, clock: Clock): Promise<InstalledManager> {
  const connector = await new FakeConnector().start();
  connector.members.set(MANAGER.id, MANAGER);
  const server = await startTestServer({ NUDGE_RATE_PER_SECOND: '0' }, clock);
  const o = { serviceUrl: connector.url, userId: MANAGER.id, aadObjectId: MANAGER.aadObjectId };
  await importRoster({ store: server.app.store, clock }, Readable.from([roster]), { full: false });
  await postActivity(server.url, botAddedActivity(o));
  await connector.waitFor((c) => c.length >= 1); // the welcome card
  connector.calls.length = 0;
  return {
    server,
    connector,
    o,
    async stop() {
      await server.stop();
      await connector.stop();
    },
  };
}
