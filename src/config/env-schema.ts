import { z } from 'zod';
import { DEFAULT_CADENCE_WEEKS, DEFAULT_ROSTER_MAX_BYTES, DEFAULT_ROSTER_MAX_ROWS } from './defaults.js';

/** The environment variables the service reads, each checked with a message that says what is allowed. */

/** An empty or blank variable counts as unset (a .env line `NAME=` or `NAME= `). */
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankIsUnset, z.string().trim().optional());

/** A whole number from `min` to `max` given as a string; `fallback` when unset. */
const wholeNumber = (fallback: number, min: number, max: number, problem: string) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .default(String(fallback))
      .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, problem)
      .transform(Number),
  );
const UNBOUNDED = Number.MAX_SAFE_INTEGER;
const INT32_MAX = 2 ** 31 - 1; // the longest timer Node will set

const optionalMatching = (pattern: RegExp, problem: string) =>
  z.preprocess(blankIsUnset, z.string().trim().refine((v) => pattern.test(v), problem).optional());
const HTTP_URL = /^https?:\/\/[^\s/]+/;

/** A host name with an optional port, as a Teams manifest's validDomains want it. */
const HOST_NAME = /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(blankIsUnset, z.enum(values).default(fallback));

export const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  PORT: wholeNumber(3978, 0, 65535, 'must be a whole number from 0 to 65535'),
  HOST: z.preprocess(blankIsUnset, z.string().optional()),
  PUBLIC_URL: optionalMatching(HTTP_URL, 'must be an http(s) URL such as https://lma.example.nhs.uk'),
  MicrosoftAppId: optionalString,
  TEAMS_APP_ID: optionalMatching(GUID, 'must be the Teams app id from the manifest, a GUID'),
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: oneOf(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], 'SingleTenant'),
  DATABASE_URL: optionalMatching(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (leave unset for SQLite)'),
  DATA_DIR: z.preprocess(blankIsUnset, z.string().default('./data')),
  CONTENT_DIR: z.preprocess(blankIsUnset, z.string().default('./content')),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  MAX_REQUEST_BYTES: wholeNumber(262144, 1024, UNBOUNDED, 'must be a whole number of bytes, at least 1024'),
  TRUST_NATION: oneOf(['england-and-wales', 'scotland', 'northern-ireland'], 'england-and-wales'),
  DEFAULT_CADENCE_WEEKS: wholeNumber(DEFAULT_CADENCE_WEEKS, 2, 26, 'must be a whole number of weeks from 2 to 26'),
  NUDGE_RATE_PER_SECOND: wholeNumber(20, 0, 50, 'must be a whole number from 0 (no cap) to 50 (the Teams limit)'),
  NUDGE_INTERVAL_MS: wholeNumber(30000, 0, UNBOUNDED, 'must be a whole number of milliseconds (0 turns the dispatcher off)'),
  NUDGE_LEASE_SECONDS: wholeNumber(120, 1, 3600, 'must be a whole number of seconds from 1 to 3600'),
  NUDGE_SEND_TIMEOUT_MS: wholeNumber(15000, 100, 120000, 'must be milliseconds from 100 to 120000'),
  NUDGE_RETRY_BASE_MS: wholeNumber(2000, 10, 600000, 'must be milliseconds from 10 to 600000'),
  CONTENT_POLL_MS: wholeNumber(1000, 0, 4000, 'must be a whole number of milliseconds up to 4000 (0 turns live reload off)'),
  MIN_GROUP_SIZE: wholeNumber(5, 2, 100, 'must be a whole number from 2 to 100'),
  BOT_DOMAIN: optionalMatching(HOST_NAME, 'must be a host name such as lma.example.nhs.uk (no https://, no path)'),
  AAD_TENANT_ID: optionalString,
  AAD_CLIENT_ID: optionalString,
  AUTH_JWKS_URL: optionalMatching(HTTP_URL, 'must be an http(s) URL of a JSON Web Key Set'),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  HR_ADMIN_USER_IDS: optionalString,
  HR_ADMIN_GROUP_IDS: optionalString,
  HR_TEAM_ID: optionalString,
  API_RATE_PER_MINUTE: wholeNumber(300, 1, UNBOUNDED, 'must be a whole number of requests a minute, at least 1'),
  QUESTION_RETENTION_DAYS: wholeNumber(90, 1, 3650, 'must be a whole number of days from 1 to 3650'),
  RETENTION_INTERVAL_MS: wholeNumber(21600000, 0, INT32_MAX, 'must be a whole number of milliseconds (0 turns the retention job off)'),
  MAX_QUESTION_CHARS: wholeNumber(1000, 50, 10000, 'must be a whole number of characters from 50 to 10000'),
  QUESTIONS_PER_MINUTE: wholeNumber(20, 0, 10000, 'must be a whole number (0 means no limit)'),
  TYPING_DELAY_MS: wholeNumber(500, 0, 10000, 'must be a whole number of milliseconds from 0 to 10000 (0 shows typing before every reply)'),
  ROSTER_MAX_BYTES: wholeNumber(DEFAULT_ROSTER_MAX_BYTES, 1024, INT32_MAX, 'must be a whole number of bytes, at least 1024'),
  ROSTER_MAX_ROWS: wholeNumber(DEFAULT_ROSTER_MAX_ROWS, 1, 10000000, 'must be a whole number of rows, at least 1'),
  CONTENT_MAX_DOCUMENT_BYTES: wholeNumber(65536, 1024, 10485760, 'must be a whole number of bytes from 1024 to 10485760'),
  HEADERS_TIMEOUT_MS: wholeNumber(10000, 1000, 120000, 'must be milliseconds from 1000 to 120000'),
  REQUEST_TIMEOUT_MS: wholeNumber(120000, 1000, 3600000, 'must be milliseconds from 1000 to 3600000'),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(10000, 1, 60000, 'must be milliseconds from 1 to 60000'),
});

export type Env = z.infer<typeof envSchema>;
