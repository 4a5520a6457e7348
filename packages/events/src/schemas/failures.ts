import { z } from 'zod';
import { roleRefusals } from './roles.ts';

/**
 * Why a requested Discord action was not carried out, as a code core can act on and the bot can word. It lives apart
 * from the action schemas so a domain's results can carry it while actions.ts composes that domain's audit reasons
 * (the two imports would otherwise go in a circle).
 */
export const ActionFailure = z.discriminatedUnion('code', [
  /** Discord refused the call: its HTTP status and JSON error code (0 when there is none). */
  z.object({ code: z.literal('discord.rejected'), status: z.number().int(), discordCode: z.number().int() }),
  /** The bot refused to add a privileged role (refuseIfPrivileged). */
  ...roleRefusals,
]);
export type ActionFailure = z.infer<typeof ActionFailure>;

/**
 * The failure a bot reported for an action (gateway.action.completed): its typed `failure`, or, from a bot that
 * predates it, Discord's status and code taken from `error`. Null when the action was carried out.
 */
export function failureOf(outcome: {
  ok: boolean;
  error: { status: number; code: number } | null;
  failure?: ActionFailure | undefined;
}): ActionFailure | null {
  if (outcome.ok) return null;
  return (
    outcome.failure ?? {
      code: 'discord.rejected',
      status: outcome.error?.status ?? 0,
      discordCode: outcome.error?.code ?? 0,
    }
  );
}
