import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';

const audit = { actor: 'hr@example.nhs.uk', action: 'publish', detail: undefined };
const at = (s: string) => new Date(`2026-11-23T${s}Z`);

for (const engine of ENGINES) {
  describe(`content versions on ${engine.name}`, function () {
    let store: Store;

    beforeEach(async function () {
      store = await engine.open(this);
    });
    afterEach(async () => {
      await store?.close().catch(() => undefined);
    });

    it('starts at revision 0 with no content', async () => {
      expect(await store.content.revision()).to.equal(0);
      expect(await store.content.liveFiles()).to.deep.equal({ revision: 0, files: [] });
    });

    it('numbers versions per path, bumps the revision once per change and writes an audit row per version', async () => {
      const first = await store.content.append(
        [
          { path: 'docs/a.md', docId: 'a', action: 'import', text: 'A1' },
          { path: 'settings.yml', docId: undefined, action: 'import', text: 'S1' },
        ],
        { expectedRevision: 0, author: 'system', changeNote: 'first', now: at('09:00:00'), audit: { ...audit, action: 'import' } },
      );
      expect(first).to.deep.equal({ revision: 1, versions: [{ path: 'docs/a.md', version: 1 }, { path: 'settings.yml', version: 1 }] });
      const second = await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'publish', text: 'A2' }], {
        expectedRevision: 1,
        author: 'hr@example.nhs.uk',
        changeNote: 'clearer steps',
        now: at('10:00:00'),
        audit,
      });
      expect(second).to.deep.equal({ revision: 2, versions: [{ path: 'docs/a.md', version: 2 }] });
      expect(await store.content.liveFiles()).to.deep.equal({
        revision: 2,
        files: [
          { path: 'docs/a.md', text: 'A2' },
          { path: 'settings.yml', text: 'S1' },
        ],
      });
      const history = await store.content.history('docs/a.md');
      expect(history.map((v) => [v.version, v.action, v.author, v.changeNote])).to.deep.equal([
        [2, 'publish', 'hr@example.nhs.uk', 'clearer steps'],
        [1, 'import', 'system', 'first'],
      ]);
      expect(await store.content.pathOf('a')).to.equal('docs/a.md');
      expect((await store.content.version('docs/a.md', 1))?.text).to.equal('A1');
      const entries = await store.audit.list(10);
      expect(entries).to.have.length(3);
      expect(entries[0]).to.deep.equal({ at: at('10:00:00').toISOString(), actor: 'hr@example.nhs.uk', action: 'publish', target: 'a', version: 2, detail: undefined });
      expect(entries.slice(1).map((e) => e.target).sort()).to.deep.equal(['a', 'settings.yml']);
    });

    it('leaves retired paths out of the live files but keeps them in the latest versions', async () => {
      const opts = (expectedRevision: number) => ({ expectedRevision, author: 'x', changeNote: 'n', now: at('09:00:00'), audit });
      await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'import', text: 'A1' }, { path: 'docs/b.md', docId: 'b', action: 'import', text: 'B1' }], opts(0));
      await store.content.append([{ path: 'docs/b.md', docId: 'b', action: 'retire', text: 'B1' }], opts(1));
      expect((await store.content.liveFiles()).files.map((f) => f.path)).to.deep.equal(['docs/a.md']);
      expect((await store.content.latest()).map((v) => [v.path, v.action])).to.deep.equal([
        ['docs/a.md', 'import'],
        ['docs/b.md', 'retire'],
      ]);
      // The state as of an earlier revision is still there to read.
      expect((await store.content.latest(1)).map((v) => v.action)).to.deep.equal(['import', 'import']);
    });

    it('refuses an append made against an older revision with CONFLICT and writes nothing', async () => {
      const opts = { expectedRevision: 0, author: 'x', changeNote: 'n', now: at('09:00:00'), audit };
      await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'import', text: 'A1' }], opts);
      const err = await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'publish', text: 'A2' }], opts).catch((e: unknown) => e);
      expect(err).to.have.property('code', 'CONFLICT');
      expect(await store.content.revision()).to.equal(1);
      expect(await store.content.history('docs/a.md')).to.have.length(1);
      expect(await store.audit.list(10)).to.have.length(1);
    });

    it('lets two racing appends on the same revision both finish without one of them winning twice', async () => {
      await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'import', text: 'A1' }], { expectedRevision: 0, author: 'x', changeNote: 'n', now: at('09:00:00'), audit });
      const race = await Promise.allSettled(
        ['A2', 'A3'].map((text) => store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'publish', text }], { expectedRevision: 1, author: 'x', changeNote: 'n', now: at('09:00:01'), audit })),
      );
      expect(race.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      expect(race.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).to.deep.equal(['CONFLICT']);
      expect(await store.content.history('docs/a.md')).to.have.length(2);
    });

    it('keeps the audit log and versions append-only: the database refuses updates and deletes', async () => {
      await store.content.append([{ path: 'docs/a.md', docId: 'a', action: 'import', text: 'A1' }], { expectedRevision: 0, author: 'x', changeNote: 'n', now: at('09:00:00'), audit });
      await store.audit.append({ actor: 'hr@example.nhs.uk', action: 'roster-upload', target: 'roster', detail: '3 imported' }, at('09:01:00'));
      // Past the store's own methods, as an operator's SQL would come: the content store's connection.
      const db = (store.content as unknown as { db: Kysely<Database> }).db;
      for (const statement of [
        sql`update audit_log set actor = 'someone else'`,
        sql`delete from audit_log`,
        sql`update content_version set text = 'changed'`,
        sql`delete from content_version`,
      ]) {
        const err = await statement.execute(db).catch((e: unknown) => e);
        expect(String((err as Error)?.message)).to.contain('append-only');
      }
      const entries = await store.audit.list(10);
      expect(entries.map((e) => e.action)).to.deep.equal(['roster-upload', 'publish']);
      expect(entries.every((e) => e.actor !== 'someone else')).to.equal(true);
    });
  });
}
