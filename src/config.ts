import path from 'node:path';
import { envSchema as schema, type Env } from './config/env-schema.js';
import type { AuthConfig, BotCredentials, Config, TeamsAppConfig } from './config/types.js';
import { AppError } from './errors.js';

export type { AuthConfig, BotCredentials, Config, TeamsAppConfig } from './config/types.js';

/**
 * Configuration is read once, at start, from the environment (and an optional
 * .env loaded by the CLI before this runs). Nothing else reads process.env.
 * The variables and their checks are in config/env-schema.ts; the shape the
 * service sees in config/types.ts.
 */

function fail(variable: string, problem: string): never {
  throw new AppError('CONFIG_INVALID', `${variable}: ${problem}`);
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(String(issue.path[0] ?? 'configuration'), issue.message);
  }
  const v = parsed.data;

  let bot: BotCredentials | undefined;
  if (v.MicrosoftAppId) {
    if (v.MicrosoftAppType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword) {
      fail('MicrosoftAppPassword', `required when MicrosoftAppId is set and MicrosoftAppType is ${v.MicrosoftAppType}`);
    }
    if (v.MicrosoftAppType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
      fail('MicrosoftAppTenantId', `required when MicrosoftAppType is ${v.MicrosoftAppType}`);
    }
    bot = {
      appId: v.MicrosoftAppId,
      appPassword: v.MicrosoftAppPassword,
      tenantId: v.MicrosoftAppTenantId,
      appType: v.MicrosoftAppType,
    };
  } else if (v.NODE_ENV === 'production') {
    fail('MicrosoftAppId', 'required when NODE_ENV=production (local mode without bot credentials is for development only)');
  }
  // Local mode has no authentication (and offers a development sign-in): it listens on this machine only.
  const host = v.HOST ?? (bot ? '0.0.0.0' : '127.0.0.1');
  if (!bot && !isLoopbackHost(host)) {
    fail(
      'HOST',
      `must be a loopback address (127.0.0.1, ::1 or localhost) in local mode, which has no authentication and lets anyone sign in as HR: ` +
        `unset HOST to listen on 127.0.0.1, or set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId to listen on ${host}`,
    );
  }
  // Card links ("Read in full") are built from PUBLIC_URL: in production, localhost would send people nowhere.
  if (v.NODE_ENV === 'production' && !v.PUBLIC_URL) {
    fail('PUBLIC_URL', `required when NODE_ENV=production: the https address people reach the service at${v.BOT_DOMAIN ? `, such as https://${v.BOT_DOMAIN}` : ', such as https://lma.example.nhs.uk'}`);
  }

  if (v.REQUEST_TIMEOUT_MS < v.HEADERS_TIMEOUT_MS) fail('REQUEST_TIMEOUT_MS', `must be at least HEADERS_TIMEOUT_MS (${v.HEADERS_TIMEOUT_MS} ms)`);

  // A send must finish well inside the lease, or another instance could take the nudge over mid-send.
  if (v.NUDGE_LEASE_SECONDS * 1000 < 2 * v.NUDGE_SEND_TIMEOUT_MS) {
    fail('NUDGE_LEASE_SECONDS', `must be at least twice NUDGE_SEND_TIMEOUT_MS (${v.NUDGE_SEND_TIMEOUT_MS} ms)`);
  }

  const dataDir = path.resolve(v.DATA_DIR);
  const botDomain = v.BOT_DOMAIN ?? (v.PUBLIC_URL ? new URL(v.PUBLIC_URL).host : undefined);
  const auth = authConfig(v, botDomain, !bot);
  const config: Config = {
    env: v.NODE_ENV,
    port: v.PORT,
    host,
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ''),
    teamsAppId: v.TEAMS_APP_ID?.toLowerCase(),
    bot: bot ? Object.freeze(bot) : undefined,
    store: Object.freeze(
      v.DATABASE_URL
        ? { kind: 'postgres' as const, url: v.DATABASE_URL }
        : { kind: 'sqlite' as const, file: path.join(dataDir, 'lma.sqlite') },
    ),
    dataDir,
    contentDir: path.resolve(v.CONTENT_DIR),
    logLevel: v.LOG_LEVEL,
    maxRequestBytes: v.MAX_REQUEST_BYTES,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    headersTimeoutMs: v.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: v.REQUEST_TIMEOUT_MS,
    contentPollMs: v.CONTENT_POLL_MS,
    minGroupSize: v.MIN_GROUP_SIZE,
    hrTeamId: v.HR_TEAM_ID,
    teamsApp: Object.freeze({
      botDomain,
      aadClientId: v.AAD_CLIENT_ID,
    }),
    auth,
    apiRatePerMinute: v.API_RATE_PER_MINUTE,
    privacy: Object.freeze({ questionRetentionDays: v.QUESTION_RETENTION_DAYS, retentionIntervalMs: v.RETENTION_INTERVAL_MS }),
    limits: Object.freeze({
      maxQuestionChars: v.MAX_QUESTION_CHARS,
      questionsPerMinute: v.QUESTIONS_PER_MINUTE,
      typingDelayMs: v.TYPING_DELAY_MS,
      rosterMaxBytes: v.ROSTER_MAX_BYTES,
      rosterMaxRows: v.ROSTER_MAX_ROWS,
      contentMaxDocumentBytes: v.CONTENT_MAX_DOCUMENT_BYTES,
    }),
    nudges: Object.freeze({
      nation: v.TRUST_NATION,
      defaultCadenceWeeks: v.DEFAULT_CADENCE_WEEKS,
      ratePerSecond: v.NUDGE_RATE_PER_SECOND,
      intervalMs: v.NUDGE_INTERVAL_MS,
      leaseMs: v.NUDGE_LEASE_SECONDS * 1000,
      sendTimeoutMs: v.NUDGE_SEND_TIMEOUT_MS,
      retryBaseMs: v.NUDGE_RETRY_BASE_MS,
    }),
  };
  return Object.freeze(config);
}

