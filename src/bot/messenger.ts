import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Card } from '../cards/render-card.js';
import { SendError, type Messenger } from '../nudges/dispatcher.js';

/** Proactive messages through the adapter: the nudge engine's only way to Teams. */
export function createMessenger(adapter: CloudAdapter, appId: string): Messenger {
  return {
    async send(reference, card) {
      let activityId = '';
      let failure: unknown;
      try {
        await adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, async (context) => {
          // Caught here: the adapter's turn-error handler would otherwise swallow it and the send look done.
          try {
            const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
            activityId = response?.id ?? '';
          } catch (err) {
            failure = err;
          }
        });
      } catch (err) {
        failure ??= err;
      }
      if (failure) throw toSendError(failure);
      return { activityId };
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
