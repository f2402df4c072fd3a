import restify from 'restify';
import type { Config } from '../config.js';
import { describeError, errorForLog, httpStatusFor, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { BotEndpoint, BotResponse } from '../bot/bot-endpoint.js';
import { relatedTo } from '../knowledge/answer-question.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { renderGuidancePage } from './guidance-page.js';
import { mountApiRoutes, type ApiRoute } from './api-routes.js';
import type { Authenticator } from './auth.js';
import { closesConnection, contentType, hasBody, readBody } from './read-body.js';
import { mountTabPages, TEAMS_FRAME_ANCESTORS } from './tab-pages.js';

export interface Readiness {
  /** Undefined when ready; otherwise a short reason. */
  check(): Promise<string | undefined>;
}

export interface HttpServerDeps {
  readonly config: Pick<Config, 'maxRequestBytes' | 'apiRatePerMinute' | 'headersTimeoutMs' | 'requestTimeoutMs'>;
  readonly logger: Logger;
  readonly bot: BotEndpoint;
  readonly readiness: Readiness;
  readonly knowledge: KnowledgeBase;
  readonly authenticator: Authenticator;
  /** Every /api/ route other than /api/messages; see api-routes.ts. */
  readonly apiRoutes: readonly ApiRoute[];
}

/** Every request body type a route of ours takes (each route narrows it further). */
const BODY_TYPES = new Set(['application/json', 'text/csv', 'text/plain']);

// Pages may be framed by Teams (tabs) and load nothing from elsewhere.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; ${TEAMS_FRAME_ANCESTORS}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface HttpServer {
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests (up to the deadline), then closes. */
  close(deadline: number): Promise<void>;
  /** Every route restify has mounted (method upper case, path as written), for tests that walk them. */
  mountedRoutes(): { method: string; path: string }[];
}

export function createHttpServer({ config, logger, bot, readiness, knowledge, authenticator, apiRoutes }: HttpServerDeps): HttpServer {
  // restify's own warnings go through our logger (one JSON line each, redacted), not a logger of its own.
  // restify 12 logs with pino, as we do; its type definitions still name bunyan's Logger.
  const server = restify.createServer({ name: 'line-manager-assistant', handleUncaughtExceptions: false, log: logger.child({ component: 'restify' }) as never });
  // Slow clients may not hold a socket for Node's defaults (60 s for headers, 300 s a request): they get 408 and
  // the socket closes. Node looks for overdue requests every connectionsCheckingInterval (set before listen).
  server.server.headersTimeout = config.headersTimeoutMs;
  server.server.requestTimeout = config.requestTimeoutMs;
  // (Node reads connectionsCheckingInterval when it starts listening; @types/node does not declare it.)
  (server.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(2000, config.headersTimeoutMs);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.pre((_req, res, next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    next();
  });
  // No route takes multipart or any type but JSON and CSV: refused here, on every path, before a byte is read.
  server.pre((req, res, next) => {
    const type = contentType(req);
    if (!hasBody(req) || !type || BODY_TYPES.has(type)) return next();
    res.header('Connection', 'close');
    res.send(415, { error: 'This service takes application/json (and text/csv for roster uploads) only.' });
    return next(false);
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Bodies are read per route, into memory only (read-body.ts): each /api/ route reads its body only after its access check.
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    let answer: BotResponse;
    try {
      const body = await readBody(req, 'json', config.maxRequestBytes);
      answer = await bot.process({ body, authorization: req.header('authorization') || undefined });
    } catch (err) {
      // Only reading the body throws here (bot.process answers its own failures): 400, 413 or 415.
      const status = isAppError(err) ? httpStatusFor(err) : 400;
      if (closesConnection(err)) res.header('Connection', 'close');
      answer = { status, body: { error: isAppError(err) ? err.message : 'The request body could not be read.' } };
    }
    if (answer.retryAfterSeconds) res.header('Retry-After', String(answer.retryAfterSeconds));
    if (answer.body === undefined) {
      res.status(answer.status);
      res.end();
    } else res.send(answer.status, answer.body);
  });

  mountApiRoutes(server, apiRoutes, { authenticator, logger, ratePerMinute: config.apiRatePerMinute, maxBodyBytes: config.maxRequestBytes });

  mountTabPages(server);

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const reason = await readiness.check();
    if (reason) res.send(503, { status: 'unavailable', reason });
    else res.send(200, { status: 'ready' });
  });

  server.get('/guidance/:docId', (req, res, next) => {
    const doc = knowledge.document(String(req.params.docId ?? ''));
    if (!doc) {
      res.writeHead(404, PAGE_HEADERS);
      res.end('<!doctype html><html lang="en-GB"><title>Not found</title><p>There is no guidance page with that name.</p></html>');
      return next();
    }
    const html = renderGuidancePage(doc, relatedTo(knowledge, doc));
    res.writeHead(200, PAGE_HEADERS);
    res.end(html);
    return next();
  });

  server.on('restifyError', (req, res, err, callback) => {
    // restify's own errors (413, 404, 405) carry their status; ours go through httpStatusFor.
    const status = typeof (err as { statusCode?: number }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : httpStatusFor(err);
    if (status >= 500) logger.error({ error: errorForLog(err), route: req.getRoute?.()?.path }, 'request failed');
    err.toJSON = () => ({ error: status >= 500 ? describeError(err) : (err as Error).message });
    return callback();
  });

  return {
    mountedRoutes: () =>
      (server.getDebugInfo().routes as { method: string; path: string }[]).map((r) => ({ method: r.method.toUpperCase(), path: String(r.path) })),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          const address = server.address();
          // A URL to reach it from this machine: the wildcard addresses are not addresses to connect to.
          const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
          resolve(`http://${local}:${address.port}`);
        });
      }),
    close: async (deadline) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      const timeLeft = Math.max(0, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.server.closeAllConnections();
          resolve();
        }, timeLeft);
      });
      await Promise.race([Promise.all([drained, closed]), timeout]);
      clearTimeout(timer);
      server.server.closeAllConnections();
    },
  };
}
