import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIAttachment } from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { ApiError, Errors, formError } from '../errors.ts';
import type { ChannelRecord } from '../model.ts';
import { memberPermissions, requirePermission } from '../permissions.ts';
import {
  deleteMessage,
  deleteMessages,
  editMessage,
  parseEmoji,
  postMessage,
  setPinned,
  setReaction,
} from '../services/messages.ts';
import type { MessageReferenceInput } from '../services/messages.ts';
import { messageFields, SETTABLE_FLAGS } from '../shapes/message.ts';
import { snowflake, snowflakeTime } from '../snowflake.ts';
import type { RestContext, Route } from './route.ts';
import { actorUserId, bodyObject, intQuery } from './route.ts';

const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

/** Throws Missing Access unless the user can see the channel; checks extra guild permissions when given. */
export function requireChannelAccess(core: Core, channel: ChannelRecord, userId: string, extra = 0n): void {
  if (!channel.guildId) {
    if (!channel.recipientIds.includes(userId)) throw Errors.missingAccess();
    return;
  }
  const guild = core.model.guild(channel.guildId);
  if (!guild.members.has(userId)) throw Errors.missingAccess();
  const perms = memberPermissions(core.model, guild.id, userId);
  if ((perms & PermissionFlagsBits.ViewChannel) === 0n) throw Errors.missingAccess();
  if ((perms & extra) !== extra) throw Errors.missingPermissions();
}

function channelOf(ctx: RestContext): ChannelRecord {
  return ctx.core.model.channel(ctx.params.channel_id ?? '');
}

/** The message the route's :message_id names, in that channel; ephemeral messages exist only for their webhook. */
function messageOf(ctx: RestContext, channel: ChannelRecord) {
  const message = ctx.core.model.message(channel.id, ctx.params.message_id ?? '');
  if ((message.flags & MessageFlags.Ephemeral) !== 0) throw Errors.unknownMessage();
  return message;
}

