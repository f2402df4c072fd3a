/**
 * Roster import of 100,000 rows on SQLite and on PostgreSQL (embedded, or
 * TEST_DATABASE_URL): time and peak memory. Prints figures; not a test.
 * Usage: npx tsx bench/roster-import.ts [rows]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/clock.js';
import { createLogger } from '../src/logger.js';
import { importRoster } from '../src/nudges/import-roster.js';
import { openStore } from '../src/store/store.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-roster-'));
const file = path.join(dir, 'roster.csv');
const out = fs.createWriteStream(file);
out.write('employee_id,display_name,email,manager_email,start_date,department,job_title\n');
for (let i = 0; i < ROWS; i++) {
  out.write(`E${i},Person Number ${i},person.${i}@nhs.net,manager.${i % 4000}@nhs.net,20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10},Department ${i % 300},Healthcare Assistant\n`);
}
await new Promise<void>((resolve) => out.end(resolve));
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
