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
