import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../src/cli/main.js';
import { devSignIn, REPO_ROOT, startTestServer, tempDir, type TestServer } from '../helpers/test-server.js';

const ROSTER_HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
/** RFC 4180: a quote inside a quoted field is written twice. */
const RFC_4180_ROSTER = [ROSTER_HEADER, 'E1,"Robert ""Bob"" Smith",,m@trust.nhs.uk,2025-01-06,"Ward 7, East",Nurse', ''].join('\r\n');

/** The uploaded part's bytes, recognisable in any file a parser might leave behind. */
const UPLOAD_PART = 'lma-probe-part ';

function multipart(): { body: Buffer; type: string } {
  const boundary = '----lma-probe-boundary';
  const body = Buffer.from(
    [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="fill.bin"', 'Content-Type: application/octet-stream', '', UPLOAD_PART.repeat(4096), `--${boundary}--`, ''].join('\r\n'),
  );
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Any method with a body (fetch will not send one with GET); resolves with the status. */
function rawRequest(url: string, method: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // The server may close the connection before taking the whole body: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

/** Files in the temp folder that were not there before (restify's bodyParser wrote uploads there and never deleted them). */
const tempFiles = () => new Set(fs.readdirSync(os.tmpdir()));

function holdsUploadedPart(file: string): boolean {
  try {
    return fs.statSync(file).isFile() && fs.readFileSync(file).includes(UPLOAD_PART.repeat(4));
  } catch {
    return false; // gone already, or not ours to read
  }
}

describe('security: request bodies are read only in the types we take, never to disk (real server)', () => {
  let server: TestServer;
  let hr: string;
  before(async function () {
    server = await startTestServer({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
    hr = await devSignIn(server, 'pat.hr@trust.nhs.uk', true);
  });
  after(async () => server?.stop());

  it('refuses multipart with 415 on every kind of route, before authentication, and writes nothing to the temp folder', async () => {
    const before = tempFiles();
    const targets: [string, string, Record<string, string>][] = [
      ['POST', '/api/messages', {}],
      ['POST', '/api/admin/roster', { authorization: `Bearer ${hr}` }],
      ['POST', '/api/admin/roster', {}],
      ['POST', '/api/dev/sign-in', {}],
      ['GET', '/healthz', {}],
      ['POST', '/no/such/route', {}],
    ];
    for (let round = 0; round < 5; round++) {
      for (const [method, url, headers] of targets) {
        const { body, type } = multipart();
        expect(await rawRequest(`${server.url}${url}`, method, { 'content-type': type, ...headers }, body), `${method} ${url}`).to.equal(415);
      }
    }
    // Other processes write to the same temp folder (PostgreSQL's password file, a second test run):
    // what must not be there is a file holding the uploaded part.
    const added = [...tempFiles()].filter((f) => !before.has(f) && holdsUploadedPart(path.join(os.tmpdir(), f)));
    expect(added, 'files left in the temp folder').to.deep.equal([]);
  });

  it('refuses a content type a route does not take: CSV to a JSON route, JSON to the roster, form posts anywhere', async () => {
    const send = (url: string, type: string, body: string) =>
      fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${hr}` }, body });
    expect((await send('/api/admin/announce', 'text/csv', 'a,b\n1,2\n')).status).to.equal(415);
    expect((await send('/api/admin/roster', 'application/json', '{"rows":[]}')).status).to.equal(415);
    expect((await send('/api/messages', 'application/x-www-form-urlencoded', 'type=message')).status).to.equal(415);
    expect((await send('/api/admin/roster', 'application/octet-stream', ROSTER_HEADER)).status).to.equal(415);
    // A Content-Type with no body is no upload: nothing to refuse.
    expect((await fetch(`${server.url}/healthz`, { headers: { 'content-type': 'multipart/form-data; boundary=x' } })).status).to.equal(200);
    // Control: the same routes take their own types.
    expect((await send('/api/admin/roster', 'text/csv', RFC_4180_ROSTER)).status).to.equal(200);
  });

  it('a slow client gets 408 and loses its socket: headers not finished, or a body not finished (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS)', async () => {
    const { port } = new URL(server.url);
    const stalled = (start: string) =>
      new Promise<{ status: string; ms: number }>((resolve, reject) => {
        const began = Date.now();
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(start));
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve({ status: data.split('\r\n')[0]!, ms: Date.now() - began }));
        // Node's own default would hold it for 60 s (headers) or 300 s (request): far past this.
        setTimeout(() => (socket.destroy(), reject(new Error('the server still held the socket after 20 s'))), 20_000).unref();
      });
    const headers = await stalled('GET /healthz HTTP/1.1\r\nHost: lma\r\n');
    const body = await stalled('POST /api/messages HTTP/1.1\r\nHost: lma\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":');
    console.log(`      slow headers closed after ${headers.ms} ms, slow body after ${body.ms} ms`);
    expect(headers.status).to.equal('HTTP/1.1 408 Request Timeout');
    expect(body.status).to.equal('HTTP/1.1 408 Request Timeout');
  });

  it('refuses a declared body over the limit with 413 before reading it, on /api/messages too', async () => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }) });
    expect(res.status).to.equal(413);
  });

  it('imports RFC 4180 quoting through the admin API exactly as the command line does (only our parser reads CSV)', async () => {
    const res = await fetch(`${server.url}/api/admin/roster`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${hr}` }, body: RFC_4180_ROSTER });
    const report = (await res.json()) as { imported: number; problems: unknown[] };
    expect(res.status, JSON.stringify(report)).to.equal(200);
    expect(report.problems).to.deep.equal([]);
    const viaApi = (await (await fetch(`${server.url}/api/privacy/people/E1`, { headers: { authorization: `Bearer ${hr}` } })).json()) as Record<string, unknown>;

    const dir = tempDir();
    try {
      const file = path.join(dir, 'roster.csv');
      fs.writeFileSync(file, RFC_4180_ROSTER);
      const out: string[] = [];
      const io = { env: { DATA_DIR: dir, CONTENT_DIR: path.join(REPO_ROOT, 'content'), LOG_LEVEL: 'silent' }, out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
      expect(await runCli(['roster', 'import', file], io), out.join('')).to.equal(0);
      out.length = 0;
      expect(await runCli(['people', 'export', 'E1'], io)).to.equal(0);
      const viaCli = JSON.parse(out.join('')) as Record<string, unknown>;
      const roster = (record: Record<string, unknown>) => JSON.stringify(record).match(/"Robert \\"Bob\\" Smith"/g) ?? [];
      expect(roster(viaApi), JSON.stringify(viaApi)).to.have.length.greaterThan(0);
      expect(roster(viaApi)).to.deep.equal(roster(viaCli));
      expect(JSON.stringify(viaApi)).to.contain('Ward 7, East');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
