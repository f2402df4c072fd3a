/**
 * A 100,000-row roster uploaded through the admin API (POST /api/admin/roster,
 * streamed from a file) while the bot gets 20 questions a second on
 * /api/messages: prints the bot's p50/p99/max while the upload runs, the
 * upload's time and the server's peak RSS. Local mode (development sign-in as
 * HR), replies to a fake connector on loopback. On SQLite, and on PostgreSQL
 * (embedded, or TEST_DATABASE_URL).
 * Usage: npx tsx bench/roster-upload.ts [rows] [sqlite|postgres|both]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { benchActivity, writeBenchRoster } from './bench-data.js';
import { BENCH_QUESTIONS } from './questions.js';
import { freePort } from '../test/helpers/net.js';
import { postgresServer, stopPostgresServer } from '../test/helpers/postgres.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const ENGINES = (process.argv[3] ?? 'both') === 'both' ? ['sqlite', 'postgres'] : [process.argv[3]!];
const BOT_RATE = 20;
const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

function child(script: string, args: string[], env: Record<string, string>): ChildProcess {
  const c = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(c);
  return c;
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** The resident set size of a process now and its peak so far (Linux /proc), in MiB. */
function rss(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Open-loop load: a question every 1/BOT_RATE s whether or not earlier ones have answered; latencies in ms. */
function botLoad(url: string, serviceUrl: string): { stop(): Promise<number[]>; slowest(): { sentAt: number; ms: number } } {
  const latencies: number[] = [];
  let slowest = { sentAt: 0, ms: 0 };
  const pending = new Set<Promise<void>>();
  let n = 0;
  const timer = setInterval(() => {
    const started = performance.now();
    const body = benchActivity(BENCH_QUESTIONS[n % BENCH_QUESTIONS.length]!, serviceUrl, n++);
    const p = fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`status ${r.status}`);
        const ms = performance.now() - started;
        latencies.push(ms);
        if (ms > slowest.ms) slowest = { sentAt: started, ms };
      })
      .catch((err: Error) => console.log(`  bot request failed: ${err.message}`))
      .finally(() => pending.delete(p));
    pending.add(p);
  }, 1000 / BOT_RATE);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return latencies;
    },
    slowest: () => slowest,
  };
}

function upload(url: string, token: string, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/admin/roster?full=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': fs.statSync(file).size },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function run(engine: string, csv: string, connectorUrl: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-upload-'));
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', QUESTIONS_PER_MINUTE: '0' };
  if (engine === 'postgres') env.DATABASE_URL = await (await postgresServer()).createDatabase();
  const server = child(path.join(root, 'src/cli/entry.ts'), ['serve'], env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/readyz`);
    const signIn = await fetch(`${url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'hr@example.nhs.uk', hr: true }) });
    const { token } = (await signIn.json()) as { token: string };
    // Warm up (JIT, first answers), then measure the bot alone for a baseline.
    const warm = botLoad(url, connectorUrl);
    await new Promise((r) => setTimeout(r, 3000));
    await warm.stop();
    const quiet = botLoad(url, connectorUrl);
    await new Promise((r) => setTimeout(r, 5000));
    const idle = await quiet.stop();
    const before = rss(server.pid!);
    let sampled = before.now;
    const sampler = setInterval(() => (sampled = Math.max(sampled, rss(server.pid!).now)), 50);
    const load = botLoad(url, connectorUrl);
    const started = performance.now();
    const result = await upload(url, token, csv);
    const seconds = (performance.now() - started) / 1000;
    const peakWhileUploading = sampled;
    const during = await load.stop();
    clearInterval(sampler);
    const after = rss(server.pid!);
    const summary = result.status === 200 ? (JSON.parse(result.body) as { imported: number; badLines: number }) : undefined;
    console.log(`${engine}: upload ${result.status} in ${seconds.toFixed(1)} s${summary ? ` (${summary.imported} imported, ${summary.badLines} bad lines)` : `: ${result.body.slice(0, 200)}`}`);
    console.log(`  bot alone:         p50 ${pct(idle, 50).toFixed(0)} ms, p99 ${pct(idle, 99).toFixed(0)} ms (${idle.length} requests)`);
    console.log(
      `  bot during upload: p50 ${pct(during, 50).toFixed(0)} ms, p99 ${pct(during, 99).toFixed(0)} ms, max ${Math.max(...during).toFixed(0)} ms (${during.length} requests)`,
    );
    const slow = load.slowest();
    console.log(`  slowest bot request: sent ${((slow.sentAt - started) / 1000).toFixed(1)} s after the upload began, answered in ${slow.ms.toFixed(0)} ms`);
    console.log(
      `  server RSS: ${before.now.toFixed(0)} MiB before the upload, peak ${peakWhileUploading.toFixed(0)} MiB until it was answered, ` +
        `${Math.max(sampled, after.peak).toFixed(0)} MiB until the last bot reply (the service's high-water mark: ${after.peak.toFixed(0)} MiB)`,
    );
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  const connector = child(path.join(root, 'bench/connector-process.ts'), [], {});
  const connectorUrl = await new Promise<string>((resolve) => connector.on('message', (m) => resolve(String(m))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-roster-'));
  const csv = path.join(dir, 'roster.csv');
  await writeBenchRoster(csv, ROWS);
  console.log(`${ROWS} rows, ${(fs.statSync(csv).size / 1048576).toFixed(1)} MiB of CSV, full import; bot at ${BOT_RATE} questions/s; ${os.cpus().length} cores`);
  // Other work on the machine inflates every latency: say how busy it was.
  console.log(`machine load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
  for (const engine of ENGINES) await run(engine, csv, connectorUrl);
  fs.rmSync(dir, { recursive: true, force: true });
  await stopPostgresServer();
} finally {
  for (const c of children) c.kill('SIGKILL');
}
