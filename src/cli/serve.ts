import { Command } from 'commander';
import { startApp } from '../app.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createLogger, routeConsoleTo } from '../logger.js';
import { holdServeLock } from '../store/serve-lock.js';
import { PLAYGROUND_URL } from './demo.js';
import type { CliIO } from './main.js';

export function serveCommand(io: CliIO): Command {
  return new Command('serve')
    .description('run the assistant (HTTP endpoint for Teams, health checks); stops cleanly on SIGTERM or SIGINT')
    .action(async () => {
      const config = loadConfig(io.env);
      const logger = createLogger(config.logLevel);
      routeConsoleTo(logger);
      // SQLite takes one service per file: a second one would start and then fail its writes.
      const lock = config.store.kind === 'sqlite' ? holdServeLock(config.store.file, systemClock.now()) : undefined;
      const app = await startApp({ config, logger }).catch((err: unknown) => {
        lock?.release();
        throw err;
      });
      if (!config.bot) {
        const guide = localGuide(app.url, config.auth.mode === 'dev');
        logger.info({ chat: guide.chat, tabs: guide.tabs }, 'local mode: where to go');
        io.out(guide.text);
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'shutting down');
          // A second signal, or a shutdown that overruns, ends the process at once.
          setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
          void app
            .close()
            .catch(() => undefined)
            .then(() => {
              lock?.release();
              resolve();
            });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}

/** Local mode only: where a developer goes next (the Playground's chat, the tabs, the development sign-in). */
export function localGuide(url: string, devSignIn: boolean): { chat: string; tabs: Record<string, string>; text: string } {
  const base = url.replace('://127.0.0.1:', '://localhost:');
  const tabs = {
    guidance: `${base}/tabs/guidance/`,
    myTeam: `${base}/tabs/my-team/?as=manager@example.nhs.uk`,
    admin: `${base}/tabs/admin/`,
  };
  const text = [
    '',
    `Line Manager Assistant is running in local mode at ${base}`,
    `  Chat:  run "npm run playground" in another terminal, open ${PLAYGROUND_URL} and click "Personal chat"`,
    '         ("npm run demo" gives the Playground\'s user three demo reports and a reminder card)',
    `  Tabs:  Guidance ${tabs.guidance}`,
    `         My team  ${tabs.myTeam}`,
    `         HR admin ${tabs.admin}`,
    devSignIn
      ? '         sign-in: the development sign-in (local mode only): ?as=EMAIL signs in as anyone; on HR admin, tick "HR publisher role"'
      : '         sign-in: Teams single sign-on (AAD_TENANT_ID, AAD_CLIENT_ID)',
    '',
  ].join('\n');
  return { chat: PLAYGROUND_URL, tabs, text: text + '\n' };
}
