import fs from 'node:fs';
import { expect } from 'chai';
import { builtTabsDir } from '../../src/http/tab-pages.js';
import pg from 'pg';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { startBotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { requirePostgres } from '../helpers/postgres.js';
import { skipOrFail } from '../helpers/skip.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

// Written out here rather than imported: the test states what Microsoft asks for, independently of the code.
const TEAMS_HOSTS = ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.microsoft365.com', 'https://*.office.com'];

function expectPageHeaders(res: Response, where: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  const ancestors = directives.get('frame-ancestors') ?? [];
  for (const host of TEAMS_HOSTS) expect(ancestors, `${where}: frame-ancestors ${host}`).to.include(host);
  expect(ancestors, `${where}: no wildcard framing`).not.to.include('*');
  expect(directives.get('default-src'), `${where}: default-src`).to.deep.equal(["'none'"]);
  expect(directives.get('script-src') ?? [], `${where}: no inline scripts`).not.to.include("'unsafe-inline'");
  expect(res.headers.get('x-content-type-options'), where).to.equal('nosniff');
  expect(res.headers.get('referrer-policy'), where).to.equal('no-referrer');
}

describe('security: headers on pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.stop());

  it('guidance pages (found and not found) carry CSP with Teams frame-ancestors, nosniff and no-referrer', async () => {
    const id = server.app.knowledge.pack.documents[0]!.id;
    const found = await fetch(`${server.url}/guidance/${id}`);
    expect(found.status).to.equal(200);
    expectPageHeaders(found, 'guidance page');
    const missing = await fetch(`${server.url}/guidance/no-such-page`);
    expect(missing.status).to.equal(404);
    expectPageHeaders(missing, 'guidance 404');
  });

  it('every /tabs/ page mounted carries the same headers', async function () {
    const tabs = server.app.mountedRoutes().filter((r) => r.method === 'GET' && r.path.startsWith('/tabs'));
    if (tabs.length === 0) skipOrFail(this, 'no tab pages mounted in this build (npm run build builds them)');
    let pages = 0;
    // Every built tab, through every mounted /tabs/ route shape (folder, folder/, folder/file).
    for (const tab of fs.readdirSync(builtTabsDir())) {
      for (const route of tabs) {
        const url = route.path.replace(/\*$/, '').replace(':tab', tab).replace(':file', 'index.html');
        const res = await fetch(`${server.url}${url}`, { redirect: 'manual' });
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        expectPageHeaders(res, url);
        pages++;
      }
    }
    expect(pages, 'at least one tab page answered with HTML').to.be.greaterThan(0);
  });
});

describe('security: no secrets in logs', () => {
  const APP_SECRET = 'Bot~Secret~Value~9f3c1e';
  const DB_SECRET = 'Db-Secret-Value-4a7b2d';
  const APP_ID = '00000000-0000-0000-0000-0000000000b1';

  it('a start, a message, refusals and errors never write the bot password or the database password', async function () {
    const admin = await requirePostgres(this);
    const base = new URL(admin);
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create role lma_secret_probe login superuser password '${DB_SECRET}'`).catch(() => undefined);
    await client.end();
    const dbUrl = new URL(base);
    dbUrl.username = 'lma_secret_probe';
    dbUrl.password = DB_SECRET;

    // Everything anything writes: our logs (captured by the test server) and the console (botbuilder, pg).
    const console: string[] = [];
    const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (console.push(String(chunk)), (writes.out as any)(chunk, ...rest))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (console.push(String(chunk)), (writes.err as any)(chunk, ...rest))) as typeof process.stderr.write;
    const keys = await startBotFrameworkKeys();
    const connector = await new FakeConnector().start();
    const logs: string[] = [];
    let startError = '';
    try {
      const env = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_SECRET, MicrosoftAppTenantId: 'tenant-1', MicrosoftAppType: 'SingleTenant', DATABASE_URL: dbUrl.toString() };
      const server = await startTestServer(env, undefined, { botAuth: keys.overrides });
      try {
        // A real message: authenticated, handled, and the reply fails (no network for a bot token) - an error path.
        await postActivity(server.url, messageActivity('how do I handle sickness absence', { serviceUrl: connector.url }), {
          authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url })}`,
        });
        await postActivity(server.url, messageActivity('hello', { serviceUrl: connector.url }), { authorization: 'Bearer nonsense' });
        await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken' });
        await fetch(`${server.url}/readyz`);
      } finally {
        logs.push(...server.logs);
        await server.stop();
      }
      expect(logs.join('\n')).to.contain('"event":"question"');
      // A start that fails on the database: the error message must not carry the password either.
      const wrong = new URL(dbUrl);
      wrong.password = `${DB_SECRET}-wrong`;
      await startTestServer({ ...env, DATABASE_URL: wrong.toString() }).catch((err: Error) => (startError = `${err.message} ${String(err.cause ?? '')}`));
      expect(startError).to.not.equal('');
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      await connector.stop();
      await keys.stop();
    }
    const everything = [...logs, ...console, startError].join('\n');
    expect(logs.length).to.be.greaterThan(5);
    for (const secret of [APP_SECRET, DB_SECRET, encodeURIComponent(APP_SECRET), encodeURIComponent(DB_SECRET)]) {
      expect(everything.includes(secret), `"${secret}" was written`).to.equal(false);
    }
  });
});
