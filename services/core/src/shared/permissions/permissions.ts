import {
  privilegedRoleRefusal,
  type Actor,
  type CommandInvoked,
  type PermissionName,
  type RoleRefusal,
} from '@guildhall/events';
import { PermissionFlagsBits } from 'discord-api-types/v10';

/** True when the actor has the permission (by its discord-api-types name), directly or through Administrator. */
export function hasPermission(actor: Pick<Actor, 'permissions'>, permission: PermissionName): boolean {
  return hasPermissionBits(actor, PermissionFlagsBits[permission]);
}

/** True when the actor has every permission in `wanted` (a bitfield), directly or through Administrator. */
export function hasPermissionBits(actor: Pick<Actor, 'permissions'>, wanted: bigint): boolean {
  const bits = BigInt(actor.permissions);
  return (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & wanted) === wanted;
}

/** The permissions that make a member a moderator: any one of them lets them read and annotate cases. */
export const ModeratorPermissions = ['ModerateMembers', 'KickMembers', 'BanMembers', 'ManageMessages'] as const;

/** True for anyone with any moderation permission. */
export function isModerator(actor: Pick<Actor, 'permissions'>): boolean {
  return ModeratorPermissions.some((permission) => hasPermission(actor, permission));
}

/**
 * Whether the invoker may hand out a role by hand: it must not be managed by an integration and must sit below the
 * invoker's highest role (unless they own the server) and below the bot's. Returns the refusal, or null.
 */
export function assignableRoleRefusal(p: CommandInvoked['payload'], roleId: string): RoleRefusal | null {
  const role = p.roles?.[roleId];
  const actor = p.members?.[p.actor.id];
  if (role === undefined || p.botHighestRolePosition === undefined || p.guildOwnerId === undefined)
    return { code: 'role.unknown' };
  if (roleId === p.guildId) return { code: 'role.everyone' };
  if (role.managed) return { code: 'role.managed' };
  if (p.actor.id !== p.guildOwnerId && (actor === undefined || role.position >= actor.highestRolePosition))
    return { code: 'role.above_invoker' };
  if (role.position >= p.botHighestRolePosition) return { code: 'role.above_bot' };
  return null;
}

/**
 * The privileged-role rule (privilegedRoleRefusal) for a role a command names, judged on the facts the bot sent
 * with the request (the role as the interaction resolved it, the bot's highest position): `role.unknown` when they
 * are missing, since a role that cannot be checked must not be handed out.
 */
export function privilegedRoleOf(p: CommandInvoked['payload'], roleId: string): RoleRefusal | null {
  if (roleId === p.guildId) return { code: 'role.everyone' };
  const role = p.roles?.[roleId];
  if (role?.permissions === undefined || p.botHighestRolePosition === undefined) return { code: 'role.unknown' };
  return privilegedRoleRefusal(
    { id: roleId, permissions: role.permissions, managed: role.managed, position: role.position },
    { guildId: p.guildId, botHighestRolePosition: p.botHighestRolePosition },
  );
}

/**
 * Whether an admin may set a role up for members to receive without being moderators (a shop item, a level
 * reward): they could hand it out by hand (assignableRoleRefusal), and it is not privileged.
 */
export function rewardRoleRefusal(p: CommandInvoked['payload'], roleId: string): RoleRefusal | null {
  return assignableRoleRefusal(p, roleId) ?? privilegedRoleOf(p, roleId);
}
