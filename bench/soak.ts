/**
 * Soak: a steady mix of questions and card actions through POST /api/messages
 * at a fixed rate (default 200 a second for 10 minutes) against the real
 * service in its own process, replying to a fake Bot Connector (its own
 * process too) on loopback. Card actions are "Was this helpful?" feedback and
 * Mark as held / Snooze on seeded nudges, each from the manager it belongs to.
 * Prints errors, p50/p99 latency (of the requests in that minute; at the end,
 * of the whole run), and the service's RSS and live heap (after a full GC) at
 * the start, every minute and at the end, so growth without bound shows.
 *
 * Usage: npm run bench:soak [-- --seconds 120 --rate 200]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/load-content.js';
import { createLogger } from '../src/logger.js';
import { openStore } from '../src/store/store.js';
import { invokeActivity, messageActivity } from '../test/helpers/activities.js';
import { seedDueNudges } from '../test/helpers/nudge-seed.js';
import { BENCH_QUESTIONS } from './questions.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    rate: { type: 'string', default: '200' },
    managers: { type: 'string', default: '1000' },
    nudges: { type: 'string', default: '5000' },
  },
});
const SECONDS = Number(flags.seconds);
const RATE = Number(flags.rate);
const MANAGERS = Number(flags.managers);
const NUDGES = Number(flags.nudges);
const MAX_IN_FLIGHT = 2000; // beyond this the service is not keeping up; further requests count as errors
const MIX = { question: 0.7, feedback: 0.1, held: 0.1, snooze: 0.1 };

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-soak-'));
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function child(script: string, env: Record<string, string> = {}, execArgv: string[] = []): ChildProcess {
  const c = fork(path.join(root, script), [], { execArgv: ['--import', 'tsx', ...execArgv], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(c);
  return c;
}
const firstMessage = <T>(c: ChildProcess, key: string) =>
  new Promise<T>((resolve) => c.on('message', function on(m: any) {
    if (m && key in m) {
      c.off('message', on);
      resolve(m[key] as T);
    }
  }));

try {
  const connector = child('bench/connector-process.ts');
  const serviceUrl = await new Promise<string>((resolve) => connector.once('message', (m) => resolve(String(m))));

  // Nudges due in a month, so the dispatcher (running as usual) leaves them for the managers' buttons.
  const store = await openStore({ config: { store: { kind: 'sqlite', file: path.join(dataDir, 'lma.sqlite') } }, logger: createLogger('silent') });
  await seedDueNudges(store, { people: NUDGES, managers: MANAGERS, serviceUrl, sendAfter: () => new Date(Date.now() + 30 * 86_400_000) });
  const nudges = (await store.nudges.deliveryStates()).map((n) => ({ id: n.id, manager: Number(n.managerEmail.replace(/^m(\d+)@.*$/, '$1')) }));
  await store.close();
  const { pack } = await loadContent(path.join(root, 'content'), new Date());
  const passages = pack.documents.flatMap((d) => d.sections.map((s) => ({ docId: d.id, section: s.anchor })));

  const server = child('bench/soak-server.ts', {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CONTENT_DIR: path.join(root, 'content'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  }, ['--expose-gc']);
  const url = await firstMessage<string>(server, 'url');
  const memory = async () => {
    server.send('memory');
    return firstMessage<NodeJS.MemoryUsage>(server, 'memory');
  };

  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  const today = new Date().toISOString().slice(0, 10);
  const nextRequest = () => {
    const r = Math.random();
    const m = Math.floor(Math.random() * MANAGERS);
    const asManager = (k: number) => ({ serviceUrl, conversationId: `a:conv-${k}`, userId: `29:u${k}`, aadObjectId: `aad-${k}` });
    if (r < MIX.question) return messageActivity(pick(BENCH_QUESTIONS), asManager(m));
    if (r < MIX.question + MIX.feedback) {
      const p = pick(passages);
      const data = { verb: 'feedback', answerId: randomUUID(), docId: p.docId, section: p.section, helpful: Math.random() < 0.8 };
      return invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'feedback', data } }, asManager(m));
    }
    const n = pick(nudges);
    const data = r < MIX.question + MIX.feedback + MIX.held ? { verb: 'nudge-held', nudgeId: n.id, heldOn: today } : { verb: 'nudge-snooze', nudgeId: n.id, snooze: '1w' };
    return invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: data.verb, data } }, asManager(n.manager));
  };

  let fired = 0;
  let inFlight = 0;
  let errors = 0;
  const statuses = new Map<string, number>();
  let window: number[] = [];
  const all: number[] = [];
  const send = async () => {
    if (inFlight >= MAX_IN_FLIGHT) {
      errors++;
      statuses.set('not sent: too many in flight', (statuses.get('not sent: too many in flight') ?? 0) + 1);
      return;
    }
    inFlight++;
    const t = performance.now();
    try {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(nextRequest()) });
      await res.arrayBuffer();
      if (res.status >= 400) {
        errors++;
        statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
      }
    } catch (err) {
      errors++;
      const key = (err as Error).message.slice(0, 60);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    } finally {
      inFlight--;
      const ms = performance.now() - t;
      window.push(ms);
      all.push(ms);
    }
  };
  const pct = (list: number[], p: number) => {
    if (list.length === 0) return NaN;
    const sorted = Float64Array.from(list).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  };
  const report = async (label: string, latencies: number[]) => {
    const mem = await memory();
    console.log(
      `${label.padEnd(7)} ${String(fired).padStart(7)} requests  ${String(errors).padStart(5)} errors  ` +
        `p50 ${pct(latencies, 50).toFixed(1).padStart(6)} ms  p99 ${pct(latencies, 99).toFixed(1).padStart(7)} ms  ` +
        `rss ${mb(mem.rss).padStart(7)}  heap ${mb(mem.heapUsed).padStart(7)} of ${mb(mem.heapTotal)}`,
    );
    return mem;
  };

  console.log(`soak: ${RATE} requests a second for ${SECONDS} s (${Math.round(MIX.question * 100)}% questions, card actions the rest) against ${url}, ${NUDGES} seeded nudges`);
  const start = await report('start', []);
  const began = performance.now();
  let minute = 1;
  await new Promise<void>((resolve) => {
    const tick = setInterval(async () => {
      const elapsed = (performance.now() - began) / 1000;
      const due = Math.min(Math.floor(Math.min(elapsed, SECONDS) * RATE), SECONDS * RATE);
      while (fired < due) {
        fired++;
        void send();
      }
      if (elapsed >= minute * 60 && elapsed < SECONDS) {
        minute++;
        const latencies = window;
        window = [];
        await report(`${minute - 1} min`, latencies);
      }
      if (elapsed >= SECONDS) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  const end = await report('end', all);
  const seconds = (performance.now() - began) / 1000;
  console.log(
    `done: ${fired} requests in ${seconds.toFixed(0)} s (${(fired / seconds).toFixed(0)} a second), ${errors} errors` +
      (statuses.size ? ` (${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')})` : '') +
      `; rss ${mb(start.rss)} -> ${mb(end.rss)}, heap ${mb(start.heapUsed)} -> ${mb(end.heapUsed)}`,
  );
  server.send('stop');
  await new Promise((r) => server.once('exit', r));
} finally {
  for (const c of children) if (c.exitCode === null) c.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
