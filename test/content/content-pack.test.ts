import path from 'node:path';
import { expect } from 'chai';
import { CATALOGUE_IDS } from '../../src/content/catalogue.js';
import { buildContentPack, contentPackSteps, LIMITS, type ContentFile } from '../../src/content/content-pack.js';
import { readContentDir } from '../../src/content/read-content-dir.js';
import type { ContentProblem } from '../../src/content/types.js';
import { runCountingPauses } from '../helpers/steps.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const TODAY = '2026-12-01';
let pristine: ContentFile[];

before(async () => {
  pristine = await readContentDir(path.join(REPO_ROOT, 'content'));
});

/** The default pack with one file changed by `edit` (or removed when it returns undefined). */
function withEdit(file: string, edit: (text: string) => string | undefined): ContentFile[] {
  const files: ContentFile[] = [];
  let found = false;
  for (const f of pristine) {
    if (f.path !== file) {
      files.push(f);
      continue;
    }
    found = true;
    const text = edit(f.text);
    if (text !== undefined) files.push({ path: f.path, text });
  }
  if (!found) throw new Error(`no such content file ${file}`);
  return files;
}

function problems(files: ContentFile[], today = TODAY): ContentProblem[] {
  return [...buildContentPack(files, { today }).problems];
}

function lineOf(file: string, needle: RegExp): number {
  const text = pristine.find((f) => f.path === file)!.text;
  const index = text.split('\n').findIndex((l) => needle.test(l));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

const DOC = 'docs/sickness-absence.md';

describe('content pack: the default pack', () => {
  it('has no errors and no warnings (strict)', () => {
    expect(problems(pristine)).to.deep.equal([]);
  });

  it('contains every catalogue id, each once', () => {
    const { pack } = buildContentPack(pristine, { today: TODAY });
    const ids = pack.documents.map((d) => d.id);
    for (const id of CATALOGUE_IDS) expect(ids, id).to.include(id);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('gives every document an opening and the three required sections, with numbered steps', () => {
    const { pack } = buildContentPack(pristine, { today: TODAY });
    for (const doc of pack.documents) {
      const headings = doc.sections.map((s) => s.heading);
      expect(headings[0], doc.id).to.equal('Overview');
      expect(headings, doc.id).to.include.members(['What to do', 'What you need to know', 'Where to get help']);
      expect(doc.sections.find((s) => s.heading === 'What to do')!.steps.length, doc.id).to.be.greaterThan(1);
    }
  });

  it('fills every placeholder: no raw {{...}} reaches a section', () => {
    const { pack } = buildContentPack(pristine, { today: TODAY });
    for (const doc of pack.documents) {
      for (const s of doc.sections) expect(s.text, `${doc.id}#${s.anchor}`).not.to.match(/\{\{|\}\}/);
    }
  });

  it('ships an onboarding plan with the six check-ins and a wellbeing conversation guide', () => {
    const { pack } = buildContentPack(pristine, { today: TODAY });
    const onboarding = pack.plans.find((p) => p.id === 'onboarding')!;
    expect(onboarding.steps.map((s) => s.id)).to.deep.equal([
      'before-day-one',
      'day-one',
      'end-of-week-one',
      'day-30',
      'day-90',
      'probation-review',
    ]);
    expect(onboarding.steps.every((s) => typeof s.offsetDays === 'number')).to.equal(true);
    const guide = pack.plans.find((p) => p.id === 'wellbeing-conversation')!;
    expect(guide.steps.length).to.be.greaterThan(2);
    expect(guide.steps.flatMap((s) => s.questions).length).to.be.greaterThan(4);
  });

  it('lists the life-cycle stages in order, each with at least one document', () => {
    const { pack } = buildContentPack(pristine, { today: TODAY });
    expect(pack.stages[0]!.id).to.equal('your-role');
    for (const stage of pack.stages) {
      expect(pack.documents.some((d) => d.stage === stage.id), stage.id).to.equal(true);
    }
  });
});

describe('content pack: each rule catches a broken file', () => {
  function expectProblem(list: ContentProblem[], want: Partial<ContentProblem>) {
    const matches = (p: ContentProblem) => Object.entries(want).every(([k, v]) => p[k as keyof ContentProblem] === v);
    expect(list.some(matches), `${JSON.stringify(want)} not in ${JSON.stringify(list, null, 1)}`).to.equal(true);
  }

  it('a bad date names file, line and field', () => {
    const list = problems(withEdit(DOC, (t) => t.replace(/^last_reviewed: .*$/m, 'last_reviewed: 2026-02-30')));
    expectProblem(list, { severity: 'error', file: DOC, line: lineOf(DOC, /^last_reviewed:/), field: 'last_reviewed' });
  });

  it('an unknown related id names the line of that entry', () => {
    const list = problems(withEdit(DOC, (t) => t.replace(/^related: \[/m, 'related: [no-such-doc, ')));
    expectProblem(list, { severity: 'error', file: DOC, field: 'related[0]', line: lineOf(DOC, /^related:/) });
    expect(list.find((p) => p.field === 'related[0]')!.message).to.contain('no-such-doc');
  });

  it('a missing "## What to do" is an error', () => {
    const list = problems(withEdit(DOC, (t) => t.replace('## What to do', '## Things to do')));
    expect(list.some((p) => p.severity === 'error' && p.file === DOC && /What to do/.test(p.message))).to.equal(true);
  });

  it('"## What to do" without a numbered list is an error', () => {
    const list = problems(withEdit(DOC, (t) => t.replace(/^(\s{0,3})\d+[.)]\s+/gm, '$1- ')));
    expect(list.some((p) => p.file === DOC && /numbered list/.test(p.message))).to.equal(true);
  });

  it('required sections out of order are an error', () => {
    const list = problems(
      withEdit(DOC, (t) => t.replace('## What to do', '## TEMP').replace('## What you need to know', '## What to do').replace('## TEMP', '## What you need to know')),
    );
    expect(list.some((p) => p.file === DOC && /out of order/.test(p.message))).to.equal(true);
  });

  it('a duplicate id is an error on the second file', () => {
    const copy = pristine.find((f) => f.path === DOC)!;
    const list = problems([...pristine, { path: 'docs/zz-copy.md', text: copy.text }]);
    expectProblem(list, { severity: 'error', file: 'docs/zz-copy.md', field: 'id' });
  });

  it('a missing catalogue document is an error', () => {
    const list = problems(withEdit(DOC, () => undefined));
    expect(list.some((p) => p.severity === 'error' && /"sickness-absence" is missing/.test(p.message))).to.equal(true);
  });

  it('review_due in the past is a warning, not an error', () => {
    const list = problems(pristine, '2099-01-01');
    expect(list.length).to.be.greaterThan(0);
    expect(list.every((p) => p.severity === 'warning' && p.field === 'review_due')).to.equal(true);
  });

  it('review_due before last_reviewed, or a future last_reviewed, is an error', () => {
    const list = problems(withEdit(DOC, (t) => t.replace(/^review_due: .*$/m, 'review_due: 2020-01-01')));
    expectProblem(list, { severity: 'error', file: DOC, field: 'review_due' });
    const future = problems(withEdit(DOC, (t) => t.replace(/^last_reviewed: .*$/m, 'last_reviewed: 2026-12-02').replace(/^review_due: .*$/m, 'review_due: 2027-12-02')));
    expectProblem(future, { severity: 'error', file: DOC, field: 'last_reviewed' });
  });

  it('an unknown placeholder is an error; an empty setting is a warning and never shows raw', () => {
    const unknown = problems(withEdit(DOC, (t) => t.replace('## Where to get help\n', '## Where to get help\nAsk {{no_such_setting}}.\n')));
    expect(unknown.some((p) => p.severity === 'error' && p.file === DOC && /no_such_setting/.test(p.message))).to.equal(true);

    const emptied = withEdit('settings.yml', (t) => t.replace(/^hr_contact: .*$/m, 'hr_contact: ""'));
    const list = problems(emptied);
    expect(list.length).to.be.greaterThan(0);
    expect(list.every((p) => p.severity === 'warning' && /hr_contact/.test(p.message))).to.equal(true);
    const { pack } = buildContentPack(emptied, { today: TODAY });
    const texts = pack.documents.flatMap((d) => d.sections.map((s) => s.text)).join('\n');
    expect(texts).not.to.contain('{{');
    expect(texts).to.contain('your HR team');
  });

  it('a malformed link in the body or in source.url is an error', () => {
    const body = problems(withEdit(DOC, (t) => t.replace('## Where to get help\n', '## Where to get help\nSee [the policy](javascript:alert(1)).\n')));
    expect(body.some((p) => p.severity === 'error' && p.file === DOC && /not a well-formed/.test(p.message))).to.equal(true);
    const source = problems(withEdit(DOC, (t) => t.replace(/^(\s+url:) .*$/m, '$1 not a url')));
    expectProblem(source, { severity: 'error', file: DOC, field: 'source.url' });
  });

  it('a document over the size limit is an error; one outside the word range is a warning', () => {
    const big = problems(withEdit(DOC, (t) => t + '\n' + 'word '.repeat(LIMITS.maxFileBytes / 5)));
    expectProblem(big, { severity: 'error', file: DOC, field: 'file' });
    const long = problems(withEdit(DOC, (t) => t + '\nMore words here. '.repeat(200)));
    expectProblem(long, { severity: 'warning', file: DOC, field: 'body' });
  });

  it('an unknown stage, kind or front-matter field is an error naming the field', () => {
    expectProblem(problems(withEdit(DOC, (t) => t.replace(/^stage: .*$/m, 'stage: nowhere'))), { severity: 'error', file: DOC, field: 'stage', line: lineOf(DOC, /^stage:/) });
    expectProblem(problems(withEdit(DOC, (t) => t.replace(/^kind: .*$/m, 'kind: memo'))), { severity: 'error', file: DOC, field: 'kind', line: lineOf(DOC, /^kind:/) });
    const extra = problems(withEdit(DOC, (t) => t.replace(/^kind: /m, 'colour: blue\nkind: ')));
    expect(extra.some((p) => p.file === DOC && /colour/.test(p.message))).to.equal(true);
  });

  it('a missing required field says it is required', () => {
    const list = problems(withEdit(DOC, (t) => t.replace(/^owner: .*\n/m, '')));
    expectProblem(list, { severity: 'error', file: DOC, field: 'owner' });
    expect(list.find((p) => p.field === 'owner')!.message).to.equal('is required');
  });

  it('invalid YAML or no front matter is an error with a line', () => {
    const yaml = problems(withEdit(DOC, (t) => t.replace(/^title: (.*)$/m, 'title: [unclosed')));
    expect(yaml.some((p) => p.severity === 'error' && p.file === DOC && p.field === 'front matter' && p.line > 1)).to.equal(true);
    const none = problems(withEdit(DOC, (t) => t.replace(/^---\n/, '')));
    expectProblem(none, { severity: 'error', file: DOC, field: 'front matter', line: 1 });
  });

  it('a "#" heading in the body or a missing opening is an error', () => {
    const h1 = problems(withEdit(DOC, (t) => t.replace('## What to do', '# Big title\n\n## What to do')));
    expect(h1.some((p) => p.file === DOC && /use "##" headings/.test(p.message))).to.equal(true);
    const noOpening = problems(withEdit(DOC, (t) => t.replace(/(\n---\n)[\s\S]*?(## What to do)/, '$1$2')));
    expect(noOpening.some((p) => p.file === DOC && /opening paragraph/.test(p.message))).to.equal(true);
  });

  it('a plan naming an unknown guide or repeating a step id is an error', () => {
    const plan = 'plans/onboarding.yml';
    const list = problems(withEdit(plan, (t) => t.replace(/^guide: .*$/m, 'guide: nowhere').replace('id: day-one', 'id: before-day-one')));
    expectProblem(list, { severity: 'error', file: plan, field: 'guide' });
    expect(list.some((p) => p.file === plan && /duplicate step id/.test(p.message))).to.equal(true);
  });

  it('a broken stages or settings file is an error in that file', () => {
    expectProblem(problems(withEdit('stages.yml', (t) => t + '\n- id: your-role\n  title: Again\n  description: Duplicate.\n')), { severity: 'error', file: 'stages.yml' });
    expectProblem(problems(withEdit('settings.yml', (t) => t + '\nBad Name: x\n')), { severity: 'error', file: 'settings.yml' });
  });

  it('reads the glossary, and a bad term or meaning names the glossary file, its line and the term', () => {
    const glossary = buildContentPack(pristine, { today: TODAY }).pack.glossary;
    expect(glossary.find((t) => t.term === 'RTW')?.meaning).to.equal('return to work');
    const edited = withEdit('glossary.yml', (t) => t.replace(/^terms:\n/m, 'terms:\n  two words: not a term\n  EMPTY: ""\n'));
    const list = problems(edited);
    expectProblem(list, { severity: 'error', file: 'glossary.yml', field: 'terms.two words', line: lineOf('glossary.yml', /^terms:/) + 1 });
    expectProblem(list, { severity: 'error', file: 'glossary.yml', field: 'terms.EMPTY', line: lineOf('glossary.yml', /^terms:/) + 2 });
    expect(buildContentPack(edited, { today: TODAY }).pack.glossary).to.deep.equal([]);
  });
});

describe('content pack built in slices', () => {
  it('pauses at least once a document and builds the same pack as in one go', () => {
    const { pauses, value } = runCountingPauses(contentPackSteps(pristine, { today: TODAY }));
    const whole = buildContentPack(pristine, { today: TODAY });
    expect(pauses).to.be.at.least(whole.pack.documents.length);
    expect(value.pack.documents.map((d) => d.id)).to.deep.equal(whole.pack.documents.map((d) => d.id));
    expect(value.problems).to.deep.equal(whole.problems);
  });
});
