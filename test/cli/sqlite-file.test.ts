import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { freePort, runLma, spawnLma, waitForStatus } from '../helpers/cli.js';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { openTestStore } from '../helpers/engines.js';
import { REPO_ROOT, tempDir } from '../helpers/test-server.js';

const CONTENT_DIR = path.join(REPO_ROOT, 'content');

/** Runs `lma serve` until it exits or answers /healthz (then stops it): a second service must never get that far. */
async function serveOnce(env: Record<string, string>): Promise<{ code: number | null; stderr: string; started: boolean }> {
  const port = await freePort();
  const child = spawnLma(['serve'], { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), CONTENT_DIR, LOG_LEVEL: 'warn', ...env });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = await Promise.race([exited.then(() => false), waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 60_000).then(() => true)]);
  if (started) child.kill('SIGKILL');
  return { code: await exited, stderr, started };
}

describe('one SQLite file, one service', function () {
  let first: ServeProcess | undefined;
  afterEach(async () => {
    await first?.kill('SIGKILL');
    first = undefined;
  });

  it('refuses a second lma serve on the same file, naming the file and the running one (exit 2); a killed service leaves no lock behind', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'lma.sqlite');
    first = await startServeProcess({ DATA_DIR: dataDir });
    const second = await serveOnce({ DATA_DIR: dataDir });
    expect(second.started, 'the second service started').to.equal(false);
    expect(second.code).to.equal(2);
    expect(second.stderr).to.contain(`${file} is in use by lma serve (pid ${first.pid} on `);
    expect(second.stderr).not.to.match(/\n\s+at /); // one clear line, no stack
    // The first is killed outright (no clean shutdown): the lock goes with it.
    await first.kill('SIGKILL');
    first = await startServeProcess({ DATA_DIR: dataDir });
  });

  it('starts on a fresh clone, where the data folder does not exist yet (it makes it)', async () => {
    const dataDir = path.join(tempDir(), 'not', 'there', 'yet');
    first = await startServeProcess({ DATA_DIR: dataDir });
    expect(fs.existsSync(path.join(dataDir, 'lma.sqlite'))).to.equal(true);
  });

  it('lets lma roster import run beside a running service, saying what it costs the service; the rows are there', async () => {
    const dataDir = tempDir();
    const csv = path.join(dataDir, 'roster.csv');
    fs.writeFileSync(csv, 'employee_id,display_name,email,manager_email,start_date,department,job_title\nC1,Casey Jones,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse\n');
    first = await startServeProcess({ DATA_DIR: dataDir });
    const res = await runLma(['roster', 'import', csv], { DATA_DIR: dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain('1 added');
    expect(res.stderr).to.contain(`lma: warning: lma serve (pid ${first.pid} on `);
    expect(res.stderr).to.contain('upload it in the HR admin tab instead');
    await first.kill('SIGKILL');
    first = undefined;
    const alone = await runLma(['roster', 'import', csv], { DATA_DIR: dataDir });
    expect(alone.code, alone.stderr).to.equal(0);
    expect(alone.stderr).to.equal('');
    const store = await openTestStore({ kind: 'sqlite', file: path.join(dataDir, 'lma.sqlite') });
    try {
      expect(await store.getPerson('C1')).to.deep.include({ displayName: 'Casey Jones' });
    } finally {
      await store.close();
    }
  });

  it('names a damaged database file and exits 2 (a restart cannot help), for lma serve and lma roster import', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'lma.sqlite');
    fs.writeFileSync(file, Buffer.alloc(8192, 'not a database, whatever the name says. '));
    const serve = await serveOnce({ DATA_DIR: dataDir });
    expect(serve.started).to.equal(false);
    expect(serve.code).to.equal(2);
    expect(serve.stderr).to.contain(`lma: ${file} is not a usable SQLite database (SQLITE_NOTADB: file is not a database). Restore it from a backup`);
    const csv = path.join(dataDir, 'roster.csv');
    fs.writeFileSync(csv, 'employee_id,display_name,email,manager_email,start_date,department,job_title\n');
    const importing = await runLma(['roster', 'import', csv], { DATA_DIR: dataDir });
    expect(importing.code).to.equal(2);
    expect(importing.stderr).to.contain(`${file} is not a usable SQLite database`);
  });
});
