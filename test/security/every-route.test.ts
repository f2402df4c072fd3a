import { expect } from 'chai';
import type { ApiRoute } from '../../src/http/api-routes.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HR_USER_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

/**
 * Walks every route the service mounts. A route added later is walked too:
 * the list comes from the running app, not from this file.
 */
describe('security: every API route checks authentication and role', () => {
  let issuer: TokenIssuer;
  let server: TestServer;
  let routes: readonly ApiRoute[];

  before(async () => {
    issuer = await startTokenIssuer();
    // A generous API limit: this walk makes several calls per route.
    server = await startTestServer({ ...issuer.env, API_RATE_PER_MINUTE: '100000' });
    routes = server.app.apiRoutes;
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  const urlOf = (route: ApiRoute) => `${server.url}${route.path.replace(/:(\w+)/g, 'probe-$1')}`;
  const call = (route: ApiRoute, headers: Record<string, string> = {}) =>
    fetch(urlOf(route), {
      method: route.method.toUpperCase(),
      headers: { 'content-type': 'application/json', ...headers },
      ...(route.method === 'get' || route.method === 'delete' ? {} : { body: '{}' }),
    });

  it('has routes to walk, including HR ones', () => {
    expect(routes.length).to.be.greaterThan(0);
    expect(routes.some((r) => r.access === 'hr')).to.equal(true);
  });

  it('mounts every /api/ route (but the Bot Framework endpoint) through the checked route list', () => {
    const listed = new Set(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const mounted = server.app.mountedRoutes().filter((r) => r.path.startsWith('/api/') && r.path !== '/api/messages');
    expect(mounted.length).to.equal(routes.length);
    for (const r of mounted) expect(listed.has(`${r.method === 'DEL' ? 'DELETE' : r.method} ${r.path}`), `${r.method} ${r.path} bypasses the access check`).to.equal(true);
  });

  it('refuses an unauthenticated call (no token, malformed token, unknown key) with 401 unless the route is public', async () => {
    const unknownKey = await issuer.signWithUnknownKey({ oid: 'someone', email: 'someone@nhs.net' });
    const refusals: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const variants: Record<string, string>[] = [{}, { authorization: 'Bearer nonsense' }, { authorization: `Bearer ${unknownKey}` }];
      for (const headers of variants) {
        const res = await call(route, headers);
        if (res.status !== 401) refusals.push(`${route.method} ${route.path} answered ${res.status} to ${JSON.stringify(headers).slice(0, 40)}`);
      }
    }
    expect(refusals).to.deep.equal([]);
  });

  it('refuses every hr route to a valid token without the HR role (403)', async () => {
    const staff = await issuer.sign({ oid: 'ordinary-manager', email: 'ward.manager@nhs.net', groups: ['some-other-group'] });
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.access === 'hr')) {
      const res = await call(route, { authorization: `Bearer ${staff}` });
      if (res.status !== 403) wrong.push(`${route.method} ${route.path} answered ${res.status}`);
    }
    expect(wrong).to.deep.equal([]);
    expect(server.logs.join('\n')).to.contain('api request refused');
  });
});

describe('security: failed sign-ins are rate limited by address', () => {
  it('answers 429 with Retry-After once an address has made a tenth of API_RATE_PER_MINUTE refused sign-ins; signed-in users keep their own limit', async () => {
    const issuer = await startTokenIssuer();
    const server = await startTestServer({ ...issuer.env, API_RATE_PER_MINUTE: '200' });
    try {
      const route = server.app.apiRoutes.find((r) => r.access !== 'public' && r.method === 'get')!;
      const url = `${server.url}${route.path.replace(/:(\w+)/g, 'probe')}`;
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await fetch(url, { headers: { authorization: `Bearer guess-${i}` } })).status);
      expect(statuses).to.deep.equal([...Array(20).fill(401), 429]);
      const limited = await fetch(url, { headers: { authorization: 'Bearer guess-again' } });
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      const hr = await issuer.sign({ oid: HR_USER_ID, email: 'pat.hr@nhs.net' });
      expect((await fetch(url, { headers: { authorization: `Bearer ${hr}` } })).status).to.not.equal(429);
    } finally {
      await server.stop();
      await issuer.stop();
    }
  });
});
