import { Readable } from 'node:stream';
import { expect } from 'chai';
import fc from 'fast-check';
import { parseCardAction } from '../../src/bot/chat-routes.js';
import { buildContentPack, type ContentFile } from '../../src/content/content-pack.js';
import { isAppError } from '../../src/errors.js';
import { answerQuestion } from '../../src/knowledge/answer-question.js';
import { canonicalText, terms, words } from '../../src/knowledge/normalise.js';
import { readRoster, type RowProblem } from '../../src/nudges/roster.js';
import { defaultKnowledge } from '../helpers/content.js';

/**
 * Arbitrary input never throws anything but the project's coded error: the
 * parsers either return a value, report located problems, or throw AppError
 * with a validation code.
 */
const RUNS = { numRuns: 300 };

function expectCodedOrNothing(fn: () => unknown, codes: readonly string[] = ['VALIDATION']): void {
  try {
    fn();
  } catch (err) {
    if (!isAppError(err) || !codes.includes(err.code)) throw err;
  }
}

// Strings a hostile or clumsy client sends: unicode, control characters, markup, huge numbers.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', '${x}', '{{x}}', '<script>', '1:1', "'s", '\u0130', '\ufb03', 'ǅ', 'ß'.repeat(50)),
);

describe('properties: the query normaliser', () => {
  it('never throws, and always yields lower-case word terms', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        canonicalText(text);
        for (const w of words(text)) expect(w).to.match(/^[a-z0-9]{1,40}$/);
        terms(text);
      }),
      RUNS,
    );
  });

  it('answering any text never throws and always gives one of the four outcomes', async () => {
    const knowledge = await defaultKnowledge();
    const log = { recordQuestion() {}, recordUnanswered() {}, flush: async () => {}, close: async () => {} };
    fc.assert(
      fc.property(nasty, (text) => {
        expect(['answer', 'clarify', 'crisis', 'none']).to.include(answerQuestion({ knowledge, log, clock: { now: () => new Date() } }, text).status);
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties: the card-action parser', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const nearlyValid = fc.record(
    {
      verb: fc.constantFrom('feedback', 'show', 'help', 'nudge-held', 'nudge-snooze', 'nudge-skip', 'forget-me', 'FEEDBACK', '__proto__'),
      answerId: fc.oneof(fc.uuid(), nasty),
      nudgeId: fc.oneof(fc.uuid(), nasty),
      docId: fc.oneof(fc.constantFrom('sickness-absence', '../etc/passwd'), nasty),
      section: nasty,
      helpful: fc.oneof(fc.boolean(), json),
      heldOn: fc.oneof(fc.constantFrom('2026-11-20', '2026-02-30'), nasty),
      snooze: fc.oneof(fc.constantFrom('1d', '1w', '2w'), nasty),
      reason: nasty,
      confirm: fc.oneof(fc.boolean(), json),
      comment: fc.string({ maxLength: 800 }),
    },
    { requiredKeys: ['verb'] },
  );

  it('returns a valid action or throws VALIDATION, for any JSON or nearly valid payload', () => {
    fc.assert(
      fc.property(fc.oneof(json, nearlyValid, fc.anything()), (value) => {
        expectCodedOrNothing(() => {
          const action = parseCardAction(value);
          expect(action.verb).to.be.a('string');
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('properties: the roster CSV row parser', () => {
  const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
  const cell = fc.oneof(nasty, fc.constantFrom('"', '""', '","', '\n', '\r\n', 'E1', 'm@nhs.net', '2024-03-01', '=cmd|calc'));
  const csvText = fc.oneof(
    fc.array(fc.array(cell, { maxLength: 9 }).map((cells) => cells.join(',')), { maxLength: 8 }).map((lines) => [HEADER, ...lines].join('\n')),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ maxLength: 400 }).map((s) => `${HEADER}\n${s}`),
  );

  it('yields rows and located problems, or throws a coded error; never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        const problems: RowProblem[] = [];
        try {
          for await (const row of readRoster(Readable.from([text]), problems, { maxBytes: 1e6, maxRows: 1000 })) {
            expect(row.managerEmail ?? '').to.equal((row.managerEmail ?? '').toLowerCase());
          }
          for (const p of problems) expect(p.line).to.be.a('number');
        } catch (err) {
          if (!isAppError(err) || !['VALIDATION', 'PAYLOAD_TOO_LARGE'].includes(err.code)) throw err;
        }
      }),
      RUNS,
    );
  });
});

describe('properties: the content front-matter parser', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.array(fc.tuple(fc.constantFrom('id', 'title', 'kind', 'stage', 'summary', 'keywords', 'related', 'source', 'last_reviewed', 'review_due', '<<', '&a', '*a', '!!js/function'), nasty), { maxLength: 8 }).map((pairs) =>
      pairs.map(([k, v]) => `${k}: ${v}`).join('\n'),
    ),
    // A YAML "billion laughs": aliases that expand exponentially.
    fc.constant(['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n')),
  );

  it('reports problems with a file and a line, and never throws', () => {
    fc.assert(
      fc.property(yamlish, fc.string({ maxLength: 300 }), (frontMatter, body) => {
        const files: ContentFile[] = [{ path: 'docs/fuzz.md', text: `---\n${frontMatter}\n---\n${body}` }];
        const { problems } = buildContentPack(files, { today: '2026-11-23', requiredIds: [] });
        expect(problems.length).to.be.greaterThan(0);
        for (const p of problems) {
          expect(p.file).to.be.a('string');
          expect(p.line).to.be.a('number');
        }
      }),
      RUNS,
    );
  });
});
