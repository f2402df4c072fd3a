import { Command } from 'commander';
import { startApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { CliIO } from './main.js';

export function serveCommand(io: CliIO): Command {
  return new Command('serve')
    .description('run the assistant (HTTP endpoint for Teams, health checks); stops cleanly on SIGTERM or SIGINT')
    .action(async () => {
      const config = loadConfig(io.env);
      const logger = createLogger(config.logLevel);
      const app = await startApp({ config, logger });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'shutting down');
          // A second signal, or a shutdown that overruns, ends the process at once.
          setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
          app.close().then(resolve, () => resolve());
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
