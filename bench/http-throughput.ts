/**
 * Messages per second through POST /api/messages: this bot answering real
 * questions versus a bare botbuilder echo bot on restify, in the same run, on
 * the same machine, both in local mode replying to a fake connector on
 * loopback. Prints both rates and their ratio. Usage: npx tsx bench/http-throughput.ts [seconds]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { benchActivity } from './bench-data.js';
import { BENCH_QUESTIONS } from './questions.js';
import { freePort } from '../test/helpers/net.js';

const SECONDS = Number(process.argv[2] ?? 8);
const CONNECTIONS = 50;
const ROUNDS = 3;
const WARM_UP_SECONDS = 10;
const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];


/**
 * Each bot under test gets core 0 to itself; the load generator and the fake
 * connector share core 1. Without this, the four processes contend for two
 * cores and the ratio mostly measures the scheduler.
 */
const PIN = canPin();
function canPin(): boolean {
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
}

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function start(script: string, args: string[], env: Record<string, string>, readyWhen: (msg: unknown) => boolean, core = 1): Promise<unknown> {
  const child = spawn(PIN ? 'taskset' : process.execPath, [...(PIN ? ['-c', String(core), process.execPath] : []), '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on('message', (m) => readyWhen(m) && resolve(m));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function load(url: string, serviceUrl: string, questions: readonly string[], seconds = SECONDS, pid?: number): Promise<number> {
  let n = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: benchActivity(questions[n++ % questions.length]!, serviceUrl, n) }) }],
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) console.log(`  warning: ${bad} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  const cpuAfter = cpuSeconds(pid);
  if (cpuBefore !== undefined && cpuAfter !== undefined) busy.push((cpuAfter - cpuBefore) / seconds);
  return result.requests.average;
}
const busy: number[] = [];

try {
  const connectorUrl = String(await start(path.join(root, 'bench/connector-process.ts'), [], {}, (m) => typeof m === 'string'));
  const echoPort = await freePort();
  await start(path.join(root, 'bench/echo-bot.ts'), [], { PORT: String(echoPort) }, (m) => m === 'ready', 0);
  const echoPid = children[children.length - 1]!.pid;
  const lmaPort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-bench-'));
  start(
    path.join(root, 'src/cli/entry.ts'),
    ['serve'],
    // One bench user asks thousands of questions a second: the per-person limit would answer most with "slow down".
    { PORT: String(lmaPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', QUESTIONS_PER_MINUTE: '0' },
    () => false,
    0,
  ).catch(() => undefined);
  const lmaPid = children[children.length - 1]!.pid;
  await waitForHttp(`http://127.0.0.1:${lmaPort}/readyz`);

  console.log(PIN ? 'bot under test on core 0; load generator and fake connector on core 1' : 'warning: could not pin processes to cores (taskset); figures are noisier');
  console.log(`${CONNECTIONS} connections, ${WARM_UP_SECONDS} s warm-up, then ${ROUNDS} alternating rounds of ${SECONDS} s each, on ${os.cpus().length} cores`);
  // Warm both up first (JIT, connection pools, SQLite pages): the first seconds run far slower.
  await load(`http://127.0.0.1:${echoPort}`, connectorUrl, ['hello'], WARM_UP_SECONDS);
  await load(`http://127.0.0.1:${lmaPort}`, connectorUrl, BENCH_QUESTIONS, WARM_UP_SECONDS);
  // Alternating rounds spread any drift in the machine's speed over both bots.
  const echoRates: number[] = [];
  const lmaRates: number[] = [];
  const echoBusy: number[] = [];
  const lmaBusy: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    echoRates.push(await load(`http://127.0.0.1:${echoPort}`, connectorUrl, ['hello'], SECONDS, echoPid));
    echoBusy.push(busy.pop() ?? NaN);
    lmaRates.push(await load(`http://127.0.0.1:${lmaPort}`, connectorUrl, BENCH_QUESTIONS, SECONDS, lmaPid));
    lmaBusy.push(busy.pop() ?? NaN);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`bare echo bot:  ${mean(echoRates).toFixed(0)} messages/s (rounds: ${echoRates.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`this bot:       ${mean(lmaRates).toFixed(0)} messages/s (rounds: ${lmaRates.map((x) => x.toFixed(0)).join(', ')}; answer cards, question log in SQLite)`);
  const pct = (xs: number[]) => `${(mean(xs) * 100).toFixed(0)}%`;
  // A bot well under 100% of its core was not the bottleneck: the load generator was, and the ratio flatters.
  console.log(`bot process CPU while loaded: echo ${pct(echoBusy)}, this bot ${pct(lmaBusy)} of one core`);
  console.log(`ratio: ${(mean(lmaRates) / mean(echoRates)).toFixed(2)}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
} finally {
  for (const c of children) c.kill('SIGKILL');
}
