import { uuidv7 } from 'uuidv7';
import { z } from 'zod';

/** A Discord snowflake: a 64-bit id carried as a decimal string so no precision is lost in JSON. */
export const Snowflake = z.string().regex(/^\d{1,20}$/, 'expected a Discord snowflake (decimal digits)');

/** Fields every event carries, whatever its type. */
export const EnvelopeHeader = z.object({
  id: z.string().min(1).max(64),
  type: z.string().regex(/^[a-z]+(\.[a-z]+){2}$/, 'expected domain.noun.verb'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(64),
  causationId: z.string().min(1).max(64).nullable(),
});
/** The header of an envelope, with its payload not yet validated. */
export type EnvelopeHeader = z.infer<typeof EnvelopeHeader>;

/** A raw envelope as read off the wire, before its payload is checked against its type. */
export const RawEnvelope = EnvelopeHeader.extend({ payload: z.unknown() });

/** Builds the zod schema of one event type at one version. */
export function defineEvent<const T extends string, const V extends number, P extends z.ZodType>(
  type: T,
  version: V,
  description: string,
  payload: P,
) {
  return EnvelopeHeader.extend({ type: z.literal(type), version: z.literal(version), payload }).describe(description);
}

/** Where an event came from: the event that caused it, if any. */
export interface Cause {
  id: string;
  correlationId: string;
}

/** A new event id: UUIDv7, time-ordered so ids index well in MySQL. */
export function newEventId(): string {
  return uuidv7();
}

/** Wraps a payload in a fresh envelope; `cause` links it to the event that led to it. */
export function envelope<T extends string, V extends number, P>(
  type: T,
  version: V,
  payload: P,
  cause?: Cause,
): {
  id: string;
  type: T;
  version: V;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  payload: P;
} {
  const id = newEventId();
  return {
    id,
    type,
    version,
    occurredAt: new Date().toISOString(),
    correlationId: cause?.correlationId ?? id,
    causationId: cause?.id ?? null,
    payload,
  };
}
