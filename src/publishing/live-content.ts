import { formatProblem } from '../content/content-pack.js';
import type { ContentPack, ContentProblem } from '../content/types.js';
import { AppError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { runStepsYielding } from '../steps.js';
import { buildSetSteps, errorsIn, type ContentRules } from './content-set.js';

export interface LiveContent {
  readonly pack: ContentPack;
  readonly warnings: readonly ContentProblem[];
  readonly revision: number;
}

/** The live content from the store as a typed pack; CONTENT_INVALID (with every error) if it does not build. */
export async function loadLiveContent(deps: { store: Pick<Store, 'content'> } & ContentRules): Promise<LiveContent> {
  const { revision, files } = await deps.store.content.liveFiles();
  if (revision === 0) throw new AppError('CONTENT_INVALID', 'the store holds no content yet');
  // Checking thirty documents holds the loop for a few hundred milliseconds: a document a slice.
  const { pack, problems } = await runStepsYielding(buildSetSteps(files, deps));
  const errors = errorsIn(problems);
  if (errors.length > 0) {
    throw new AppError('CONTENT_INVALID', `content revision ${revision} in the store has ${errors.length} error(s)`, errors.map(formatProblem));
  }
  return { pack, warnings: problems.filter((p) => p.severity === 'warning'), revision };
}

export interface ContentSync {
  /** The revision this instance answers from. */
  readonly revision: number;
  /** Looks for a newer revision now and swaps it in; true when it did. */
  refresh(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ContentSyncDeps extends ContentRules {
  readonly store: Pick<Store, 'content'>;
  readonly knowledge: Pick<KnowledgeBase, 'replaceYielding'>;
  readonly logger: Logger;
}

/**
 * Keeps this instance's knowledge base on the newest content revision: polls
 * the revision number (one indexed read) every `intervalMs`, and when it
 * moves, loads and indexes the new content on a timer, never inside a
 * request; questions in flight keep the old index until the swap.
 */
export function startContentSync(deps: ContentSyncDeps, initialRevision: number, intervalMs: number): ContentSync {
  let revision = initialRevision;
  let running: Promise<boolean> | undefined;
  let again = false;
  let stopped = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;

  const check = async (): Promise<boolean> => {
    const latest = await deps.store.content.revision();
    if (latest <= revision) return false;
    const started = performance.now();
    const live = await loadLiveContent(deps);
    if (live.revision <= revision) return false;
    // Checking the pack and indexing it each hold the event loop for tens of milliseconds; let
    // requests that arrived meanwhile through between the two. An immediate queued from an
    // immediate runs on the next turn of the loop, after pending I/O.
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    await deps.knowledge.replaceYielding(live.pack);
    const from = revision;
    revision = live.revision;
    deps.logger.info({ from, to: revision, documents: live.pack.documents.length, ms: Math.round(performance.now() - started) }, 'content reloaded');
    return true;
  };

  const refresh = async (): Promise<boolean> => {
    if (running) {
      // A change may have landed after the running check read the revision: look once more after it.
      again = true;
      return running;
    }
    running = (async () => {
      let changed = false;
      do {
        again = false;
        try {
          changed = (await check()) || changed;
          if (failing) deps.logger.info('content reload working again');
          failing = false;
        } catch (err) {
          // A database outage or a bad revision keeps the content we have; say so once, not every second.
          if (!failing) deps.logger.warn({ err: (err as Error).message }, 'content reload failed; answering from the content already loaded');
          failing = true;
        }
      } while (again && !stopped);
      return changed;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      void refresh().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    get revision() {
      return revision;
    },
    refresh,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
