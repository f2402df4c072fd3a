import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { botAddedActivity, postActivity } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

const ALICE = { id: '29:alice', name: 'Alice Ward', email: 'alice.ward@trust.nhs.uk', userPrincipalName: 'alice.ward@trust.nhs.uk', aadObjectId: 'oid-alice' };
const TENANT = 'tenant-1';
const ROSTER = ['employee_id,display_name,email,manager_email,start_date,department,job_title', 'E1,Sam Patel,,alice.ward@trust.nhs.uk,2025-01-06,Ward 7,Staff Nurse'].join('\n');

/**
 * The My team tab matches people by the Entra object id (and tenant) that Teams gave the
 * bot at install, never by a token's email claims, which Microsoft documents as changeable.
 */
for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`security: tab sign-in trusts the installed account, not a token's email (real server, ${engine})`, function () {
    let server: TestServer;
    let issuer: TokenIssuer;
    let connector: FakeConnector;
    const clock = fixedClock('2026-11-24T10:00:00Z');

    before(async function () {
      const env: Record<string, string> = { LOG_LEVEL: 'info' };
      if (engine === 'postgres') env.DATABASE_URL = await requirePostgres(this);
      issuer = await startTokenIssuer();
      connector = await new FakeConnector().start();
      connector.members.set(ALICE.id, ALICE);
      server = await startTestServer({ ...env, ...issuer.env }, clock);
      await importRoster({ store: server.app.store, clock }, Readable.from([ROSTER]), { full: false });
      // Alice installs the bot in Teams: Teams tells the bot her email for her object id (the verified path).
      await postActivity(server.url, botAddedActivity({ serviceUrl: connector.url, userId: ALICE.id, aadObjectId: ALICE.aadObjectId, tenantId: TENANT }));
      await connector.waitFor((c) => c.length >= 1);
    });
    after(async () => {
      await server?.stop();
      await connector?.stop();
      await issuer?.stop();
    });

    const team = async (claims: Parameters<TokenIssuer['sign']>[0], path = '/api/team') => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await issuer.sign(claims)}` } });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('a token whose oid never installed the bot, but whose email says Alice, cannot read her team or her report', async () => {
      for (const claim of [{ email: ALICE.email }, { email: ALICE.email.toUpperCase() }]) {
        const mallory = { oid: 'oid-mallory', tid: TENANT, ...claim };
        const list = await team(mallory);
        expect(list.status, JSON.stringify(list.body)).to.equal(403);
        expect(JSON.stringify(list.body)).not.to.contain('Sam Patel');
        const report = await team(mallory, '/api/team/reports/E1');
        expect(report.status).to.equal(403);
        expect(JSON.stringify(report.body)).not.to.contain('Sam Patel');
      }
    });

    it("Alice's own object id finds her team whatever her token's email says (control)", async () => {
      const res = await team({ oid: ALICE.aadObjectId, tid: TENANT, email: 'alice.renamed@trust.nhs.uk' });
      expect(res.status).to.equal(200);
      expect(res.body.manager.email).to.equal(ALICE.email);
      expect(res.body.reports.map((r: { name: string }) => r.name)).to.deep.equal(['Sam Patel']);
    });

    it("Alice's object id from another tenant is not Alice", async () => {
      const res = await team({ oid: ALICE.aadObjectId, tid: 'tenant-elsewhere', email: ALICE.email });
      expect(res.status).to.equal(403);
      expect(JSON.stringify(res.body)).not.to.contain('Sam Patel');
    });
  });
}
