import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { CRISIS_TEXT } from '../../src/cards/decline-text.js';
import { slugify } from '../../src/content/markdown.js';
import { CRISIS_GUIDE } from '../../src/knowledge/answer-question.js';
import { REPO_ROOT } from '../helpers/test-server.js';

// Every figure a document's body states must be listed in its audit table (docs/content-audit/<id>.md),
// so no number reaches a manager without a recorded source (issue 18).

const DOCS_DIR = path.join(REPO_ROOT, 'content', 'docs');
const AUDIT_DIR = path.join(REPO_ROOT, 'docs', 'content-audit');


/** Guides where a manager may meet someone in crisis: each carries the crisis sentence word for word. */
const CRISIS_DOCS = ['stress-and-mental-health', 'trauma-and-incidents', 'bullying-and-harassment', 'pregnancy-and-baby-loss', 'financial-wellbeing', 'sickness-absence'];
const CRISIS_SENTENCE =
  '- **If someone may be in crisis:** if a life is in immediate danger or they have harmed themselves, call 999 or go to A&E; for urgent mental health help, call NHS 111 and choose option 2, call Samaritans on 116 123 or text SHOUT to 85258 (all free, 24 hours a day); see "If someone is in crisis" in the stress and mental health guide.';
/** The crisis routes of the fact sheet (../shared/facts/nhs-facts.md, "Crisis routes"), as every surface writes them. */
const CRISIS_ROUTES = ['999', 'A&E', 'NHS 111', 'option 2', '116 123', 'SHOUT to 85258'];

/** A figure: money, a percentage, or a number with days, weeks, months, years or hours ("10 days'", "24-week"). */
const FIGURE = /£\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?%|\d[\d,]*(?:\.\d+)?[ -](?:days?|weeks?|months?|years?|hours?)\b/gi;

export function figuresIn(text: string): string[] {
  return [...new Set(text.match(FIGURE) ?? [])];
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase();
}

/** The Markdown body: everything after the closing `---` of the front matter. */
function bodyOf(file: string, text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  if (!match) throw new Error(`${file} has no front matter`);
  return text.slice(match[0].length);
}

/** The Claim column of every numbered row of an audit table. */
export function claimsIn(audit: string): string[] {
  const claims: string[] = [];
  for (const line of audit.split('\n')) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (line.trim().startsWith('|') && /^\d+$/.test(cells[0] ?? '') && cells.length >= 4) claims.push(cells[1]!);
  }
  return claims;
}

/** Figures in a body that no claim lists ("5 days" is not listed by "15 days"). */
export function unlistedFigures(body: string, claims: readonly string[]): string[] {
  const listed = normalise(claims.join('\n'));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return figuresIn(body).filter((f) => !new RegExp(`(?:^|[^\\d.,])${escape(normalise(f))}`).test(listed));
}

/** Rows, changed, removed and trust-placeholder outcomes of an audit table. */
export function countsIn(audit: string): [number, number, number, number] {
  const outcomes = audit
    .split('\n')
    .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()))
    .filter((cells) => /^\d+$/.test(cells[0] ?? '') && cells.length >= 4)
    .map((cells) => cells[cells.length - 1]!);
  return [outcomes.length, outcomes.filter((o) => o.startsWith('changed')).length, outcomes.filter((o) => o.startsWith('removed')).length, outcomes.filter((o) => o.startsWith('trust placeholder')).length];
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const docIds = (await readdir(DOCS_DIR)).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
const docText = async (id: string) => readFile(path.join(DOCS_DIR, `${id}.md`), 'utf8');

