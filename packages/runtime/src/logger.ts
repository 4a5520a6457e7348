import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths never written to logs: tokens, passwords and connection strings with credentials. */
export const RedactedPaths = [
  'token',
  '*.token',
  '*.*.token',
  'payload.replyTo.token',
  'event.payload.replyTo.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'url',
  '*.url',
  'databaseUrl',
  'amqpUrl',
  'discordToken',
  'config.discordToken',
  'config.databaseUrl',
  'config.amqpUrl',
];

/** Options for createLogger. */
export interface LoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/** The one way a service makes its logger: JSON lines, a `service` field, secrets redacted. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { service },
      redact: { paths: RedactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
