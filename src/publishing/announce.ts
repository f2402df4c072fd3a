import { announceCard } from '../cards/announce-card.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Logger } from '../logger.js';
import { SendError, type Messenger } from '../nudges/dispatcher.js';
import type { RateLimiter } from '../nudges/rate-limiter.js';
import type { Store } from '../store/store.js';
import type { Actor } from './content-set.js';

export interface AnnounceDeps {
  readonly store: Pick<Store, 'nudges' | 'audit'>;
  readonly knowledge: Pick<KnowledgeBase, 'document' | 'pack'>;
  readonly messenger: Messenger;
  /** The nudge engine's limiter: announcements and nudges share one rate cap. */
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publicUrl: string;
  /** With a Teams app id, the card's links open the Guidance tab (see documentUrl). */
  readonly teamsAppId?: string | undefined;
  /** Aborted when the service stops: sending ends after the current message. */
  readonly signal: AbortSignal;
}

export interface AnnounceResult {
  readonly sent: number;
  readonly unreachable: number;
  readonly failed: number;
}

/**
 * "Tell managers what changed": one short card to every reachable manager,
 * sent in the background under the nudge rate cap. Returns how many were
 * queued at once; `done` settles when the last one is sent.
 */
export async function announceChanges(
  deps: AnnounceDeps,
  actor: Actor,
  documentIds: readonly string[],
  message: string,
): Promise<{ queued: number; done: Promise<AnnounceResult> }> {
  const documents = documentIds.map((id) => {
    const doc = deps.knowledge.document(id);
    if (!doc) throw new AppError('VALIDATION', `there is no live document "${id}"`);
    return doc;
  });
  if (!message.trim()) throw new AppError('VALIDATION', 'say in a sentence what changed');
  const card = announceCard({ publicUrl: deps.publicUrl, teamsAppId: deps.teamsAppId, settings: deps.knowledge.pack.settings }, message, documents);
  const managers = await deps.store.nudges.reachableManagers();
  await deps.store.audit.append(
    { actor: actor.name, action: 'announce', target: documentIds.join(', '), detail: `queued for ${managers.length} manager(s)` },
    deps.clock.now(),
  );
  const done = (async () => {
    const result = { sent: 0, unreachable: 0, failed: 0 };
    for (const m of managers) {
      if (deps.signal.aborted) break;
      await deps.limiter.take();
      try {
        await deps.messenger.send(m.conversation, card);
        result.sent++;
      } catch (err) {
        const status = err instanceof SendError ? err.status : 0;
        if (status === 403 || status === 404) {
          result.unreachable++;
          await deps.store.nudges.markManagerUnreachable(m.email, `connector answered ${status}`, deps.clock.now()).catch(() => undefined);
        } else {
          // An announcement is a courtesy: one attempt, counted, never retried into a storm.
          result.failed++;
          if (status === 429) deps.limiter.pauseUntil(deps.clock.now().getTime() + ((err as SendError).retryAfterMs ?? 1000));
        }
      }
    }
    deps.logger.info(result, 'announcement sent');
    return result;
  })();
  return { queued: managers.length, done };
}
