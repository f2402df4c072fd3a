import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Configuration is read once, at start, from the environment (and an optional
 * .env loaded by the CLI before this runs). Nothing else reads process.env.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

/** A host name with an optional port, as a Teams manifest's validDomains want it. */
const HOST_NAME = /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
/** A whole number in [min, max] given as a string, with a default. */
const wholeNumber = (fallback: string, min: number, max: number, problem: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(fallback)
      .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, problem)
      .transform(Number),
  );

const schema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('3978')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, 'must be a whole number from 0 to 65535')
      .transform(Number),
  ),
  HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  PUBLIC_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL such as https://lma.example.nhs.uk')
      .optional(),
  ),
  MicrosoftAppId: optionalString,
  TEAMS_APP_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), 'must be the Teams app id from the manifest, a GUID')
      .optional(),
  ),
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// URL (leave unset for SQLite)')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  CONTENT_DIR: z.preprocess(emptyToUndefined, z.string().default('./content')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  MAX_REQUEST_BYTES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('262144')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1024, 'must be a whole number of bytes, at least 1024')
      .transform(Number),
  ),
  TRUST_NATION: z.preprocess(emptyToUndefined, z.enum(['england-and-wales', 'scotland', 'northern-ireland']).default('england-and-wales')),
  DEFAULT_CADENCE_WEEKS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('6')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 2 && Number(v) <= 26, 'must be a whole number of weeks from 2 to 26')
      .transform(Number),
  ),
  NUDGE_RATE_PER_SECOND: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('20')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 50, 'must be a whole number from 0 (no cap) to 50 (the Teams limit)')
      .transform(Number),
  ),
  NUDGE_INTERVAL_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('30000')
      .refine((v) => /^\d+$/.test(v), 'must be a whole number of milliseconds (0 turns the dispatcher off)')
      .transform(Number),
  ),
  NUDGE_LEASE_SECONDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('120')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600, 'must be a whole number of seconds from 1 to 3600')
      .transform(Number),
  ),
  NUDGE_SEND_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('15000')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 120000, 'must be milliseconds from 100 to 120000')
      .transform(Number),
  ),
  NUDGE_RETRY_BASE_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('2000')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 10 && Number(v) <= 600000, 'must be milliseconds from 10 to 600000')
      .transform(Number),
  ),
  CONTENT_POLL_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('1000')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 4000, 'must be a whole number of milliseconds up to 4000 (0 turns live reload off)')
      .transform(Number),
  ),
  MIN_GROUP_SIZE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('5')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 2 && Number(v) <= 100, 'must be a whole number from 2 to 100')
      .transform(Number),
  ),
  BOT_DOMAIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(HOST_NAME, 'must be a host name such as lma.example.nhs.uk (no https://, no path)')
      .optional(),
  ),
  AAD_TENANT_ID: optionalString,
  AAD_CLIENT_ID: optionalString,
  AUTH_JWKS_URL: z.preprocess(
    emptyToUndefined,
    z.string().refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL of a JSON Web Key Set').optional(),
  ),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  HR_ADMIN_USER_IDS: optionalString,
  HR_ADMIN_GROUP_IDS: optionalString,
  API_RATE_PER_MINUTE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('300')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1, 'must be a whole number of requests a minute, at least 1')
      .transform(Number),
  ),
  QUESTION_RETENTION_DAYS: wholeNumber('90', 1, 3650, 'must be a whole number of days from 1 to 3650'),
  RETENTION_INTERVAL_MS: wholeNumber('21600000', 0, 2 ** 31 - 1, 'must be a whole number of milliseconds (0 turns the retention job off)'),
  MAX_QUESTION_CHARS: wholeNumber('1000', 50, 10000, 'must be a whole number of characters from 50 to 10000'),
  QUESTIONS_PER_MINUTE: wholeNumber('20', 0, 10000, 'must be a whole number (0 means no limit)'),
  TYPING_DELAY_MS: wholeNumber('500', 0, 10000, 'must be a whole number of milliseconds from 0 to 10000 (0 shows typing before every reply)'),
  ROSTER_MAX_BYTES: wholeNumber('52428800', 1024, 2 ** 31 - 1, 'must be a whole number of bytes, at least 1024'),
  ROSTER_MAX_ROWS: wholeNumber('200000', 1, 10000000, 'must be a whole number of rows, at least 1'),
  CONTENT_MAX_DOCUMENT_BYTES: wholeNumber('65536', 1024, 10485760, 'must be a whole number of bytes from 1024 to 10485760'),
  HEADERS_TIMEOUT_MS: wholeNumber('10000', 1000, 120000, 'must be milliseconds from 1000 to 120000'),
  REQUEST_TIMEOUT_MS: wholeNumber('120000', 1000, 3600000, 'must be milliseconds from 1000 to 3600000'),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('10000')
      .refine((v) => /^\d+$/.test(v) && Number(v) > 0 && Number(v) <= 60000, 'must be milliseconds from 1 to 60000')
      .transform(Number),
  ),
});

