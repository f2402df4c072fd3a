import { CardFactory, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication, type ConnectorClient } from 'botframework-connector';
import type { Card } from '../cards/render-card.js';
import { SendError, type Messenger } from '../nudges/dispatcher.js';

/**
 * Proactive messages, the nudge engine's only way to Teams. One connector
 * client per service URL is kept for the life of the process (it refreshes its
 * own token), instead of a new turn and client pipeline for every message.
 */
export function createMessenger(auth: BotFrameworkAuthentication, appId: string): Messenger {
  const claims = new ClaimsIdentity(
    [
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ],
    true,
  );
  const factory = auth.createConnectorFactory(claims);
  const clients = new Map<string, Promise<ConnectorClient>>();
  const clientFor = (serviceUrl: string) => {
    let client = clients.get(serviceUrl);
    if (!client) {
      client = factory.create(serviceUrl, undefined);
      client.catch(() => clients.delete(serviceUrl));
      clients.set(serviceUrl, client);
    }
    return client;
  };
  return {
    async send(reference, card) {
      const ref = reference as ConversationReference;
      try {
        const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), ref);
        const response = await (await clientFor(ref.serviceUrl)).conversations.sendToConversation(ref.conversation.id, activity as never);
        return { activityId: response.id ?? '' };
      } catch (err) {
        throw toSendError(err);
      }
    },
  };
}

/** The connector's HTTP status and Retry-After, from whatever the Bot Framework client threw. */
function toSendError(err: unknown): SendError {
  const e = err as { statusCode?: number; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const header = e.response?.headers?.get?.('retry-after');
  let retryAfterMs: number | undefined;
  if (header) {
    const seconds = Number(header);
    retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
  }
  return new SendError(status, e.message ?? 'send failed', retryAfterMs);
}
