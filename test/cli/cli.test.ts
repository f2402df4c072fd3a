import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { freePort, runLma, spawnLma, waitForStatus } from '../helpers/cli.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/postgres.js';
import { REPO_ROOT, tempDir } from '../helpers/test-server.js';

describe('lma command line', function () {
  it('prints help and exits 0', async () => {
    const r = await runLma(['--help']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('serve');
    expect(r.stdout).to.contain('content');
  });

  it('gives every subcommand its own help', async () => {
    for (const args of [['serve', '--help'], ['content', 'validate', '--help']]) {
      const r = await runLma(args);
      expect(r.code, args.join(' ')).to.equal(0);
      expect(r.stdout).to.match(/^Usage: lma /);
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runLma(['frobnicate'])).code).to.equal(2);
    expect((await runLma(['serve', '--bogus'])).code).to.equal(2);
  });

  it('with PORT=abc prints one line naming PORT and exits 2', async () => {
    const r = await runLma(['serve'], { PORT: 'abc', DATA_DIR: tempDir() });
    expect(r.code).to.equal(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/PORT/);
    expect(r.stderr).not.to.match(/\n\s+at /);
  });

  it('refuses production mode without bot credentials, exit 2', async () => {
    const r = await runLma(['serve'], { NODE_ENV: 'production', DATA_DIR: tempDir() });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('MicrosoftAppId');
  });

  it('serve on SQLite answers /healthz and stops cleanly on SIGTERM', async function () {
    const port = await freePort();
    const dataDir = tempDir();
    const child = spawnLma(['serve'], { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200);
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      // A shutdown that overruns SHUTDOWN_TIMEOUT_MS exits 1, so 0 is "clean and in time" without timing it here.
      expect(code).to.equal(0);
      expect(fs.existsSync(path.join(dataDir, 'lma.sqlite')), 'the SQLite file in DATA_DIR').to.equal(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  describe('serve on PostgreSQL', () => {
    let pg: OwnPostgres;
    before(async function () {
      pg = await startOwnPostgres(this);
    });
    after(async () => {
      await pg?.destroy();
    });

    it('is ready with the server up, 503 while it is down (process keeps running), ready again after', async function () {
      const port = await freePort();
      const child = spawnLma(['serve'], { PORT: String(port), DATABASE_URL: pg.url, LOG_LEVEL: 'error', DATA_DIR: tempDir() });
      let exited = false;
      child.on('exit', () => (exited = true));
      try {
        const readyz = `http://127.0.0.1:${port}/readyz`;
        await waitForStatus(readyz, 200);
        await pg.stop();
        await waitForStatus(readyz, 503);
        const body = (await (await fetch(readyz)).json()) as { reason: string };
        expect(body.reason).to.match(/^store: postgres/);
        expect(exited).to.equal(false);
        await pg.start();
        await waitForStatus(readyz, 200);
        expect(exited).to.equal(false);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
});

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

describe('lma content validate', function () {
  it('passes --strict on the default pack', async () => {
    const r = await runLma(['content', 'validate', '--strict']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^3\d documents, 2 plans, \d+ stages: 0 error\(s\), 0 warning\(s\)/);
  });

  it('reports a broken copy as file:line: field: problem and exits 1', async () => {
    const dir = tempDir('lma-content-');
    fs.cpSync(path.join(REPO_ROOT, 'content'), dir, { recursive: true });
    const doc = path.join(dir, 'docs/menopause.md');
    const text = fs
      .readFileSync(doc, 'utf8')
      .replace(/^last_reviewed: .*$/m, 'last_reviewed: 2026-13-01')
      .replace(/^related: \[/m, 'related: [not-a-document, ')
      .replace('## What to do', '## Steps');
    fs.writeFileSync(doc, text);
    const lineOf = (re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;
    const r = await runLma(['content', 'validate', dir]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`docs/menopause.md:${lineOf(/^last_reviewed:/)}: last_reviewed: must be a real date`);
    expect(r.stderr).to.contain(`docs/menopause.md:${lineOf(/^related:/)}: related[0]: unknown document id "not-a-document"`);
    expect(r.stderr).to.match(/docs\/menopause\.md:\d+: body: missing the "## What to do" section/);
  });

  it('exits 1 under --strict when there are only warnings', async () => {
    const r = await runLma(['content', 'validate', '--strict', '--today', '2099-01-01']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/review_due: review was due on \d{4}-\d{2}-\d{2} \(warning\)/);
    const lenient = await runLma(['content', 'validate', '--today', '2099-01-01']);
    expect(lenient.code).to.equal(0);
  });
});

describe('lma ask', function () {
  it('prints a readable answer with its source', async () => {
    const r = await runLma(['ask', 'someone rang in sick, what do I do?']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Managing sickness absence — /);
    expect(r.stdout).to.contain('Source: ');
  });

  it('--json prints one object with status and up to five results, best first', async () => {
    const r = await runLma(['ask', '--json', 'flexible working request']);
    const out = JSON.parse(r.stdout);
    expect(out.query).to.equal('flexible working request');
    expect(out.status).to.equal('answer');
    expect(out.results.length).to.be.within(1, 5);
    expect(out.results[0]).to.have.keys(['id', 'title', 'section', 'score']);
    expect(out.results[0].id).to.equal('flexible-working');
  });

  it('--json --batch answers one line each, in order, and declines off-topic ones', async () => {
    const file = path.join(tempDir(), 'questions.txt');
    fs.writeFileSync(file, 'sick note\n\nwho won the football\nmenapause support\n');
    const r = await runLma(['ask', '--json', '--batch', file]);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).to.deep.equal(['sick note', 'who won the football', 'menapause support']);
    expect(lines.map((l) => l.status)).to.deep.equal(['answer', 'none', 'answer']);
    expect(lines[2].results[0].id).to.equal('menopause');
  });

  it('exits 2 without a question or with an unreadable batch file', async () => {
    expect((await runLma(['ask'])).code).to.equal(2);
    expect((await runLma(['ask', '--batch', '/no/such/file'])).code).to.equal(2);
  });
});

describe('lma roster import', function () {
  it('imports a file, lists bad rows as "line N: field: problem", exits 1 if any row was bad, 0 otherwise', async () => {
    const dir = tempDir();
    const header = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
    fs.writeFileSync(path.join(dir, 'bad.csv'), `${header}\nE1,Sam Patel,,m@nhs.net,2024-03-01,Ward 7,Nurse\nE2,Alex,,m@nhs.net,yesterday,,\n`);
    fs.writeFileSync(path.join(dir, 'good.csv'), `${header}\nE1,Sam Patel,,m@nhs.net,2024-03-01,Ward 7,Nurse\n`);
    const bad = await runLma(['roster', 'import', path.join(dir, 'bad.csv')], { DATA_DIR: dir });
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('line 3: start_date: must be a date written YYYY-MM-DD');
    expect(bad.stdout).to.contain('1 added');
    const good = await runLma(['roster', 'import', '--full', path.join(dir, 'good.csv')], { DATA_DIR: dir });
    expect(good.code, good.stderr).to.equal(0);
    expect(good.stdout).to.contain('0 added, 0 updated, 1 unchanged, 0 marked as left; 0 bad row(s)');
  });

  it('imports a roster whose top has no line manager with exit 0, and writes an audit row like the admin tab', async () => {
    const { openStore } = await import('../../src/store/store.js');
    const { createLogger } = await import('../../src/logger.js');
    const dir = tempDir();
    const header = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
    fs.writeFileSync(path.join(dir, 'r.csv'), `${header}\nE0,Chief Nurse,chief@nhs.net,,2015-04-01,Nursing,Chief Nurse\nE1,Sam Patel,,chief@nhs.net,2024-03-01,Ward 7,Nurse\n`);
    const run = await runLma(['roster', 'import', path.join(dir, 'r.csv')], { DATA_DIR: dir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('2 added, 0 updated, 0 unchanged, 0 marked as left; 0 bad row(s)');
    const store = await openStore({ config: { store: { kind: 'sqlite', file: path.join(dir, 'lma.sqlite') } }, logger: createLogger('silent') });
    try {
      const [audit] = await store.audit.list(1);
      expect(audit).to.deep.include({ action: 'roster-import', target: 'roster', detail: '2 imported, 0 unchanged, 0 left, 0 bad row(s)' });
      expect(audit!.actor).to.match(/^command line \(.+\)$/);
    } finally {
      await store.close();
    }
  });

  it('exits 2 for a file it cannot read', async () => {
    expect((await runLma(['roster', 'import', '/no/such.csv'], { DATA_DIR: tempDir() })).code).to.equal(2);
  });
});

describe('lma nudges', function () {
  it('due --json lists what a dispatch at that time would send (and would park), without sending; dispatch --once runs a pass', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'r.csv'), 'employee_id,display_name,email,manager_email,start_date,department,job_title\nE1,Sam Patel,,m@nhs.net,2025-01-06,Ward 7,Nurse\n');
    expect((await runLma(['roster', 'import', path.join(dir, 'r.csv')], { DATA_DIR: dir })).code).to.equal(0);
    // Planned as of a week after the start date: the first conversation is then six weeks ahead, not long past (a first
    // round), and the onboarding check-ins still ahead (day 30, two and three months) are planned too.
    const planned = await runLma(['nudges', 'dispatch', '--once', '--now', '2025-01-13T10:00:00Z'], { DATA_DIR: dir });
    expect(planned.stdout).to.contain('4 planned, 0 sent');
    const wellbeing = (out: string) => (JSON.parse(out).due as { kind: string }[]).filter((n) => n.kind === 'wellbeing');
    const before = await runLma(['nudges', 'due', '--json', '--at', '2025-02-17T08:00:00Z'], { DATA_DIR: dir });
    expect(before.code, before.stderr).to.equal(0);
    expect(wellbeing(before.stdout)).to.deep.equal([]);
    const after = await runLma(['nudges', 'due', '--json', '--at', '2025-02-17T09:00:00Z'], { DATA_DIR: dir });
    const listed = JSON.parse(after.stdout);
    // The manager never installed the assistant: a dispatch would park the nudges, not send them.
    expect(wellbeing(after.stdout)).to.deep.equal([]);
    const parkedWellbeing = (out: string) => (JSON.parse(out).parked as { kind: string }[]).filter((n) => n.kind === 'wellbeing');
    expect(parkedWellbeing(after.stdout)).to.have.length(1);
    expect(parkedWellbeing(after.stdout)[0]).to.deep.include({ kind: 'wellbeing', employeeId: 'E1', managerEmail: 'm@nhs.net', dueDate: '2025-02-17', sendAfter: '2025-02-17T09:00:00.000Z' });
    expect(listed.parked.length).to.be.at.least(1);
    // Listing changed nothing: the nudge is still waiting.
    expect(parkedWellbeing((await runLma(['nudges', 'due', '--json', '--at', '2025-02-17T09:00:00Z'], { DATA_DIR: dir })).stdout)).to.have.length(1);
    const text = await runLma(['nudges', 'due', '--at', '2025-02-17T09:00:00Z'], { DATA_DIR: dir });
    expect(text.stdout).to.contain('E1 -> m@nhs.net').and.to.contain('would be parked');
    expect(text.stderr).to.contain('0 would be sent at 2025-02-17T09:00:00.000Z, 0 wait for the manager');
    const pass = await runLma(['nudges', 'dispatch', '--once', '--now', '2025-02-17T09:00:00Z'], { DATA_DIR: dir });
    expect(pass.code, pass.stderr).to.equal(0);
    // The manager never installed the assistant, so the wellbeing nudge and the day-30 check-in are parked for HR to see.
    expect(pass.stdout).to.contain('0 sent, 0 to retry, 2 parked, 0 failed');
  });

  it('exits 2 on a bad time', async () => {
    expect((await runLma(['nudges', 'due', '--at', 'tomorrow'], { DATA_DIR: tempDir() })).code).to.equal(2);
  });
});
