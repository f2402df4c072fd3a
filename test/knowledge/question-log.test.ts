import { expect } from 'chai';
import { createLogger } from '../../src/logger.js';
import { createQuestionLog } from '../../src/knowledge/question-log.js';
import type { QuestionLogBatch } from '../../src/store/store.js';
import { fakeTimers } from '../helpers/wait.js';

/** A store stand-in that keeps batches in memory and can be told to fail. */
function memoryStore() {
  const batches: QuestionLogBatch[] = [];
  let failing = false;
  return {
    batches,
    fail: (v: boolean) => (failing = v),
    async saveQuestionLog(batch: QuestionLogBatch) {
      if (failing) throw new Error('database is down');
      batches.push(batch);
    },
  };
}

const logger = createLogger('silent');
const q = { askedAt: new Date('2026-11-23T10:00:00Z'), status: 'answer' as const, docId: 'menopause', section: 'what-to-do' };

describe('question log (buffered)', () => {
  it('writes nothing until flushed, then one batch with everything', async () => {
    const store = memoryStore();
    const log = createQuestionLog(store, logger, { flushMs: 60000 });
    log.recordQuestion(q);
    log.recordQuestion(q);
    log.recordUnanswered('car park', q.askedAt);
    expect(store.batches).to.have.length(0);
    await log.flush();
    expect(store.batches).to.have.length(1);
    expect(store.batches[0]!.questions).to.have.length(2);
    expect(store.batches[0]!.unanswered).to.deep.equal([{ text: 'car park', at: q.askedAt }]);
    await log.flush();
    expect(store.batches).to.have.length(1);
    await log.close();
  });

  it('flushes on its own timer', async () => {
    const timers = fakeTimers();
    try {
      const store = memoryStore();
      const log = createQuestionLog(store, logger, { flushMs: 20 });
      log.recordQuestion(q);
      await timers.tick(19);
      expect(store.batches).to.have.length(0);
      await timers.tick(1);
      expect(store.batches).to.have.length(1);
      await log.close();
    } finally {
      timers.restore();
    }
  });

  it('keeps a batch the store refused and writes it once the store is back', async () => {
    const store = memoryStore();
    const log = createQuestionLog(store, logger, { flushMs: 60000 });
    log.recordQuestion(q);
    store.fail(true);
    await log.flush();
    expect(store.batches).to.have.length(0);
    log.recordQuestion({ ...q, docId: 'probation' });
    store.fail(false);
    await log.close();
    expect(store.batches).to.have.length(1);
    expect(store.batches[0]!.questions.map((r) => r.docId)).to.deep.equal(['menopause', 'probation']);
  });

  it('bounds memory: beyond the limit the oldest records are dropped', async () => {
    const store = memoryStore();
    const log = createQuestionLog(store, logger, { flushMs: 60000, maxBuffered: 3 });
    for (const docId of ['a', 'b', 'c', 'd', 'e']) log.recordQuestion({ ...q, docId });
    await log.close();
    expect(store.batches[0]!.questions.map((r) => r.docId)).to.deep.equal(['c', 'd', 'e']);
  });
});
