import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { isLoopbackHost, type Config } from './config.js';
import { nudgeCardForDispatch } from './cards/nudge-card.js';
import { bankHolidays } from './nudges/delivery-window.js';
import { privacyRoutes } from './http/privacy-routes.js';
import { createUserRateLimit } from './user-rate-limit.js';
import { startRetentionLoop, type RetentionLoop } from './privacy/retention.js';
import { startDispatcherLoop, type DispatcherLoop } from './nudges/dispatcher-loop.js';
import { planNewStarters, planWellbeingNudges } from './nudges/plan-nudges.js';
import { onboardingPlanOf } from './nudges/schedule.js';
import { createRateLimiter } from './nudges/rate-limiter.js';
import { systemClock, type Clock } from './clock.js';
import type { Logger } from './logger.js';
import { createBotEndpoint, type BotAuthOverrides } from './bot/bot-endpoint.js';
import { DEFAULT_TYPING } from './bot/typing.js';
import { adminRoutes } from './http/admin-routes.js';
import { importDefaultContentIfEmpty } from './publishing/import-content.js';
import { loadLiveContent, startContentSync, type ContentSync } from './publishing/live-content.js';
import { createKnowledgeBase, type KnowledgeBase } from './knowledge/knowledge-base.js';
import { createQuestionLog, type QuestionLog } from './knowledge/question-log.js';
import { createHttpServer, type Readiness } from './http/server.js';
import { errorForLog } from './errors.js';
import { createAuthenticator } from './http/auth.js';
import { devSignInRoutes, type ApiRoute } from './http/api-routes.js';
import { guidanceRoutes } from './http/guidance-routes.js';
import { teamRoutes } from './http/team-routes.js';
import { openStore, type Store } from './store/store.js';
import { hrAnswerCard } from './cards/hr-cards.js';
import { ticketCard, type HrServices } from './bot/flows/ask-hr.js';
import { startTicketDelivery, type TicketDelivery } from './hr-questions/deliver.js';
import { hrChannel, hrTeamId } from './hr-questions/hr-channel.js';
import { hrQuestionRoutes } from './http/hr-question-routes.js';
import { attachQuestionToDocument } from './publishing/attach-question.js';
import type { TicketDeps } from './hr-questions/tickets.js';

