/**
 * Roster import of 100,000 rows on SQLite and on PostgreSQL (embedded, or
 * TEST_DATABASE_URL): time and peak memory. Prints figures; not a test.
 * Usage: npx tsx bench/roster-import.ts [rows]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/clock.js';
import { writeBenchRoster } from './bench-data.js';
import { createLogger } from '../src/logger.js';
import { importRoster } from '../src/nudges/import-roster.js';
import { openStore } from '../src/store/store.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-roster-'));
const file = path.join(dir, 'roster.csv');
await writeBenchRoster(file, ROWS);
console.log(`${ROWS} rows, ${(fs.statSync(file).size / 1048576).toFixed(1)} MiB of CSV`);

async function run(label: string, config: Parameters<typeof openStore>[0]['config']) {
  const store = await openStore({ config, logger: createLogger('silent') });
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const report = await importRoster({ store, clock: systemClock }, fs.createReadStream(file), { full: true });
  const seconds = (performance.now() - started) / 1000;
  const again = performance.now();
  const second = await importRoster({ store, clock: systemClock }, fs.createReadStream(file), { full: true });
  console.log(
    `${label}: first import ${seconds.toFixed(1)} s (${report.added} added, ${report.problems.length} bad), ` +
      `re-import ${((performance.now() - again) / 1000).toFixed(1)} s (${second.unchanged} unchanged); ` +
      `RSS ${(rssBefore / 1048576).toFixed(0)} MiB before, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
  await store.close();
}

await run('SQLite', { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } });
const pg = await postgresServer();
await run('PostgreSQL', { store: { kind: 'postgres', url: await pg.createDatabase() } });
await stopPostgresServer();
fs.rmSync(dir, { recursive: true, force: true });
