import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readFields, writeField } from '../../tabs/admin/front-matter.js';
import { REPO_ROOT } from '../helpers/test-server.js';

/** The admin editor's front matter form (browser code with no DOM): read and write one field, leave the rest alone. */
describe('Front matter form fields', () => {
  const original = fs.readFileSync(path.join(REPO_ROOT, 'content', 'docs', 'one-to-ones.md'), 'utf8');
  // A field the form does not know; the guide's own example questions and their comment are in `original` too.
  const extra = '# local notes\nlocal_notes:\n  what-to-do:\n    - "How often?"\n';
  const withExtra = original.replace(/\n---\n/, `\n${extra}---\n`);

  it('rewrites only the edited field: every other line, unknown fields and comments stay byte for byte', () => {
    const edited = writeField(writeField(writeField(withExtra, 'title', 'One-to-ones: how'), 'synonyms', ['121', 'catch-up, weekly', '']), 'source.url', 'https://example.org/a');
    const changed = edited.split('\n').filter((line, i) => line !== withExtra.split('\n')[i]);
    expect(changed).to.deep.equal(['title: "One-to-ones: how"', 'synonyms: ["121", "catch-up, weekly"]', '  url: https://example.org/a']);
    expect(readFields(edited)).to.deep.include({ title: 'One-to-ones: how', synonyms: ['121', 'catch-up, weekly'], 'source.url': 'https://example.org/a' });
  });

  it('keeps the folded style of the summary and adds missing fields where they belong', () => {
    const md = '---\nid: x\nsummary: >-\n  Old text\n  over two lines.\nsource:\n  title: T\n---\nBody\n';
    const edited = writeField(writeField(writeField(md, 'summary', 'New text.'), 'source.url', 'https://u.example'), 'owner', 'HR');
    expect(edited).to.equal('---\nid: x\nsummary: >-\n  New text.\nsource:\n  title: T\n  url: https://u.example\nowner: HR\n---\nBody\n');
  });

  it('changes nothing when the front matter cannot be read', () => {
    const broken = '---\ntitle: [unclosed\n---\nBody\n';
    expect(readFields(broken)).to.equal(undefined);
    expect(writeField(broken, 'title', 'X')).to.equal(broken);
    expect(readFields('no front matter')).to.equal(undefined);
  });
});
