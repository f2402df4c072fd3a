import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
// Not re-exported by botbuilder's index: turns the activity's timestamps into Dates, as CloudAdapter.process does.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import { AuthenticationError } from 'botframework-connector';
import type { BotCredentials } from '../config.js';
import { errorForLog } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TicketMessenger } from '../hr-questions/deliver.js';
import { AssistantBot, type BotServices } from './assistant-bot.js';
import { CachedConnectorsAuthentication } from './cached-connectors.js';
import { createMessenger } from './messenger.js';
import { createReplayCheck, type HandledActivities } from './recent-activities.js';

/**
 * The edge between HTTP and botbuilder. Everything that names a botbuilder
 * type lives in src/bot, so a move to the Microsoft 365 Agents SDK touches
 * this folder only.
 */
export interface BotEndpoint {
  /** Handles one POST /api/messages: the parsed JSON body and the Authorization header in, what to answer out. */
  process(request: BotRequest): Promise<BotResponse>;
  /** Sends proactive cards (nudges, answers from HR) into stored conversations, and redraws ticket cards in place. */
  readonly messenger: TicketMessenger;
}

export interface BotRequest {
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** What to answer. Bodies are ours (an invoke's result, or a generic reason): never an internal error's message. */
export interface BotResponse {
  readonly status: number;
  readonly body?: unknown;
  /** For 503: when to try again, in seconds. */
  readonly retryAfterSeconds?: number;
}

/** How long a caller waits before retrying when the Bot Framework signing keys cannot be fetched. */
const KEYS_RETRY_AFTER_SECONDS = 30;

/**
 * Where incoming tokens are checked, for tests on a network-less machine: the OpenID
 * metadata (and so the signing keys) and the issuer to expect. Production leaves these
 * unset and botbuilder uses the public Azure values.
 */
export interface BotAuthOverrides {
  readonly openIdMetadataUrl: string;
  readonly tokenIssuer: string;
}

export function createBotEndpoint(
  credentials: BotCredentials | undefined,
  services: BotServices,
  logger: Logger,
  overrides?: BotAuthOverrides,
  endpointOptions: { readonly sendTimeoutMs: number; readonly handled?: HandledActivities } = { sendTimeoutMs: 15_000 },
): BotEndpoint {
  const options: ConfigurationBotFrameworkAuthenticationOptions = credentials
    ? {
        MicrosoftAppId: credentials.appId,
        MicrosoftAppPassword: credentials.appPassword ?? '',
        MicrosoftAppType: credentials.appType,
        MicrosoftAppTenantId: credentials.tenantId ?? '',
        ...(overrides && {
          // Setting any of these makes botbuilder take all of them as given, so the rest are the public values.
          ToBotFromChannelOpenIdMetadataUrl: overrides.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: overrides.tokenIssuer,
          ToBotFromEmulatorOpenIdMetadataUrl: overrides.openIdMetadataUrl,
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          CallerId: 'urn:botframework:azure',
          ValidateAuthority: true,
        }),
      }
    : {};
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  refuseBadSignaturesWith401(auth, !!credentials);
  const adapter = new Adapter(new CachedConnectorsAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the failure without the activity's text: that is the user's words.
    logger.error(
      { error: errorForLog(error), activityType: context.activity.type, channel: context.activity.channelId },
      'bot turn failed',
    );
    await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.').catch(() => undefined);
  };
  const bot = new AssistantBot(services, logger);
  const delivery = createReplayCheck({ shared: endpointOptions.handled, clock: services.clock, logger });
  // Checked after authentication (inside the turn), so nobody unauthenticated can mark an id as seen.
  // Invokes are left alone: Teams waits for their answer, and card actions are idempotent themselves.
  const run = async (ctx: TurnContext) => {
    const a = ctx.activity;
    const seen = a.type === 'invoke' ? 'new' : await delivery(a.conversation?.id, a.id);
    if (seen !== 'new') {
      logger.info({ event: 'activity-replayed', activityType: a.type, seen }, 'activity already handled: not answered again');
      return;
    }
    await bot.run(ctx);
  };
  return {
    messenger: createMessenger(auth, credentials?.appId ?? '', { sendTimeoutMs: endpointOptions.sendTimeoutMs }),
    process: async ({ body, authorization }) => {
      // CloudAdapter.process would answer a missing type with a 500 (and the validator's message), so check first.
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return refused(400, 'The request body must be a Bot Framework activity (a JSON object).');
      const type = (body as { type?: unknown }).type;
      if (typeof type !== 'string' || type.trim() === '') return refused(400, 'The activity has no type.');
      const activity = validateAndFixActivity(body as Activity);
      try {
        const invoke = await adapter.handle(authorization ?? '', activity, run);
        return invoke ? { status: invoke.status, ...(invoke.body !== undefined ? { body: invoke.body } : {}) } : { status: 200 };
      } catch (err) {
        return failed(err, logger);
      }
    },
  };
}

/** CloudAdapter with its request processing open to us, so HTTP answers and logs are ours (CloudAdapter.process prints stacks and echoes errors). */
class Adapter extends CloudAdapter {
  handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

const refused = (status: number, reason: string): BotResponse => ({ status, body: { error: reason } });

/** One log line per failed request: its kind and status, never the token, the activity or a stack. */
function failed(err: unknown, logger: Logger): BotResponse {
  if (keysUnavailable(err)) {
    logger.error({ event: 'bot-auth-keys-unavailable', reason: oneLine(err) }, 'bot request refused: signing keys unavailable');
    return { status: 503, body: { error: 'The service cannot check Teams requests right now. Try again shortly.' }, retryAfterSeconds: KEYS_RETRY_AFTER_SECONDS };
  }
  if (err instanceof AuthenticationError) {
    logger.warn({ event: 'bot-auth-refused', reason: oneLine(err) }, 'bot request refused: not authenticated');
    return refused(401, 'Unauthorized.');
  }
  logger.error({ event: 'bot-request-failed', err: { name: (err as Error)?.name, message: oneLine(err) } }, 'bot request failed');
  return refused(500, 'Something went wrong on our side.');
}

/**
 * The OpenID metadata or key set could not be fetched: node-fetch's network errors (DNS, refused,
 * reset), or botframework-connector's "Failed to load ..." when the key service answers with an error.
 * Not the caller's fault, so 503 (Bot Framework retries) rather than 401.
 */
function keysUnavailable(err: unknown): boolean {
  const e = err as { name?: string; type?: string; statusCode?: number; message?: string };
  if (e?.name === 'FetchError') return true;
  return err instanceof AuthenticationError && (e.statusCode ?? 0) >= 500 && /^Failed to load (openID config|Keys)/.test(e.message ?? '');
}

/** An error's first line, short: enough for an operator, never a stack or a key. */
function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}

/**
 * botbuilder lets the JWT library's own errors (a bad signature, a token not yet
 * valid) escape token validation, and CloudAdapter answers those with 500. A
 * request we cannot authenticate is a 401: convert them before the adapter sees them.
 * The JWT library also accepts a token with no expiry, which would be good for ever:
 * with credentials set, such a token is refused before its signature is checked.
 */
function refuseBadSignaturesWith401(auth: ConfigurationBotFrameworkAuthentication, authenticating: boolean): void {
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    if (authenticating && !hasExpiry(authHeader)) throw new AuthenticationError('Unauthorized: the token has no expiry (exp)', 401);
    try {
      return await authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      if (['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes((err as Error).name)) {
        throw new AuthenticationError(`Unauthorized: ${(err as Error).message}`, 401);
      }
      throw err;
    }
  };
}

/** The bearer token's payload names a numeric `exp`. Only ever a reason to refuse: the signature is checked after. */
function hasExpiry(authHeader: string): boolean {
  const payload = /^Bearer\s+[^.\s]+\.([^.\s]+)\.[^.\s]*$/i.exec(authHeader.trim())?.[1];
  if (!payload) return true; // not a JWT at all: botbuilder refuses it with its own reason
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp);
  } catch {
    return true; // unreadable: botbuilder refuses it
  }
}
