import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { Errors, formError } from '../errors.ts';
import type { GuildRecord } from '../model.ts';
import { memberPermissions, requireAbove, requirePermission, requireRoleBelow } from '../permissions.ts';
import { asLocale } from '../locales.ts';
import { banUser, parseTimeout, removeMember, unbanUser, updateGuild, updateMember } from '../services/members.ts';
import type { MemberPatch } from '../services/members.ts';
import { updateRole, type RolePatch } from '../services/roles.ts';
import type { RestContext, Route } from './route.ts';
import { actorUserId, bodyObject, intQuery } from './route.ts';

function guildOf(ctx: RestContext): GuildRecord {
  const guild = ctx.core.model.guild(ctx.params.guild_id ?? '');
  if (!guild.members.has(actorUserId(ctx))) throw Errors.missingAccess();
  return guild;
}

function targetId(ctx: RestContext): string {
  return ctx.params.user_id ?? '';
}

function memberBody(core: Core, guildId: string, userId: string): unknown {
  return core.model.memberJSON(guildId, userId);
}

/**
 * Checks a member PATCH the way Discord does: each changed field needs its permission, acting on the
 * target needs a higher top role (timeouts and nicknames), and granted/removed roles must sit below the actor's.
 */
function checkMemberPatch(ctx: RestContext, guild: GuildRecord, userId: string, patch: MemberPatch): void {
  const { model } = ctx.core;
  const actor = actorUserId(ctx);
  const member = model.member(guild.id, userId);
  if (patch.nick !== undefined) {
    requirePermission(model, guild.id, actor, PermissionFlagsBits.ManageNicknames);
    if (actor !== userId) requireAbove(model, guild.id, actor, userId);
  }
  if (patch.communicationDisabledUntil !== undefined) {
    requirePermission(model, guild.id, actor, PermissionFlagsBits.ModerateMembers);
    requireAbove(model, guild.id, actor, userId);
    if ((memberPermissions(model, guild.id, userId) & PermissionFlagsBits.Administrator) !== 0n)
      throw Errors.missingPermissions();
  }
  if (patch.roles !== undefined) {
    requirePermission(model, guild.id, actor, PermissionFlagsBits.ManageRoles);
    const before = new Set(member.roles);
    const after = new Set(patch.roles);
    for (const id of after) if (!guild.roles.has(id)) throw Errors.unknownRole();
    const changed = [...after].filter((r) => !before.has(r)).concat([...before].filter((r) => !after.has(r)));
    for (const roleId of changed) requireRoleBelow(model, guild.id, actor, roleId);
  }
}

function patchFromBody(body: Record<string, unknown>): MemberPatch {
  const patch: MemberPatch = {};
  if ('nick' in body) {
    if (body.nick !== null && (typeof body.nick !== 'string' || body.nick.length > 32)) {
      throw formError(['nick'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
    }
    patch.nick = body.nick;
  }
  if ('roles' in body) {
    if (!Array.isArray(body.roles) || !body.roles.every((r) => typeof r === 'string')) {
      throw formError(['roles'], 'BASE_TYPE_ARRAY', 'Must be an array of snowflakes.');
    }
    patch.roles = body.roles;
  }
  if ('communication_disabled_until' in body)
    patch.communicationDisabledUntil = parseTimeout(body.communication_disabled_until);
  return patch;
}

/** Reads a Modify Guild Role body, refusing malformed fields the way Discord does (50035). */
function rolePatchFromBody(body: Record<string, unknown>): RolePatch {
  const patch: RolePatch = {};
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100)
      throw formError(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    patch.name = body.name;
  }
  if (body.permissions !== undefined) {
    if (typeof body.permissions !== 'string' || !/^\d{1,20}$/.test(body.permissions))
      throw formError(['permissions'], 'NUMBER_TYPE_COERCE', 'Value is not a valid permission bitfield.');
    patch.permissions = body.permissions;
  }
  if (body.color !== undefined) {
    if (!Number.isInteger(body.color) || (body.color as number) < 0 || (body.color as number) > 0xffffff)
      throw formError(['color'], 'NUMBER_TYPE_MAX', 'Must be a colour from 0 to 16777215.');
    patch.color = body.color as number;
  }
  for (const flag of ['hoist', 'mentionable'] as const) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') throw formError([flag], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    patch[flag] = body[flag];
  }
  return patch;
}