/** A running service: the composition root wires the edges to the core here and nowhere else. */
export interface RunningApp {
  readonly url: string;
  readonly store: Store;
  readonly knowledge: KnowledgeBase;
  readonly questionLog: QuestionLog;
  readonly dispatcher: DispatcherLoop;
  readonly contentSync: ContentSync;
  readonly retention: RetentionLoop;
  /** Sends ticket cards (HR's channel, answers to managers); tests run passes with runNow(). */
  readonly ticketDelivery: TicketDelivery;
  /** Every mounted /api/ route (not /api/messages), for tests that walk them. */
  readonly apiRoutes: readonly ApiRoute[];
  /** Every route the HTTP server mounted, so a test can check each /api/ one is in apiRoutes. */
  mountedRoutes(): { method: string; path: string }[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Tests only: check Bot Framework tokens against a loopback OpenID server. */
  readonly botAuth?: BotAuthOverrides;
}

export async function startApp({ config, logger, clock = systemClock, botAuth }: StartOptions): Promise<RunningApp> {
  if (config.bot) logger.info({ appType: config.bot.appType }, 'bot credentials configured: Bot Framework authentication is on');
  else logger.warn('local mode: no MicrosoftAppId, so Bot Framework authentication is OFF (development only)');

  const store = await openStore({ config, logger });
  logger.info({ engine: store.engine }, 'store ready');
  // Content lives in the store as versions; the folder is only the first version. It is checked
  // against the real date even when the nudge clock is set (tests, --now).
  const contentDeps = { store, clock: systemClock, maxDocumentBytes: config.limits.contentMaxDocumentBytes };
  let live;
  try {
    await importDefaultContentIfEmpty(contentDeps, config.contentDir, logger);
    live = await loadLiveContent(contentDeps);
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  const { pack, warnings, revision } = live;
  const knowledge = createKnowledgeBase(pack);
  logger.info({ documents: pack.documents.length, sections: knowledge.index.size.sections, warnings: warnings.length, revision }, 'content loaded');
  const contentSync = startContentSync({ ...contentDeps, knowledge, logger }, revision, config.contentPollMs);

  const questionLog = createQuestionLog(store, logger);
  const holidays = bankHolidays(config.nudges.nation);
  // Ask HR: the delivery loop needs the bot's messenger, and the bot needs the use-cases; bound once both exist.
  let ticketDelivery: TicketDelivery | undefined;
  const hrChannelDeps = { store, clock, configuredTeamId: config.hrTeamId };
  const hasChannel = async () => (await hrChannel(hrChannelDeps)) !== undefined;
  const ticketDeps: TicketDeps = { tickets: store.tickets, clock, hasChannel, changed: (t) => ticketDelivery?.changed(t) };
  const hr: HrServices = {
    tickets: ticketDeps,
    store,
    knowledge,
    hrUserIds: config.auth.hrUserIds,
    hrTeamId: () => hrTeamId(hrChannelDeps),
    hasChannel,
    teach: async (question, docId, actor) => {
      const added = await attachQuestionToDocument({ ...contentDeps, store }, { name: actor }, { question, docId });
      void contentSync.refresh();
      return added;
    },
  };
  const services = {
    knowledge,
    store,
    questionLog,
    clock,
    publicUrl: config.publicUrl,
    // `lma package` gives the Teams app the bot's id unless TEAMS_APP_ID says otherwise; deep links must match it.
    teamsAppId: config.teamsAppId ?? config.bot?.appId.toLowerCase(),
    holidays,
    defaultCadenceWeeks: config.nudges.defaultCadenceWeeks,
    maxQuestionChars: config.limits.maxQuestionChars,
    questionRate: createUserRateLimit(config.limits.questionsPerMinute),
    typing: { ...DEFAULT_TYPING, delayMs: config.limits.typingDelayMs },
    hr,
  };
  const bot = createBotEndpoint(config.bot, services, logger, botAuth, { sendTimeoutMs: config.nudges.sendTimeoutMs, handled: store.activities });
  // Nudges and announcements share one rate cap: both are proactive messages to the same tenant.
  const limiter = createRateLimiter(config.nudges.ratePerSecond, () => clock.now().getTime());
  const stopping = new AbortController();
  const dispatcher = startDispatcherLoop(
    {
      nudges: store.nudges,
      messenger: bot.messenger,
      limiter,
      clock,
      logger,
      owner: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      card: (group) => nudgeCardForDispatch(services, group),
      holidays,
      options: { leaseMs: config.nudges.leaseMs, sendTimeoutMs: config.nudges.sendTimeoutMs, baseBackoffMs: config.nudges.retryBaseMs },
      plan: async (now) => {
        const planDeps = { nudges: store.nudges, holidays, defaultCadenceWeeks: config.nudges.defaultCadenceWeeks };
        const onboarding = onboardingPlanOf(knowledge.pack.plans);
        // Onboarding first: a first round of wellbeing reminders counts those check-ins towards each day's digest.
        const checkIns = await planNewStarters(planDeps, onboarding, now);
        return checkIns + (await planWellbeingNudges(planDeps, now));
      },
    },
    logger,
    config.nudges.intervalMs,
  );

  ticketDelivery = startTicketDelivery(
    {
      tickets: store.tickets,
      messenger: bot.messenger,
      limiter,
      clock,
      logger,
      owner: `${os.hostname()}-${process.pid}-tickets-${randomUUID().slice(0, 8)}`,
      channel: async () => (await hrChannel(hrChannelDeps))?.reference,
      cards: { channel: (t) => ticketCard(hr, t), manager: (t) => hrAnswerCard(t) },
      options: { leaseMs: config.nudges.leaseMs, baseBackoffMs: config.nudges.retryBaseMs },
    },
    config.nudges.intervalMs,
  );

  const retention = startRetentionLoop(
    { privacy: store.privacy, activities: store.activities, retentionDays: config.privacy.questionRetentionDays },
    clock,
    logger,
    config.privacy.retentionIntervalMs,
  );
  const authenticator = await createAuthenticator(config.auth);
  if (authenticator.mode === 'dev') logger.warn('development sign-in is on for the tabs (local mode only)');
  else if (authenticator.mode === 'none') logger.warn('no AAD_TENANT_ID/AAD_CLIENT_ID: the tabs cannot sign anyone in');
  const apiRoutes: ApiRoute[] = [
    ...devSignInRoutes(authenticator),
    ...adminRoutes({
      store,
      knowledge,
      clock,
      contentClock: systemClock,
      maxDocumentBytes: config.limits.contentMaxDocumentBytes,
      contentSync,
      publicUrl: config.publicUrl,
      minGroupSize: config.minGroupSize,
      rosterLimits: { maxBytes: config.limits.rosterMaxBytes, maxRows: config.limits.rosterMaxRows },
      announce: { messenger: bot.messenger, limiter, signal: stopping.signal, logger, teamsAppId: services.teamsAppId },
    }),
    ...guidanceRoutes({ knowledge, publicUrl: config.publicUrl }),
    ...teamRoutes({
      nudges: store.nudges,
      people: store,
      clock,
      holidays,
      defaultCadenceWeeks: config.nudges.defaultCadenceWeeks,
      onboardingPlan: () => onboardingPlanOf(knowledge.pack.plans),
      logger,
    }),
    ...privacyRoutes({ privacy: store.privacy, clock, logger }),
    ...hrQuestionRoutes({
      tickets: ticketDeps,
      store: store.tickets,
      channel: hrChannelDeps,
      publishing: { store, clock: systemClock, maxDocumentBytes: config.limits.contentMaxDocumentBytes },
      contentSync,
      clock,
      minGroupSize: config.minGroupSize,
    }),
  ];

  const http = createHttpServer({
    config,
    logger,
    bot,
    knowledge,
    authenticator,
    apiRoutes,
    readiness: storeReadiness(store, knowledge, logger),
  });

  let url: string;
  try {
    url = await http.listen(config.port, config.host);
  } catch (err) {
    await dispatcher.stop();
    await ticketDelivery.stop();
    await contentSync.stop();
    await retention.stop();
    await store.close();
    throw err;
  }
  // The log names the address actually bound, not only the URL to try locally.
  const port = Number(new URL(url).port);
  if (isLoopbackHost(config.host)) logger.info({ url, host: config.host, port }, 'listening on this machine only (loopback)');
  else logger.info({ url, host: config.host, port }, `listening on ${config.host === '0.0.0.0' || config.host === '::' ? 'every network interface' : config.host}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    knowledge,
    questionLog,
    dispatcher,
    contentSync,
    retention,
    ticketDelivery,
    apiRoutes,
    mountedRoutes: () => http.mountedRoutes(),
    close: () =>
      (closing ??= (async () => {
        const deadline = Date.now() + config.shutdownTimeoutMs - 500;
        stopping.abort();
        await http.close(deadline);
        await dispatcher.stop();
        await ticketDelivery!.stop();
        await contentSync.stop();
        await retention.stop();
        await questionLog.close().catch((err: Error) => logger.warn({ err: err.message }, 'question log not flushed'));
        await store.close().catch((err: Error) => logger.warn({ err: err.message }, 'store close failed'));
        logger.info('stopped');
      })()),
  };
}

/**
 * Ready when the store takes a write (not only a `select 1`: a full disk, a locked or read-only file
 * still answer that) and content is loaded. The cause is logged once when readiness changes.
 */
function storeReadiness(store: Store, knowledge: KnowledgeBase, logger: Logger): Readiness {
  let failing = false;
  return {
    async check() {
      try {
        await store.checkWritable(systemClock.now());
        if (failing) logger.info('store takes writes again: ready');
        failing = false;
      } catch (err) {
        if (!failing) logger.error({ error: errorForLog(err) }, 'store cannot take a write: not ready');
        failing = true;
        return `store: ${(err as Error).message}`;
      }
      return knowledge.pack.documents.length > 0 ? undefined : 'content: no documents loaded';
    },
  };
}
