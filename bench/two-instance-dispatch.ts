/**
 * Two `lma serve` processes sharing one embedded PostgreSQL dispatch 20,000
 * due reminders to a fast fake connector (its own process, no rate cap).
 * Prints how many reached the connector, duplicates and missing (both must
 * be 0), the time taken, and what each instance sent and at what rate.
 * Half the managers have digests off, so both card shapes go out.
 * Usage: npx tsx bench/two-instance-dispatch.ts [nudges]   (default 20000; 5 reports per manager)
 */
import { createLogger } from '../src/logger.js';
import { openStore } from '../src/store/store.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';
import { seedDueNudges, startCountingConnector, startServe, waitUntil, type ServeProcess } from './dispatch-harness.js';

const N = Number(process.argv[2] ?? 20_000);
const PER_MANAGER = 5;
const connector = await startCountingConnector();
const pg = await postgresServer();
const url = await pg.createDatabase();
const instances: ServeProcess[] = [];
try {
  const store = await openStore({ config: { store: { kind: 'postgres', url } }, logger: createLogger('silent') });
  const seededAt = performance.now();
  const ids = await seedDueNudges(store, { managers: Math.ceil(N / PER_MANAGER), perManager: PER_MANAGER, serviceUrl: connector.url });
  console.log(`seeded ${ids.length} due reminders for ${Math.ceil(N / PER_MANAGER)} managers in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);

  // Both start together; each runs its dispatcher every 100 ms with the default batch (200) and concurrency (8).
  const env = { DATABASE_URL: url, NUDGE_RATE_PER_SECOND: '0', NUDGE_INTERVAL_MS: '100' };
  instances.push(...(await Promise.all([startServe(env), startServe(env)])));
  await waitUntil(async () => {
    const c = await store.nudges.countByStatus();
    return (c.pending ?? 0) + (c.claimed ?? 0) === 0;
  }, 600_000);
  const statuses = await store.nudges.countByStatus();
  await store.close();

  const { arrivals, counts } = await connector.report();
  const seen = [...counts.values()];
  const duplicates = seen.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const missing = ids.filter((id) => !counts.has(id)).length;
  const first = Math.min(...arrivals);
  const last = Math.max(...arrivals);
  const seconds = (last - first) / 1000;
  const total = seen.reduce((a, b) => a + b, 0);
  console.log(`reminders: ${ids.length} due, ${total} arrived at the connector on ${arrivals.length} cards; duplicates ${duplicates}, missing ${missing}; store: ${JSON.stringify(statuses)}`);
  console.log(`time: ${seconds.toFixed(1)} s from first to last card = ${(total / seconds).toFixed(0)} reminders/s together`);
  instances.forEach((inst, i) => {
    const passes = inst.logs.filter((l) => l.msg === 'nudges dispatched');
    const sent = passes.reduce((sum, l) => sum + Number(l.sent ?? 0), 0);
    const until = passes.length ? Math.max(...passes.map((l) => l.time)) : first;
    const busy = Math.max(0.001, (until - first) / 1000);
    console.log(`instance ${i + 1}: ${sent} reminders in ${passes.length} batches, finished ${busy.toFixed(1)} s after the first card = ${(sent / busy).toFixed(0)} reminders/s`);
  });
  if (duplicates !== 0 || missing !== 0) process.exitCode = 1;
} finally {
  await Promise.all(instances.map((i) => i.stop()));
  connector.stop();
  await stopPostgresServer();
}
