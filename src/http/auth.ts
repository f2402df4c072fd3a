import { createHash } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, generateKeyPair, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { AppError } from '../errors.js';

/** Who is calling the tabs' API, from a verified token. */
export interface Identity {
  /** Entra object id (oid); in development sign-in a stable id made from the email. */
  readonly userId: string;
  readonly name?: string;
  /**
   * preferred_username / upn / email, lower case. Shown, never trusted: Microsoft documents these
   * claims as changeable, so people are matched by userId (and tenant) to the account the bot's
   * install linked (see managerEmailFor); only the development sign-in is matched by email.
   */
  readonly email?: string;
  /** Entra tenant (`tid`), when the token names one. */
  readonly tenantId?: string;
  readonly groups: readonly string[];
  readonly isHr: boolean;
  /** True for development sign-in tokens (local mode only). */
  readonly dev: boolean;
}

export interface Authenticator {
  readonly mode: AuthConfig['mode'];
  /** Verifies an `Authorization: Bearer ...` header value; throws UNAUTHORISED. */
  authenticate(authorization: string | undefined): Promise<Identity>;
  /** Local mode only: a token for a made-up user, so tabs can be tried without Entra. */
  devSignIn?(user: { email: string; name?: string; hr: boolean }): Promise<string>;
}

const DEV_ISSUER = 'lma-development-sign-in';
const DEV_AUDIENCE = 'lma-local';

export async function createAuthenticator(config: AuthConfig): Promise<Authenticator> {
  const isHr = (userId: string, groups: readonly string[]) =>
    config.hrUserIds.includes(userId) || groups.some((g) => config.hrGroupIds.includes(g));

  if (config.mode === 'none') {
    return {
      mode: 'none',
      authenticate: async () => {
        throw new AppError('UNAUTHORISED', 'Sign-in is not configured on this service (set AAD_TENANT_ID and AAD_CLIENT_ID).');
      },
    };
  }

  if (config.mode === 'entra') {
    const keys = createRemoteJWKSet(new URL(config.jwksUrl));
    return {
      mode: 'entra',
      authenticate: async (header) => {
        const payload = await verify(header, keys, [...config.issuers], [...config.audiences]);
        const userId = stringClaim(payload, 'oid') ?? stringClaim(payload, 'sub');
        if (!userId) throw new AppError('UNAUTHORISED', 'The sign-in token names no user.');
        const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : [];
        return identity(payload, userId, groups, isHr(userId, groups), false);
      },
    };
  }

  // Development: a key pair made at start, so no development token outlives the process.
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const devKeys: JWTVerifyGetKey = async () => publicKey;
  return {
    mode: 'dev',
    authenticate: async (header) => {
      const payload = await verify(header, devKeys, [DEV_ISSUER], [DEV_AUDIENCE]);
      const userId = stringClaim(payload, 'oid');
      if (!userId) throw new AppError('UNAUTHORISED', 'The sign-in token names no user.');
      const groups: string[] = [];
      return identity(payload, userId, groups, payload.lma_hr === true || isHr(userId, groups), true);
    },
    devSignIn: async ({ email, name, hr }) => {
      const normalised = email.trim().toLowerCase();
      const oid = `dev-${createHash('sha256').update(normalised).digest('hex').slice(0, 16)}`;
      return new SignJWT({ oid, preferred_username: normalised, name: name ?? normalised, lma_hr: hr })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('8h')
        .sign(privateKey);
    },
  };
}

async function verify(header: string | undefined, keys: JWTVerifyGetKey, issuer: string[], audience: string[]): Promise<JWTPayload> {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match) throw new AppError('UNAUTHORISED', 'Sign in first: this needs an Authorization: Bearer token.');
  try {
    const { payload } = await jwtVerify(match[1]!, keys, { issuer, audience, clockTolerance: 60, requiredClaims: ['exp'] });
    return payload;
  } catch (err) {
    // The reason (expired, wrong audience, bad signature) helps whoever is setting up SSO; the token itself is never echoed.
    const reason = (err as { code?: string }).code ?? 'invalid';
    throw new AppError('UNAUTHORISED', `The sign-in token was refused (${reason}).`, [], { cause: err });
  }
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function identity(payload: JWTPayload, userId: string, groups: readonly string[], isHr: boolean, dev: boolean): Identity {
  const email = stringClaim(payload, 'preferred_username') ?? stringClaim(payload, 'upn') ?? stringClaim(payload, 'email');
  const name = stringClaim(payload, 'name');
  const tenantId = stringClaim(payload, 'tid');
  return Object.freeze({
    userId,
    ...(name ? { name } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(email ? { email: email.toLowerCase() } : {}),
    groups: Object.freeze([...groups]),
    isHr,
    dev,
  });
}
