import { expect } from 'chai';
import { requirePostgres } from '../helpers/postgres.js';
import { devSignIn, startTestServer, type TestServer } from '../helpers/test-server.js';

const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
const TEN = [HEADER, ...Array.from({ length: 10 }, (_, i) => `T${i},Person ${i},,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse`)].join('\n');

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`security: roster traps through the admin API (real server, ${engine})`, function () {
    let server: TestServer;
    let hr: string;
    before(async function () {
      server = await startTestServer(engine === 'postgres' ? { DATABASE_URL: await requirePostgres(this) } : {});
      hr = await devSignIn(server, 'pat.hr@trust.nhs.uk', true);
    });
    after(async () => server?.stop());

    const upload = async (csv: string, query = '') => {
      const res = await fetch(`${server.url}/api/admin/roster${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${hr}` }, body: csv });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('a header-only full import does not mark everyone as left unless confirmed', async () => {
      expect((await upload(TEN)).body).to.include({ added: 10 });
      const refused = await upload(HEADER + '\n', '?full=true');
      expect(refused.status).to.equal(409);
      expect(refused.body.error).to.match(/would mark 10 of 10 people \(100%\) as left/).and.to.contain('confirmLeft=true');
      // Nothing changed: the same ten are all still current.
      expect((await upload(TEN)).body).to.include({ unchanged: 10, updated: 0 });
      // A full import that drops one of ten (10%) goes through unconfirmed.
      const oneLeaves = await upload(TEN.split('\n').slice(0, 10).join('\n'), '?full=true');
      expect(oneLeaves.status).to.equal(200);
      expect(oneLeaves.body).to.include({ left: 1 });
      // Confirmed, the header-only file is taken at its word.
      const confirmed = await upload(HEADER + '\n', '?full=true&confirmLeft=true');
      expect(confirmed.status).to.equal(200);
      expect(confirmed.body).to.include({ left: 9 });
    });

    it('refuses employee ids "." and "..", naming the line, and imports the other rows', async () => {
      const csv = [HEADER, '.,Dot Person,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse', '..,Dots Person,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse', 'D3,Real Person,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse'].join('\n');
      const res = await upload(csv);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ imported: 1, badLines: 2 });
      expect(res.body.problems).to.deep.equal([
        { line: 2, field: 'employee_id', message: 'cannot be "." or ".."' },
        { line: 3, field: 'employee_id', message: 'cannot be "." or ".."' },
      ]);
    });
  });
}