function validNonce(nonce: unknown): string | number | undefined {
  if (nonce === undefined || nonce === null) return undefined;
  if ((typeof nonce === 'string' && nonce.length <= 25) || (typeof nonce === 'number' && Number.isInteger(nonce)))
    return nonce;
  throw formError(['nonce'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
}

function attachmentsFrom(ctx: RestContext): APIAttachment[] {
  return ctx.files.map((f) => {
    const id = snowflake();
    const url = `${ctx.core.config.baseUrl()}/attachments/${id}/${encodeURIComponent(f.name)}`;
    return { id, filename: f.name, size: f.size, url, proxy_url: url, content_type: f.contentType };
  });
}

function isTimedOut(core: Core, channel: ChannelRecord, userId: string): boolean {
  const until = channel.guildId
    ? core.model.guild(channel.guildId).members.get(userId)?.communicationDisabledUntil
    : null;
  return typeof until === 'string' && Date.parse(until) > Date.now();
}

/** Channel messages, bulk delete and reactions. */
export const messageRoutes: Route[] = [
  {
    method: 'POST',
    path: '/channels/:channel_id/messages',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      const authorId = actorUserId(ctx);
      requireChannelAccess(ctx.core, channel, authorId, channel.guildId ? PermissionFlagsBits.SendMessages : 0n);
      if (isTimedOut(ctx.core, channel, authorId)) throw Errors.missingPermissions();
      const b = bodyObject(ctx);
      const fields = messageFields(b);
      const message = postMessage(ctx.core, {
        channelId: channel.id,
        authorId,
        content: fields.content ?? undefined,
        embeds: fields.embeds,
        components: fields.components,
        attachments: attachmentsFrom(ctx),
        reference: (b.message_reference as MessageReferenceInput | undefined) ?? undefined,
        allowedMentions: fields.allowedMentions,
        nonce: validNonce(b.nonce),
        enforceNonce: b.enforce_nonce === true,
        // Only interaction responses can be ephemeral.
        flags: fields.flags === undefined ? undefined : fields.flags & SETTABLE_FLAGS & ~MessageFlags.Ephemeral,
      });
      return { body: ctx.core.model.messageJSON(message.id, authorId) };
    },
  },
  {
    method: 'GET',
    path: '/channels/:channel_id/messages',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      requireChannelAccess(
        ctx.core,
        channel,
        actorUserId(ctx),
        channel.guildId ? PermissionFlagsBits.ReadMessageHistory : 0n,
      );
      const limit = intQuery(ctx.query, 'limit', 50, 1, 100);
      const before = ctx.query.get('before');
      const after = ctx.query.get('after');
      const around = ctx.query.get('around');
      // Snowflakes sort by time; compare as bigints so ids of different lengths order correctly.
      let list = ctx.core.model
        .channelMessages(channel.id)
        .filter((m) => (m.flags & MessageFlags.Ephemeral) === 0)
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      if (after)
        list = list
          .filter((m) => BigInt(m.id) > BigInt(after))
          .reverse()
          .slice(0, limit)
          .reverse();
      if (around) {
        const older = list.filter((m) => BigInt(m.id) <= BigInt(around)).slice(0, Math.ceil(limit / 2));
        const newer = list.filter((m) => BigInt(m.id) > BigInt(around)).slice(-Math.floor(limit / 2));
        list = [...newer, ...older];
      }
      return { body: list.slice(0, limit).map((m) => ctx.core.model.messageJSON(m.id, actorUserId(ctx))) };
    },
  },
  {
    method: 'GET',
    path: '/channels/:channel_id/messages/:message_id',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      requireChannelAccess(ctx.core, channel, actorUserId(ctx));
      const message = messageOf(ctx, channel);
      return { body: ctx.core.model.messageJSON(message.id, actorUserId(ctx)) };
    },
  },
  {
    method: 'PATCH',
    path: '/channels/:channel_id/messages/:message_id',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      requireChannelAccess(ctx.core, channel, actorUserId(ctx));
      const message = messageOf(ctx, channel);
      if (message.authorId !== actorUserId(ctx))
        throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
      editMessage(ctx.core, message, messageFields(bodyObject(ctx)));
      return { body: ctx.core.model.messageJSON(message.id, actorUserId(ctx)) };
    },
  },
  {
    method: 'DELETE',
    path: '/channels/:channel_id/messages/:message_id',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      const userId = actorUserId(ctx);
      requireChannelAccess(ctx.core, channel, userId);
      const message = messageOf(ctx, channel);
      if (message.authorId !== userId && channel.guildId) {
        requirePermission(ctx.core.model, channel.guildId, userId, PermissionFlagsBits.ManageMessages);
      } else if (message.authorId !== userId) {
        throw new ApiError(403, 50003, 'Cannot execute action on a DM channel');
      }
      deleteMessage(ctx.core, message);
      return {};
    },
  },
  {
    method: 'POST',
    path: '/channels/:channel_id/messages/bulk-delete',
    auth: 'bot',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      requireChannelAccess(ctx.core, channel, actorUserId(ctx), PermissionFlagsBits.ManageMessages);
      const ids = bodyObject(ctx).messages;
      if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100 || !ids.every((id) => typeof id === 'string')) {
        throw Errors.bulkDeleteCount();
      }
      const cutoff = Date.now() - FOURTEEN_DAYS_MS;
      if (ids.some((id) => /^\d+$/.test(id) && snowflakeTime(id) < cutoff)) throw Errors.bulkDeleteTooOld();
      const targets = ids.flatMap((id) => {
        const m = ctx.core.model.messages.get(id);
        return m && m.channelId === channel.id && !m.deleted && (m.flags & MessageFlags.Ephemeral) === 0 ? [m] : [];
      });
      deleteMessages(ctx.core, channel.id, targets);
      return {};
    },
  },
  // Pins: the older `/pins/{id}` routes (what discord.js v14 calls) and today's `/messages/pins/{id}`. Pinning takes
  // Pin Messages, or Manage Messages (which granted it before Pin Messages existed).
  ...['/channels/:channel_id/pins/:message_id', '/channels/:channel_id/messages/pins/:message_id'].flatMap(
    (path): Route[] =>
      (['PUT', 'DELETE'] as const).map((method) => ({
        method,
        path,
        auth: 'any',
        handler: (ctx) => {
          const channel = channelOf(ctx);
          const userId = actorUserId(ctx);
          requireChannelAccess(ctx.core, channel, userId);
          if (channel.guildId) {
            const perms = memberPermissions(ctx.core.model, channel.guildId, userId);
            if ((perms & (PermissionFlagsBits.PinMessages | PermissionFlagsBits.ManageMessages)) === 0n)
              throw Errors.missingPermissions();
          }
          setPinned(ctx.core, messageOf(ctx, channel), method === 'PUT');
          return {};
        },
      })),
  ),
  {
    method: 'PUT',
    path: '/channels/:channel_id/messages/:message_id/reactions/:emoji/@me',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      const userId = actorUserId(ctx);
      requireChannelAccess(ctx.core, channel, userId, channel.guildId ? PermissionFlagsBits.AddReactions : 0n);
      const message = messageOf(ctx, channel);
      setReaction(ctx.core, message, userId, ctx.params.emoji ?? '', true);
      return {};
    },
  },
  {
    method: 'DELETE',
    path: '/channels/:channel_id/messages/:message_id/reactions/:emoji/@me',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      const userId = actorUserId(ctx);
      requireChannelAccess(ctx.core, channel, userId);
      const message = messageOf(ctx, channel);
      setReaction(ctx.core, message, userId, ctx.params.emoji ?? '', false);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/channels/:channel_id/messages/:message_id/reactions/:emoji',
    auth: 'any',
    handler: (ctx) => {
      const channel = channelOf(ctx);
      requireChannelAccess(ctx.core, channel, actorUserId(ctx));
      const message = messageOf(ctx, channel);
      const emoji = parseEmoji(ctx.params.emoji ?? '');
      const reaction = message.reactions.get(emoji.id ?? emoji.name);
      return { body: [...(reaction?.userIds ?? [])].map((id) => ctx.core.model.userJSON(id)) };
    },
  },
];
