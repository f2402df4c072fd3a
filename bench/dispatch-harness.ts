/**
 * Shared by the dispatch benchmarks that run real `lma serve` processes:
 * the counting connector, seeding due reminders, and starting and stopping
 * servers while collecting their JSON log lines.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { systemClock } from '../src/clock.js';
import { importRoster } from '../src/nudges/import-roster.js';
import type { Store } from '../src/store/store.js';
import { spawnLma } from '../test/helpers/cli.js';
import { ALWAYS_OPEN } from '../test/helpers/nudge-seed.js';

const root = path.resolve(import.meta.dirname, '..');

export interface CountingConnector {
  readonly url: string;
  report(): Promise<{ arrivals: number[]; counts: Map<string, number> }>;
  stop(): void;
}

export async function startCountingConnector(): Promise<CountingConnector> {
  const child = fork(path.join(root, 'bench/counting-connector.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));
  return {
    url,
    report: () =>
      new Promise((resolve) => {
        child.once('message', (m) => {
          const r = m as { arrivals: number[]; counts: [string, number][] };
          resolve({ arrivals: r.arrivals, counts: new Map(r.counts) });
        });
        child.send('report');
      }),
    stop: () => void child.kill(),
  };
}

/**
 * `managers` managers with `perManager` reports each, every report with one
 * wellbeing reminder already due. Managers with an odd number have digests
 * turned off, so both card shapes go out. Returns the reminders' ids.
 */
export async function seedDueNudges(store: Store, o: { managers: number; perManager: number; serviceUrl: string }): Promise<string[]> {
  const now = new Date();
  const total = o.managers * o.perManager;
  const rows = ['employee_id,display_name,email,manager_email,start_date,department,job_title'];
  for (let i = 0; i < total; i++) rows.push(`P${i},Person ${i},p${i}@nhs.net,m${i % o.managers}@nhs.net,2026-01-05,Ward,HCA`);
  await importRoster({ store, clock: systemClock }, Readable.from([rows.join('\n')]), { full: false });
  const register = async (m: number) => {
    const email = `m${m}@nhs.net`;
    await store.nudges.saveManagerReference({
      email,
      aadObjectId: `aad-${m}`,
      reference: { channelId: 'msteams', serviceUrl: o.serviceUrl, conversation: { id: `a:conv-${m}` }, bot: { id: '28:bot' }, user: { id: `29:u${m}` } },
      now,
    });
    // Always in working hours, so the bench runs at any time of day; every other manager turned digests off.
    await store.nudges.saveManagerPreferences(email, { ...ALWAYS_OPEN, digest: m % 2 === 0 }, () => [], now);
  };
  for (let m = 0; m < o.managers; m += 8) await Promise.all(Array.from({ length: Math.min(8, o.managers - m) }, (_, k) => register(m + k)));
  await store.nudges.createNudges(
    Array.from({ length: total }, (_, i) => ({ kind: 'wellbeing' as const, employeeId: `P${i}`, managerEmail: `m${i % o.managers}@nhs.net`, stepId: undefined, dueDate: '2026-01-05', sendAfter: new Date(now.getTime() - 60_000) })),
    now,
  );
  return (await store.nudges.dueAt(new Date(), total + 1)).map((n) => n.id);
}

export interface LogLine {
  readonly time: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `lma serve` as its own process; resolves once it is listening. */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawnLma(['serve'], { PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: path.join(root, 'content'), LOG_LEVEL: 'info', ...env });
  const logs: LogLine[] = [];
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (logs.some((l) => String(l.msg).startsWith('listening'))) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`lma serve exited with ${code} before listening: ${stderr.slice(0, 500)}`));
    });
  });
  return {
    child,
    logs,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls until `done` holds, or throws after `timeoutMs`. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
