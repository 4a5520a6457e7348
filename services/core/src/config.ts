import { boolVar, BrokerVars, DatabaseVars, intVar, loadConfig, opsVars } from '@guildhall/runtime';
import { z } from 'zod';

/** Core's environment variables; see the README's table. */
export const CoreConfigSchema = z.object({
  ...BrokerVars,
  ...DatabaseVars,
  CORE_PREFETCH: intVar(256, 1, 10_000),
  CORE_BATCH_SIZE: intVar(64, 1, 1_000),
  CORE_CONCURRENCY: intVar(3, 1, 64),
  DB_POOL_SIZE: intVar(8, 1, 200),
  ...opsVars(9101),
  MIGRATE_ON_START: boolVar(true),
  OUTBOX_SWEEP_MS: intVar(1_000, 50, 60_000),
});
/** Core's parsed configuration. */
export type CoreConfig = z.infer<typeof CoreConfigSchema>;

/** Reads and validates core's configuration, throwing a ConfigError that lists every problem. */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  return loadConfig(CoreConfigSchema, env);
}
