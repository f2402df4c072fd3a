import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import type { Logger } from './logger.js';
import { createBotEndpoint } from './bot/bot-endpoint.js';
import { loadContent } from './content/load-content.js';
import { createKnowledgeBase, type KnowledgeBase } from './knowledge/knowledge-base.js';
import { createQuestionLog, type QuestionLog } from './knowledge/question-log.js';
import { createHttpServer } from './http/server.js';
import { openStore, type Store } from './store/store.js';

/** A running service: the composition root wires the edges to the core here and nowhere else. */
export interface RunningApp {
  readonly url: string;
  readonly store: Store;
  readonly knowledge: KnowledgeBase;
  readonly questionLog: QuestionLog;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export async function startApp({ config, logger, clock = systemClock }: StartOptions): Promise<RunningApp> {
  if (config.bot) logger.info({ appType: config.bot.appType }, 'bot credentials configured: Bot Framework authentication is on');
  else logger.warn('local mode: no MicrosoftAppId, so Bot Framework authentication is OFF (development only)');

  const { pack, warnings } = await loadContent(config.contentDir, clock.now());
  const knowledge = createKnowledgeBase(pack);
  logger.info({ documents: pack.documents.length, sections: knowledge.index.size.sections, warnings: warnings.length }, 'content loaded');

  const store = await openStore({ config, logger });
  logger.info({ engine: store.engine }, 'store ready');
  const questionLog = createQuestionLog(store, logger);

  const http = createHttpServer({
    config,
    logger,
    bot: createBotEndpoint(config.bot, { knowledge, store, questionLog, clock, publicUrl: config.publicUrl }, logger),
    knowledge,
    readiness: {
      async check() {
        try {
          await store.ping();
        } catch (err) {
          return `store: ${(err as Error).message}`;
        }
        return knowledge.pack.documents.length > 0 ? undefined : 'content: no documents loaded';
      },
    },
  });

  let url: string;
  try {
    url = await http.listen(config.port, config.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.info({ url }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    knowledge,
    questionLog,
    close: () =>
      (closing ??= (async () => {
        const deadline = Date.now() + config.shutdownTimeoutMs - 500;
        await http.close(deadline);
        await questionLog.close().catch((err: Error) => logger.warn({ err: err.message }, 'question log not flushed'));
        await store.close().catch((err: Error) => logger.warn({ err: err.message }, 'store close failed'));
        logger.info('stopped');
      })()),
  };
}
