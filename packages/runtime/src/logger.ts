import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets } from './redact.ts';

/** Options for createLogger. */
export interface LoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/**
 * The one way a service makes its logger: JSON lines with a `service` field. Every finished line passes through
 * redactSecrets() (URL userinfo, Discord tokens, members named like secrets at any depth, failing SQL without its
 * values), so no caller has to remember what not to log.
 */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redactSecrets },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