export interface BotCredentials {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly tenantId: string | undefined;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
}

/**
 * How the tabs' API checks who is calling. `entra`: Teams SSO tokens checked
 * against a JSON Web Key Set. `dev`: local mode only (no bot credentials), tokens
 * from the development sign-in signed by a key made at start. `none`: bot credentials
 * without Entra settings; every signed-in route refuses.
 */
export type AuthConfig =
  | {
      readonly mode: 'entra';
      readonly jwksUrl: string;
      readonly issuers: readonly string[];
      readonly audiences: readonly string[];
      readonly hrUserIds: readonly string[];
      readonly hrGroupIds: readonly string[];
    }
  | { readonly mode: 'dev' | 'none'; readonly hrUserIds: readonly string[]; readonly hrGroupIds: readonly string[] };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Base URL people reach this service at, for links on cards. */
  readonly publicUrl: string;
  /** The Teams app's id (manifest `id`); when set, "Read in full" links open the Guidance tab. */
  readonly teamsAppId: string | undefined;
  /** Undefined means local mode: no Bot Framework authentication. */
  readonly bot: BotCredentials | undefined;
  readonly store: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly dataDir: string;
  readonly contentDir: string;
  readonly logLevel: string;
  readonly maxRequestBytes: number;
  readonly shutdownTimeoutMs: number;
  /** A client must send its request's headers within this, and the whole request (roster uploads too) within requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** How often each instance looks for newly published content; 0 turns live reload off. */
  readonly contentPollMs: number;
  /** Dashboard groups smaller than this (people) are merged into "other". */
  readonly minGroupSize: number;
  /** What `lma package` puts in the Teams app manifest. */
  readonly teamsApp: {
    /** Host name Teams reaches the service at: BOT_DOMAIN, else PUBLIC_URL's host. */
    readonly botDomain: string | undefined;
    readonly aadClientId: string | undefined;
  };
  readonly auth: AuthConfig;
  /** Per-user requests a minute on /api/ routes. */
  readonly apiRatePerMinute: number;
  readonly privacy: {
    /** Question logs and unanswered texts older than this are deleted. */
    readonly questionRetentionDays: number;
    /** How often the retention job runs; 0 turns it off on this instance. */
    readonly retentionIntervalMs: number;
  };
  readonly limits: {
    /** Longest question answered; longer gets a "please ask a shorter question" card. */
    readonly maxQuestionChars: number;
    /** Questions one person may ask a minute; 0 means no limit. */
    readonly questionsPerMinute: number;
    /** How long a chat reply may take before "typing..." is shown; 0 shows it before every reply. */
    readonly typingDelayMs: number;
    readonly rosterMaxBytes: number;
    readonly rosterMaxRows: number;
    /** Largest content document (Markdown file) the validator accepts. */
    readonly contentMaxDocumentBytes: number;
  };
  readonly nudges: {
    readonly nation: 'england-and-wales' | 'scotland' | 'northern-ireland';
    readonly defaultCadenceWeeks: number;
    /** Messages a second; 0 means no cap. */
    readonly ratePerSecond: number;
    /** How often the dispatcher looks for due nudges; 0 turns it off. */
    readonly intervalMs: number;
    /** How long a claim lasts; a crashed instance's nudges are taken over after this. */
    readonly leaseMs: number;
    /** Longest wait for the connector to answer one send. */
    readonly sendTimeoutMs: number;
    /** First retry delay after a transient send failure (doubles each attempt, with jitter). */
    readonly retryBaseMs: number;
  };
}

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

/** What `lma package` writes into the Teams app package, and nothing else. */
export interface TeamsAppConfig {
  readonly botId: string | undefined;
  /** BOT_DOMAIN, else PUBLIC_URL's host. */
  readonly botDomain: string | undefined;
  readonly aadClientId: string | undefined;
  readonly teamsAppId: string | undefined;
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

function authConfig(v: z.infer<typeof schema>, botDomain: string | undefined, local: boolean): AuthConfig {
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
