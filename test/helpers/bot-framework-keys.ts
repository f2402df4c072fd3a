import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotAuthOverrides } from '../../src/bot/bot-endpoint.js';

/**
 * A stand-in for login.botframework.com on loopback: serves OpenID metadata and a
 * JWKS with one RSA key (endorsed for msteams), and signs channel tokens with it or
 * with a key it does not publish.
 */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** The environment of a service with (made-up) single-tenant bot credentials: Bot Framework authentication on. */
export function botCredentials(appId: string): Record<string, string> {
  return { MicrosoftAppId: appId, MicrosoftAppPassword: 'bot-secret-value', MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000t0', MicrosoftAppType: 'SingleTenant' };
}

export interface BotFrameworkKeys {
  readonly overrides: BotAuthOverrides;
  /** A channel token as Teams would send it, signed by the published key unless `unknownKey`. */
  token(claims: { aud: string; serviceUrl: string; unknownKey?: boolean; noExpiry?: boolean }): string;
  /** From now on answer every request with this status (a key service in trouble); undefined serves again. */
  failWith(status: number | undefined): void;
  /** How many times the metadata or key set was fetched (proves the check went to this server). */
  readonly fetches: number;
  stop(): Promise<void>;
}

function newKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function startBotFrameworkKeys(): Promise<BotFrameworkKeys> {
  const published = newKey();
  const unpublished = newKey();
  let fetches = 0;
  let failing: number | undefined;
  const server = http.createServer((req, res) => {
    fetches++;
    if (failing !== undefined) {
      res.statusCode = failing;
      res.end('key service unavailable');
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ ...published.jwk, kid: 'published', use: 'sig', kty: 'RSA', endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    overrides: { openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`, tokenIssuer: CHANNEL_ISSUER },
    token({ aud, serviceUrl, unknownKey, noExpiry }) {
      const now = Math.floor(Date.now() / 1000);
      // The unknown key claims the published key's id: only the signature can tell them apart.
      const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'published' });
      const payload = b64({ iss: CHANNEL_ISSUER, aud, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, ...(noExpiry ? {} : { exp: now + 3600 }) });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), (unknownKey ? unpublished : published).privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    failWith(status) {
      failing = status;
    },
    get fetches() {
      return fetches;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
