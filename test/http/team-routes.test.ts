import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { recordNudgeOutcome } from '../../src/nudges/record-outcome.js';
import { ENGINES } from '../helpers/engines.js';
import { seedTeams } from '../helpers/team.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

const WARD = { oid: 'oid-ward-manager', email: 'Ward.Manager@nhs.net', name: 'Wendy Ward' };
const OTHER = { oid: 'oid-other-manager', email: 'other.manager@nhs.net' };

/** The My team tab's API, signed in with tokens from a stand-in Entra issuer, on both engines. */
for (const engine of ENGINES) {
  describe(`My team API (real server, ${engine.name})`, function () {
    let server: TestServer;
    let issuer: TokenIssuer;
    const clock = fixedClock('2026-11-24T10:00:00Z');

    before(async function () {
      issuer = await startTokenIssuer();
      server = await startTestServer({ LOG_LEVEL: 'info', ...(await engine.env(this)), ...issuer.env }, clock);
      await seedTeams(server, clock);
    });
    after(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    const call = async (path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('refuses every My team route without a valid token (401)', async () => {
      const stranger = await issuer.signWithUnknownKey(WARD);
      for (const route of server.app.apiRoutes.filter((r) => r.path.startsWith('/api/team'))) {
        expect(route.access).to.equal('user');
        const path = route.path.replace(':employeeId', 'E1');
        const body = route.method === 'post' ? { on: '2026-11-20' } : undefined;
        expect((await call(path, undefined, body)).status, `${route.method} ${path}`).to.equal(401);
        expect((await call(path, stranger, body)).status, `${route.method} ${path} with a forged token`).to.equal(401);
      }
    });

    it("shows a manager only their own reports, with last conversation, next due and onboarding progress", async () => {
      const { status, body } = await call('/api/team', await issuer.sign(WARD));
      expect(status).to.equal(200);
      expect(body.manager.email).to.equal('ward.manager@nhs.net');
      expect(body.reports.map((r: { employeeId: string }) => r.employeeId)).to.deep.equal(['E2', 'E1']); // by name
      const sam = body.reports.find((r: { employeeId: string }) => r.employeeId === 'E1');
      expect(sam).to.deep.include({ name: 'Sam Patel', lastWellbeingOn: null, jobTitle: 'Staff Nurse' });
      // Six weeks after the start date is long past and nothing is recorded: the first round brings Sam up today.
      expect(sam.nextWellbeing).to.deep.equal({ dueDate: '2026-11-24', overdue: false });
      expect(sam.onboarding).to.equal(null);
      const alex = body.reports.find((r: { employeeId: string }) => r.employeeId === 'E2');
      // Started 16 November: the check-ins still ahead on 24 November are day 30, day 90 and day 150.
      expect(alex.onboarding).to.deep.equal({ held: 0, skipped: 0, total: 3, next: { title: 'First month check-in', dueDate: '2026-12-16', overdue: false } });
      expect(alex.nextWellbeing).to.deep.equal({ dueDate: '2026-12-28', overdue: false });

      const other = await call('/api/team', await issuer.sign(OTHER));
      expect(other.body.reports.map((r: { employeeId: string }) => r.employeeId)).to.deep.equal(['E3']);
    });

    it("refuses (403) and logs a request for another manager's team or report, changing nothing", async () => {
      const token = await issuer.sign(WARD);
      const before = await server.app.store.nudges.openWellbeingNudge('E3');
      const logsBefore = server.logs.length;

      const team = await call('/api/team?manager=other.manager%40nhs.net', token);
      expect(team.status).to.equal(403);
      const report = await call('/api/team/reports/E3', token);
      expect(report.status).to.equal(403);
      expect(report.body.error).to.equal('You can only see and update people who report to you.');
      expect(JSON.stringify(report.body)).not.to.contain('Priya');
      const held = await call('/api/team/reports/E3/wellbeing-held', token, { on: '2026-11-20' });
      expect(held.status).to.equal(403);
      // No such person looks the same as someone else's: nothing to probe for.
      expect((await call('/api/team/reports/E404', token)).status).to.equal(403);

      expect(await server.app.store.nudges.openWellbeingNudge('E3')).to.deep.equal(before);
      const refused = server.logs.slice(logsBefore).map((l) => JSON.parse(l)).filter((l) => /refused/.test(l.msg));
      expect(refused.filter((l) => l.user === WARD.oid && l.employeeId === 'E3')).to.have.length(2);
      expect(refused.some((l) => l.status === 403 && l.route === '/api/team')).to.equal(true);
      expect(server.logs.slice(logsBefore).join('\n')).not.to.contain('Priya');
    });

    it('marks a wellbeing conversation held: the next is due a cadence after it, as from the nudge card', async () => {
      const token = await issuer.sign(WARD);
      const open = await server.app.store.nudges.openWellbeingNudge('E1');
      const { status, body } = await call('/api/team/reports/E1/wellbeing-held', token, { on: '2026-11-20' });
      expect(status).to.equal(200);
      expect(body.nextDueDate).to.equal('2027-01-01');
      expect(body.report).to.deep.include({ employeeId: 'E1', lastWellbeingOn: '2026-11-20' });
      expect(body.report.nextWellbeing).to.deep.equal({ dueDate: '2027-01-01', overdue: false });
      expect(await server.app.store.nudges.getNudge(open!.id)).to.deep.include({ outcome: { kind: 'held', on: '2026-11-20' }, status: 'done' });
      expect((await server.app.store.nudges.openWellbeingNudge('E1'))!.dueDate).to.equal('2027-01-01');

      const again = await call('/api/team/reports/E1', token);
      expect(again.body.lastWellbeingOn).to.equal('2026-11-20');
    });

    it('refuses a date in the future or not a date (400), naming the problem', async () => {
      const token = await issuer.sign(WARD);
      const future = await call('/api/team/reports/E2/wellbeing-held', token, { on: '2026-12-01' });
      expect(future.status).to.equal(400);
      expect(future.body.error).to.contain('cannot be in the future');
      const junk = await call('/api/team/reports/E2/wellbeing-held', token, { on: 'yesterday' });
      expect(junk.status).to.equal(400);
      expect(junk.body.error).to.contain('on:');
    });

    it('counts onboarding check-ins done, and knows a manager by the Teams account they installed the bot with', async () => {
      const store = server.app.store;
      const deps = { nudges: store.nudges, people: store, clock, holidays: bankHolidays('england-and-wales') };
      const step = (await store.nudges.teamOf('ward.manager@nhs.net')).nudges.find((n) => n.employeeId === 'E2' && n.stepId === 'day-30')!;
      await recordNudgeOutcome(deps, 'ward.manager@nhs.net', step.id, { kind: 'held', on: '2026-11-23' });
      await store.nudges.saveManagerReference({ email: 'ward.manager@nhs.net', aadObjectId: 'oid-renamed', reference: {}, now: clock.now() });
      // A token whose email no longer matches the roster still finds the team through the installed account.
      const { body } = await call('/api/team/reports/E2', await issuer.sign({ oid: 'oid-renamed', email: 'wendy.new-name@nhs.net' }));
      expect(body.onboarding).to.deep.equal({ held: 1, skipped: 0, total: 3, next: { title: 'Three month check-in', dueDate: '2027-02-15', overdue: false } }); // Sunday 14th moved to the Monday

      // A skipped check-in is counted as skipped, not held; a snoozed one is still one check-in, due when the snooze ends.
      const open = (await store.nudges.teamOf('ward.manager@nhs.net')).nudges.filter((n) => n.employeeId === 'E2' && n.outcome === undefined);
      await recordNudgeOutcome(deps, 'ward.manager@nhs.net', open.find((n) => n.stepId === 'day-90')!.id, { kind: 'skipped', reason: 'on-leave' });
      await recordNudgeOutcome(deps, 'ward.manager@nhs.net', open.find((n) => n.stepId === 'probation-review')!.id, { kind: 'snoozed', for: '2w' });
      const later = await call('/api/team/reports/E2', await issuer.sign({ oid: 'oid-renamed', email: 'wendy.new-name@nhs.net' }));
      expect(later.body.onboarding).to.deep.equal({ held: 1, skipped: 1, total: 3, next: { title: 'Probation review', dueDate: '2026-12-08', overdue: false } });
    });
  });
}
