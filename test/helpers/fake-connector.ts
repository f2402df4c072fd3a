import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Connector service on loopback. The bot sends its
 * replies, proactive messages and card updates here (activity.serviceUrl);
 * the connector records each one and can be told to fail the next calls.
 */
export interface RecordedCall {
  readonly kind: 'send' | 'reply' | 'update' | 'createConversation';
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly body: any;
}

/** How one call to the connector goes wrong: an HTTP status, no answer at all, or a dropped connection. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' };

/** Decides for each message the bot sends (numbered from 0) whether it fails; undefined lets it through. */
export type FaultSchedule = (call: { readonly n: number; readonly conversationId: string | undefined }) => Fault | undefined;

/**
 * A reproducible random mix of faults: each message independently meets a 429
 * (with Retry-After), a 500, no answer, or a connection reset at the given
 * rates. Failed calls are not recorded: Teams did not take the message.
 */
export function seededFaults(options: {
  seed: number;
  throttle?: number;
  serverError?: number;
  hang?: number;
  reset?: number;
  retryAfterSeconds?: number;
}): FaultSchedule {
  const random = mulberry32(options.seed);
  const { throttle = 0, serverError = 0, hang = 0, reset = 0, retryAfterSeconds = 1 } = options;
  return () => {
    let r = random();
    if ((r -= throttle) < 0) return { kind: 'status', status: 429, headers: { 'retry-after': String(retryAfterSeconds) } };
    if ((r -= serverError) < 0) return { kind: 'status', status: 500 };
    if ((r -= hang) < 0) return { kind: 'hang' };
    if ((r -= reset) < 0) return { kind: 'reset' };
    return undefined;
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same fault sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Failure {
  status: number;
  remaining: number;
  headers: Record<string, string>;
}

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Requests that have arrived (counted before any `delayMs` hold, unlike `calls`). */
  received = 0;
  /** Answer every call this much later (to hold a bot request in flight). */
  delayMs = 0;
  /** Teams users by id, as TeamsInfo.getMember sees them (email, userPrincipalName, aadObjectId). */
  readonly members = new Map<string, Record<string, string>>();
  /** Faults for messages the bot sends (not member look-ups or card updates). */
  faults: FaultSchedule | undefined;
  /** How many of each fault were dealt: 'status 429', 'status 500', 'hang', 'reset'. */
  readonly faultCounts: Record<string, number> = {};
  /**
   * Messages taken (recorded) after the bot had already given up waiting: the
   * documented window where a timed-out send was in fact delivered, and a retry
   * shows it twice.
   */
  abandoned = 0;
  private sendCount = 0;
  private failures: Failure[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private waiters: (() => void)[] = [];
  private nextId = 1;
  url = '';

  /** `record: false` answers without parsing or keeping bodies (benchmarks: the connector must not be the bottleneck). */
  constructor(private readonly options: { record?: boolean } = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` calls answer `status` (e.g. 429 with Retry-After, 403, 404, 500). */
  failNext(status: number, count = 1, headers: Record<string, string> = {}): void {
    this.failures.push({ status, remaining: count, headers });
  }

  /** Activities the bot sent (not updates), in order. */
  get activities(): any[] {
    return this.calls.filter((c) => c.kind === 'send' || c.kind === 'reply').map((c) => c.body);
  }

  /**
   * Resolves once `predicate` holds for the recorded calls (looked at again on each new call). The
   * deadline only ends a wait for what will never come, so it is generous: CI is a busy machine.
   */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 60_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake connector: condition not met within ${timeoutMs} ms (${this.calls.length} calls recorded)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.calls;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received++;
      for (const w of this.waiters.splice(0)) w();
      if (this.faults && req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
        const conversationId = decodeURIComponent((req.url ?? '').split('/')[3] ?? '');
        const fault = this.faults({ n: this.sendCount++, conversationId });
        if (fault) {
          const name = fault.kind === 'status' ? `status ${fault.status}` : fault.kind;
          this.faultCounts[name] = (this.faultCounts[name] ?? 0) + 1;
          if (fault.kind === 'hang') return; // never answers; the bot's send timeout must end the wait
          if (fault.kind === 'reset') return void req.socket.destroy();
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(JSON.stringify({ error: { code: 'Simulated', message: `simulated ${fault.status}` } }));
          return;
        }
      }
      if (this.delayMs > 0) setTimeout(() => this.respond(req, res, chunks), this.delayMs);
      else this.respond(req, res, chunks);
    });
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): void {
    {
      const failure = this.failures[0];
      if (failure) {
        if (--failure.remaining <= 0) this.failures.shift();
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { code: 'Simulated', message: `simulated ${failure.status}` } }));
        return;
      }
      const path = (req.url ?? '').split('?')[0]!.replace(/\/+$/, '');
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && member) {
        const found = this.members.get(decodeURIComponent(member[1]!));
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(found ?? { error: { code: 'MemberNotFound', message: 'no such member' } }));
        return;
      }
      const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(path);
      if (!m) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = m[1] ? decodeURIComponent(m[1]) : undefined;
      const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
      const kind: RecordedCall['kind'] = !conversationId
        ? 'createConversation'
        : req.method === 'PUT'
          ? 'update'
          : activityId
            ? 'reply'
            : 'send';
      if (req.socket.destroyed && (kind === 'send' || kind === 'reply')) this.abandoned++;
      if (this.options.record !== false) {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.calls.push({ kind, conversationId, activityId, body: raw ? JSON.parse(raw) : undefined });
      }
      const id = kind === 'createConversation' ? `conv-${this.nextId++}` : (activityId && kind === 'update' ? activityId : `act-${this.nextId++}`);
      res.writeHead(kind === 'createConversation' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, activityId: id }));
      for (const w of this.waiters.splice(0)) w();
    }
  }
}
