import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

/**
 * A stand-in for Entra ID: serves a JSON Web Key Set on loopback and signs
 * tokens with its key, so tests exercise the real verification path.
 */
export interface TokenIssuer {
  /** AUTH_* variables (plus HR_ADMIN_*) that point the service at this issuer. */
  readonly env: Record<string, string>;
  readonly issuer: string;
  readonly audience: string;
  sign(claims: TokenClaims): Promise<string>;
  /** A token signed by a key the JWKS does not publish. */
  signWithUnknownKey(claims: TokenClaims): Promise<string>;
  stop(): Promise<void>;
}

export interface TokenClaims {
  readonly oid: string;
  readonly email?: string;
  readonly name?: string;
  readonly groups?: readonly string[];
  /** Entra tenant id. */
  readonly tid?: string;
  readonly aud?: string;
  readonly iss?: string;
  /** Seconds since the epoch; defaults to an hour from now. */
  readonly exp?: number;
}

export const HR_USER_ID = '00000000-0000-0000-0000-0000000000h1';
export const HR_GROUP_ID = 'hr-publishers-group';

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url === '/keys') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/tenant/v2.0`;
  const audience = 'api://lma.test/11111111-2222-3333-4444-555555555555';

  const signWith = (key: CryptoKey, kid: string) => (claims: TokenClaims) => {
    const { aud, iss, exp, ...rest } = claims;
    const jwt = new SignJWT({ ...rest, preferred_username: claims.email, groups: claims.groups ? [...claims.groups] : undefined })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(iss ?? issuer)
      .setAudience(aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(exp ?? Math.floor(Date.now() / 1000) + 3600);
    return jwt.sign(key);
  };

  return {
    env: {
      AUTH_JWKS_URL: `${base}/keys`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      HR_ADMIN_USER_IDS: HR_USER_ID,
      HR_ADMIN_GROUP_IDS: HR_GROUP_ID,
    },
    issuer,
    audience,
    sign: signWith(privateKey, 'test-key'),
    signWithUnknownKey: signWith(stranger.privateKey, 'test-key'),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
