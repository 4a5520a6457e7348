import { DiscordAPIError, HTTPError } from 'discord.js';

/** Discord cannot be reached at all: the work waits (unacked) until it can. */
export class DiscordUnavailableError extends Error {
  override readonly name = 'DiscordUnavailableError';
}

/** Discord answered, and the answer is final (a 4xx, or a 5xx/timeout that outlived its retries). */
export class DiscordRefusedError extends Error {
  override readonly name = 'DiscordRefusedError';
  constructor(
    /** HTTP status; 0 when the request timed out. */
    readonly status: number,
    /** Discord's JSON error code; 0 when there is none. */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** How a REST failure is treated: final, worth a few more tries, or an outage to wait out. */
export type RestFailure = 'rejected' | 'retryable' | 'unreachable';

const NetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NetworkCodes.has(code)) return code;
  }
  return undefined;
}

/** Sorts a REST error; anything that is not Discord's answer nor a network fault is a bug and is rethrown. */
export function classify(err: unknown): { failure: RestFailure; status: string } {
  if (err instanceof DiscordAPIError) {
    return { failure: err.status >= 500 ? 'retryable' : 'rejected', status: String(err.status) };
  }
  if (err instanceof HTTPError) {
    return { failure: err.status >= 500 ? 'retryable' : 'rejected', status: String(err.status) };
  }
  if (err instanceof Error && err.name === 'AbortError') return { failure: 'retryable', status: 'timeout' };
  if (networkCode(err) !== undefined) return { failure: 'unreachable', status: 'unreachable' };
  throw err;
}

/** The final form of a REST error Discord answered with. */
export function refusal(err: unknown): DiscordRefusedError {
  if (err instanceof DiscordAPIError) {
    return new DiscordRefusedError(err.status, typeof err.code === 'number' ? err.code : 0, err.message);
  }
  if (err instanceof HTTPError) return new DiscordRefusedError(err.status, 0, err.message);
  return new DiscordRefusedError(0, 0, err instanceof Error ? err.message : String(err));
}

/** Runs one Discord call under the caller's retry and error policy. */
export type Call = <T>(call: () => Promise<T>) => Promise<T>;

/** How often and how patiently a Discord call is retried after a 5xx or a timeout. */
export interface RetryPolicy {
  attempts: number;
  initialMs: number;
  maxMs: number;
}

/** Three tries, 0.5 s then 1 s apart (the REST client already retried each 5xx itself). */
export const DefaultRetryPolicy: RetryPolicy = { attempts: 3, initialMs: 500, maxMs: 5_000 };

/**
 * Runs a Discord call. A 4xx throws DiscordRefusedError at once; a 5xx or timeout is tried again a bounded
 * number of times with backoff, then throws DiscordRefusedError; an unreachable Discord throws
 * DiscordUnavailableError so the caller leaves its work unacked. `onError` sees every failure (for metrics).
 */
export async function callDiscord<T>(
  call: () => Promise<T>,
  onError: (status: string) => void,
  policy: RetryPolicy = DefaultRetryPolicy,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const { failure, status } = classify(err);
      onError(status);
      if (failure === 'unreachable') throw new DiscordUnavailableError(`Discord is unreachable: ${String(err)}`);
      if (failure === 'rejected' || attempt >= policy.attempts) throw refusal(err);
      const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
