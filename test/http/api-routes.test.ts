import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import restify from 'restify';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { caller, mountApiRoutes, parseInput, reply, type ApiRoute } from '../../src/http/api-routes.js';
import { createAuthenticator } from '../../src/http/auth.js';
import { HR_GROUP_ID, HR_USER_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const routes: ApiRoute[] = [
  { method: 'get', path: '/api/test/open', access: 'public', handler: async (ctx) => ({ who: ctx.identity?.userId ?? null }) },
  { method: 'get', path: '/api/test/me', access: 'user', handler: async (ctx) => ({ who: caller(ctx).userId, email: caller(ctx).email }) },
  { method: 'post', path: '/api/test/hr/:id', access: 'hr', handler: async (ctx) => reply(201, { id: ctx.params.id, q: ctx.query.q ?? null }) },
  { method: 'post', path: '/api/test/upload', access: 'hr', maxBodyBytes: 64 * 1024, body: 'csv', handler: async (ctx) => ({ length: String(ctx.body).length }) },
  {
    method: 'post',
    path: '/api/test/strict',
    access: 'user',
    handler: async (ctx) => parseInput(z.object({ n: z.number().int() }), ctx.body),
  },
];

describe('API routes: access checked before the handler (tokens from a loopback JWKS)', () => {
  let issuer: TokenIssuer;
  let server: restify.Server;
  let base: string;
  const logs: string[] = [];

  before(async () => {
    issuer = await startTokenIssuer();
    const config = loadConfig({ NODE_ENV: 'test', ...issuer.env, API_RATE_PER_MINUTE: '5' });
    const authenticator = await createAuthenticator(config.auth);
    server = restify.createServer();
    server.use(restify.plugins.queryParser({ mapParams: false }));
    const sink = { write: (line: string) => void logs.push(line) };
    mountApiRoutes(server, routes, { authenticator, logger: createLogger('info', sink), ratePerMinute: config.apiRatePerMinute, maxBodyBytes: 2048 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await issuer.stop();
  });

  const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('lets anyone call a public route, and tells it who is calling when the token is valid', async () => {
    expect(await (await get('/api/test/open')).json()).to.deep.equal({ who: null });
    const token = await issuer.sign({ oid: 'user-open', email: 'Open@Trust.NHS.uk' });
    expect(await (await get('/api/test/open', token)).json()).to.deep.equal({ who: 'user-open' });
  });

  it('refuses a signed-in route with no token, a malformed token, a wrong audience, an expired token or a bad signature (401)', async () => {
    const wrongAudience = await issuer.sign({ oid: 'u1', aud: 'api://someone-else' });
    const wrongIssuer = await issuer.sign({ oid: 'u1', iss: 'https://login.example/other' });
    const expired = await issuer.sign({ oid: 'u1', exp: Math.floor(Date.now() / 1000) - 3600 });
    const badSignature = await issuer.signWithUnknownKey({ oid: 'u1' });
    for (const token of [undefined, 'not-a-jwt', wrongAudience, wrongIssuer, expired, badSignature]) {
      const res = await get('/api/test/me', token);
      expect(res.status, String(token).slice(0, 20)).to.equal(401);
      const body = (await res.json()) as { error: string };
      expect(body.error).to.match(/sign/i);
    }
  });

  it('gives a valid token its identity, with the email in lower case', async () => {
    const token = await issuer.sign({ oid: 'user-1', email: 'Sam.Manager@Trust.NHS.uk' });
    const res = await get('/api/test/me', token);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ who: 'user-1', email: 'sam.manager@trust.nhs.uk' });
  });

  it('refuses an HR route to a signed-in user without the HR role (403) and logs the refusal without the token', async () => {
    const token = await issuer.sign({ oid: 'not-hr', groups: ['some-other-group'] });
    const res = await post('/api/test/hr/7', {}, token);
    expect(res.status).to.equal(403);
    const refusal = logs.find((l) => l.includes('api request refused') && l.includes('not-hr'));
    expect(refusal).to.be.a('string');
    expect(refusal).not.to.include(token);
  });

  it('lets HR in by user id or by group, with params, query and a chosen status', async () => {
    for (const token of [await issuer.sign({ oid: HR_USER_ID }), await issuer.sign({ oid: 'by-group', groups: [HR_GROUP_ID] })]) {
      const res = await post('/api/test/hr/42?q=yes', {}, token);
      expect(res.status).to.equal(201);
      expect(await res.json()).to.deep.equal({ id: '42', q: 'yes' });
    }
  });

  it('turns a bad body into 400 naming the field', async () => {
    const token = await issuer.sign({ oid: 'strict-user' });
    const res = await post('/api/test/strict', { n: 'seven' }, token);
    expect(res.status).to.equal(400);
    const body = (await res.json()) as { details: string[] };
    expect(body.details[0]).to.match(/^n: /);
  });

  it('reads a body only after the access check, and up to the route own limit', async () => {
    const big = 'x'.repeat(10_000);
    const send = (path: string, token?: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: big });
    // Unauthenticated: refused as such, not as too large, so nobody can make us read an upload.
    expect((await send('/api/test/upload')).status).to.equal(401);
    const hr = await issuer.sign({ oid: HR_USER_ID });
    const ok = await send('/api/test/upload', hr);
    expect(ok.status).to.equal(200);
    expect(await ok.json()).to.deep.equal({ length: 10_000 });
    // A route without its own limit takes the default (2 KB here).
    expect((await post('/api/test/strict', { n: 1, padding: big }, await issuer.sign({ oid: 'uploader' }))).status).to.equal(413);
    // A route takes only its own body type, refused unread: CSV is not JSON.
    expect((await send('/api/test/strict', await issuer.sign({ oid: 'uploader' }))).status).to.equal(415);
  });

  it('limits each user per minute with 429 and Retry-After, without affecting other users', async () => {
    const token = await issuer.sign({ oid: 'busy-user' });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await get('/api/test/me', token);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).to.deep.equal([429, 429]);
    expect(Number(retryAfter)).to.be.within(1, 60);
    const other = await get('/api/test/me', await issuer.sign({ oid: 'calm-user' }));
    expect(other.status).to.equal(200);
  });
});

describe('Development sign-in (local mode only)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('issues a token in local mode, and a token from another process key is refused', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Pat.HR@trust.nhs.uk', hr: true }),
    });
    expect(res.status).to.equal(200);
    const { token, warning } = (await res.json()) as { token: string; warning: string };
    expect(warning).to.match(/local mode only/);
    const authenticator = await createAuthenticator(loadConfig({ NODE_ENV: 'test' }).auth);
    // A different process (another key) does not accept it: development tokens die with the process.
    let refused = false;
    await authenticator.authenticate(`Bearer ${token}`).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it('is not offered when Entra settings are given', async () => {
    const issuer = await startTokenIssuer();
    try {
      server = await startTestServer(issuer.env);
      const res = await fetch(`${server.url}/api/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'pat@trust.nhs.uk', hr: true }),
      });
      expect(res.status).to.not.equal(200);
      expect(server.app.apiRoutes.map((r) => r.path)).not.to.include('/api/dev/sign-in');
    } finally {
      await issuer.stop();
    }
  });

  it('refuses a malformed sign-in request with 400', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not an email' }),
    });
    expect(res.status).to.equal(400);
  });
});
