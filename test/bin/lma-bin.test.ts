import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, tempDir } from '../helpers/test-server.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: tempDir(), env: { HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** An older Node than the CLI needs, if this machine has one (Debian bookworm's is 20). */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!fs.existsSync(candidate)) continue;
    const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]']).toString().trim());
    if (major < 22) return candidate;
  }
  return undefined;
}

describe('the installed lma command (bin/lma.js, built)', function () {

  it('runs through a symlink named lma, as npm link, npx and a global install start it', async () => {
    const dir = tempDir();
    fs.symlinkSync(path.join(REPO_ROOT, 'bin', 'lma.js'), path.join(dir, 'lma'));
    // The shebang finds node on PATH: this test's own Node.
    const PATH = `${dir}:${path.dirname(process.execPath)}:/usr/bin:/bin`;
    const help = await run(path.join(dir, 'lma'), ['--help'], { PATH });
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.match(/^Usage: lma /);
    expect(help.stdout).to.contain('nudges');
    const sub = await run(path.join(dir, 'lma'), ['nudges', 'due', '--help'], { PATH });
    expect(sub.code, sub.stderr).to.equal(0);
    expect(sub.stdout).to.match(/^Usage: lma nudges due /);
    const bad = await run(path.join(dir, 'lma'), ['frobnicate'], { PATH });
    expect(bad.code).to.equal(2);
  });

  describe('started by a Node older than 22', () => {
    const old = olderNode();
    before(function () {
      if (!old) {
        // Not a CI failure: .ci/run accepts a machine whose own Node is 22 or newer.
        console.warn('      (skipped: no Node older than 22 on this machine)');
        this.skip();
      }
    });

    it("runs on the project's own Node 22 instead (better-sqlite3 would crash the older one)", async () => {
      // nudges due opens the SQLite store, which is what crashed Node 20.
      const env = { PATH: '/usr/bin:/bin', DATA_DIR: tempDir(), CONTENT_DIR: path.join(REPO_ROOT, 'content') };
      const r = await run(old!, [path.join(REPO_ROOT, 'bin', 'lma.js'), 'nudges', 'due', '--json'], env);
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.have.property('due');
    });

    it('without its own Node yet, fails at once with one line saying what to run', async () => {
      // A copy of bin/lma.js with no node_modules beside it: a clone before npm install.
      const clone = tempDir();
      fs.mkdirSync(path.join(clone, 'bin'));
      fs.copyFileSync(path.join(REPO_ROOT, 'bin', 'lma.js'), path.join(clone, 'bin', 'lma.js'));
      // "At once": it exits 2 with the message instead of trying to serve (which would not exit at all).
      const r = await run(old!, [path.join(clone, 'bin', 'lma.js'), 'serve'], { PATH: '/usr/bin:/bin' });
      expect(r.code).to.equal(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/needs Node\.js 22 or newer, this is 2\d\./).and.to.contain('npm install');
    });
  });
});
