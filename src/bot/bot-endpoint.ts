import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import type { BotCredentials } from '../config.js';
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

export function createBotEndpoint(credentials: BotCredentials | undefined, services: BotServices, logger: Logger): BotEndpoint {
  const options: ConfigurationBotFrameworkAuthenticationOptions = credentials
    ? {
        MicrosoftAppId: credentials.appId,
        MicrosoftAppPassword: credentials.appPassword ?? '',
        MicrosoftAppType: credentials.appType,
        MicrosoftAppTenantId: credentials.tenantId ?? '',
      }
    : {};
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  const adapter = new CloudAdapter(new CachedConnectorsAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the failure without the activity's text: that is the user's words.
    logger.error(
      { err: { message: error.message, name: error.name }, activityType: context.activity.type, channel: context.activity.channelId },
      'bot turn failed',
    );
    await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.').catch(() => undefined);
  };
  const bot = new AssistantBot(services, logger);
  return {
    messenger: createMessenger(auth, credentials?.appId ?? ''),
    process: (req, res) =>
      adapter.process(req as Request, res as Response, (ctx) => bot.run(ctx)),
  };
}
