import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'chai';
import pg from 'pg';
import { requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

/**
 * What an operator sees when the database stops taking writes while `select 1` still answers:
 * SQLite locked by another process, PostgreSQL pointed at a read-only database (a replica).
 */
interface WriteBlocker {
  block(): Promise<void>;
  unblock(): Promise<void>;
  /** The code the driver gives a refused write. */
  readonly code: string;
}

function sqliteLock(file: string): WriteBlocker {
  const other = new BetterSqlite3(file);
  return {
    code: 'SQLITE_BUSY',
    async block() {
      other.exec('begin exclusive');
    },
    async unblock() {
      other.exec('rollback');
      other.close();
    },
  };
}

function postgresReadOnly(url: string): WriteBlocker {
  const database = new URL(url).pathname.slice(1);
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('set default_transaction_read_only = off');
      await client.query(statement);
      // Sessions the service already has keep their settings: end them, its pool opens new ones.
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    } finally {
      await client.end();
    }
  };
  return {
    code: '25006',
    block: () => run(`alter database "${database}" set default_transaction_read_only = on`),
    unblock: () => run(`alter database "${database}" reset default_transaction_read_only`),
  };
}

const CSV = 'employee_id,display_name,email,manager_email,start_date,department,job_title\nS1,Secret Name,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse\n';

for (const engine of ['SQLite', 'PostgreSQL']) {
  describe(`when the ${engine} database stops taking writes`, function () {
    let issuer: TokenIssuer;
    let server: TestServer;
    let blocker: WriteBlocker;

    beforeEach(async function () {
      issuer = await startTokenIssuer();
      const env: Record<string, string> = { ...issuer.env, LOG_LEVEL: 'info' };
      if (engine === 'PostgreSQL') env.DATABASE_URL = await requirePostgres(this);
      server = await startTestServer(env);
      blocker = engine === 'SQLite' ? sqliteLock(path.join(server.dataDir, 'lma.sqlite')) : postgresReadOnly(env.DATABASE_URL!);
    });
    afterEach(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    it('/readyz says 503 with the driver code while writes fail, and 200 again once they work', async () => {
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
      await blocker.block();
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).to.equal(503);
        expect(((await res.json()) as { reason: string }).reason).to.equal(`store: ${engine === 'SQLite' ? 'sqlite' : 'postgres'} database cannot take a write (${blocker.code})`);
      } finally {
        await blocker.unblock();
      }
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
      const logged = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'store cannot take a write: not ready');
      expect(logged).to.have.length(1);
      expect(logged[0].error.cause.code).to.equal(blocker.code);
    });

    it('logs the real cause of a failed request (code and message), not "Internal error", and no row values', async () => {
      const token = await issuer.sign({ oid: 'hr-uploader', email: 'hr@trust.nhs.uk', groups: [HR_GROUP_ID] });
      await blocker.block();
      let res: Response;
      try {
        res = await fetch(`${server.url}/api/admin/roster`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: CSV });
      } finally {
        await blocker.unblock();
      }
      expect(res.status).to.equal(500);
      expect(JSON.stringify(await res.json())).not.to.match(/SQLITE|25006|read-only|locked/);
      const failed = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'api request failed');
      expect(failed).to.have.length(1);
      const cause = failed[0].error.cause ?? failed[0].error;
      expect(cause.code).to.equal(blocker.code);
      expect(cause.message).to.match(engine === 'SQLite' ? /^database is locked$/ : /read-only transaction/);
      expect(server.logs.join('\n')).not.to.contain('Secret Name');
    });
  });
}
