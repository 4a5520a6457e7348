import type { Actor } from '@guildhall/events';

/** Discord permission bits core checks (see Discord's permissions documentation). */
export const Permission = {
  Administrator: 1n << 3n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  ManageMessages: 1n << 13n,
  ManageRoles: 1n << 28n,
  ModerateMembers: 1n << 40n,
} as const;

/** True when the actor has the permission, directly or through Administrator. */
export function hasPermission(actor: Pick<Actor, 'permissions'>, permission: bigint): boolean {
  const bits = BigInt(actor.permissions);
  return (bits & Permission.Administrator) !== 0n || (bits & permission) === permission;
}
