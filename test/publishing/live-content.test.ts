import { Writable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import type { ContentPack } from '../../src/content/types.js';
import { createLogger } from '../../src/logger.js';
import { startContentSync } from '../../src/publishing/live-content.js';
import type { Store } from '../../src/store/store.js';
import { fakeTimers } from '../helpers/wait.js';

/** A store whose content revision can be made to fail, for the poller's fault handling. */
function flakyStore() {
  const state = { failing: false, reads: 0 };
  const content = {
    async revision() {
      state.reads++;
      if (state.failing) throw new Error('connection refused');
      return 1;
    },
  } as unknown as Store['content'];
  return { state, store: { content } };
}

describe('content poller', () => {
  it('keeps the content it has while the store fails, says so once, and says when it works again', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const replaced: ContentPack[] = [];
    const { state, store } = flakyStore();
    const sync = startContentSync({ store, knowledge: { replaceYielding: async (p) => void replaced.push(p) }, clock: fixedClock('2026-12-01T12:00:00Z'), logger }, 1, 0);
    state.failing = true;
    expect(await sync.refresh()).to.equal(false);
    expect(await sync.refresh()).to.equal(false);
    state.failing = false;
    expect(await sync.refresh()).to.equal(false);
    await sync.stop();
    expect(state.reads).to.equal(3);
    expect(replaced).to.have.length(0);
    expect(sync.revision).to.equal(1);
    const messages = lines.map((l) => JSON.parse(l).msg as string);
    expect(messages.filter((m) => m.startsWith('content reload failed'))).to.have.length(1);
    expect(messages).to.include('content reload working again');
  });

  it('polls on its own every interval, and never again once stopped', async () => {
    const timers = fakeTimers();
    try {
      const { state, store } = flakyStore();
      const sync = startContentSync({ store, knowledge: { replaceYielding: async () => undefined }, clock: fixedClock('2026-12-01T12:00:00Z'), logger: createLogger('silent') }, 1, 20);
      await timers.tick(19);
      expect(state.reads, 'before the first interval').to.equal(0);
      for (let n = 1; n <= 3; n++) {
        await timers.tick(1);
        expect(state.reads, `after interval ${n}`).to.equal(n);
        await timers.tick(19);
        expect(state.reads, `within interval ${n + 1}`).to.equal(n);
      }
      await sync.stop();
      await timers.tick(1000);
      expect(state.reads).to.equal(3);
    } finally {
      timers.restore();
    }
  });
});
