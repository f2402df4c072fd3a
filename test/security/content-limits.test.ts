import path from 'node:path';
import { expect } from 'chai';
import { buildContentPack, formatProblem } from '../../src/content/content-pack.js';
import { readContentDir } from '../../src/content/read-content-dir.js';
import { REPO_ROOT } from '../helpers/test-server.js';

describe('security: document size limit in the content validator', () => {
  it('refuses a document over CONTENT_MAX_DOCUMENT_BYTES with a located problem, and accepts it under the limit', async () => {
    const files = await readContentDir(path.join(REPO_ROOT, 'content'));
    // The largest document: at exactly its size, every document fits.
    const doc = files
      .filter((f) => f.path.startsWith('docs/') && f.path.endsWith('.md') && !f.path.endsWith('README.md'))
      .sort((a, b) => Buffer.byteLength(b.text) - Buffer.byteLength(a.text))[0]!;
    const bytes = Buffer.byteLength(doc.text);
    const tight = buildContentPack(files, { today: '2026-12-01', maxFileBytes: bytes - 1 });
    const problems = tight.problems.filter((p) => p.file === doc.path).map(formatProblem);
    expect(problems).to.deep.equal([`${doc.path}:1: file: is ${bytes} bytes; the limit is ${bytes - 1} (CONTENT_MAX_DOCUMENT_BYTES)`]);
    expect(tight.pack.documents.map((d) => d.file)).not.to.include(doc.path);
    const roomy = buildContentPack(files, { today: '2026-12-01', maxFileBytes: bytes });
    expect(roomy.problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
  });
});
