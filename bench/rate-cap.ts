/**
 * The rate cap under load: one `lma serve` process with
 * NUDGE_RATE_PER_SECOND=20 (the default) sends 300 due reminders, one card
 * each, to a fast fake connector in its own process, which notes when each
 * card arrives. Prints cards a second in each one-second window from the
 * first card, and the most found in any one-second span.
 *
 * Tolerance. The limiter gives out send slots exactly 1/rate apart (50 ms at
 * 20 a second) with no burst, so the sender starts at most 20 sends in any
 * second. What the connector sees differs in two ways:
 * - First burst: the first sends wait together for the connector client to be
 *   set up (a few hundred ms on a busy machine), then go at once. The first
 *   second may hold up to rate + concurrency - 1 (20 + 8 - 1 = 27) cards.
 * - Jitter: after that, a one-second span may catch one more card (21) when
 *   the card opening the span was a few ms late and the one closing it was not.
 * More than rate + 1 in any span starting after the first second fails.
 * Usage: npx tsx bench/rate-cap.ts [reminders] [rate]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/logger.js';
import { openStore } from '../src/store/store.js';
import { seedDueNudges, startCountingConnector, startServe, waitUntil } from './dispatch-harness.js';

const N = Number(process.argv[2] ?? 300);
const RATE = Number(process.argv[3] ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-rate-'));
const connector = await startCountingConnector();
try {
  const store = await openStore({ config: { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } }, logger: createLogger('silent') });
  // One report per manager: every reminder is its own card, so cards a second = reminders a second.
  const ids = await seedDueNudges(store, { managers: N, perManager: 1, serviceUrl: connector.url });
  await store.close();

  const serve = await startServe({ DATA_DIR: dir, NUDGE_RATE_PER_SECOND: String(RATE), NUDGE_INTERVAL_MS: '200' });
  const check = await openStore({ config: { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } }, logger: createLogger('silent') });
  await waitUntil(async () => ((await check.nudges.countByStatus()).sent ?? 0) === ids.length, 600_000);
  await check.close();
  await serve.stop();

  const { arrivals, counts } = await connector.report();
  const times = [...arrivals].sort((a, b) => a - b);
  const first = times[0]!;
  const seconds = (times[times.length - 1]! - first) / 1000;
  const windows: number[] = [];
  for (const t of times) windows[Math.floor((t - first) / 1000)] = (windows[Math.floor((t - first) / 1000)] ?? 0) + 1;
  // The most cards in a one-second span [t, t + 1 s) starting at a card after the first second.
  let sliding = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    if (times[i]! - first < 1000) continue;
    j = Math.max(j, i);
    while (j + 1 < times.length && times[j + 1]! < times[i]! + 1000) j++;
    sliding = Math.max(sliding, j - i + 1);
  }
  const CONCURRENCY = 8; // the dispatcher's default
  const full = windows.slice(1, -1); // after the first; the last is partly empty
  console.log(`cap ${RATE}/s: ${times.length} cards (${counts.size} distinct reminders of ${ids.length}) in ${seconds.toFixed(2)} s = ${((times.length - 1) / seconds).toFixed(2)} cards/s on average`);
  console.log(`cards in each 1 s window from the first: ${windows.map((n) => n ?? 0).join(' ')}`);
  console.log(`first cards, ms after the first: ${times.slice(0, 25).map((t) => Math.round(t - first)).join(' ')}`);
  const burst = windows[0] ?? 0;
  const fixed = Math.max(0, ...full.map((n) => n ?? 0));
  console.log(`first second: ${burst} (tolerance ${RATE + CONCURRENCY - 1}); after it, most in a fixed 1 s window: ${fixed}, in any sliding 1 s span: ${sliding} (tolerance ${RATE + 1})`);
  if (burst > RATE + CONCURRENCY - 1 || fixed > RATE + 1 || sliding > RATE + 1 || counts.size !== ids.length) process.exitCode = 1;
} finally {
  connector.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
