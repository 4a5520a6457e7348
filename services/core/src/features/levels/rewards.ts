import type { ActionCompleted } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/** The actionId prefix of level reward role adds: `levels:<message event id>:<level>`. */
export const LevelRewardPrefix = 'levels';

/**
 * The bot's report on a level reward role add. Nothing is owed on failure (no money moved), so it is only logged
 * for the server's admins to see, e.g. when the reward role sits above the bot's highest role.
 */
export async function handleLevelRewardOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const { actionId, ok, error } = ctx.event.payload;
  if (ok) ctx.log.info({ actionId }, 'level reward role added');
  else ctx.log.warn({ actionId, error }, 'level reward role could not be added');
}
