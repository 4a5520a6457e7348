import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { ConfigError, intVar } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { boundPort, startOpsServer } from './http.ts';
import { redactSecrets } from './redact.ts';
import { Shutdown } from './shutdown.ts';

/** The variables every service has: where its ops server listens, and how long a graceful stop may take. */
export const opsVars = (defaultPort: number) => ({
  HTTP_PORT: intVar(defaultPort, 0, 65_535),
  HTTP_HOST: z.string().default('0.0.0.0'),
  SHUTDOWN_DEADLINE_MS: intVar(25_000, 1_000, 600_000),
});

/** The parsed ops variables. */
export interface OpsConfig {
  HTTP_PORT: number;
  HTTP_HOST: string;
  SHUTDOWN_DEADLINE_MS: number;
}

/** A start-up step that failed; its message names the step and says what went wrong, in one line. */
export class StartupError extends Error {
  override readonly name = 'StartupError';

  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${describeFailure(cause)}`, { cause });
  }
}

/** What an app's wiring is handed by startService(). */
export interface ServiceWiring {
  log: Logger;
  /**
   * Runs one named start step. Its `undo` joins the stop steps (run in reverse order); a failure becomes a
   * StartupError naming the step, and the steps already done are undone.
   */
  step<T>(name: string, start: () => Promise<T> | T, undo?: (value: T) => Promise<void> | void): Promise<T>;
  /** Adds a readiness condition beyond "started and not stopping" (broker connected, consuming, database up). */
  readyWhen(check: () => boolean | Promise<boolean>): void;
}

/** What every running service offers whoever started it. */
export interface RunningService {
  /** Port of the ops server (/healthz, /readyz, /metrics). */
  httpPort: number;
  /** Graceful stop: the steps in reverse, once however often it is called. */
  stop: () => Promise<void>;
}

/**
 * The scaffolding every service shares. The ops server is bound FIRST, so a port clash stops the service before it
 * takes any work, and /healthz answers while dependencies are still being reached; /readyz says not ready until
 * `wire` has finished, while any readiness condition fails, and from the moment stopping begins. If `wire` throws,
 * the steps already done are undone and the error (a StartupError naming the step) is rethrown.
 */
export async function startService<A extends object>(
  config: OpsConfig & { log: Logger; registry: Registry },
  wire: (service: ServiceWiring) => Promise<A>,
): Promise<A & RunningService> {
  const { log } = config;
  const steps = new Shutdown(log);
  const checks: (() => boolean | Promise<boolean>)[] = [];
  let started = false;
  const ready = async () => {
    if (!started || steps.stopping) return false;
    for (const check of checks) if (!(await check())) return false;
    return true;
  };
  let server: Server;
  try {
    server = await startOpsServer(config.HTTP_PORT, config.HTTP_HOST, { registry: config.registry, ready });
  } catch (err) {
    throw new StartupError(`ops server on ${config.HTTP_HOST}:${config.HTTP_PORT} (HTTP_PORT)`, err);
  }
  steps.add('ops server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  const httpPort = boundPort(server);
  log.info({ httpPort }, 'ops server listening; not ready until started');

  const service: ServiceWiring = {
    log,
    step: async (name, start, undo) => {
      let value;
      try {
        value = await start();
      } catch (err) {
        throw err instanceof StartupError || err instanceof ConfigError ? err : new StartupError(name, err);
      }
      if (undo) steps.add(name, () => undo(value));
      return value;
    },
    readyWhen: (check) => checks.push(check),
  };
  let app: A;
  try {
    app = await wire(service);
  } catch (err) {
    await steps.run('start failed');
    throw err;
  }
  started = true;
  return { ...app, httpPort, stop: () => steps.run('stop') };
}

/** How a service's entry point finds its configuration and starts it. */
export interface ServiceEntry<C extends OpsConfig> {
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => C;
  start: (config: C, log: Logger) => Promise<RunningService>;
}

/**
 * A service's `bin.ts` in one call: logger, configuration, signal handling (graceful stop within
 * SHUTDOWN_DEADLINE_MS, a second signal exits at once) and the start. A service that cannot start fully says what
 * failed in one line and exits non-zero: it never keeps running half-started.
 */
export async function runService<C extends OpsConfig>(entry: ServiceEntry<C>): Promise<void> {
  const log = createLogger(entry.name);
  let config: C;
  try {
    config = entry.loadConfig(process.env);
  } catch (err) {
    await exitAfterFatal(log, `${entry.name} could not start: ${describeFailure(err)}`);
    return;
  }
  const shutdown = new Shutdown(log, config.SHUTDOWN_DEADLINE_MS);
  shutdown.installSignalHandlers();
  try {
    const app = await entry.start(config, log);
    shutdown.add(entry.name, app.stop);
  } catch (err) {
    await exitAfterFatal(log, `${entry.name} could not start: ${describeFailure(err)}`);
  }
}

async function exitAfterFatal(log: Logger, message: string): Promise<never> {
  log.fatal(message);
  await new Promise<void>((resolve) => log.flush(() => resolve()));
  process.exit(1);
}

/** What a socket error code means, for someone starting the service. */
const socketCodes: Record<string, string> = {
  EADDRINUSE: 'that port is already in use (choose a free one, or stop what holds it)',
  EACCES: 'not allowed to listen on that port (use one above 1024)',
  EADDRNOTAVAIL: 'that address is not on this machine (check HTTP_HOST)',
  ECONNREFUSED: 'connection refused: is it running?',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out',
  ER_ACCESS_DENIED_ERROR: 'access denied: check the user and password in DATABASE_URL',
  ER_DBACCESS_DENIED_ERROR: 'access to the database denied: check the user in DATABASE_URL',
  ER_BAD_DB_ERROR: 'no such database (MIGRATE_ON_START=true creates it)',
};

/**
 * One line saying what went wrong: a configuration problem as it is, a StartupError as its step and cause, a
 * socket or MySQL error by what its code means, anything else by its message. Secrets are masked.
 */
export function describeFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StartupError) return redactSecrets(err.message);
  if (!(err instanceof Error)) return redactSecrets(String(err));
  const code = (err as { code?: unknown }).code;
  const meaning = typeof code === 'string' ? socketCodes[code] : undefined;
  const detail = err.message.split('\n')[0] ?? '';
  return redactSecrets(meaning ? `${meaning} (${detail || code})` : `${err.name}: ${detail}`);
}