/** NODE_ENV alone, for commands that must refuse production before anything else is checked. */
export function loadNodeEnv(env: Readonly<Record<string, string | undefined>>): Config['env'] {
  const parsed = schema.pick({ NODE_ENV: true }).safeParse(env);
  if (!parsed.success) fail('NODE_ENV', parsed.error.issues[0]!.message);
  return parsed.data.NODE_ENV;
}

/**
 * The package holds no secret and runs nothing, so it is built from only the values it contains:
 * a bot password or tenant missing (loadConfig requires them for serving) does not stop it.
 */
export function loadTeamsAppConfig(env: Readonly<Record<string, string | undefined>>): TeamsAppConfig {
  const parsed = schema.pick({ MicrosoftAppId: true, TEAMS_APP_ID: true, BOT_DOMAIN: true, PUBLIC_URL: true, AAD_CLIENT_ID: true }).safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(String(issue.path[0] ?? 'configuration'), issue.message);
  }
  const v = parsed.data;
  return Object.freeze({
    botId: v.MicrosoftAppId,
    botDomain: v.BOT_DOMAIN ?? (v.PUBLIC_URL ? new URL(v.PUBLIC_URL).host : undefined),
    aadClientId: v.AAD_CLIENT_ID,
    teamsAppId: v.TEAMS_APP_ID?.toLowerCase(),
  });
}

const list = (v: string | undefined): readonly string[] =>
  Object.freeze((v ?? '').split(',').map((x) => x.trim()).filter(Boolean));

function authConfig(v: Env, botDomain: string | undefined, local: boolean): AuthConfig {
  const hr = { hrUserIds: list(v.HR_ADMIN_USER_IDS), hrGroupIds: list(v.HR_ADMIN_GROUP_IDS) };
  if (v.AAD_TENANT_ID && !v.AAD_CLIENT_ID) fail('AAD_CLIENT_ID', 'required when AAD_TENANT_ID is set');
  if (v.AAD_CLIENT_ID && !v.AAD_TENANT_ID && !v.AUTH_JWKS_URL) fail('AAD_TENANT_ID', 'required when AAD_CLIENT_ID is set');
  const tenant = v.AAD_TENANT_ID;
  const client = v.AAD_CLIENT_ID;
  const jwksUrl = v.AUTH_JWKS_URL ?? (tenant ? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys` : undefined);
  if (!jwksUrl) {
    if (v.AUTH_ISSUER || v.AUTH_AUDIENCE) fail('AUTH_JWKS_URL', 'required when AUTH_ISSUER or AUTH_AUDIENCE is set');
    // The development sign-in makes anyone HR: only in local mode (no bot credentials), whatever NODE_ENV says.
    return Object.freeze({ mode: local ? 'dev' : 'none', ...hr });
  }
  // Teams SSO tokens are v2 (issuer .../v2.0, audience the client id) or v1 (sts.windows.net, App ID URI,
  // which the Teams app package sets to api://BOT_DOMAIN/AAD_CLIENT_ID).
  const issuers = v.AUTH_ISSUER
    ? list(v.AUTH_ISSUER)
    : tenant
      ? [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`]
      : fail('AUTH_ISSUER', 'required when AUTH_JWKS_URL is set without AAD_TENANT_ID');
  const audiences = v.AUTH_AUDIENCE
    ? list(v.AUTH_AUDIENCE)
    : client
      ? [client, `api://${client}`, ...(botDomain ? [`api://${botDomain}/${client}`] : [])]
      : fail('AUTH_AUDIENCE', 'required when AUTH_JWKS_URL is set without AAD_CLIENT_ID');
  return Object.freeze({ mode: 'entra', jwksUrl, issuers: Object.freeze([...issuers]), audiences: Object.freeze([...audiences]), ...hr });
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
