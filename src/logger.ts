import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets and message text are redacted by path as a
 * second line of defence: the first is that handlers never log them.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'lma' },
      redact: {
        paths: [
          'password',
          '*.password',
          'appPassword',
          '*.appPassword',
          'MicrosoftAppPassword',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
          'headers.authorization',
          'text',
          '*.text',
          '*.databaseUrl',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * For a server process: every line it writes is JSON. Libraries print to the
 * console (botbuilder prints whole errors and key sets with console.error), and
 * Node prints its warnings as text; both go through the logger instead, as one
 * line, first line of the message only (never a stack).
 */
export function routeConsoleTo(logger: Logger): void {
  const firstLine = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ')
      .split('\n')[0]!
      .slice(0, 300);
  console.log = console.info = console.debug = (...args: unknown[]) => logger.debug({ source: 'console' }, firstLine(args));
  console.warn = (...args: unknown[]) => logger.warn({ source: 'console' }, firstLine(args));
  console.error = console.trace = (...args: unknown[]) => logger.error({ source: 'console' }, firstLine(args));
  // Node's own listener writes warnings as text; it is replaced, not added to.
  process.removeAllListeners('warning');
  process.on('warning', (w) => logger.warn({ source: 'node', name: w.name }, firstLine([w.message])));
}
