import http from 'node:http';
import zlib from 'node:zlib';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** The Guidance tab's API and the built tab pages, on the real server. */
describe('Guidance tab API and tab pages (real server)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn' });
  });
  after(async () => server.stop());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as any) : await res.text() };
  };

  it('lists the life-cycle stages with their documents, in the content pack order', async () => {
    const { status, body } = await get('/api/guidance/stages');
    expect(status).to.equal(200);
    const pack = server.app.knowledge.pack;
    const withDocs = pack.stages.filter((s) => pack.documents.some((d) => d.stage === s.id));
    expect(body.stages.map((s: { id: string }) => s.id)).to.deep.equal(withDocs.map((s) => s.id));
    const total = body.stages.reduce((n: number, s: { documents: unknown[] }) => n + s.documents.length, 0);
    expect(total).to.equal(pack.documents.length);
    expect(body.stages[0].documents[0]).to.have.keys(['id', 'title', 'summary']);
  });

  it('searches with the same index and policy as the bot: best document first', async () => {
    const { status, body } = await get(`/api/guidance/search?q=${encodeURIComponent('someone rang in sick what do i do')}`);
    expect(status).to.equal(200);
    expect(body.results[0].id).to.equal('sickness-absence');
    expect(body.results.length).to.be.within(1, 8);
    expect(body.notice).to.equal(undefined);
  });

  it('corrects spelling, and declines a clinical question with advice instead of results', async () => {
    const spelt = await get(`/api/guidance/search?q=${encodeURIComponent('menapause support')}`);
    expect(spelt.body.results[0].id).to.equal('menopause');
    expect(spelt.body.corrections).to.deep.include({ from: 'menapause', to: 'menopause' });

    const clinical = await get(`/api/guidance/search?q=${encodeURIComponent('what dose of paracetamol should a patient take')}`);
    expect(clinical.status).to.equal(200);
    expect(clinical.body.results).to.deep.equal([]);
    expect(clinical.body.notice.headline).to.match(/clinical/i);
  });

  it('puts the urgent routes first for a search about someone at risk, then the crisis guidance', async () => {
    const { status, body } = await get(`/api/guidance/search?q=${encodeURIComponent('one of my staff said she wants to kill herself')}`);
    expect(status).to.equal(200);
    expect(body.notice.headline).to.equal('If someone may be at risk, act now');
    for (const route of ['999', 'NHS 111 and choose option 2', '116 123', 'SHOUT to 85258']) expect(body.notice.advice).to.contain(route);
    expect(body.results[0]).to.include({ id: 'stress-and-mental-health', section: 'if-someone-is-in-crisis' });
  });

  it('refuses an empty or over-long search with 400 naming the field', async () => {
    const empty = await get('/api/guidance/search?q=%20');
    expect(empty.status).to.equal(400);
    expect(empty.body.error).to.contain('q:');
    expect((await get(`/api/guidance/search?q=${'a'.repeat(501)}`)).status).to.equal(400);
  });

  it('returns a whole document: rendered sections, source, review dates and related topics', async () => {
    const { status, body } = await get('/api/guidance/documents/flexible-working');
    expect(status).to.equal(200);
    const doc = server.app.knowledge.document('flexible-working')!;
    expect(body.title).to.equal(doc.title);
    expect(body.source).to.deep.equal(doc.source);
    expect(body.lastReviewed).to.equal(doc.lastReviewed);
    expect(body.reviewDueText).to.match(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    for (const s of doc.sections) expect(body.html).to.contain(`<section id="${s.anchor}">`);
    expect(body.html).to.contain('<ol>');
    expect(body.related.length).to.be.within(1, 3);
    expect(body.related.map((r: { id: string }) => r.id)).not.to.include('flexible-working');
    expect(body.webUrl).to.match(/^http:\/\/localhost:\d+\/guidance\/flexible-working$/);
  });

  it('answers 404 for a document that does not exist, needing no sign-in for any guidance route', async () => {
    const missing = await get('/api/guidance/documents/no-such-thing');
    expect(missing.status).to.equal(404);
    expect(missing.body.error).to.match(/no guidance/i);
    for (const route of server.app.apiRoutes.filter((r) => r.path.startsWith('/api/guidance/'))) expect(route.access).to.equal('public');
  });

  it('serves the built tabs with the tab security headers, and nothing outside their folders', async () => {
    for (const tab of ['guidance', 'my-team']) {
      const page = await get(`/tabs/${tab}/`);
      expect(page.status).to.equal(200);
      expect(page.body).to.contain('<script type="module" src="main.js"></script>');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).to.contain("script-src 'self'");
      expect(csp).to.contain('frame-ancestors');
      expect(csp).to.contain('https://teams.microsoft.com');
      expect(csp).not.to.contain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
      const js = await get(`/tabs/${tab}/main.js`);
      expect(js.status).to.equal(200);
      expect(js.headers.get('content-type')).to.match(/^text\/javascript/);
      expect((await get(`/tabs/${tab}/main.css`)).status).to.equal(200);
    }
    const bare = await get('/tabs/guidance');
    expect(bare.status).to.equal(301);
    expect(bare.headers.get('location')).to.equal('/tabs/guidance/');
    expect((await get('/tabs/guidance/..%2F..%2Fpackage.json')).status).to.equal(404);
    expect((await get('/tabs/guidance/%2E%2E%2Fmain.js')).status).to.equal(404);
    expect((await get('/tabs/no-such-tab/')).status).to.equal(404);
  });

  it('sends tab files gzipped when asked, with an ETag that turns a revalidation into 304', async () => {
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${server.url}${path}`, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const plain = await raw('/tabs/guidance/main.js', {});
    expect(plain.headers['content-encoding']).to.equal(undefined);
    const zipped = await raw('/tabs/guidance/main.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).to.equal('gzip');
    expect(zipped.body.length).to.be.lessThan(plain.body.length / 2);
    expect(zlib.gunzipSync(zipped.body).equals(plain.body)).to.equal(true);
    expect(zipped.headers['content-security-policy']).to.contain("script-src 'self'");
    const etag = String(plain.headers.etag);
    expect(etag).to.match(/^"[\w-]+"$/);
    const again = await raw('/tabs/guidance/main.js', { 'if-none-match': etag });
    expect(again.status).to.equal(304);
    expect(again.body.length).to.equal(0);
  });
});
