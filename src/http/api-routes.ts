import restify from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { AppError, errorForLog, httpStatusFor, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Authenticator, Identity } from './auth.js';
import { closesConnection, readBody, type BodyKind } from './read-body.js';

/**
 * The tabs' API as data: every route says who may call it, and
 * `mountApiRoutes` checks that before the handler runs. Keeping all routes in
 * one list lets a test walk them, so a new route cannot be added unprotected.
 */
export type Access = 'public' | 'user' | 'hr';

export interface ApiContext {
  /** Present on `user` and `hr` routes; on `public` routes only when a valid token was sent. */
  readonly identity: Identity | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON, the text of a CSV upload (`body: 'csv'`) or the unread request (`body: 'csv-stream'`); undefined when none was sent. */
  readonly body: unknown;
}

export interface ApiRoute {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** A restify path under /api/, e.g. /api/admin/documents/:id. */
  readonly path: string;
  readonly access: Access;
  /** Largest body this route reads (default MAX_REQUEST_BYTES); checked after the caller is. */
  readonly maxBodyBytes?: number;
  /** What a POST or PUT body must be (default JSON); any other content type is refused unread (415). */
  readonly body?: BodyKind;
  handler(ctx: ApiContext): Promise<unknown>;
}

const REPLY = Symbol('reply');
interface Reply {
  readonly [REPLY]: true;
  readonly status: number;
  readonly body: unknown;
}

/** Return this from a handler for a status other than 200. */
export function reply(status: number, body: unknown): Reply {
  return { [REPLY]: true, status, body };
}

/** The signed-in caller of a `user` or `hr` route (mountApiRoutes guarantees one). */
export function caller(ctx: ApiContext): Identity {
  if (!ctx.identity) throw new AppError('UNAUTHORISED', 'Sign in first.');
  return ctx.identity;
}

/** Parses a request body or query with a zod schema; problems become one VALIDATION error listing each field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new AppError('VALIDATION', `The request is not valid: ${details[0]}`, details);
}

export interface MountDeps {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly ratePerMinute: number;
  /** Default body limit for routes that do not set their own. */
  readonly maxBodyBytes: number;
}

/** Refused sign-ins one address may make a minute before it gets 429s: a tenth of the per-user limit, at least 10. */
export function failedSignInsPerMinute(ratePerMinute: number): number {
  return Math.max(10, Math.floor(ratePerMinute / 10));
}

export function mountApiRoutes(server: restify.Server, routes: readonly ApiRoute[], deps: MountDeps): void {
  const { authenticator, logger, ratePerMinute } = deps;
  const limiter = new RateLimiterMemory({ points: ratePerMinute, duration: 60 });
  const failedSignIns = new RateLimiterMemory({ points: failedSignInsPerMinute(ratePerMinute), duration: 60 });
  const identities = new WeakMap<restify.Request, Identity | undefined>();

  const fail = (req: restify.Request, res: restify.Response, route: ApiRoute, err: unknown) => {
    const status = httpStatusFor(err);
    if (status >= 500) logger.error({ error: errorForLog(err), route: route.path, method: route.method }, 'api request failed');
    else if (status === 401 || status === 403) {
      logger.warn({ route: route.path, method: route.method, status, user: identities.get(req)?.userId }, 'api request refused');
    }
    if (isAppError(err) && err.code === 'RATE_LIMITED') res.header('Retry-After', err.details[0] ?? '60');
    if (closesConnection(err)) res.header('Connection', 'close');
    res.send(status, {
      error: status >= 500 ? 'Something went wrong on our side. Try again, and tell your IT team if it keeps happening.' : (err as Error).message,
      details: isAppError(err) && err.code !== 'RATE_LIMITED' ? err.details : [],
    });
  };

  for (const route of routes) {
    // Who is calling is settled before the body is read, so nobody unauthorised can make us read a large upload.
    const guard = (req: restify.Request, res: restify.Response, next: restify.Next) => {
      const address = `ip:${req.socket.remoteAddress ?? 'unknown'}`;
      (async () => {
        // Failed sign-ins count against the caller's address, so guessing tokens is rate limited too.
        const identity = await identify(route.access, req.header('authorization'), authenticator).catch(async (err: unknown) => {
          await limit(failedSignIns, address);
          throw err;
        });
        identities.set(req, identity);
        if (route.access === 'hr' && !identity?.isHr) throw new AppError('FORBIDDEN', 'This needs the HR publisher role.');
        await limit(limiter, identity?.userId ?? address);
      })().then(
        () => next(),
        (err: unknown) => {
          fail(req, res, route, err);
          next(false);
        },
      );
    };
    const takesBody = route.method === 'post' || route.method === 'put';
    const handle = async (req: restify.Request, res: restify.Response) => {
      try {
        const body = takesBody ? await readBody(req, route.body ?? 'json', route.maxBodyBytes ?? deps.maxBodyBytes) : undefined;
        const result = await route.handler({
          identity: identities.get(req),
          params: stringRecord(req.params),
          query: stringRecord(req.query),
          body,
        });
        const isReply = typeof result === 'object' && result !== null && REPLY in result;
        res.send(isReply ? (result as Reply).status : 200, isReply ? (result as Reply).body : result);
      } catch (err) {
        fail(req, res, route, err);
        // A streamed upload refused part-way: the rest is read and dropped (in memory), so the reply gets through.
        if (route.body === 'csv-stream' && !req.complete) req.unpipe().resume();
      }
    };
    server[route.method === 'delete' ? 'del' : route.method](route.path, guard, handle);
  }
}

async function identify(access: Access, header: string | undefined, authenticator: Authenticator): Promise<Identity | undefined> {
  if (access !== 'public') return authenticator.authenticate(header);
  if (!header) return undefined;
  return authenticator.authenticate(header).catch(() => undefined);
}

async function limit(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new AppError('RATE_LIMITED', 'Too many requests: wait a moment and try again.', [String(seconds)]);
  }
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The development sign-in: only mounted in local mode (see createAuthenticator). */
export function devSignInRoutes(authenticator: Authenticator): ApiRoute[] {
  const signIn = authenticator.devSignIn;
  if (!signIn) return [];
  const body = z.object({ email: z.email(), name: z.string().max(200).optional(), hr: z.boolean().default(false) });
  return [
    {
      method: 'post',
      path: '/api/dev/sign-in',
      access: 'public',
      handler: async (ctx) => {
        const input = parseInput(body, ctx.body);
        return { token: await signIn(input), warning: 'Development sign-in: local mode only, never in production.' };
      },
    },
  ];
}
