import { CardFactory, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication, type ConnectorClient } from 'botframework-connector';
import type { Card } from '../cards/render-card.js';
import { SendError } from '../nudges/dispatcher.js';
import type { TicketMessenger } from '../hr-questions/deliver.js';

/**
 * Proactive messages, the nudge engine's only way to Teams. One connector
 * client per service URL is kept for the life of the process (it refreshes its
 * own token), instead of a new turn and client pipeline for every message.
 *
 * Each send is one HTTP attempt with a deadline: the dispatcher owns retries
 * (counted in the store, Retry-After shared by every sender, backoff with
 * jitter). The client's own retry policy is removed because its hidden waits
 * (three Retry-Afters, or 1 + 2 + 4 s on a 5xx) could outlast the lease and let
 * another instance send the same card.
 */
export function createMessenger(auth: BotFrameworkAuthentication, appId: string, options: { sendTimeoutMs: number } = { sendTimeoutMs: 15_000 }): TicketMessenger {
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
      client = factory.create(serviceUrl, undefined).then(withoutRetries);
      client.catch(() => clients.delete(serviceUrl));
      clients.set(serviceUrl, client);
    }
    return client;
  };
  return {
    async send(reference, card) {
      const ref = reference as ConversationReference;
      const deadline = AbortSignal.timeout(options.sendTimeoutMs);
      try {
        const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), ref);
        const client = await clientFor(ref.serviceUrl);
        const response = await client.conversations.sendToConversation(ref.conversation.id, activity as never, { abortSignal: deadline });
        return { activityId: response.id ?? '' };
      } catch (err) {
        if (deadline.aborted) throw new SendError(0, `no answer within ${options.sendTimeoutMs} ms`);
        throw toSendError(err);
      }
    },
    // A card already posted, redrawn in place (a ticket card in HR's channel as the ticket changes).
    async update(reference, activityId, card) {
      const ref = reference as ConversationReference;
      const deadline = AbortSignal.timeout(options.sendTimeoutMs);
      try {
        const activity = { ...TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), ref), id: activityId };
        const client = await clientFor(ref.serviceUrl);
        await client.conversations.updateActivity(ref.conversation.id, activityId, activity as never, { abortSignal: deadline });
      } catch (err) {
        if (deadline.aborted) throw new SendError(0, `no answer within ${options.sendTimeoutMs} ms`);
        throw toSendError(err);
      }
    },
  };
}

interface PipelineHolder {
  readonly client?: { readonly pipeline?: { removePolicy(options: { name: string }): unknown } };
}

function withoutRetries(client: ConnectorClient): ConnectorClient {
  // The ConnectorClient wraps an @azure/core-client ServiceClient whose pipeline has the default retry policy.
  const pipeline = (client as unknown as PipelineHolder).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no request pipeline; the botframework-connector version changed');
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  return client;
}

/** The connector's HTTP status and Retry-After, from whatever the Bot Framework client threw. */
function toSendError(err: unknown): SendError {
  const e = err as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const header = e.response?.headers?.get?.('retry-after');
  let retryAfterMs: number | undefined;
  if (header) {
    const seconds = Number(header);
    retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
  }
  // A network error is named by its code (ECONNRESET, ECONNREFUSED): short, and it carries no URL.
  const message = status === 0 && e.code ? e.code : (e.message ?? 'send failed');
  return new SendError(status, message, retryAfterMs);
}
