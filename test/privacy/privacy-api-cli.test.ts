import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/store.js';
import { runLma } from '../helpers/cli.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/test-server.js';
import { HR_USER_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

const ROSTER = [
  'employee_id,display_name,email,manager_email,start_date,department,job_title',
  'E1,Sam Patel,sam.patel@nhs.net,ward.manager@nhs.net,2024-01-08,Ward 7,Staff Nurse',
].join('\n');

describe('privacy: subject access export over the HR API', () => {
  let issuer: TokenIssuer;
  let server: TestServer;
  const clock = fixedClock('2026-11-24T10:00:00Z');

  before(async () => {
    issuer = await startTokenIssuer();
    server = await startTestServer(issuer.env, clock);
    await importRoster({ store: server.app.store, clock }, Readable.from([ROSTER]), { full: false });
    await server.app.dispatcher.planNow();
    server.app.questionLog.recordUnanswered('where do I park my car, I am Sam Patel', clock.now());
    await server.app.questionLog.flush();
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  const get = async (who: string, token?: string) => {
    const res = await fetch(`${server.url}/api/privacy/people/${encodeURIComponent(who)}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: (await res.json()) as any };
  };

  it('gives HR the roster row and reminder dates of a person; never message text; audited without the subject', async () => {
    const hr = await issuer.sign({ oid: HR_USER_ID, email: 'pat.hr@nhs.net' });
    const { status, body } = await get('SAM.PATEL@nhs.net', hr);
    expect(status).to.equal(200);
    expect(body.roster).to.include({ employeeId: 'E1', displayName: 'Sam Patel', department: 'Ward 7' });
    expect(body.nudgesAboutThem.map((n: any) => n.kind)).to.include('wellbeing');
    expect(JSON.stringify(body)).not.to.contain('park my car');
    const audit = server.logs.filter((l) => l.includes('subject-access-export'));
    expect(audit).to.have.length(1);
    expect(audit[0]).to.contain(HR_USER_ID);
    expect(audit[0]).not.to.contain('sam.patel');
    expect((await get('nobody@nhs.net', hr)).status).to.equal(404);
  });

  it('refuses a manager (403) and an anonymous caller (401)', async () => {
    const manager = await issuer.sign({ oid: 'aad-manager', email: 'ward.manager@nhs.net' });
    expect((await get('E1', manager)).status).to.equal(403);
    expect((await get('E1')).status).to.equal(401);
  });
});

describe('privacy: lma retention run and lma people export', function () {
  it('exports a person as JSON and deletes old question data as of --now', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'r.csv'), ROSTER);
    expect((await runLma(['roster', 'import', path.join(dir, 'r.csv')], { DATA_DIR: dir })).code).to.equal(0);
    const exported = await runLma(['people', 'export', 'E1'], { DATA_DIR: dir });
    expect(exported.code, exported.stderr).to.equal(0);
    expect(JSON.parse(exported.stdout).roster).to.include({ employeeId: 'E1', email: 'sam.patel@nhs.net' });
    const missing = await runLma(['people', 'export', 'nobody@nhs.net'], { DATA_DIR: dir });
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('nothing is held about "nobody@nhs.net"');

    const store = await openStore({ config: { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } }, logger: createLogger('silent') });
    await store.saveQuestionLog({
      questions: [
        { askedAt: new Date('2029-11-01T00:00:00Z'), status: 'none', docId: undefined, section: undefined },
        { askedAt: new Date('2029-12-20T00:00:00Z'), status: 'none', docId: undefined, section: undefined },
      ],
      unanswered: [{ text: 'an old question', at: new Date('2029-11-01T00:00:00Z') }],
    });
    await store.close();
    const run = await runLma(['retention', 'run', '--now', '2030-01-01T00:00:00Z'], { DATA_DIR: dir, QUESTION_RETENTION_DAYS: '30' });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('deleted before 2029-12-02T00:00:00.000Z: 1 question log rows, 1 unanswered questions, 0 feedback comments\n');
  });
});
