import type { Actor, CommandInvoked, ModMemberAction, Refusal, UserRef } from '@guildhall/events';

/** What the hierarchy check reads off a gateway.command.invoked payload. */
export type RankInfo = Pick<
  CommandInvoked['payload'],
  'members' | 'guildOwnerId' | 'botHighestRolePosition' | 'botUserId'
>;

/**
 * Refuses acting on yourself, on Guildhall, on the server owner, and on anyone whose highest role is not below both
 * the invoker's and the bot's (Discord's own rule for the bot, and ours for the invoker). Kicks, timeouts and warns
 * need the target to be a member; a ban may name someone who is not (a pre-emptive ban), which has no hierarchy.
 */
export function checkTarget(
  action: ModMemberAction,
  actor: Pick<Actor, 'id'>,
  target: UserRef,
  botUserId: string,
  ranks: RankInfo,
): Refusal | null {
  if (target.id === actor.id) return { code: 'moderation.target.self', action };
  if (target.id === botUserId) return { code: 'moderation.target.bot', action };
  if (ranks.guildOwnerId !== undefined && target.id === ranks.guildOwnerId)
    return { code: 'moderation.target.owner', action };
  const { members, guildOwnerId, botHighestRolePosition } = ranks;
  if (members === undefined || guildOwnerId === undefined || botHighestRolePosition === undefined)
    return { code: 'moderation.ranks.unverifiable' };
  const targetRank = members[target.id];
  if (targetRank === undefined) {
    if (action === 'ban') return null;
    return { code: 'moderation.target.not_member', action, userId: target.id };
  }
  if (actor.id !== guildOwnerId) {
    const actorRank = members[actor.id];
    if (actorRank === undefined || actorRank.highestRolePosition <= targetRank.highestRolePosition)
      return { code: 'moderation.target.above_you', action, userId: target.id };
  }
  if (botHighestRolePosition <= targetRank.highestRolePosition)
    return { code: 'moderation.target.above_bot', action, userId: target.id };
  return null;
}
