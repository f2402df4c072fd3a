import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { AppError } from '../../src/errors.js';
import {
  acceptAnswer,
  askHr,
  assignTicket,
  closeTicket,
  listMyQuestions,
  listTickets,
  reopenTicket,
  replyToTicket,
  withdrawTicket,
  type TicketDeps,
} from '../../src/hr-questions/tickets.js';
import { parseTicketReference, type Ticket } from '../../src/hr-questions/ticket.js';
import { applyRetention } from '../../src/privacy/retention.js';
import { exportPersonData } from '../../src/privacy/subject-access.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { HANNA, OLU, RAJ, WENDY } from './factories.js';

const form = (question: string, detail = '') => ({ formId: randomUUID(), question, detail, triedDocs: ['sickness-absence'] });

async function expectError(p: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).code).to.equal(code);
    return err as AppError;
  }
  throw new Error(`expected ${code}`);
}

for (const engine of ENGINES) {
  describe(`questions to HR on ${engine.name}`, function () {
    let store: Store;
    const clock = fixedClock('2026-11-02T09:00:00Z');
    const changed: Ticket[] = [];
    let deps: TicketDeps;

    beforeEach(async function () {
      store = await engine.open(this);
      clock.set('2026-11-02T09:00:00Z');
      changed.length = 0;
      deps = { tickets: store.tickets, clock, hasChannel: async () => true, changed: (t) => changed.push(t) };
    });
    afterEach(async () => store?.close().catch(() => undefined));

    it('numbers tickets HR-0001, HR-0002... and queues the channel card; the audit names the ticket, never the asker or the text', async () => {
      const first = await askHr(deps, WENDY, form('  Can I  carry over more than five days of leave?  ', 'Ward 7 rota'));
      const second = await askHr(deps, OLU, form('How do I start a capability process?'));
      expect([first.reference, second.reference]).to.deep.equal(['HR-0001', 'HR-0002']);
      expect(first.question).to.equal('Can I carry over more than five days of leave?');
      expect(first).to.include({ status: 'open', version: 1, detail: 'Ward 7 rota' });
      expect(first.asker).to.deep.equal({ aadObjectId: 'aad-wendy', email: 'ward.manager@nhs.net', name: 'Wendy Ward' });
      expect(await store.tickets.deliveryStatus(first.id, 'channel')).to.deep.equal(['pending']);
      expect(changed.map((t) => t.reference)).to.deep.equal(['HR-0001', 'HR-0002']);
      const audit = await store.audit.list(10);
      expect(audit.map((a) => [a.actor, a.action, a.target])).to.deep.include.members([
        ['manager', 'hr-ticket-asked', 'HR-0001'],
        ['manager', 'hr-ticket-asked', 'HR-0002'],
      ]);
      expect(JSON.stringify(audit)).not.to.match(/carry over|Wendy|ward\.manager/i);
      expect(parseTicketReference('hr-0042')).to.equal(42);
      // The same form sent twice (a double click, or two instances) is one ticket.
      const f = form('Sent twice?');
      const [x, y] = await Promise.all([askHr(deps, WENDY, f), askHr(deps, WENDY, f)]);
      expect(x.id).to.equal(y.id);
      expect((await listMyQuestions(deps, WENDY.aadObjectId)).filter((t) => t.question === 'Sent twice?')).to.have.length(1);
      expect(parseTicketReference('HR-x')).to.equal(undefined);
    });

    it('refuses an empty question, 10,000 characters and an overlong detail, naming the field; nothing is stored', async () => {
      expect((await expectError(askHr(deps, WENDY, form('   ')), 'VALIDATION')).message).to.match(/^Your question: write/);
      expect((await expectError(askHr(deps, WENDY, form('x'.repeat(10_000))), 'VALIDATION')).message).to.match(/at most 1,000 characters \(you wrote 10,000\)/);
      expect((await expectError(askHr(deps, WENDY, form('ok?', 'd'.repeat(2001))), 'VALIDATION')).message).to.match(/^More detail/);
      await expectError(askHr(deps, { ...WENDY, aadObjectId: undefined }, form('ok?')), 'FORBIDDEN');
      expect(await store.tickets.countByStatus()).to.deep.equal({ open: 0, assigned: 0, answered: 0, closed: 0 });
    });

    it('assign, reply, accept: each change bumps the version, records the times and is audited', async () => {
      const t = await askHr(deps, WENDY, form('Question one?'));
      clock.advance(60 * 60_000);
      const assigned = await assignTicket(deps, t.id, HANNA, 1);
      expect(assigned.ok).to.equal(true);
      expect(assigned.ticket).to.include({ status: 'assigned', version: 2 });
      expect(assigned.ticket.assignee).to.deep.equal(HANNA);
      clock.advance(60 * 60_000);
      const replied = await replyToTicket(deps, t.id, HANNA, 'Yes, up to five days.', 2);
      expect(replied.ticket).to.include({ status: 'answered', reply: 'Yes, up to five days.', repliedBy: 'Hanna HR', firstResponseAt: '2026-11-02T11:00:00.000Z' });
      expect(await store.tickets.deliveryStatus(t.id, 'manager')).to.deep.equal(['pending']);
      const accepted = await acceptAnswer(deps, t.id, WENDY.aadObjectId);
      expect(accepted.ticket).to.include({ status: 'closed', closeReason: 'resolved' });
      const actions = (await store.audit.list(10)).map((a) => `${a.actor}:${a.action}`);
      expect(actions).to.include.members(['Hanna HR:hr-ticket-assigned', 'Hanna HR:hr-ticket-replied', 'manager:hr-ticket-resolved']);
    });

    it('a second Assign (or a stale card) changes nothing and says who holds it', async () => {
      const t = await askHr(deps, WENDY, form('Question two?'));
      const [a, b] = await Promise.all([assignTicket(deps, t.id, HANNA, 1), assignTicket(deps, t.id, RAJ, 1)]);
      const winners = [a, b].filter((r) => r.ok);
      expect(winners).to.have.length(1);
      const loser = [a, b].find((r) => !r.ok)!;
      expect(loser).to.deep.include({ ok: false, why: 'taken' });
      expect(loser.ticket.assignee!.name).to.equal(winners[0]!.ticket.assignee!.name);
      expect((await store.tickets.get(t.id))!.version).to.equal(2);
      // Raj cannot reply to Hanna's (or whoever won) ticket either.
      const other = winners[0]!.ticket.assignee!.aadObjectId === HANNA.aadObjectId ? RAJ : HANNA;
      expect(await replyToTicket(deps, t.id, other, 'Mine now')).to.deep.include({ ok: false, why: 'taken' });
    });

    it('"I still need help" reopens to whoever held it, with what the manager added; only the asker may reopen, accept or withdraw', async () => {
      const t = await askHr(deps, WENDY, form('Question three?'));
      await replyToTicket(deps, t.id, HANNA, 'Answer.');
      await expectError(reopenTicket(deps, t.id, OLU.aadObjectId, ''), 'FORBIDDEN');
      await expectError(acceptAnswer(deps, t.id, OLU.aadObjectId), 'FORBIDDEN');
      await expectError(withdrawTicket(deps, t.id, undefined), 'FORBIDDEN');
      const reopened = await reopenTicket(deps, t.id, WENDY.aadObjectId, 'It is about bank staff.');
      expect(reopened.ticket).to.include({ status: 'assigned', reopened: 1, followUp: 'It is about bank staff.' });
      expect(reopened.ticket.assignee!.name).to.equal('Hanna HR');
      const again = await replyToTicket(deps, t.id, HANNA, 'Bank staff too.');
      expect(again.ticket.firstResponseAt).to.equal(reopened.ticket.firstResponseAt ?? again.ticket.firstResponseAt);
    });

    it('withdraw and close: a withdrawn question cannot be assigned; HR close reasons are checked; forged ids are NOT_FOUND', async () => {
      const t = await askHr(deps, WENDY, form('Question four?'));
      expect((await withdrawTicket(deps, t.id, WENDY.aadObjectId)).ticket).to.include({ status: 'closed', closeReason: 'withdrawn' });
      expect(await assignTicket(deps, t.id, HANNA)).to.deep.include({ ok: false, why: 'closed' });
      const u = await askHr(deps, WENDY, form('Question five?'));
      await expectError(closeTicket(deps, u.id, HANNA, 'because'), 'VALIDATION');
      expect((await closeTicket(deps, u.id, HANNA, 'duplicate')).ticket).to.include({ status: 'closed', closeReason: 'duplicate' });
      await expectError(assignTicket(deps, '00000000-0000-4000-8000-000000000000', HANNA), 'NOT_FOUND');
      expect((await listMyQuestions(deps, WENDY.aadObjectId)).map((x) => x.reference)).to.deep.equal(['HR-0002', 'HR-0001']);
      expect(await listMyQuestions(deps, OLU.aadObjectId)).to.deep.equal([]);
    });

    it('the queue filters by status and holder and gives each ticket its age in days', async () => {
      const a = await askHr(deps, WENDY, form('Old question?'));
      clock.advance(3 * 86_400_000);
      await askHr(deps, OLU, form('New question?'));
      await assignTicket(deps, a.id, RAJ);
      const all = await listTickets(deps, {});
      expect(all.map((t) => [t.reference, t.ageDays, t.status])).to.deep.equal([
        ['HR-0001', 3, 'assigned'],
        ['HR-0002', 0, 'open'],
      ]);
      expect((await listTickets(deps, { status: 'open' })).map((t) => t.reference)).to.deep.equal(['HR-0002']);
      expect((await listTickets(deps, { assignee: RAJ.aadObjectId })).map((t) => t.reference)).to.deep.equal(['HR-0001']);
    });

    it('retention blanks tickets closed before the cutoff (text, asker, chat) and keeps their dates and status; open ones stay', async () => {
      const old = await askHr(deps, WENDY, form('Closed long ago?'));
      await closeTicket(deps, old.id, HANNA, 'not-for-hr');
      const open = await askHr(deps, WENDY, form('Still open?'));
      clock.advance(91 * 86_400_000);
      const result = await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, clock.now());
      expect(result.hrTickets).to.equal(1);
      const blanked = (await store.tickets.get(old.id))!;
      expect(blanked).to.include({ anonymised: true, question: '', status: 'closed', closeReason: 'not-for-hr' });
      expect(blanked.asker).to.deep.equal({ aadObjectId: undefined, email: undefined, name: 'forgotten' });
      expect(blanked.createdAt).to.equal(old.createdAt);
      expect(await store.tickets.askerReference(old.id)).to.equal(undefined);
      expect((await store.tickets.get(open.id))!.question).to.equal('Still open?');
      expect((await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, clock.now())).hrTickets).to.equal(0);
      expect(await store.tickets.countByStatus()).to.deep.equal({ open: 1, assigned: 0, answered: 0, closed: 1 });
    });

    it('subject access lists their own questions with the text; "forget me" blanks them all (open ones closed), keeps the counts', async () => {
      const t = await askHr(deps, WENDY, form('My question?', 'My detail'));
      await replyToTicket(deps, t.id, HANNA, 'HR answer');
      await askHr(deps, WENDY, form('Second one?'));
      await askHr(deps, OLU, form('Not hers?'));
      const exported = await exportPersonData(store.privacy, 'ward.manager@nhs.net', clock.now());
      expect(exported.questionsToHr.map((q) => [q.reference, q.question, q.reply])).to.deep.equal([
        ['HR-0001', 'My question?', 'HR answer'],
        ['HR-0002', 'Second one?', null],
      ]);
      expect(await store.privacy.forgetTicketsOf({ aadObjectId: WENDY.aadObjectId, email: undefined }, clock.now())).to.equal(2);
      const counts = await store.tickets.countByStatus();
      expect(counts).to.deep.equal({ open: 1, assigned: 0, answered: 0, closed: 2 });
      expect(JSON.stringify(await listTickets(deps, {}))).not.to.match(/My question|Wendy|Second one/);
      await expectError(exportPersonData(store.privacy, 'ward.manager@nhs.net', clock.now()), 'NOT_FOUND');
    });
  });
}
