import { PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { PermissionName, refusal } from './refusals.ts';

/**
 * The privileged-role rule (issue 9 item 1): which roles Guildhall must never hand out to members who are not
 * moderators, whatever a server's settings say (shop items, level rewards, auto-roles, temporary roles). Core checks
 * it when a role is configured and when it is about to be given; the bot checks it again against its cache right
 * before adding the role, since a role can be edited after it was listed.
 */

/**
 * Permissions that make a role privileged: every permission Discord requires two-factor authentication for on a
 * guild with MFA on, plus the ones that let a member ping or manage people and messages at large.
 */
export const DangerousPermissions = [
  'Administrator',
  'ManageGuild',
  'ManageRoles',
  'ManageChannels',
  'ManageMessages',
  'ManageNicknames',
  'ManageWebhooks',
  'ManageGuildExpressions',
  'ManageEvents',
  'ManageThreads',
  'BanMembers',
  'KickMembers',
  'ModerateMembers',
  'MentionEveryone',
  'ViewAuditLog',
  'ViewCreatorMonetizationAnalytics',
] as const satisfies readonly PermissionName[];

/** Why a role may not be handed out; each is a refusal code (and an action failure code). */
export const roleRefusals = [
  /** The role is @everyone, which every member has. */
  refusal('role.everyone'),
  /** An integration (a bot, boosts, a subscription) manages the role; nobody can give it by hand. */
  refusal('role.managed'),
  /** The role is at or above Guildhall's highest role, so Discord would refuse (and it would outrank the bot). */
  refusal('role.above_bot'),
  /** The role is at or above the invoker's highest role (and the invoker does not own the server). */
  refusal('role.above_invoker'),
  /** The role carries permissions too dangerous to hand out; `permissions` names them. */
  refusal('role.dangerous', { permissions: z.array(PermissionName).min(1).max(DangerousPermissions.length) }),
  /** The facts needed to check the role are missing (the role is gone, or the bot could not see it). */
  refusal('role.unknown'),
] as const;

/** The refusal a role check returns. */
export const RoleRefusal = z.discriminatedUnion('code', roleRefusals);
export type RoleRefusal = z.infer<typeof RoleRefusal>;

/** What the rule reads about a role: Discord's own fields. */
export interface RoleFacts {
  id: string;
  /** Permission bits as Discord's decimal string. */
  permissions: string;
  managed: boolean;
  position: number;
}

/**
 * Why Guildhall may not hand `role` out to non-moderators in `guildId`, or null when it may. Checked in this order:
 * @everyone, managed, at or above the bot's highest role, dangerous permissions (all of them named).
 */
export function privilegedRoleRefusal(
  role: RoleFacts,
  guild: { guildId: string; botHighestRolePosition: number },
): RoleRefusal | null {
  if (role.id === guild.guildId) return { code: 'role.everyone' };
  if (role.managed) return { code: 'role.managed' };
  if (role.position >= guild.botHighestRolePosition) return { code: 'role.above_bot' };
  const bits = BigInt(role.permissions);
  const dangerous = DangerousPermissions.filter((name) => (bits & PermissionFlagsBits[name]) !== 0n);
  return dangerous.length > 0 ? { code: 'role.dangerous', permissions: dangerous } : null;
}
