import { getModSettings } from '@guildhall/db';
import { failureOf, type ActionCompleted } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/** The actionId prefix of level reward role adds. */
export const LevelRewardPrefix = 'levels';

/** What a reward's role add is about. */
interface RewardAction {
  userId: string;
  level: number;
  roleId: string;
}

/**
 * The actionId of a reward's role add, `levels:<member>:<level>:<role>`: it says whom the outcome is about (a member
 * reaches each level once), and fits the 64 characters an actionId may have.
 */
export function rewardActionId({ userId, level, roleId }: RewardAction): string {
  return `${LevelRewardPrefix}:${userId}:${level}:${roleId}`;
}

function rewardActionOf(actionId: string): RewardAction | null {
  const match = /^levels:(\d{1,20}):(\d{1,4}):(\d{1,20})$/.exec(actionId);
  if (!match) return null;
  return { userId: match[1] ?? '', level: Number(match[2]), roleId: match[3] ?? '' };
}

/**
 * The bot's report on a level reward role add. Nothing is owed on failure (no money moved), but the guild's
 * moderators are told why the role was not given (levels.reward.failed, posted in the mod log): the bot refused a
 * role that was made privileged after it was set as a reward, or Discord refused (the role sits above the bot's).
 */
export async function handleLevelRewardOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const { actionId, ok, guildId } = ctx.event.payload;
  if (ok) {
    ctx.log.info({ actionId }, 'level reward role added');
    return;
  }
  const failure = failureOf(ctx.event.payload);
  ctx.log.warn({ actionId, failure }, 'level reward role was not added');
  const reward = rewardActionOf(actionId);
  // An actionId of the format before rewardActionId (`levels:<event id>:<level>`) does not say whom it was for.
  if (!reward) return;
  const { logChannelId } = await getModSettings(ctx.db, guildId);
  ctx.emit('levels.reward.failed', {
    guildId,
    memberId: reward.userId,
    level: reward.level,
    roleId: reward.roleId,
    failure,
    logChannelId,
  });
}
