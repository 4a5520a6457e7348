import type { Actor, CommandInvoked, PermissionName, UserRef } from '@guildhall/events';
import { hasPermission } from '../../shared/permissions/permissions.ts';

/** LEGACY (phase 2 turns these into refusal codes): why a moderation command is refused, in prose. */
export interface Refusal {
  code: 'forbidden' | 'invalid' | 'not_found';
  message: string;
}

/** Moderation verbs that need a Discord permission. */
export type ModVerb = 'warn' | 'timeout' | 'kick' | 'ban' | 'unban' | 'purge';

const required: Record<ModVerb, { bit: PermissionName; name: string }> = {
  warn: { bit: 'ModerateMembers', name: 'Moderate Members' },
  timeout: { bit: 'ModerateMembers', name: 'Moderate Members' },
  kick: { bit: 'KickMembers', name: 'Kick Members' },
  ban: { bit: 'BanMembers', name: 'Ban Members' },
  unban: { bit: 'BanMembers', name: 'Ban Members' },
  purge: { bit: 'ManageMessages', name: 'Manage Messages' },
};

const wording: Record<ModVerb, string> = {
  warn: 'warn',
  timeout: 'time out',
  kick: 'kick',
  ban: 'ban',
  unban: 'unban',
  purge: 'purge',
};

/** Refuses an invoker who lacks the Discord permission the verb needs. */
export function checkPermission(actor: Pick<Actor, 'permissions'>, verb: ModVerb): Refusal | null {
  if (hasPermission(actor, required[verb].bit)) return null;
  return { code: 'forbidden', message: `You need the **${required[verb].name}** permission to ${wording[verb]}.` };
}

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
  verb: 'warn' | 'timeout' | 'kick' | 'ban',
  actor: Pick<Actor, 'id'>,
  target: UserRef,
  botUserId: string,
  ranks: RankInfo,
): Refusal | null {
  const doIt = wording[verb];
  if (target.id === actor.id) return { code: 'invalid', message: `You cannot ${doIt} yourself.` };
  if (target.id === botUserId) return { code: 'invalid', message: `Guildhall will not ${doIt} itself.` };
  if (ranks.guildOwnerId !== undefined && target.id === ranks.guildOwnerId)
    return { code: 'forbidden', message: `Nobody can ${doIt} the server owner.` };
  const { members, guildOwnerId, botHighestRolePosition } = ranks;
  if (members === undefined || guildOwnerId === undefined || botHighestRolePosition === undefined)
    return { code: 'forbidden', message: 'Guildhall could not check role positions for this command; try again.' };
  const targetRank = members[target.id];
  if (targetRank === undefined) {
    if (verb === 'ban') return null;
    return { code: 'not_found', message: `${target.displayName} is not a member of this server.` };
  }
  if (actor.id !== guildOwnerId) {
    const actorRank = members[actor.id];
    if (actorRank === undefined || actorRank.highestRolePosition <= targetRank.highestRolePosition)
      return {
        code: 'forbidden',
        message: `${target.displayName}'s highest role is not below yours, so you cannot ${doIt} them.`,
      };
  }
  if (botHighestRolePosition <= targetRank.highestRolePosition)
    return {
      code: 'forbidden',
      message: `${target.displayName}'s highest role is not below Guildhall's; move Guildhall's role above theirs first.`,
    };
  return null;
}