describe('content audit: every figure in a document is in its audit table', () => {
  for (const id of docIds) {
    it(`${id}: has an audit file listing every figure in its body`, async () => {
      const audit = await readIfPresent(path.join(AUDIT_DIR, `${id}.md`));
      expect(audit, `${id}: no audit file docs/content-audit/${id}.md`).to.be.a('string');
      const claims = claimsIn(audit!);
      expect(claims, `${id}: the audit file has no table rows`).not.to.be.empty;
      const missing = unlistedFigures(bodyOf(id, await docText(id)), claims);
      expect(missing, `${id}: figures in the body that its audit table does not list: ${missing.join(', ')}`).to.deep.equal([]);
    });
  }

  it("the README's totals table gives each audit file's counts, and their sum", async () => {
    const readme = await readFile(path.join(AUDIT_DIR, 'README.md'), 'utf8');
    const rows = new Map<string, number[]>();
    for (const m of readme.matchAll(/^\| (?:`([a-z0-9-]+)`|\*\*Total\*\*) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)) rows.set(m[1] ?? 'total', m.slice(2).map(Number));
    const sum = [0, 0, 0, 0];
    for (const id of docIds) {
      const audit = await readIfPresent(path.join(AUDIT_DIR, `${id}.md`));
      if (audit === undefined) continue;
      const counts = countsIn(audit);
      expect(rows.get(id), `README totals row for ${id} (claims checked, changed, removed, trust placeholder)`).to.deep.equal(counts);
      counts.forEach((n, i) => (sum[i]! += n));
    }
    expect(rows.get('total'), 'README total row').to.deep.equal(sum);
  });

  it('finds money, percentages and numbers of days, weeks, months, years and hours, and nothing else', () => {
    const text = "Up to 10 days' paid leave and 5 days for a partner; at the 24-week point; 40.3% fell to 22.1%; £23,000 floor; 1 month full pay; 72 hours later; a 10-year plan; call 116 123 or 999; 2023 survey; 12th subject.";
    expect(figuresIn(text)).to.deep.equal(['10 days', '5 days', '24-week', '40.3%', '22.1%', '£23,000', '1 month', '72 hours', '10-year']);
  });

  it('fails a body figure that the table does not list, and passes it once listed', () => {
    const audit = '| # | Claim | Support | Outcome |\n|---|---|---|---|\n| 1 | Partners get up to 5 days | facts | kept |\n';
    expect(claimsIn(audit)).to.deep.equal(['Partners get up to 5 days']);
    expect(unlistedFigures('Up to 10 days, partners up to 5 days.', claimsIn(audit))).to.deep.equal(['10 days']);
    expect(unlistedFigures('Partners up to 5 days.', claimsIn(audit))).to.deep.equal([]);
    expect(unlistedFigures('Up to 5 days.', ['Up to 15 days'])).to.deep.equal(['5 days']);
    expect(unlistedFigures('Pay of £1.5m.', ['pay of £1.5m'])).to.deep.equal([]);
  });
});

describe('content audit: one crisis sentence, the same routes everywhere', () => {
  for (const id of CRISIS_DOCS) {
    it(`${id}: carries the crisis sentence word for word`, async () => {
      expect(bodyOf(id, await docText(id))).to.contain(CRISIS_SENTENCE);
    });
  }

  it('points to a crisis section that exists, the one the crisis card shows', async () => {
    const stress = bodyOf(CRISIS_GUIDE.docId, await docText(CRISIS_GUIDE.docId));
    const heading = /"([^"]+)" in the stress and mental health guide/.exec(CRISIS_SENTENCE)?.[1];
    expect(stress).to.contain(`\n## ${heading}\n`);
    expect(slugify(heading!)).to.equal(CRISIS_GUIDE.section);
  });

  it('gives the fact sheet routes in the sentence, the crisis section, the crisis card and the search notice', async () => {
    const stress = bodyOf(CRISIS_GUIDE.docId, await docText(CRISIS_GUIDE.docId));
    const section = stress.slice(stress.indexOf('\n## If someone is in crisis\n'), stress.indexOf('\n## ', stress.indexOf('\n## If someone is in crisis\n') + 1));
    const card = await readFile(path.join(REPO_ROOT, 'cards', 'crisis.json'), 'utf8');
    for (const route of CRISIS_ROUTES) {
      expect(CRISIS_SENTENCE, route).to.contain(route);
      expect(section, route).to.contain(route);
      expect(card, route).to.contain(route);
      expect(CRISIS_TEXT.advice, route).to.contain(route);
    }
  });
});
