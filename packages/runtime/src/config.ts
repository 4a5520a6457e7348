import { z } from 'zod';
import { redactSecrets } from './redact.ts';

/** A configuration problem, worded for the operator who has to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses environment variables with a zod schema. On failure it throws one error that lists every bad
 * variable with what was expected, so an operator fixes them all in one go.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `  ${name}: ${issue.message} (${shownValue(name, env[name])})`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** A variable named like a secret: its value is never shown, only whether it is set. */
const secretName = /TOKEN|PASSWORD|SECRET|KEY/i;

/**
 * How a bad value is shown in a configuration error: secrets not at all, URLs without their userinfo (masked
 * before the value is shortened, so a cut cannot leave half a password), long values shortened.
 */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (secretName.test(name)) return `set, ${value.length} characters`;
  const masked = redactSecrets(value);
  return `got ${JSON.stringify(masked.length > 60 ? `${masked.slice(0, 60)}…` : masked)}`;
}

/** An environment variable holding an integer within bounds, with a default. */
export const intVar = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** An environment variable holding a boolean written as true/false/1/0/yes/no. */
export const boolVar = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The local defaults every service and test uses when nothing is set. */
export const LocalDefaults = {
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  databaseUrl: 'mysql://root@127.0.0.1:3306/guildhall',
} as const;

/** Where a service finds RabbitMQ, and the namespace its exchanges and queues live under. */
export const BrokerVars = {
  AMQP_URL: z.url().default(LocalDefaults.amqpUrl),
  GUILDHALL_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')
    .default('guildhall'),
};

/** Where a service finds MySQL/MariaDB. */
export const DatabaseVars = {
  DATABASE_URL: z.url().default(LocalDefaults.databaseUrl),
};
