import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'chai';
import pg from 'pg';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { until } from '../helpers/wait.js';

const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
const row = (i: number) => `U${i},Person Number ${i},person.${i}@nhs.net,manager.${i % 400}@nhs.net,2024-03-0${1 + (i % 9)},Ward ${i % 30},Healthcare Assistant\n`;

/** Starts a roster upload and returns the request (still open) and its answer. */
function startUpload(url: string, token: string): { req: http.ClientRequest; answer: Promise<{ status: number; body: any }> } {
  const req = http.request(`${url}/api/admin/roster?full=false`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  return { req, answer };
}

for (const engine of ['SQLite', 'PostgreSQL']) {
  describe(`roster upload through the admin API streams and keeps the service answering (${engine})`, function () {
    let issuer: TokenIssuer;
    let server: TestServer;
    let token: string;
    let databaseUrl: string | undefined;

    before(async function () {
      issuer = await startTokenIssuer();
      const env: Record<string, string> = { ...issuer.env, LOG_LEVEL: 'warn', ROSTER_MAX_ROWS: '20000' };
      if (engine === 'PostgreSQL') env.DATABASE_URL = databaseUrl = await requirePostgres(this);
      server = await startTestServer(env);
      token = await issuer.sign({ oid: 'hr-uploader', email: 'hr@trust.nhs.uk', groups: [HR_GROUP_ID] });
    });
    after(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    it('reads the upload as it arrives: too many rows is refused before the sender has finished, and nothing is imported', async () => {
      const { req, answer } = startUpload(server.url, token);
      req.write(HEADER + '\n');
      // A few rows past the limit (the parser holds the last line it has until it sees what follows); the
      // request is never ended, so a server that waits for the whole body never answers.
      for (let i = 0; i < 20_010; i++) req.write(row(i));
      const res = await answer;
      req.destroy();
      expect(res.status).to.equal(413);
      expect(res.body.error).to.equal('line 20002: file: more than 20000 rows (the ROSTER_MAX_ROWS limit); nothing was imported');
      expect(await server.app.store.getPerson('U0')).to.equal(undefined);
    });

    it('answers /healthz all through a 15,000-row import, which lands in one transaction', async () => {
      const { req, answer } = startUpload(server.url, token);
      let body = HEADER + '\n';
      for (let i = 0; i < 15_000; i++) body += row(i);
      req.end(body);
      // Health checks one after another until the upload is answered; the longest wait between two answers
      // is how long the service stopped answering.
      let done = false;
      const uploaded = answer.finally(() => (done = true));
      const answeredAt: number[] = [performance.now()];
      while (!done) {
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).to.equal(200);
        answeredAt.push(performance.now());
      }
      const res = await uploaded;
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ imported: 15_000, badLines: 0 });
      const total = answeredAt[answeredAt.length - 1]! - answeredAt[0]!;
      const longestGap = Math.max(...answeredAt.slice(1).map((t, i) => t - answeredAt[i]!));
      // Relative to the whole upload, so a slow machine does not decide it: a service blocked by the
      // import answers nothing for most of it.
      expect(longestGap, `longest gap ${longestGap.toFixed(0)} ms of ${total.toFixed(0)} ms`).to.be.lessThan(total / 4);
      expect(answeredAt.length).to.be.greaterThan(20);
      expect(await server.app.store.getPerson('U14999')).to.deep.include({ displayName: 'Person Number 14999' });
    });

    it('answers a Teams message while an upload is still arriving, its transaction open', async function () {
      const connector = await new FakeConnector().start();
      const { req, answer } = startUpload(server.url, token);
      try {
        req.write(HEADER + '\n');
        // People no earlier test imported, so the import writes (and so takes SQLite's write lock).
        for (let i = 0; i < 500; i++) req.write(row(100_000 + i));
        // On SQLite, wait until the import's transaction holds the write lock (another connection cannot take it):
        // a message answered before that would prove nothing.
        if (engine === 'SQLite') await until(() => importIsWriting(), 'the import to hold the write lock');
        const activity = messageActivity('how do I handle sickness absence', { serviceUrl: connector.url });
        const posted = postActivity(server.url, activity);
        // The upload is still open: a reply that waited for the import to commit would never come.
        await connector.waitFor((calls) => calls.some((c) => c.kind === 'reply' && c.activityId === activity.id));
        expect((await posted).status).to.equal(200);
        req.end();
        const res = await answer;
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ imported: 500 });
      } finally {
        req.destroy();
        await connector.stop();
      }
    });

    /** An import's open transaction has written people (seen from another connection: its rows are not visible yet). */
    const importIsWriting = async (): Promise<boolean> => {
      if (!databaseUrl) return !canTakeWriteLock(path.join(server.dataDir, 'lma.sqlite'));
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const locks = await client.query("select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'person' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()");
        return (locks.rowCount ?? 0) > 0;
      } finally {
        await client.end();
      }
    };

    it('an upload cut off mid-way imports nothing and lets the store go: the same file sent again imports', async () => {
      const people = Array.from({ length: 500 }, (_, i) => row(200_000 + i)).join('');
      const cut = startUpload(server.url, token);
      cut.answer.catch(() => undefined); // the connection is cut: no answer comes
      cut.req.on('error', () => undefined);
      cut.req.write(HEADER + '\n' + people);
      await until(() => importIsWriting(), 'the import to have written people');
      cut.req.destroy();
      // An import still waiting for the rest of the cut-off file would hold its transaction (on SQLite the one
      // connection; on PostgreSQL the new rows' keys) for ever, and this one would never be answered.
      const again = startUpload(server.url, token);
      again.req.end(HEADER + '\n' + people);
      const res = await again.answer;
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ imported: 500, added: 500 });
    });
  });
}

/** Whether another connection can start a write transaction now (no waiting): false while one holds the write lock. */
function canTakeWriteLock(file: string): boolean {
  const other = new BetterSqlite3(file, { timeout: 0 });
  try {
    other.exec('begin immediate');
    other.exec('rollback');
    return true;
  } catch {
    return false;
  } finally {
    other.close();
  }
}
