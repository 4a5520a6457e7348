import type { Actor, CommandInvoked, UserRef } from '@guildhall/events';
import { hasPermission, Permission } from '../permissions.ts';

/** Why a moderation command is refused, as command.request.rejected carries it. */
export interface Refusal {
  code: 'forbidden' | 'invalid' | 'not_found';
  message: string;
}

/** Moderation verbs that need a Discord permission. */
export type ModVerb = 'warn' | 'timeout' | 'kick' | 'ban' | 'unban' | 'purge';

const required: Record<ModVerb, { bit: bigint; name: string }> = {
  warn: { bit: Permission.ModerateMembers, name: 'Moderate Members' },
  timeout: { bit: Permission.ModerateMembers, name: 'Moderate Members' },
  kick: { bit: Permission.KickMembers, name: 'Kick Members' },
  ban: { bit: Permission.BanMembers, name: 'Ban Members' },
  unban: { bit: Permission.BanMembers, name: 'Ban Members' },
  purge: { bit: Permission.ManageMessages, name: 'Manage Messages' },
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

/** True for anyone allowed to read and annotate cases: any moderation permission. */
export function isModerator(actor: Pick<Actor, 'permissions'>): boolean {
  return [Permission.ModerateMembers, Permission.KickMembers, Permission.BanMembers, Permission.ManageMessages].some(
    (bit) => hasPermission(actor, bit),
  );
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

/**
 * Whether the invoker may hand out a role: it must not be managed by an integration and must sit below the
 * invoker's highest role (unless they own the server) and below the bot's. Returns what is wrong, or null.
 */
export function checkAssignableRole(p: CommandInvoked['payload'], roleId: string): string | null {
  const role = p.roles?.[roleId];
  const actor = p.members?.[p.actor.id];
  if (role === undefined || p.botHighestRolePosition === undefined || p.guildOwnerId === undefined)
    return 'Guildhall could not check role positions for this command; try again.';
  if (role.managed) return 'That role is managed by an integration and cannot be given by hand.';
  if (p.actor.id !== p.guildOwnerId && (actor === undefined || role.position >= actor.highestRolePosition))
    return 'That role is not below your highest role, so you cannot give it.';
  if (role.position >= p.botHighestRolePosition)
    return "That role is not below Guildhall's highest role; move Guildhall's role above it first.";
  return null;
}
