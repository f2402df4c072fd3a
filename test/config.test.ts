import { expect } from 'chai';
import { loadConfig } from '../src/config.js';

function configError(env: Record<string, string>): Error {
  try {
    loadConfig(env);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('config', () => {
  it('defaults to local mode on SQLite under ./data, port 3978', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3978);
    expect(c.bot).to.equal(undefined);
    expect(c.store.kind).to.equal('sqlite');
    expect(c.store.kind === 'sqlite' && c.store.file).to.match(/data[/\\]lma\.sqlite$/);
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('listens on loopback only in local mode (no authentication), and names HOST when asked for more', () => {
    expect(loadConfig({}).host).to.equal('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).host).to.equal('::1');
    expect(configError({ HOST: '0.0.0.0' }).message).to.match(/^HOST: must be a loopback address/);
    const withBot = { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' };
    expect(loadConfig(withBot).host).to.equal('0.0.0.0');
    expect(loadConfig({ ...withBot, HOST: '10.0.0.5' }).host).to.equal('10.0.0.5');
  });

  it('takes TEAMS_APP_ID as a GUID (for deep links) and names it when it is not one', () => {
    expect(loadConfig({ TEAMS_APP_ID: '3F2B6A1E-0C4D-4E8F-9A7B-1C2D3E4F5A6B' }).teamsAppId).to.equal('3f2b6a1e-0c4d-4e8f-9a7b-1c2d3e4f5a6b');
    expect(loadConfig({}).teamsAppId).to.equal(undefined);
    expect(configError({ TEAMS_APP_ID: 'my-app' }).message).to.match(/^TEAMS_APP_ID: must be the Teams app id/);
  });

  it('names PORT when it is not a number', () => {
    const err = configError({ PORT: 'abc' });
    expect(err).to.have.property('code', 'CONFIG_INVALID');
    expect(err.message).to.match(/^PORT: /);
  });

  it('selects PostgreSQL for a postgres:// DATABASE_URL and rejects other schemes', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/lma' }).store.kind).to.equal('postgres');
    expect(configError({ DATABASE_URL: 'mysql://db/lma' }).message).to.match(/^DATABASE_URL: /);
  });

  it('refuses production without bot credentials', () => {
    expect(configError({ NODE_ENV: 'production' }).message).to.match(/^MicrosoftAppId: /);
  });

  it('sets header and request timeouts (10 s, 120 s), and names a request timeout shorter than the header one', () => {
    expect(loadConfig({})).to.include({ headersTimeoutMs: 10000, requestTimeoutMs: 120000 });
    expect(configError({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '2000' }).message).to.match(/^REQUEST_TIMEOUT_MS: must be at least HEADERS_TIMEOUT_MS/);
  });

  it('refuses production without PUBLIC_URL (card links would point at localhost)', () => {
    const bot = { NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' };
    expect(configError(bot).message).to.match(/^PUBLIC_URL: required when NODE_ENV=production/);
    expect(loadConfig({ ...bot, PUBLIC_URL: 'https://lma.example.nhs.uk/' }).publicUrl).to.equal('https://lma.example.nhs.uk');
  });

  it('needs a password and tenant for a single-tenant bot', () => {
    expect(configError({ MicrosoftAppId: 'id' }).message).to.match(/^MicrosoftAppPassword: /);
    expect(configError({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).message).to.match(/^MicrosoftAppTenantId: /);
    const c = loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' });
    expect(c.bot).to.deep.include({ appId: 'id', appType: 'SingleTenant', tenantId: 't' });
  });

  it('accepts a user-assigned managed identity without a password', () => {
    const c = loadConfig({ MicrosoftAppId: 'id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' });
    expect(c.bot?.appType).to.equal('UserAssignedMSI');
  });

  it('reads the live-reload interval and the dashboard group size, naming either when out of range', () => {
    expect(loadConfig({})).to.deep.include({ contentPollMs: 1000, minGroupSize: 5 });
    expect(loadConfig({ CONTENT_POLL_MS: '0', MIN_GROUP_SIZE: '10' })).to.deep.include({ contentPollMs: 0, minGroupSize: 10 });
    expect(configError({ CONTENT_POLL_MS: '6000' }).message).to.match(/^CONTENT_POLL_MS: /);
    expect(configError({ MIN_GROUP_SIZE: '1' }).message).to.match(/^MIN_GROUP_SIZE: /);
  });

  it('names an unknown enum value', () => {
    expect(configError({ LOG_LEVEL: 'loud' }).message).to.match(/^LOG_LEVEL: /);
    expect(configError({ MicrosoftAppType: 'Other' }).message).to.match(/^MicrosoftAppType: /);
  });

  it('reads the nudge lease, send timeout and retry base, and keeps a send well inside the lease', () => {
    expect(loadConfig({}).nudges).to.deep.include({ leaseMs: 120_000, sendTimeoutMs: 15_000, retryBaseMs: 2_000 });
    expect(loadConfig({ NUDGE_LEASE_SECONDS: '3', NUDGE_SEND_TIMEOUT_MS: '500', NUDGE_RETRY_BASE_MS: '50' }).nudges).to.deep.include({ leaseMs: 3000, sendTimeoutMs: 500, retryBaseMs: 50 });
    expect(configError({ NUDGE_LEASE_SECONDS: '0' }).message).to.match(/^NUDGE_LEASE_SECONDS: /);
    expect(configError({ NUDGE_LEASE_SECONDS: '10', NUDGE_SEND_TIMEOUT_MS: '6000' }).message).to.match(/^NUDGE_LEASE_SECONDS: must be at least twice/);
    expect(configError({ NUDGE_SEND_TIMEOUT_MS: '5' }).message).to.match(/^NUDGE_SEND_TIMEOUT_MS: /);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).store.kind).to.equal('sqlite');
  });

  describe('the Teams app package', () => {
    it('takes BOT_DOMAIN, else the host of PUBLIC_URL', () => {
      expect(loadConfig({ BOT_DOMAIN: 'lma.example.nhs.uk' }).teamsApp.botDomain).to.equal('lma.example.nhs.uk');
      expect(loadConfig({ PUBLIC_URL: 'https://assistant.example.nhs.uk/' }).teamsApp.botDomain).to.equal('assistant.example.nhs.uk');
      expect(loadConfig({}).teamsApp.botDomain).to.equal(undefined);
    });

    it('names BOT_DOMAIN or TEAMS_APP_ID when malformed', () => {
      expect(configError({ BOT_DOMAIN: 'https://lma.example.nhs.uk' }).message).to.match(/^BOT_DOMAIN: /);
      expect(configError({ BOT_DOMAIN: 'lma.example.nhs.uk/tabs' }).message).to.match(/^BOT_DOMAIN: /);
      expect(configError({ TEAMS_APP_ID: 'my-app' }).message).to.match(/^TEAMS_APP_ID: /);
      expect(loadConfig({ TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555' }).teamsAppId).to.equal('11111111-2222-3333-4444-555555555555');
    });
  });

  describe('sign-in for the tabs', () => {
    const bot = { MicrosoftAppId: 'bot-id', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' };

    it('uses the development sign-in in local mode only, and none with bot credentials but no Entra settings', () => {
      expect(loadConfig({}).auth.mode).to.equal('dev');
      expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://lma.example.nhs.uk', ...bot }).auth.mode).to.equal('none');
      expect(loadConfig({ NODE_ENV: 'development', ...bot }).auth.mode, 'bot credentials, whatever NODE_ENV').to.equal('none');
    });

    it('derives the Entra key set, issuers and audiences from AAD_TENANT_ID and AAD_CLIENT_ID', () => {
      const { auth } = loadConfig({ AAD_TENANT_ID: 'tenant-1', AAD_CLIENT_ID: 'client-1', HR_ADMIN_USER_IDS: ' a , b ,' });
      expect(auth.mode).to.equal('entra');
      if (auth.mode !== 'entra') return;
      expect(auth.jwksUrl).to.equal('https://login.microsoftonline.com/tenant-1/discovery/v2.0/keys');
      expect(auth.issuers).to.deep.equal(['https://login.microsoftonline.com/tenant-1/v2.0', 'https://sts.windows.net/tenant-1/']);
      expect(auth.audiences).to.deep.equal(['client-1', 'api://client-1']);
      expect(auth.hrUserIds).to.deep.equal(['a', 'b']);
    });

    it('also accepts the App ID URI the app package declares (api://BOT_DOMAIN/AAD_CLIENT_ID) as audience', () => {
      const { auth } = loadConfig({ AAD_TENANT_ID: 'tenant-1', AAD_CLIENT_ID: 'client-1', BOT_DOMAIN: 'lma.example.nhs.uk' });
      expect(auth.mode === 'entra' && auth.audiences).to.deep.equal(['client-1', 'api://client-1', 'api://lma.example.nhs.uk/client-1']);
    });

    it('lets AUTH_* override the Entra defaults', () => {
      const { auth } = loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:9/keys', AUTH_ISSUER: 'iss', AUTH_AUDIENCE: 'aud1,aud2' });
      expect(auth).to.include({ mode: 'entra', jwksUrl: 'http://127.0.0.1:9/keys' });
      expect(auth.mode === 'entra' && auth.audiences).to.deep.equal(['aud1', 'aud2']);
    });

    it('names the missing variable when the settings are half given', () => {
      expect(configError({ AAD_TENANT_ID: 't' }).message).to.match(/^AAD_CLIENT_ID: /);
      expect(configError({ AAD_CLIENT_ID: 'c' }).message).to.match(/^AAD_TENANT_ID: /);
      expect(configError({ AUTH_JWKS_URL: 'http://127.0.0.1:9/keys', AUTH_AUDIENCE: 'a' }).message).to.match(/^AUTH_ISSUER: /);
      expect(configError({ AUTH_ISSUER: 'i' }).message).to.match(/^AUTH_JWKS_URL: /);
      expect(configError({ AUTH_JWKS_URL: 'keys.json' }).message).to.match(/^AUTH_JWKS_URL: /);
      expect(configError({ API_RATE_PER_MINUTE: '0' }).message).to.match(/^API_RATE_PER_MINUTE: /);
    });
  });
});
