/**
 * Publishing on SQLite and on PostgreSQL (embedded, or TEST_DATABASE_URL):
 * how long a draft check, a publish and this instance's reload (read, validate,
 * index, swap) take, and how long another instance polling every
 * CONTENT_POLL_MS (1000) takes to answer from the new version, and the longest the event loop
 * was held meanwhile. Prints figures; not a test.
 * Usage: npx tsx bench/content-publish.ts [rounds]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/clock.js';
import { createKnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { createLogger } from '../src/logger.js';
import { importDefaultContentIfEmpty } from '../src/publishing/import-content.js';
import { loadLiveContent, startContentSync } from '../src/publishing/live-content.js';
import { publishDocument, validateDraft } from '../src/publishing/publish-document.js';
import { openStore } from '../src/store/store.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';

const ROUNDS = Number(process.argv[2] ?? 10);
const logger = createLogger('silent');
const original = fs.readFileSync(path.resolve(import.meta.dirname, '../content/docs/menopause.md'), 'utf8');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

async function run(label: string, config: Parameters<typeof openStore>[0]['config']) {
  const publisher = await openStore({ config, logger });
  const other = await openStore({ config, logger });
  const deps = { store: publisher, clock: systemClock };
  await importDefaultContentIfEmpty(deps, path.resolve(import.meta.dirname, '../content'), logger);
  const live = await loadLiveContent({ store: other, clock: systemClock });
  const knowledge = createKnowledgeBase(live.pack);
  /** When the other instance first answered from the new pack, and when its reload (crisis check included) ended. */
  let swappedAt = 0;
  let doneAt = 0;
  const watched = {
    replaceYielding: async (p: Parameters<typeof knowledge.replace>[0]) => {
      // Answers come from the new pack before the crisis check is retrained: look every turn of the loop.
      const look = () => (knowledge.pack === p ? (swappedAt = performance.now()) : setImmediate(look));
      look();
      await knowledge.replaceYielding(p);
      doneAt = performance.now();
    },
  };
  const sync = startContentSync({ store: other, knowledge: watched, clock: systemClock, logger }, live.revision, 1000);
  const local = startContentSync({ store: publisher, knowledge: createKnowledgeBase(live.pack), clock: systemClock, logger }, live.revision, 0);
  const checks: number[] = [];
  const publishes: number[] = [];
  const reloads: number[] = [];
  const visible: number[] = [];
  const whole: number[] = [];
  /** The longest the event loop was held during a reload: how long a request could wait. */
  const stalls: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const draft = original.replace(/^1\. .*$/m, `1. Round ${i}: let your team know they can talk to you about menopause.`);
    let t = performance.now();
    await validateDraft(deps, 'menopause', draft);
    checks.push(performance.now() - t);
    t = performance.now();
    await publishDocument(deps, { name: 'bench' }, 'menopause', draft, `round ${i}`);
    const published = performance.now();
    publishes.push(published - t);
    // A 1 ms ticker: the longest gap between ticks is the longest the loop was held.
    let last = performance.now();
    let stall = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 1);
    // The other instance first, then this one: in a deployment each instance is its own process,
    // so two reloads sharing this one event loop would each take twice as long as they do.
    while (swappedAt < published || doneAt < published) await new Promise((r) => setTimeout(r, 20));
    visible.push(swappedAt - published);
    whole.push(doneAt - published);
    t = performance.now();
    await local.refresh();
    reloads.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
    clearInterval(ticker);
    stalls.push(stall);
  }
  console.log(
    `${label} (${ROUNDS} rounds): check draft median ${median(checks).toFixed(0)} ms; publish median ${median(publishes).toFixed(0)} ms; ` +
      `reload on this instance median ${median(reloads).toFixed(0)} ms (max ${max(reloads).toFixed(0)}), longest event-loop stall median ${median(stalls).toFixed(0)} ms (max ${max(stalls).toFixed(0)}); ` +
      `other instance answers from it after median ${median(visible).toFixed(0)} ms (max ${max(visible).toFixed(0)}; limit 5000), its crisis check retrained after median ${median(whole).toFixed(0)} ms`,
  );
  await sync.stop();
  await local.stop();
  await publisher.close();
  await other.close();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-publish-'));
await run('SQLite', { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } });
try {
  const url = await (await postgresServer()).createDatabase();
  await run('PostgreSQL', { store: { kind: 'postgres', url } });
} catch (err) {
  console.log(`PostgreSQL: skipped (${(err as Error).message})`);
}
await stopPostgresServer();
fs.rmSync(dir, { recursive: true, force: true });
