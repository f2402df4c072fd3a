import path from 'node:path';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import type { ContentFile } from '../../src/content/content-pack.js';
import { readContentDir } from '../../src/content/read-content-dir.js';
import { createKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { findAnswer } from '../../src/knowledge/answer-question.js';
import { createLogger } from '../../src/logger.js';
import { ContentRejected } from '../../src/publishing/content-set.js';
import { diffVersions, documentHistory, getDocument, listDocuments } from '../../src/publishing/document-history.js';
import { importContent, importDefaultContentIfEmpty } from '../../src/publishing/import-content.js';
import { loadLiveContent, startContentSync } from '../../src/publishing/live-content.js';
import { publishDocument, restoreVersion, retireDocument, validateDraft } from '../../src/publishing/publish-document.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const logger = createLogger('silent');
const hr = { name: 'hr.publisher@example.nhs.uk' };
const MARKER = 'Offer a desk fan and a cooler uniform straight away';

let files: ContentFile[];
const text = (p: string) => files.find((f) => f.path === p)!.text;
/** The menopause guidance with its first step corrected. */
const corrected = () => text('docs/menopause.md').replace(/^1\. .*$/m, `1. ${MARKER}, and let your team know they can talk to you about menopause.`);

const caughtFrom = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

before(async () => {
  files = await readContentDir(path.join(REPO_ROOT, 'content'));
});

for (const engine of ENGINES) {
  describe(`publishing on ${engine.name}`, function () {
    let store: Store;
    const clock = fixedClock('2026-12-01T12:00:00Z');
    const deps = () => ({ store, clock });

    beforeEach(async function () {
      store = await engine.open(this);
      await importDefaultContentIfEmpty(deps(), path.join(REPO_ROOT, 'content'), logger);
    });
    afterEach(async () => {
      await store?.close().catch(() => undefined);
    });

    it('imports the default pack as version 1 of every file, by "system", once', async () => {
      expect(await store.content.revision()).to.equal(1);
      const latest = await store.content.latest();
      expect(latest).to.have.length(files.length);
      expect(latest.every((v) => v.version === 1 && v.action === 'import' && v.author === 'system')).to.equal(true);
      expect(latest.filter((v) => v.docId).length).to.equal(30);
      await importDefaultContentIfEmpty(deps(), path.join(REPO_ROOT, 'content'), logger);
      expect(await store.content.revision()).to.equal(1);
    });

    it('imports a folder again: unchanged files are skipped, changed ones become new versions', async () => {
      const again = await importContent(deps(), hr, files, 'same again');
      expect(again).to.deep.include({ imported: [], unchanged: files.length, revision: 1 });
      const changed = files.map((f) => (f.path === 'docs/menopause.md' ? { ...f, text: corrected() } : f));
      const report = await importContent(deps(), hr, changed, 'corrected step 1');
      expect(report.imported).to.deep.equal([{ path: 'docs/menopause.md', version: 2 }]);
      expect(report.unchanged).to.equal(files.length - 1);
      expect((await store.content.history('docs/menopause.md'))[0]).to.deep.include({ action: 'import', author: hr.name, changeNote: 'corrected step 1' });
    });

    it('refuses an import whose content has errors, listing them, and imports nothing', async () => {
      const broken = [{ path: 'docs/menopause.md', text: corrected().replace('stage: wellbeing', 'stage: nowhere') }];
      const err = await caughtFrom(importContent(deps(), hr, broken, 'broken'));
      expect(err).to.be.instanceOf(ContentRejected);
      expect((err as ContentRejected).details.join('\n')).to.contain('docs/menopause.md:5: stage: unknown stage "nowhere"');
      expect(await store.content.revision()).to.equal(1);
    });

    it('validates a draft with the content rules over the live set, listing every error with its line', async () => {
      const draft = corrected()
        .replace('related: [reasonable-adjustments,', 'related: [no-such-document,')
        .replace('## Where to get help', '## Where to get more help')
        .replace('review_due: 2027-12-01', 'review_due: 2026-01-01');
      const check = await validateDraft(deps(), 'menopause', draft);
      expect(check.ok).to.equal(false);
      const errors = check.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`);
      expect(errors).to.include('docs/menopause.md:25: related[0]: unknown document id "no-such-document"');
      expect(errors, errors.join('\n')).to.include('docs/menopause.md:12: review_due: must be after last_reviewed (2026-12-01)');
      expect(errors.some((e) => e.includes('missing the "## Where to get help" section'))).to.equal(true);
      // Problems of other documents that the draft did not cause are not the draft's.
      expect(check.problems.every((p) => p.file === 'docs/menopause.md')).to.equal(true);
      const good = await validateDraft(deps(), 'menopause', corrected());
      expect(good.ok).to.equal(true);
      expect(good.document?.sections.find((s) => s.heading === 'What to do')?.text).to.contain(MARKER);
    });

    it('reports errors a draft causes in other documents, and a draft whose id is not the one edited', async () => {
      // Renaming reasonable-adjustments breaks every document that relates to it.
      const renamed = text('docs/reasonable-adjustments.md').replace('id: reasonable-adjustments', 'id: adjustments');
      const check = await validateDraft(deps(), 'reasonable-adjustments', renamed);
      expect(check.ok).to.equal(false);
      expect(check.problems.find((p) => p.field === 'id' && p.file === 'docs/reasonable-adjustments.md')?.message).to.equal('must be "reasonable-adjustments", the document being edited');
      const elsewhere = check.problems.filter((p) => p.file !== 'docs/reasonable-adjustments.md');
      expect(elsewhere.length).to.be.greaterThan(0);
      expect(elsewhere.every((p) => /unknown document id "reasonable-adjustments"/.test(p.message))).to.equal(true);
    });

    it('refuses to publish a draft with errors: every error listed, nothing published, live content unchanged', async () => {
      const before = await store.content.liveFiles();
      const draft = corrected().replace('kind: policy', 'kind: poem').replace(/^## What to do$/m, '## Steps');
      const err = await caughtFrom(publishDocument(deps(), hr, 'menopause', draft, 'try'));
      expect(err).to.be.instanceOf(ContentRejected);
      const details = (err as ContentRejected).details;
      expect(details.some((d) => d.startsWith('docs/menopause.md:4: kind:'))).to.equal(true);
      expect(details.some((d) => d.includes('missing the "## What to do" section'))).to.equal(true);
      expect(await store.content.liveFiles()).to.deep.equal(before);
      expect(await store.audit.list(100)).to.have.length(files.length);
    });

    it('publishes, restores an earlier version as a new version, shows history and a diff, and audits each step', async () => {
      clock.advance(1000);
      const published = await publishDocument(deps(), hr, 'menopause', corrected(), 'Step 1: offer a fan');
      expect(published).to.deep.include({ id: 'menopause', version: 2 });
      expect((await store.content.liveFiles()).files.find((f) => f.path === 'docs/menopause.md')?.text).to.equal(corrected());
      const same = await caughtFrom(publishDocument(deps(), hr, 'menopause', corrected(), 'again'));
      expect(same).to.have.property('code', 'VALIDATION');
      const noNote = await caughtFrom(publishDocument(deps(), hr, 'menopause', corrected() + '\n', '   '));
      expect(noNote).to.have.property('code', 'VALIDATION');

      clock.advance(60_000);
      const restored = await restoreVersion(deps(), hr, 'menopause', 1, 'back to the national wording');
      expect(restored.version).to.equal(3);
      expect((await getDocument(deps(), 'menopause')).markdown).to.equal(text('docs/menopause.md'));
      const history = await documentHistory(deps(), 'menopause');
      expect(history.map((h) => [h.version, h.action, h.author])).to.deep.equal([
        [3, 'restore', hr.name],
        [2, 'publish', hr.name],
        [1, 'import', 'system'],
      ]);
      const { diff } = await diffVersions(deps(), 'menopause', 1, 2);
      expect(diff).to.contain(`+1. ${MARKER}`);
      expect(diff).to.contain('-1. Let your team know they can talk to you');
      expect(await caughtFrom(diffVersions(deps(), 'menopause', 1, 9))).to.have.property('code', 'NOT_FOUND');

      const audit = await store.audit.list(2);
      expect(audit.map((a) => [a.action, a.target, a.version, a.actor])).to.deep.equal([
        ['restore', 'menopause', 3, hr.name],
        ['publish', 'menopause', 2, hr.name],
      ]);
    });

    it('retires a document nothing depends on, refuses one others relate to, and lists both states', async () => {
      const refused = await caughtFrom(retireDocument(deps(), hr, 'reasonable-adjustments', 'no longer needed'));
      expect(refused).to.be.instanceOf(ContentRejected);
      expect((refused as ContentRejected).details.every((d) => d.includes('unknown document id "reasonable-adjustments"'))).to.equal(true);

      const draft = text('docs/menopause.md').replace('id: menopause', 'id: hot-weather').replace('title: Menopause at work', 'title: Working in hot weather');
      expect((await publishDocument(deps(), hr, 'hot-weather', draft, 'new guidance')).version).to.equal(1);
      expect((await retireDocument(deps(), hr, 'hot-weather', 'summer is over')).version).to.equal(2);
      expect((await store.content.liveFiles()).files.some((f) => f.path === 'docs/hot-weather.md')).to.equal(false);
      expect(await caughtFrom(retireDocument(deps(), hr, 'hot-weather', 'again'))).to.have.property('code', 'VALIDATION');

      // A new id whose file name another document already has is refused rather than overwriting it.
      await store.content.append([{ path: 'docs/taken.md', docId: 'something-else', action: 'publish', text: draft.replace('id: hot-weather', 'id: something-else') }], {
        expectedRevision: await store.content.revision(),
        author: 'x',
        changeNote: 'n',
        now: clock.now(),
        audit: { actor: 'x', action: 'publish', detail: undefined },
      });
      expect(await caughtFrom(validateDraft(deps(), 'taken', draft.replace('id: hot-weather', 'id: taken')))).to.have.property('code', 'CONFLICT');

      const list = await listDocuments({ store, clock });
      expect(list).to.have.length(32);
      expect(list.find((d) => d.id === 'hot-weather')).to.deep.include({ title: 'Working in hot weather', status: 'retired', version: 2, updatedBy: hr.name });
      expect(list.find((d) => d.id === 'menopause')).to.deep.include({ status: 'live', version: 1, reviewDue: false, lastReviewed: '2026-12-01', updatedBy: 'system' });
    });

    it('lets two publishers race: both changes land, one after the other', async () => {
      const a = corrected();
      const b = text('docs/flexible-working.md').replace(/^1\. .*$/m, '1. Read the request the day it arrives.');
      const results = await Promise.all([
        publishDocument(deps(), hr, 'menopause', a, 'a'),
        publishDocument(deps(), { name: 'other@example.nhs.uk' }, 'flexible-working', b, 'b'),
      ]);
      expect(results.map((r) => r.version)).to.deep.equal([2, 2]);
      expect(await store.content.revision()).to.equal(3);
    });

    it('swaps newly published content into a running knowledge base on refresh', async () => {
      const live = await loadLiveContent({ store, clock });
      const knowledge = createKnowledgeBase(live.pack);
      const sync = startContentSync({ store, knowledge, clock, logger }, live.revision, 0);
      try {
        const ask = () => findAnswer(knowledge, 'menopause support at work what do I do');
        const before = ask();
        expect(before.status).to.equal('answer');
        expect(JSON.stringify(before)).not.to.contain(MARKER);
        expect(await sync.refresh()).to.equal(false);
        await publishDocument(deps(), hr, 'menopause', corrected(), 'fan');
        expect(await sync.refresh()).to.equal(true);
        expect(sync.revision).to.equal(2);
        expect(JSON.stringify(ask())).to.contain(MARKER);
      } finally {
        await sync.stop();
      }
    });
  });
}
