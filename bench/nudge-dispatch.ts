/**
 * Nudge dispatch throughput: due nudges sent through the real Bot Framework
 * client to a fast fake connector on loopback (its own process), no rate cap,
 * on SQLite and on PostgreSQL. Prints nudges a second. Usage: npx tsx bench/nudge-dispatch.ts [nudges]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createMessenger } from '../src/bot/messenger.js';
import { nudgeCardForDispatch } from '../src/cards/nudge-card.js';
import { systemClock } from '../src/clock.js';
import { loadContent } from '../src/content/load-content.js';
import { createLogger } from '../src/logger.js';
import { dispatchOnce } from '../src/nudges/dispatcher.js';
import { importRoster } from '../src/nudges/import-roster.js';
import { createRateLimiter } from '../src/nudges/rate-limiter.js';
import { openStore, type Store } from '../src/store/store.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';

const N = Number(process.argv[2] ?? 5000);
const root = path.resolve(import.meta.dirname, '..');
const logger = createLogger('silent');
const { pack } = await loadContent(path.join(root, 'content'), new Date());
const connector = fork(path.join(root, 'bench/connector-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const serviceUrl = await new Promise<string>((resolve) => connector.on('message', (m) => resolve(String(m))));
const messenger = createMessenger(new ConfigurationBotFrameworkAuthentication({}), '');
const services = { publicUrl: 'http://localhost:3978', knowledge: { pack }, clock: systemClock };

async function seed(store: Store) {
  const now = new Date();
  const rows = ['employee_id,display_name,email,manager_email,start_date,department,job_title'];
  for (let i = 0; i < N; i++) rows.push(`P${i},Person ${i},p${i}@nhs.net,m${i}@nhs.net,2026-01-05,Ward,HCA`);
  await importRoster({ store, clock: systemClock }, Readable.from([rows.join('\n')]), { full: false });
  for (let i = 0; i < N; i++) {
    await store.nudges.saveManagerReference({
      email: `m${i}@nhs.net`,
      aadObjectId: `aad-${i}`,
      reference: { channelId: 'msteams', serviceUrl, conversation: { id: `a:conv-${i}` }, bot: { id: '28:bot' }, user: { id: `29:u${i}` } },
      now,
    });
  }
  await store.nudges.createNudges(
    Array.from({ length: N }, (_, i) => ({ kind: 'wellbeing' as const, employeeId: `P${i}`, managerEmail: `m${i}@nhs.net`, stepId: undefined, dueDate: '2026-11-20', sendAfter: new Date(now.getTime() - 1000) })),
    now,
  );
}

async function run(label: string, store: Store) {
  await seed(store);
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const r = await dispatchOnce({
      nudges: store.nudges,
      messenger,
      limiter: createRateLimiter(0),
      clock: systemClock,
      logger,
      owner: 'bench',
      card: (group) => nudgeCardForDispatch(services, group),
      options: { batchSize: 500, concurrency: 32 },
    });
    sent += r.sent;
    if (r.failed || r.parked) console.log(`  ${label}: ${r.failed} failed, ${r.parked} parked`);
    if (r.claimed === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${sent} nudges in ${seconds.toFixed(1)} s = ${(sent / seconds).toFixed(0)} nudges/s (one card each, no rate cap)`);
  await store.close();
}

try {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-dispatch-'));
  await run('SQLite', await openStore({ config: { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } }, logger }));
  const pg = await postgresServer();
  await run('PostgreSQL', await openStore({ config: { store: { kind: 'postgres', url: await pg.createDatabase() } }, logger }));
  await stopPostgresServer();
  fs.rmSync(dir, { recursive: true, force: true });
} finally {
  connector.kill();
}
