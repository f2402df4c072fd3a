import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotCredentials } from '../config.js';
import { errorForLog } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Messenger } from '../nudges/dispatcher.js';
import { AssistantBot, type BotServices } from './assistant-bot.js';
import { CachedConnectorsAuthentication } from './cached-connectors.js';
import { createMessenger } from './messenger.js';

/**
 * The edge between HTTP and botbuilder. Everything that names a botbuilder
 * type lives in src/bot, so a move to the Microsoft 365 Agents SDK touches
 * this folder only.
 */
export interface BotEndpoint {
  /** Handles one POST /api/messages; req and res are restify's (or any Node-style pair). */
  process(req: unknown, res: unknown): Promise<void>;
  /** Sends proactive cards (nudges) into stored conversations. */
  readonly messenger: Messenger;
}

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
  messengerOptions: { sendTimeoutMs: number } = { sendTimeoutMs: 15_000 },
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
  refuseBadSignaturesWith401(auth);
  const adapter = new CloudAdapter(new CachedConnectorsAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the failure without the activity's text: that is the user's words.
    logger.error(
      { error: errorForLog(error), activityType: context.activity.type, channel: context.activity.channelId },
      'bot turn failed',
    );
    await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.').catch(() => undefined);
  };
  const bot = new AssistantBot(services, logger);
  return {
    messenger: createMessenger(auth, credentials?.appId ?? '', messengerOptions),
    process: (req, res) =>
      adapter.process(req as Request, res as Response, (ctx) => bot.run(ctx)),
  };
}

/**
 * botbuilder lets the JWT library's own errors (a bad signature, a token not yet
 * valid) escape token validation, and CloudAdapter answers those with 500. A
 * request we cannot authenticate is a 401: convert them before the adapter sees them.
 */
function refuseBadSignaturesWith401(auth: ConfigurationBotFrameworkAuthentication): void {
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
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
