import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { fixedClock } from '../../src/clock.js';
import type { ContentFile } from '../../src/content/content-pack.js';
import { readContentDir } from '../../src/content/read-content-dir.js';
import { MAX_EXAMPLE_QUESTIONS } from '../../src/content/schemas.js';
import { createLogger } from '../../src/logger.js';
import { addQuestionToMarkdown, attachQuestionToDocument } from '../../src/publishing/attach-question.js';
import { buildSet, ContentRejected } from '../../src/publishing/content-set.js';
import { importDefaultContentIfEmpty } from '../../src/publishing/import-content.js';
import { publishDocument, retireDocument } from '../../src/publishing/publish-document.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const logger = createLogger('silent');
const hr = { name: 'hr.publisher@example.nhs.uk' };
const QUESTION = 'Can a colleague with hot flushes swap to a cooler ward?';

let files: ContentFile[];
const text = (p: string) => files.find((f) => f.path === p)!.text;
const caughtFrom = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const frontMatter = (markdown: string) => parse(markdown.split(/^---$/m)[1]!) as Record<string, unknown>;
const questionsOf = (markdown: string) => (frontMatter(markdown).questions ?? []) as unknown[];

/** A document's Markdown without its example questions (the list and the comment above it). */
function withoutQuestions(markdown: string): string {
  const lines = markdown.split('\n');
  const end = lines.indexOf('---', 1);
  const start = lines.findIndex((l, i) => i < end && l.startsWith('questions:'));
  if (start < 0) return markdown;
  let stop = start + 1;
  while (stop < end && /^(\s|#|$)/.test(lines[stop]!)) stop++;
  let from = start;
  while (from > 0 && lines[from - 1]!.startsWith('#')) from--;
  return [...lines.slice(0, from), ...lines.slice(stop)].join('\n');
}

/** The lines of `after` that are not in `before`, checking every line of `before` is still there, in order, unchanged. */
function addedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < a.length && line === a[i]) i++;
    else added.push(line);
  }
  expect(i, 'every original line kept, in order').to.equal(a.length);
  return added;
}

before(async () => {
  files = await readContentDir(path.join(REPO_ROOT, 'content'));
});

describe('adding a question to a document\'s front matter', () => {
  const withFrontMatter = (yaml: string) => `---\n${yaml}---\nBody text.\n\n## What to do\n1. Step.\n`;

  it('adds a questions list at the end of the front matter, changing no other byte', () => {
    const before = withoutQuestions(text('docs/menopause.md'));
    const after = addQuestionToMarkdown(before, { q: QUESTION, section: 'what-to-do' });
    expect(addedLines(before, after)).to.deep.equal(['questions:', `  - q: ${QUESTION}`, '    section: what-to-do']);
    expect(frontMatter(after).questions).to.deep.equal([{ q: QUESTION, section: 'what-to-do' }]);
    expect(after.endsWith(before.slice(before.indexOf('\n---\n')))).to.equal(true);
  });

  it('keeps every document in the default pack byte for byte apart from the added lines, and valid', () => {
    for (const file of files.filter((f) => f.path.startsWith('docs/'))) {
      for (const before of [file.text, withoutQuestions(file.text)]) {
        const after = addQuestionToMarkdown(before, 'what should I do first?');
        const listed = questionsOf(before).length > 0;
        expect(addedLines(before, after), file.path).to.deep.equal(listed ? ['  - what should I do first?'] : ['questions:', '  - what should I do first?']);
        const doc = buildSet([{ path: file.path, text: after }], { clock: fixedClock('2026-12-01T12:00:00Z') }).pack.documents[0];
        expect(doc?.questions.length, file.path).to.equal(questionsOf(before).length + 1);
        expect(doc?.questions.at(-1), file.path).to.deep.equal({ text: 'what should I do first?' });
      }
    }
  });

  it('appends to an existing block list after its last item, keeping comments, folded text and order', () => {
    const yaml = [
      'id: example # the id',
      'summary: >-',
      '  A long summary folded',
      '  over two lines.',
      'questions:',
      '  # asked on the wards',
      '  - first question',
      '  - q: second question',
      '    section: what-to-do',
      '# a comment before related',
      'related: [a, b]',
      '',
    ].join('\n');
    const before = withFrontMatter(yaml);
    const after = addQuestionToMarkdown(before, 'third: with a colon, "quotes" and # hash');
    const added = addedLines(before, after);
    expect(added).to.have.length(1);
    expect(after).to.contain('    section: what-to-do\n  - ');
    expect(frontMatter(after).questions).to.deep.equal(['first question', { q: 'second question', section: 'what-to-do' }, 'third: with a colon, "quotes" and # hash']);
    expect(frontMatter(after).related).to.deep.equal(['a', 'b']);
  });

  it('rewrites only a flow-style list, in flow style', () => {
    const before = withFrontMatter('id: example\nquestions: [one, two] # short ones\nrelated: [a]\n');
    const after = addQuestionToMarkdown(before, { q: 'three', section: 'what-to-do' });
    expect(after).to.contain('questions: [one, two, {q: three, section: what-to-do}] # short ones\nrelated: [a]\n');
    expect(frontMatter(after).questions).to.deep.equal(['one', 'two', { q: 'three', section: 'what-to-do' }]);
  });

  it('keeps Windows line endings', () => {
    const before = withFrontMatter('id: example\nquestions:\n  - one\n').replace(/\n/g, '\r\n');
    const after = addQuestionToMarkdown(before, 'two');
    expect(after).to.equal(withFrontMatter('id: example\nquestions:\n  - one\n  - two\n').replace(/\n/g, '\r\n'));
  });
});

