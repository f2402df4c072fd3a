import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from './helpers/test-server.js';

/** Issue #16: a file longer than this is doing more than one thing, and is split by responsibility. */
const MAX_LINES = 300;
/** Files let off the limit, with the reason beside each; none today. */
const ALLOWED: ReadonlySet<string> = new Set<string>([]);

/** Lines as `wc -l` and an editor count them: a final newline does not start another line. */
function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function sourceFiles(): string[] {
  return (fs.readdirSync(path.join(REPO_ROOT, 'src'), { recursive: true }) as string[])
    .filter((rel) => rel.endsWith('.ts'))
    .map((rel) => `src/${rel.split(path.sep).join('/')}`)
    .sort();
}

function linesIn(file: string): number {
  return lineCount(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

function longFiles(limit: number, allowed: ReadonlySet<string>): string[] {
  return sourceFiles()
    .filter((file) => !allowed.has(file) && linesIn(file) > limit)
    .map((file) => `${file}: ${linesIn(file)} lines`);
}

describe(`source file length (at most ${MAX_LINES} lines)`, () => {
  it('counts lines as wc -l does', () => {
    expect([lineCount('a\nb\n'), lineCount('a\nb'), lineCount('a\n\n')]).to.deep.equal([2, 2, 2]);
  });

  it('finds every .ts file under src/, in subfolders too, and lists those over a lower limit (so the check can fail)', () => {
    const all = sourceFiles();
    expect(all).to.include.members(['src/app.ts', 'src/content/content-pack.ts', 'src/bot/flows/answering.ts']);
    expect(longFiles(0, new Set())).to.have.length(all.length);
    expect(longFiles(100, ALLOWED)).to.not.be.empty;
  });

  it(`no file in src/ is over ${MAX_LINES} lines`, () => {
    expect(longFiles(MAX_LINES, ALLOWED), 'split these by responsibility (docs/ARCHITECTURE.md)').to.deep.equal([]);
  });
});
