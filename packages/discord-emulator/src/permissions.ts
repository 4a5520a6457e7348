import { PermissionFlagsBits } from 'discord-api-types/v10';
import { Errors } from './errors.ts';
import type { GuildRecord, Model } from './model.ts';

/** Every permission bit Discord defines, as granted to owners and administrators. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A member's guild-level permissions: owner and ADMINISTRATOR get everything. */
export function memberPermissions(model: Model, guildId: string, userId: string): bigint {
  const guild = model.guild(guildId);
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let bits = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member?.roles ?? []) bits |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
  return (bits & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : bits;
}

/** Position of the member's highest role (0 = only @everyone); the owner outranks everyone. */
export function highestRolePosition(guild: GuildRecord, userId: string): number {
  if (guild.ownerId === userId) return Number.POSITIVE_INFINITY;
  const member = guild.members.get(userId);
  let top = 0;
  for (const roleId of member?.roles ?? []) top = Math.max(top, guild.roles.get(roleId)?.position ?? 0);
  return top;
}

/** Throws 50013 unless the actor holds every bit in `required`. */
export function requirePermission(model: Model, guildId: string, actorId: string, required: bigint): void {
  if ((memberPermissions(model, guildId, actorId) & required) !== required) throw Errors.missingPermissions();
}

/**
 * Throws 50013 when the actor may not act on the target: nobody acts on the owner, and the actor's
 * highest role must sit strictly above the target's, as Discord's role hierarchy requires.
 */
export function requireAbove(model: Model, guildId: string, actorId: string, targetId: string): void {
  const guild = model.guild(guildId);
  if (actorId === guild.ownerId) return;
  if (targetId === guild.ownerId) throw Errors.missingPermissions();
  if (highestRolePosition(guild, actorId) <= highestRolePosition(guild, targetId)) throw Errors.missingPermissions();
}

/** Throws 50013 when the role is at or above the actor's highest role (it could not be granted or removed). */
export function requireRoleBelow(model: Model, guildId: string, actorId: string, roleId: string): void {
  const guild = model.guild(guildId);
  const role = model.role(guildId, roleId);
  if (actorId === guild.ownerId) return;
  if (role.managed || role.position >= highestRolePosition(guild, actorId)) throw Errors.missingPermissions();
}
