import { z } from 'zod';
import { roleRefusals } from './roles.ts';

/**
 * Why a requested Discord action was not carried out, as a code core can act on and the bot can word. Its own module
 * so that a domain's result schemas can carry it (a refund, a skipped reward) while actions.ts composes the domains'
 * audit reasons, without the two importing each other.
 */
export const ActionFailure = z.discriminatedUnion('code', [
  /** Discord refused the call: its HTTP status and JSON error code (0 when there is none). */
  z.object({ code: z.literal('discord.rejected'), status: z.number().int(), discordCode: z.number().int() }),
  /** The bot refused to add a privileged role (refuseIfPrivileged). */
  ...roleRefusals,
]);
export type ActionFailure = z.infer<typeof ActionFailure>;

/**
 * The failure a not-ok outcome reports: its `failure`, or for a bot that predates it (only `error`, Discord's status,
 * code and English text) the same as a `discord.rejected`.
 */
export function failureOf(outcome: {
  failure?: ActionFailure | undefined;
  error: { status: number; code: number } | null;
}): ActionFailure {
  return (
    outcome.failure ?? {
      code: 'discord.rejected',
      status: outcome.error?.status ?? 0,
      discordCode: outcome.error?.code ?? 0,
    }
  );
}