for (const engine of ENGINES) {
  describe(`attaching a question to a document on ${engine.name}`, function () {
    let store: Store;
    const clock = fixedClock('2026-12-01T12:00:00Z');
    const deps = () => ({ store, clock });
    const live = async (p: string) => (await store.content.liveFiles()).files.find((f) => f.path === p)!.text;

    beforeEach(async function () {
      store = await engine.open(this);
      await importDefaultContentIfEmpty(deps(), path.join(REPO_ROOT, 'content'), logger);
    });
    afterEach(async () => {
      await store?.close().catch(() => undefined);
    });

    it('publishes a new version with the question, audited with who attached it and where, and takes it off the unanswered list', async () => {
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: `  ${QUESTION.toUpperCase()} `, at: clock.now() }, { text: 'jury service leave', at: clock.now() }] });
      const before = await live('docs/menopause.md');
      const result = await attachQuestionToDocument(deps(), hr, { docId: 'menopause', section: 'what-to-do', question: `  ${QUESTION}\n` });
      expect(result).to.deep.equal({ id: 'menopause', title: 'Menopause at work', version: 2, section: { anchor: 'what-to-do', heading: 'What to do' }, added: true });

      const after = await live('docs/menopause.md');
      expect(addedLines(before, after)).to.deep.equal([`  - q: ${QUESTION}`, '    section: what-to-do']);
      expect(await store.content.revision()).to.equal(2);
      const [latest] = await store.content.history('docs/menopause.md');
      expect(latest).to.deep.include({ version: 2, action: 'publish', author: hr.name, changeNote: 'Added a manager question to "What to do"' });
      const audit = (await store.audit.list(100)).find((e) => e.action === 'attach-question');
      expect(audit).to.deep.include({ actor: hr.name, action: 'attach-question', target: 'menopause', version: 2, detail: 'section what-to-do' });
      // The audit row names the document and section, never the question.
      expect(JSON.stringify(audit)).not.to.contain('flushes');
      expect((await store.listUnanswered(10)).map((u) => u.text)).to.deep.equal(['jury service leave']);
    });

    it('attaches to the whole document when no section is given', async () => {
      const result = await attachQuestionToDocument(deps(), hr, { docId: 'menopause', question: QUESTION });
      expect(result).to.deep.include({ version: 2, section: undefined, added: true });
      const listed = questionsOf(await live('docs/menopause.md'));
      expect(listed.at(-1)).to.equal(QUESTION);
      expect(listed.length).to.equal(questionsOf(text('docs/menopause.md')).length + 1);
      expect((await store.audit.list(100)).find((e) => e.action === 'attach-question')).to.deep.include({ actor: hr.name, detail: 'whole document' });
    });

    it('skips a question the document already lists (ignoring case and spacing): nothing published', async () => {
      await attachQuestionToDocument(deps(), hr, { docId: 'menopause', question: QUESTION });
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: QUESTION, at: clock.now() }] });
      const again = await attachQuestionToDocument(deps(), hr, { docId: 'menopause', section: 'what-to-do', question: QUESTION.toLowerCase().replace(/ /g, '  ') });
      expect(again).to.deep.include({ version: 2, added: false });
      expect(await store.content.revision()).to.equal(2);
      const listed = questionsOf(await live('docs/menopause.md'));
      expect(listed.filter((q) => q === QUESTION)).to.have.length(1);
      expect(listed.length).to.equal(questionsOf(text('docs/menopause.md')).length + 1);
      // Already answered by the document, so it leaves the unanswered list all the same.
      expect(await store.listUnanswered(10)).to.deep.equal([]);
    });

    it('refuses a section the document does not have, a document that does not exist or is retired, and a bad question, naming the field; nothing published', async () => {
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: QUESTION, at: clock.now() }] });
      const cases: [Parameters<typeof attachQuestionToDocument>[2], string][] = [
        [{ docId: 'menopause', section: 'how-to-cook', question: QUESTION }, 'section: "how-to-cook" is not a section of "Menopause at work" (its sections: overview, what-to-do, what-you-need-to-know, adjustments-to-consider, absence-and-recording, where-to-get-help)'],
        [{ docId: 'no-such-guide', question: QUESTION }, 'docId: there is no document "no-such-guide"'],
        [{ docId: '../settings', question: QUESTION }, 'docId: "../settings" is not a document id (lower-case words joined by hyphens)'],
        [{ docId: 'menopause', question: ' \n ' }, 'question: must not be empty'],
        [{ docId: 'menopause', question: 'x'.repeat(301) }, 'question: must be at most 300 characters'],
      ];
      for (const [input, message] of cases) {
        const err = await caughtFrom(attachQuestionToDocument(deps(), hr, input));
        expect(err, message).to.deep.include({ code: 'VALIDATION', message, details: [message] });
      }
      await retireDocument(deps(), hr, 'menopause', 'withdrawn');
      const retired = await caughtFrom(attachQuestionToDocument(deps(), hr, { docId: 'menopause', question: QUESTION }));
      expect(retired).to.have.property('message', 'docId: "menopause" is retired; restore it before adding questions to it');
      expect(await store.content.revision()).to.equal(2);
      expect(await store.listUnanswered(10)).to.have.length(1);
    });

    it('publishes through the content rules: a document already at the most questions allowed is refused with the problem, nothing published', async () => {
      const full = withoutQuestions(text('docs/menopause.md')).replace('\n---\n', `\nquestions:\n${Array.from({ length: MAX_EXAMPLE_QUESTIONS }, (_, i) => `  - question number ${i}\n`).join('')}---\n`);
      await publishDocument(deps(), hr, 'menopause', full, 'many questions');
      const err = await caughtFrom(attachQuestionToDocument(deps(), hr, { docId: 'menopause', question: QUESTION }));
      expect(err).to.be.instanceOf(ContentRejected);
      expect((err as ContentRejected).details.join('\n')).to.contain(`questions: must list at most ${MAX_EXAMPLE_QUESTIONS} questions`);
      expect(await store.content.revision()).to.equal(2);
    });

    it('adds the question to the newest version when another publish lands while it is being added (no edit lost)', async () => {
      const other = text('docs/menopause.md').replace('title: Menopause at work', 'title: Menopause support at work');
      let interleaved = false;
      // The first append finds that another HR publisher has just published a new title.
      const content = new Proxy(store.content, {
        get(target, key) {
          if (key === 'append') {
            return async (...args: Parameters<Store['content']['append']>) => {
              if (!interleaved) {
                interleaved = true;
                await publishDocument({ store, clock }, { name: 'other@example.nhs.uk' }, 'menopause', other, 'new title');
              }
              return target.append(...args);
            };
          }
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const result = await attachQuestionToDocument({ store: Object.assign(Object.create(store) as Store, { content }), clock }, hr, { docId: 'menopause', question: QUESTION });
      expect(result).to.deep.include({ title: 'Menopause support at work', version: 3, added: true });
      const after = await live('docs/menopause.md');
      expect(after).to.contain('title: Menopause support at work');
      expect(questionsOf(after).at(-1)).to.equal(QUESTION);
      expect(questionsOf(after).length).to.equal(questionsOf(text('docs/menopause.md')).length + 1);
    });
  });
}
