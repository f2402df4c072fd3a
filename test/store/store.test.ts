import path from 'node:path';
import { expect } from 'chai';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Config } from '../../src/config.js';
import { requirePostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/test-server.js';

const logger = createLogger('silent');

type StoreConfig = Config['store'];

/** The same suite runs against every engine: the store's behaviour must not depend on which one. */
const engines: { name: string; config(ctx: Mocha.Context): Promise<StoreConfig> }[] = [
  { name: 'SQLite', config: async () => ({ kind: 'sqlite', file: path.join(tempDir(), 'lma.sqlite') }) },
  { name: 'PostgreSQL', config: async (ctx) => ({ kind: 'postgres', url: await requirePostgres(ctx) }) },
];

for (const engine of engines) {
  describe(`store on ${engine.name}`, function () {
    let storeConfig: StoreConfig;
    let store: Store;

    beforeEach(async function () {
      storeConfig = await engine.config(this);
      store = await openStore({ config: { store: storeConfig }, logger });
    });

    afterEach(async () => {
      await store?.close().catch(() => undefined);
    });

    it('reports which engine it runs on', () => {
      expect(store.engine).to.equal(storeConfig.kind);
    });

    it('answers a ping', async () => {
      await store.ping();
    });

    it('stores, reads and overwrites a meta value', async () => {
      expect(await store.getMeta('content_revision')).to.equal(undefined);
      await store.setMeta('content_revision', '1', new Date('2026-01-01T00:00:00Z'));
      await store.setMeta('content_revision', '2', new Date('2026-01-02T00:00:00Z'));
      expect(await store.getMeta('content_revision')).to.equal('2');
    });

    it('runs migrations once: reopening keeps the data and applies nothing twice', async () => {
      await store.setMeta('k', 'v', new Date());
      await store.close();
      store = await openStore({ config: { store: storeConfig }, logger });
      expect(await store.getMeta('k')).to.equal('v');
    });

    it('fails a ping with STORE_UNAVAILABLE once closed', async () => {
      await store.close();
      const err = await store.ping().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.have.property('code', 'STORE_UNAVAILABLE');
    });
  });
}

describe('store on PostgreSQL with a bad URL', () => {
  it('refuses to open with STORE_UNAVAILABLE naming the engine', async () => {
    const err = await openStore({
      config: { store: { kind: 'postgres', url: 'postgres://nobody:wrong@127.0.0.1:1/none' } },
      logger,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('code', 'STORE_UNAVAILABLE');
    expect((err as Error).message).to.contain('postgres');
  });
});
