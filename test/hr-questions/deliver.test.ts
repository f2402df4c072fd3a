import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { deliverTicketCards, updateChannelCard, type DeliveryDeps } from '../../src/hr-questions/deliver.js';
import { median, ticketFigures } from '../../src/hr-questions/figures.js';
import { askHr, assignTicket, replyToTicket, type TicketDeps } from '../../src/hr-questions/tickets.js';
import type { Ticket } from '../../src/hr-questions/ticket.js';
import { SendError } from '../../src/nudges/dispatcher.js';
import { createRateLimiter } from '../../src/nudges/rate-limiter.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { HANNA, OLU, WENDY } from './factories.js';

/** A messenger that records cards and fails the next sends as told. */
function recordingMessenger() {
  const sent: { reference: unknown; card: unknown }[] = [];
  const updated: { activityId: string; card: unknown }[] = [];
  const failures: SendError[] = [];
  return {
    sent,
    updated,
    failures,
    async send(reference: unknown, card: unknown) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ reference, card });
      return { activityId: `act-${sent.length}` };
    },
    async update(_reference: unknown, activityId: string, card: unknown) {
      updated.push({ activityId, card });
    },
  };
}

const form = (question: string) => ({ formId: randomUUID(), question, detail: '', triedDocs: [] });

for (const engine of ENGINES) {
  describe(`ticket cards and figures on ${engine.name}`, function () {
    let store: Store;
    const clock = fixedClock('2026-11-02T09:00:00Z');
    let messenger: ReturnType<typeof recordingMessenger>;
    let deps: DeliveryDeps;
    let tickets: TicketDeps;

    beforeEach(async function () {
      store = await engine.open(this);
      clock.set('2026-11-02T09:00:00Z');
      messenger = recordingMessenger();
      deps = {
        tickets: store.tickets,
        messenger,
        limiter: createRateLimiter(0),
        clock,
        logger: createLogger('silent'),
        owner: 'instance-1',
        channel: async () => ({ conversation: { id: 'hr-channel' } }),
        cards: { channel: async (t: Ticket) => ({ kind: 'channel', reference: t.reference, version: t.version }), manager: (t: Ticket) => ({ kind: 'manager', reference: t.reference }) },
        options: { baseBackoffMs: 1000, maxAttempts: 3 },
      };
      tickets = { tickets: store.tickets, clock, hasChannel: async () => true };
    });
    afterEach(async () => store?.close().catch(() => undefined));

    it('posts a new ticket to the HR channel once; the card is then updated in place once per version, never to an older one', async () => {
      const t = await askHr(tickets, WENDY, form('Q1?'));
      expect(await deliverTicketCards(deps)).to.deep.include({ sent: 1 });
      expect(await deliverTicketCards(deps)).to.deep.include({ sent: 0 });
      expect(messenger.sent).to.deep.equal([{ reference: { conversation: { id: 'hr-channel' } }, card: { kind: 'channel', reference: 'HR-0001', version: 1 } }]);
      // Nothing changed since it was posted: no update.
      expect(await updateChannelCard(deps, t.id)).to.equal(false);
      await assignTicket(tickets, t.id, HANNA);
      const [first, second] = await Promise.all([updateChannelCard(deps, t.id), updateChannelCard({ ...deps, owner: 'instance-2' }, t.id)]);
      expect([first, second].filter(Boolean)).to.have.length(1);
      expect(messenger.updated).to.deep.equal([{ activityId: 'act-1', card: { kind: 'channel', reference: 'HR-0001', version: 2 } }]);
    });

    it('the answer to the manager follows the nudges\' rules: 429 waits for Retry-After, 5xx backs off, 403 parks, and it is sent once', async () => {
      const t = await askHr(tickets, WENDY, form('Q2?'));
      await deliverTicketCards(deps);
      await replyToTicket(tickets, t.id, HANNA, 'Answer');
      messenger.failures.push(new SendError(429, 'throttled', 30_000));
      expect(await deliverTicketCards(deps)).to.deep.include({ retried: 1, sent: 0 });
      clock.advance(29_000);
      expect(await deliverTicketCards(deps)).to.deep.include({ sent: 0, retried: 0 });
      clock.advance(2_000);
      messenger.failures.push(new SendError(500, 'oops'));
      expect(await deliverTicketCards(deps)).to.deep.include({ retried: 1 });
      clock.advance(10_000);
      expect(await deliverTicketCards(deps)).to.deep.include({ sent: 1 });
      expect(messenger.sent.at(-1)).to.deep.equal({ reference: WENDY.reference, card: { kind: 'manager', reference: 'HR-0001' } });
      expect(await store.tickets.deliveryStatus(t.id, 'manager')).to.deep.equal(['sent']);

      const u = await askHr(tickets, OLU, form('Q3?'));
      await deliverTicketCards(deps);
      await replyToTicket(tickets, u.id, HANNA, 'Answer');
      messenger.failures.push(new SendError(403, 'gone'));
      expect(await deliverTicketCards(deps)).to.deep.include({ parked: 1 });
      expect(await store.tickets.deliveryStatus(u.id, 'manager')).to.deep.equal(['parked']);
    });

    it('figures by month: counts and median hours, withheld below the minimum group size; no names', async () => {
      for (let i = 0; i < 3; i++) {
        const t = await askHr(tickets, WENDY, form(`Q${i}?`));
        clock.advance((i + 1) * 3_600_000);
        await replyToTicket(tickets, t.id, HANNA, 'Answer');
      }
      const shown = await ticketFigures({ tickets: store.tickets, clock, minGroupSize: 3 }, 2);
      expect(shown.months).to.deep.equal([
        { month: '2026-10', asked: 0, answered: 0, closed: 0, medianHoursToFirstAnswer: null, medianHoursToClose: null },
        { month: '2026-11', asked: 3, answered: 3, closed: 0, medianHoursToFirstAnswer: 2, medianHoursToClose: null },
      ]);
      expect(shown.counts).to.deep.equal({ open: 0, assigned: 0, answered: 3, closed: 0 });
      const withheld = await ticketFigures({ tickets: store.tickets, clock, minGroupSize: 5 }, 1);
      expect(withheld.months[0]!.medianHoursToFirstAnswer).to.equal(null);
      expect(JSON.stringify(shown)).not.to.match(/Wendy|Hanna|Q0/);
      expect(median([5, 1, 3, 2])).to.equal(2.5);
    });
  });
}
