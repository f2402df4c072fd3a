import { expect } from 'chai';
import { applyRetention, HANDLED_ACTIVITY_MS } from '../../src/privacy/retention.js';
import type { Config } from '../../src/config.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, openTestStore } from '../helpers/engines.js';

const at = (iso: string) => new Date(iso);

/**
 * The record of answered Teams activities that lets several instances answer a repeated delivery once:
 * insert unless present, told apart by the rows the insert affected, on both engines.
 */
for (const engine of ENGINES) {
  describe(`answered activities on ${engine.name}`, function () {
    let config: Config['store'];
    let store: Store;
    let other: Store | undefined;

    beforeEach(async function () {
      config = await engine.config(this);
      store = await openTestStore(config);
    });
    afterEach(async () => {
      await other?.close().catch(() => undefined);
      other = undefined;
      await store?.close().catch(() => undefined);
    });

    it('records a (conversation, activity) pair once: the first call is told it is new, a repeat is not', async () => {
      expect(await store.activities.recordHandled('a:conv-1', 'act-1', at('2026-12-01T09:00:00Z'))).to.equal(true);
      expect(await store.activities.recordHandled('a:conv-1', 'act-1', at('2026-12-01T09:00:01Z'))).to.equal(false);
      expect(await store.activities.recordHandled('a:conv-1', 'act-1', at('2026-12-01T10:00:00Z'))).to.equal(false);
    });

    it('keys by both ids: the same activity id in another conversation, or another id in the same one, is new', async () => {
      await store.activities.recordHandled('a:conv-1', 'act-1', at('2026-12-01T09:00:00Z'));
      expect(await store.activities.recordHandled('a:conv-2', 'act-1', at('2026-12-01T09:00:00Z'))).to.equal(true);
      expect(await store.activities.recordHandled('a:conv-1', 'act-2', at('2026-12-01T09:00:00Z'))).to.equal(true);
    });

    it('of many concurrent records of one pair, from two connections to one database, exactly one is new', async () => {
      // A second store on the same database stands in for a second instance (its own connection or pool).
      other = await openTestStore(config);
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? other! : store).activities.recordHandled('a:conv-race', 'act-race', at('2026-12-01T09:00:00Z'))));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('while a roster import holds the store, answers at once: undefined on SQLite (its one connection is busy), recorded on PostgreSQL', async () => {
      let finish!: () => void;
      const held = new Promise<void>((resolve) => (finish = resolve));
      async function* rows() {
        yield { employeeId: 'E1', displayName: 'Sam Patel', email: undefined, managerEmail: 'm@nhs.net', startDate: '2024-01-08', endDate: undefined, department: undefined, jobTitle: undefined };
        await held; // the file is still arriving: the import's transaction stays open
      }
      const importing = store.importRoster(rows(), { full: false, today: '2026-12-01', now: at('2026-12-01T09:00:00Z') });
      try {
        const answer = await store.activities.recordHandled('a:conv-1', 'during-import', at('2026-12-01T09:00:00Z'));
        expect(answer).to.equal(engine.kind === 'sqlite' ? undefined : true);
      } finally {
        finish();
        await importing;
      }
      expect(await store.getPerson('E1'), 'the import went on to commit').to.deep.include({ displayName: 'Sam Patel' });
    });

    it('retention forgets pairs answered more than a day ago and keeps younger ones; a forgotten pair is new again', async () => {
      const now = at('2026-12-02T12:00:00Z');
      await store.activities.recordHandled('a:conv-1', 'old', new Date(now.getTime() - HANDLED_ACTIVITY_MS - 1000));
      await store.activities.recordHandled('a:conv-1', 'young', new Date(now.getTime() - HANDLED_ACTIVITY_MS + 60_000));
      const pass = await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, now);
      expect(pass.handledActivities).to.equal(1);
      expect(await store.activities.recordHandled('a:conv-1', 'young', now), 'kept').to.equal(false);
      expect(await store.activities.recordHandled('a:conv-1', 'old', now), 'forgotten').to.equal(true);
      expect((await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, now)).handledActivities, 'a second pass finds nothing').to.equal(0);
    });
  });
}
