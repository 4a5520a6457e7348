import { GatewayDispatchEvents, GatewayIntentBits, type APIRole } from 'discord-api-types/v10';
import type { Core } from '../core.ts';

/** Fields a role PATCH may change (Modify Guild Role). */
export interface RolePatch {
  name?: string | undefined;
  /** Permission bits as Discord's decimal string. */
  permissions?: string | undefined;
  color?: number | undefined;
  hoist?: boolean | undefined;
  mentionable?: boolean | undefined;
}

/** Applies a role change and dispatches GUILD_ROLE_UPDATE, as Discord does when a role is edited. */
export function updateRole(core: Core, guildId: string, roleId: string, patch: RolePatch): APIRole {
  const role = core.model.role(guildId, roleId);
  if (patch.name !== undefined) role.name = patch.name;
  if (patch.permissions !== undefined) role.permissions = patch.permissions;
  if (patch.color !== undefined) {
    role.color = patch.color;
    role.colors = { ...role.colors, primary_color: patch.color };
  }
  if (patch.hoist !== undefined) role.hoist = patch.hoist;
  if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildRoleUpdate, GatewayIntentBits.Guilds, () => ({
    guild_id: guildId,
    role,
  }));
  core.recorder.emit({ type: 'guild_update', guildId });
  return role;
}
