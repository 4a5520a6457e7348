import { redactSecrets } from '@guildhall/runtime';

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with jitter: the delay before retry number `attempt` (0-based), within `b`'s bounds. */
export const backoff = (attempt: number, b: { initialMs: number; maxMs: number }): number =>
  Math.min(b.maxMs, b.initialMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
/** An error as one line for logs and dead-letter headers, with any secret in its message masked. */
export const describe = (err: unknown) =>
  redactSecrets(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
