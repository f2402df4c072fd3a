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
});
