import { Writable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { createReplayCheck, type HandledActivities } from '../../src/bot/recent-activities.js';

/** The replay check over an in-memory stand-in for the store's shared record. */
function harness(shared?: HandledActivities) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { check: createReplayCheck({ shared, clock: fixedClock('2026-12-01T09:00:00Z'), logger: createLogger('info', sink) }), lines };
}

/** A shared record that remembers pairs (as another instance's store would) and counts how often it was asked. */
function sharedRecord() {
  const seen = new Set<string>();
  const record = {
    asked: 0,
    async recordHandled(conversationId: string, activityId: string) {
      record.asked++;
      const key = JSON.stringify([conversationId, activityId]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
  return record;
}

describe('replay check: this instance first, then the shared record', () => {
  it('a repeat on this instance is caught in memory without asking the store', async () => {
    const shared = sharedRecord();
    const { check } = harness(shared);
    expect(await check('a:c', 'a1')).to.equal('new');
    expect(await check('a:c', 'a1')).to.equal('seen-here');
    expect(shared.asked).to.equal(1);
  });

  it('an activity another instance recorded is a repeat here too', async () => {
    const shared = sharedRecord();
    await shared.recordHandled('a:c', 'a1');
    const { check } = harness(shared);
    expect(await check('a:c', 'a1')).to.equal('seen-shared');
    expect(await check('a:c', 'a2')).to.equal('new');
  });

  it('when the shared record cannot say now (undefined), the activity is answered and nothing is logged', async () => {
    const { check, lines } = harness({ recordHandled: async () => undefined });
    expect(await check('a:c', 'a1')).to.equal('new');
    expect(await check('a:c', 'a1'), 'memory still catches the repeat').to.equal('seen-here');
    expect(lines).to.deep.equal([]);
  });

  it('an activity without a conversation or id is always answered, and the store is not asked', async () => {
    const shared = sharedRecord();
    const { check } = harness(shared);
    expect([await check(undefined, 'a1'), await check('a:c', undefined), await check('a:c', undefined)]).to.deep.equal(['new', 'new', 'new']);
    expect(shared.asked).to.equal(0);
  });

  it('when the store fails, the activity is answered and one structured line says why (no ids)', async () => {
    const failing: HandledActivities = {
      recordHandled: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
      },
    };
    const { check, lines } = harness(failing);
    expect(await check('a:secret-conversation', 'secret-activity')).to.equal('new');
    expect(lines.map((l) => l.event)).to.deep.equal(['activity-dedup-unavailable']);
    expect(lines[0]).to.deep.include({ level: 40 });
    expect((lines[0]!.error as { code: string }).code).to.equal('ECONNREFUSED');
    expect(JSON.stringify(lines[0])).not.to.match(/secret-/);
  });
});