/**
 * Checks a role edit the way Discord does: Manage Roles, a role below the actor's highest (unless they own the
 * guild), and no permission granted that the actor does not hold themselves.
 */
function checkRolePatch(ctx: RestContext, guild: GuildRecord, roleId: string, patch: RolePatch): void {
  const { model } = ctx.core;
  const actor = actorUserId(ctx);
  requirePermission(model, guild.id, actor, PermissionFlagsBits.ManageRoles);
  requireRoleBelow(model, guild.id, actor, roleId);
  if (patch.permissions !== undefined) {
    const added = BigInt(patch.permissions) & ~BigInt(model.role(guild.id, roleId).permissions);
    requirePermission(model, guild.id, actor, added);
  }
}

/** Guild, channel and role listings; members, roles on members, kicks and bans. */
export const guildRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guilds/:guild_id',
    auth: 'any',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const body = ctx.core.model.guildJSON(guild.id);
      if (ctx.query.get('with_counts') === 'true') {
        body.approximate_member_count = guild.members.size;
        body.approximate_presence_count = 0;
      }
      return { body };
    },
  },
  {
    method: 'PATCH',
    path: '/guilds/:guild_id',
    auth: 'any',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      requirePermission(ctx.core.model, guild.id, actorUserId(ctx), PermissionFlagsBits.ManageGuild);
      const b = bodyObject(ctx);
      const patch: { name?: string; preferredLocale?: ReturnType<typeof asLocale> } = {};
      if (b.name !== undefined) {
        if (typeof b.name !== 'string' || b.name.trim().length < 2 || b.name.trim().length > 100)
          throw formError(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.');
        patch.name = b.name.trim();
      }
      if (b.preferred_locale !== undefined) {
        patch.preferredLocale = asLocale(b.preferred_locale);
        if (!patch.preferredLocale)
          throw formError(['preferred_locale'], 'BASE_TYPE_CHOICES', 'Value must be a locale Discord supports.');
      }
      updateGuild(ctx.core, guild.id, patch);
      return { body: ctx.core.model.guildJSON(guild.id) };
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/channels',
    auth: 'any',
    handler: (ctx) => ({ body: guildOf(ctx).channelIds.map((id) => ctx.core.model.channelJSON(id)) }),
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/roles',
    auth: 'any',
    handler: (ctx) => ({ body: [...guildOf(ctx).roles.values()] }),
  },
  {
    method: 'PATCH',
    path: '/guilds/:guild_id/roles/:role_id',
    auth: 'any',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const roleId = ctx.params.role_id ?? '';
      ctx.core.model.role(guild.id, roleId);
      const patch = rolePatchFromBody(bodyObject(ctx));
      checkRolePatch(ctx, guild, roleId, patch);
      return { body: updateRole(ctx.core, guild.id, roleId, patch) };
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/members',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const limit = intQuery(ctx.query, 'limit', 1, 1, 1000);
      const after = BigInt(ctx.query.get('after') ?? '0');
      const ids = [...guild.members.keys()]
        .filter((id) => BigInt(id) > after)
        .sort((a, b) => (BigInt(a) > BigInt(b) ? 1 : -1))
        .slice(0, limit);
      return { body: ids.map((id) => memberBody(ctx.core, guild.id, id)) };
    },
  },
  {
    method: 'PATCH',
    path: '/guilds/:guild_id/members/@me',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const me = actorUserId(ctx);
      const patch = patchFromBody(bodyObject(ctx));
      if (patch.roles !== undefined || patch.communicationDisabledUntil !== undefined) {
        throw formError(['nick'], 'BASE_TYPE_REQUIRED', 'Only nick can be changed on @me.');
      }
      requirePermission(ctx.core.model, guild.id, me, PermissionFlagsBits.ChangeNickname);
      updateMember(ctx.core, guild.id, me, patch);
      return { body: memberBody(ctx.core, guild.id, me) };
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/members/:user_id',
    auth: 'any',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      ctx.core.model.member(guild.id, targetId(ctx));
      return { body: memberBody(ctx.core, guild.id, targetId(ctx)) };
    },
  },
  {
    method: 'PATCH',
    path: '/guilds/:guild_id/members/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const patch = patchFromBody(bodyObject(ctx));
      checkMemberPatch(ctx, guild, targetId(ctx), patch);
      updateMember(ctx.core, guild.id, targetId(ctx), patch);
      return { body: memberBody(ctx.core, guild.id, targetId(ctx)) };
    },
  },
  {
    method: 'PUT',
    path: '/guilds/:guild_id/members/:user_id/roles/:role_id',
    auth: 'bot',
    handler: (ctx) => changeRole(ctx, true),
  },
  {
    method: 'DELETE',
    path: '/guilds/:guild_id/members/:user_id/roles/:role_id',
    auth: 'bot',
    handler: (ctx) => changeRole(ctx, false),
  },
  {
    method: 'DELETE',
    path: '/guilds/:guild_id/members/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { model } = ctx.core;
      model.member(guild.id, targetId(ctx));
      requirePermission(model, guild.id, actorUserId(ctx), PermissionFlagsBits.KickMembers);
      requireAbove(model, guild.id, actorUserId(ctx), targetId(ctx));
      removeMember(ctx.core, guild.id, targetId(ctx));
      return {};
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/bans',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      requirePermission(ctx.core.model, guild.id, actorUserId(ctx), PermissionFlagsBits.BanMembers);
      const limit = intQuery(ctx.query, 'limit', 1000, 1, 1000);
      const after = BigInt(ctx.query.get('after') ?? '0');
      const before = ctx.query.get('before');
      const ids = [...guild.bans.keys()]
        .filter((id) => BigInt(id) > after && (before === null || BigInt(id) < BigInt(before)))
        .sort((a, b) => (BigInt(a) > BigInt(b) ? 1 : -1))
        .slice(0, limit);
      return {
        body: ids.map((id) => ({ reason: guild.bans.get(id)?.reason ?? null, user: ctx.core.model.userJSON(id) })),
      };
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild_id/bans/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      requirePermission(ctx.core.model, guild.id, actorUserId(ctx), PermissionFlagsBits.BanMembers);
      const ban = guild.bans.get(targetId(ctx));
      if (!ban) throw Errors.unknownBan();
      return { body: { reason: ban.reason, user: ctx.core.model.userJSON(targetId(ctx)) } };
    },
  },
  {
    method: 'PUT',
    path: '/guilds/:guild_id/bans/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { model } = ctx.core;
      const userId = targetId(ctx);
      model.user(userId);
      requirePermission(model, guild.id, actorUserId(ctx), PermissionFlagsBits.BanMembers);
      if (guild.members.has(userId) || userId === guild.ownerId)
        requireAbove(model, guild.id, actorUserId(ctx), userId);
      const b = bodyObject(ctx);
      const seconds =
        typeof b.delete_message_seconds === 'number'
          ? b.delete_message_seconds
          : typeof b.delete_message_days === 'number'
            ? b.delete_message_days * 86400
            : 0;
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 604800) {
        throw formError(
          ['delete_message_seconds'],
          'NUMBER_TYPE_MAX',
          'int value should be less than or equal to 604800.',
        );
      }
      banUser(ctx.core, guild.id, userId, { reason: ctx.reason ?? null, deleteMessageSeconds: seconds });
      return {};
    },
  },
  {
    method: 'DELETE',
    path: '/guilds/:guild_id/bans/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      requirePermission(ctx.core.model, guild.id, actorUserId(ctx), PermissionFlagsBits.BanMembers);
      unbanUser(ctx.core, guild.id, targetId(ctx));
      return {};
    },
  },
];

function changeRole(ctx: RestContext, add: boolean): { body?: unknown } {
  const guild = guildOf(ctx);
  const { model } = ctx.core;
  const userId = targetId(ctx);
  const roleId = ctx.params.role_id ?? '';
  const member = model.member(guild.id, userId);
  model.role(guild.id, roleId);
  requirePermission(model, guild.id, actorUserId(ctx), PermissionFlagsBits.ManageRoles);
  requireRoleBelow(model, guild.id, actorUserId(ctx), roleId);
  const roles = add ? [...new Set([...member.roles, roleId])] : member.roles.filter((r) => r !== roleId);
  updateMember(ctx.core, guild.id, userId, { roles });
  return {};
}
