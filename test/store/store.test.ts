import { expect } from 'chai';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Config } from '../../src/config.js';
import { ENGINES } from '../helpers/engines.js';

const logger = createLogger('silent');

type StoreConfig = Config['store'];

for (const engine of ENGINES) {
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
      expect(await store.ping().then(() => 'answered')).to.equal('answered');
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

    it('folds repeats of an unanswered question (within and across batches) into one row, most asked first', async () => {
      await store.saveQuestionLog({
        questions: [],
        unanswered: [
          { text: 'Where is the  car park?', at: new Date('2026-01-01T09:00:00Z') },
          { text: 'football scores', at: new Date('2026-01-03T09:00:00Z') },
        ],
      });
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: 'where is the car park?', at: new Date('2026-01-02T09:00:00Z') }] });
      const list = await store.listUnanswered(10);
      expect(list).to.have.length(2);
      expect(list[0]).to.deep.include({ timesAsked: 2, firstAskedAt: '2026-01-01T09:00:00.000Z', lastAskedAt: '2026-01-02T09:00:00.000Z' });
      expect(list[1]!.text).to.equal('football scores');
    });

    it('stores feedback once per answer card: a second record changes nothing', async () => {
      const base = { answerId: 'b3b0c6b2-0000-4000-8000-000000000001', docId: 'menopause', section: 'what-to-do', at: new Date() };
      expect(await store.recordFeedback({ ...base, helpful: true, comment: undefined })).to.equal(true);
      expect(await store.recordFeedback({ ...base, helpful: false, comment: 'second' })).to.equal(false);
      expect(await store.feedbackFor(base.answerId)).to.deep.equal({ helpful: true });
      expect(await store.feedbackFor('00000000-0000-4000-8000-000000000000')).to.equal(undefined);
    });

    it('writes a question-log batch and counts questions by outcome', async () => {
      const q = (status: 'answer' | 'none', docId?: string) => ({ askedAt: new Date(), status, docId, section: docId ? 'what-to-do' : undefined });
      await store.saveQuestionLog({ questions: [q('answer', 'menopause'), q('none')], unanswered: [] });
      // A large batch is written in chunks inside one transaction.
      await store.saveQuestionLog({ questions: Array.from({ length: 250 }, () => q('answer', 'probation')), unanswered: [] });
      expect(await store.countQuestions()).to.deep.equal({ answer: 251, clarify: 0, none: 1 });
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
