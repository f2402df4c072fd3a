import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import type { Store } from '../../src/store/store.js';
import { runLma } from '../helpers/cli.js';
import { ENGINES } from '../helpers/engines.js';
import { tempDir } from '../helpers/test-server.js';

const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
const rows = (n: number) => Array.from({ length: n }, (_, i) => `E${i},Person ${i},,m@nhs.net,2024-03-01,Ward 7,Nurse`);
const clock = fixedClock('2026-11-23T10:00:00Z');


for (const engine of ENGINES) {
  describe(`security: roster size limits on ${engine.name}`, () => {
    let store: Store;
    beforeEach(async function () {
      store = await engine.open(this);
    });
    afterEach(async () => store?.close());

    const run = (text: string, limits: { maxBytes: number; maxRows: number }) =>
      importRoster({ store, clock }, Readable.from([text]), { full: true, limits }).catch((e: unknown) => e as Error & { code: string });

    it('refuses a file with more rows than allowed, naming the limit, and imports nothing', async () => {
      const err = await run([HEADER, ...rows(11)].join('\n'), { maxBytes: 1e6, maxRows: 10 });
      expect(err).to.have.property('code', 'PAYLOAD_TOO_LARGE');
      expect((err as Error).message).to.equal('line 12: file: more than 10 rows (the ROSTER_MAX_ROWS limit); nothing was imported');
      expect(await store.getPerson('E0')).to.equal(undefined);
      const ok = await run([HEADER, ...rows(10)].join('\n'), { maxBytes: 1e6, maxRows: 10 });
      expect(ok).to.include({ added: 10 });
    });

    it('refuses a file larger than allowed, and imports nothing', async () => {
      const text = [HEADER, ...rows(100)].join('\n');
      const err = await run(text, { maxBytes: 2000, maxRows: 1000 });
      expect(err).to.have.property('code', 'PAYLOAD_TOO_LARGE');
      expect((err as Error).message).to.match(/^line \d+: file: larger than 2000 bytes \(the ROSTER_MAX_BYTES limit\); nothing was imported$/);
      expect(await store.getPerson('E0')).to.equal(undefined);
      expect(await run(text, { maxBytes: Buffer.byteLength(text) + 10, maxRows: 1000 })).to.include({ added: 100 });
    });

    it('refuses one enormous record (an unterminated quote) without reading the file into memory', async () => {
      const err = await run(`${HEADER}\nE1,"${'x'.repeat(200_000)}`, { maxBytes: 1e9, maxRows: 1000 });
      expect(err).to.have.property('code', 'VALIDATION');
      expect((err as Error).message).to.match(/^line \d+: csv: /);
    });
  });
}

describe('security: lma roster import limits come from the configuration', function () {
  it('ROSTER_MAX_ROWS is applied and the error is one clear line; exit code 1', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'r.csv'), [HEADER, ...rows(6)].join('\n'));
    const res = await runLma(['roster', 'import', path.join(dir, 'r.csv')], { DATA_DIR: dir, ROSTER_MAX_ROWS: '5' });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('more than 5 rows (the ROSTER_MAX_ROWS limit); nothing was imported');
    const bad = await runLma(['roster', 'import', path.join(dir, 'r.csv')], { DATA_DIR: dir, ROSTER_MAX_ROWS: 'lots' });
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('ROSTER_MAX_ROWS:');
  });
});
