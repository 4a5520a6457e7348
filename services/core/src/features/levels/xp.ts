import { createHash } from 'node:crypto';

/**
 * The XP one message earns: a whole number in [min, max], drawn from the message's event id rather than a random
 * source, so a batch run again after a deadlock pays the same amount, and tests can predict it.
 */
export function xpForMessage(eventId: string, min: number, max: number): number {
  if (max <= min) return min;
  const draw = createHash('sha256').update(eventId).digest().readUInt32BE(0);
  return min + (draw % (max - min + 1));
}
