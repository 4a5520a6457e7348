import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIAttachment,
  APIMessage,
  APIMessageReference,
  GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import type { Session } from '../gateway.ts';
import { Errors, FormErrors, formError } from '../errors.ts';
import { computePinged, parseMentions, validateAllowedMentions } from '../mentions.ts';
import type { BotRecord, MessageRecord } from '../model.ts';
import { memberPermissions } from '../permissions.ts';
import { normalizeComponents } from '../shapes/components.ts';
import { normalizeEmbeds } from '../shapes/embeds.ts';
import { textLength } from '../shapes/fields.ts';
import { snowflake } from '../snowflake.ts';

/** `message_reference` as a sender writes it. */
export interface MessageReferenceInput {
  message_id?: string | undefined;
  channel_id?: string | undefined;
  guild_id?: string | undefined;
  fail_if_not_exists?: boolean | undefined;
  type?: number | undefined;
}

/** Everything needed to post a message, whoever posts it. */
export interface PostMessageInput {
  channelId: string;
  authorId: string;
  content?: string | undefined;
  /** As sent; validated against Discord's embed limits here. */
  embeds?: unknown;
  /** As sent; validated against Discord's component rules here. */
  components?: unknown;
  attachments?: APIAttachment[] | undefined;
  reference?: MessageReferenceInput | undefined;
  allowedMentions?: APIAllowedMentions | undefined;
  nonce?: string | number | undefined;
  enforceNonce?: boolean | undefined;
  flags?: number | undefined;
  type?: MessageType | undefined;
  webhookId?: string | undefined;
  interactionId?: string | undefined;
  /** Backdates the message (and its snowflake), e.g. to test bulk-delete's 14-day rule. */
  createdAt?: number | undefined;
}

const MAX_CONTENT = 2000;

/** Content, embeds and components checked together, so one 50035 reports every problem of the body as Discord does. */
function validateParts(
  content: string | undefined,
  embeds: unknown,
  components: unknown,
): { embeds: MessageRecord['embeds'] | undefined; components: MessageRecord['components'] | undefined } {
  const errors = new FormErrors();
  if (content !== undefined && textLength(content) > MAX_CONTENT)
    errors.add(['content'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
  const parts = {
    embeds: embeds === undefined ? undefined : normalizeEmbeds(embeds, errors),
    components: components === undefined ? undefined : normalizeComponents(components, errors),
  };
  errors.throwIfAny();
  return parts;
}

/** Nothing a member would see: no text, embed, component or attachment. */
function isEmpty(m: Pick<MessageRecord, 'content' | 'embeds' | 'components' | 'attachments'>): boolean {
  return m.content.trim() === '' && m.embeds.length === 0 && m.components.length === 0 && m.attachments.length === 0;
}

/** Posts a message as Discord would: validates, dedupes on nonce, computes pings, stores and dispatches MESSAGE_CREATE. */
export function postMessage(core: Core, input: PostMessageInput): MessageRecord {
  const { model } = core;
  const channel = model.channel(input.channelId);
  const content = input.content ?? '';
  const parts = validateParts(content, input.embeds, input.components);
  const embeds = parts.embeds ?? [];
  const components = parts.components ?? [];
  const attachments = input.attachments ?? [];
  const loading = ((input.flags ?? 0) & MessageFlags.Loading) !== 0;
  if (!loading && isEmpty({ content, embeds, components, attachments })) throw Errors.emptyMessage();
  validateAllowedMentions(input.allowedMentions);
  const nonceKey = input.nonce === undefined ? undefined : `${input.authorId}:${String(input.nonce)}`;
  if (nonceKey && input.enforceNonce) {
    const seen = core.nonces.get(nonceKey);
    const previous = seen ? model.messages.get(seen.messageId) : undefined;
    if (seen && previous && Date.now() - seen.at < core.config.nonceWindowMs) return previous;
  }
  let reference: APIMessageReference | undefined;
  let repliedUserId: string | undefined;
  if (input.reference?.message_id) {
    const refChannel = input.reference.channel_id ?? channel.id;
    const ref = model.messages.get(input.reference.message_id);
    if (!ref || ref.deleted || ref.channelId !== refChannel || (ref.flags & MessageFlags.Ephemeral) !== 0) {
      if (input.reference.fail_if_not_exists !== false) {
        throw formError(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
    } else {
      reference = { type: MessageReferenceType.Default, message_id: ref.id, channel_id: ref.channelId };
      if (ref.guildId) reference.guild_id = ref.guildId;
      repliedUserId = ref.authorId;
    }
  }
  const guild = channel.guildId ? model.guild(channel.guildId) : undefined;
  const canMentionEveryone =
    !guild || (memberPermissions(model, guild.id, input.authorId) & PermissionFlagsBits.MentionEveryone) !== 0n;
  const pinged = computePinged({
    content,
    allowedMentions: input.allowedMentions,
    repliedUserId: repliedUserId === input.authorId ? undefined : repliedUserId,
    canMentionEveryone,
    isMentionableRole: (id) => guild?.roles.get(id)?.mentionable === true,
    isUser: (id) => model.users.has(id),
  });
  const createdAt = input.createdAt ?? Date.now();
  const message: MessageRecord = {
    id: snowflake(createdAt),
    channelId: channel.id,
    guildId: channel.guildId,
    authorId: input.authorId,
    content,
    createdAt,
    editedAt: null,
    type: input.type ?? (reference ? MessageType.Reply : MessageType.Default),
    flags: input.flags ?? 0,
    nonce: input.nonce,
    reference,
    allowedMentions: input.allowedMentions,
    pinged,
    embeds,
    components,
    attachments,
    reactions: new Map(),
    webhookId: input.webhookId,
    interactionId: input.interactionId,
    pinned: false,
    deleted: false,
  };
  model.messages.set(message.id, message);
  channel.lastMessageId = message.id;
  if (nonceKey) core.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
  if ((message.flags & MessageFlags.Ephemeral) === 0)
    dispatchMessage(core, GatewayDispatchEvents.MessageCreate, message);
  core.recorder.emit({ type: 'message_create', message });
  return message;
}

/** Fields a message edit may change. */
export interface EditMessageInput {
  content?: string | null | undefined;
  /** As sent (`null` clears); validated here. */
  embeds?: unknown;
  /** As sent (`null` clears); validated here. */
  components?: unknown;
  allowedMentions?: APIAllowedMentions | undefined;
  flags?: number | undefined;
}

/** Edits a message, re-evaluating pings, and dispatches MESSAGE_UPDATE; an edit may not leave it empty. */
export function editMessage(core: Core, message: MessageRecord, input: EditMessageInput): MessageRecord {
  const parts = validateParts(input.content ?? undefined, input.embeds, input.components);
  validateAllowedMentions(input.allowedMentions);
  const next = {
    content: input.content === undefined ? message.content : (input.content ?? ''),
    embeds: parts.embeds ?? message.embeds,
    components: parts.components ?? message.components,
    attachments: message.attachments,
  };
  if (isEmpty(next)) throw Errors.emptyMessage();
  message.content = next.content;
  message.embeds = next.embeds;
  message.components = next.components;
  if (input.allowedMentions !== undefined) message.allowedMentions = input.allowedMentions;
  // Editing a deferred response is what replaces "thinking…" with the answer.
  message.flags &= ~MessageFlags.Loading;
  if (input.flags !== undefined)
    message.flags = (message.flags & MessageFlags.Ephemeral) | (input.flags & MessageFlags.SuppressEmbeds);
  const guild = message.guildId ? core.model.guild(message.guildId) : undefined;
  const ref = message.reference?.message_id ? core.model.messages.get(message.reference.message_id) : undefined;
  message.pinged = computePinged({
    content: message.content,
    allowedMentions: message.allowedMentions,
    repliedUserId: ref && ref.authorId !== message.authorId ? ref.authorId : undefined,
    canMentionEveryone:
      !guild ||
      (memberPermissions(core.model, guild.id, message.authorId) & PermissionFlagsBits.MentionEveryone) !== 0n,
    isMentionableRole: (id) => guild?.roles.get(id)?.mentionable === true,
    isUser: (id) => core.model.users.has(id),
  });
  message.editedAt = Date.now();
  if ((message.flags & MessageFlags.Ephemeral) === 0)
    dispatchMessage(core, GatewayDispatchEvents.MessageUpdate, message);
  core.recorder.emit({ type: 'message_update', message });
  return message;
}

/** Pins or unpins a message and dispatches MESSAGE_UPDATE (with `pinned`), as Discord does besides CHANNEL_PINS_UPDATE. */
export function setPinned(core: Core, message: MessageRecord, pinned: boolean): void {
  if (message.pinned === pinned) return;
  message.pinned = pinned;
  dispatchMessage(core, GatewayDispatchEvents.MessageUpdate, message);
  core.recorder.emit({ type: 'message_update', message });
}

/** Deletes a message and dispatches MESSAGE_DELETE. */
export function deleteMessage(core: Core, message: MessageRecord): void {
  message.deleted = true;
  const d = {
    id: message.id,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
  };
  if ((message.flags & MessageFlags.Ephemeral) === 0)
    dispatchChannel(core, message, GatewayDispatchEvents.MessageDelete, () => d);
  core.recorder.emit({ type: 'message_delete', channelId: message.channelId, messageId: message.id });
}

/** Deletes several messages of one channel with a single MESSAGE_DELETE_BULK. */
export function deleteMessages(core: Core, channelId: string, messages: MessageRecord[]): void {
  const live = messages.filter((m) => !m.deleted);
  if (live.length === 0) return;
  for (const m of live) m.deleted = true;
  const first = live[0];
  if (!first) return;
  const d = {
    ids: live.map((m) => m.id),
    channel_id: channelId,
    ...(first.guildId ? { guild_id: first.guildId } : {}),
  };
  dispatchChannel(core, first, GatewayDispatchEvents.MessageDeleteBulk, () => d);
  for (const m of live) core.recorder.emit({ type: 'message_delete', channelId, messageId: m.id });
}

/** Parses a URL emoji (`👍`, `name:id`, `a:name:id`) into Discord's emoji shape. */
export function parseEmoji(raw: string): { id: string | null; name: string } {
  const decoded = decodeURIComponent(raw);
  const custom = /^(?:a:)?([\w-]{2,32}):(\d{15,25})$/.exec(decoded);
  if (custom?.[1] && custom[2]) return { id: custom[2], name: custom[1] };
  if (decoded.length === 0 || /^[\w\s:]+$/.test(decoded)) throw Errors.unknownEmoji();
  return { id: null, name: decoded };
}

/** Adds or removes one user's reaction and dispatches MESSAGE_REACTION_ADD/REMOVE. */
export function setReaction(core: Core, message: MessageRecord, userId: string, emojiRaw: string, on: boolean): void {
  const emoji = parseEmoji(emojiRaw);
  const key = emoji.id ?? emoji.name;
  let reaction = message.reactions.get(key);
  if (on) {
    if (reaction?.userIds.has(userId)) return;
    reaction ??= { emoji, userIds: new Set() };
    reaction.userIds.add(userId);
    message.reactions.set(key, reaction);
  } else {
    if (!reaction?.userIds.delete(userId)) return;
    if (reaction.userIds.size === 0) message.reactions.delete(key);
  }
  const t = on ? GatewayDispatchEvents.MessageReactionAdd : GatewayDispatchEvents.MessageReactionRemove;
  const base = {
    user_id: userId,
    channel_id: message.channelId,
    message_id: message.id,
    emoji,
    burst: false,
    type: 0,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
  };
  const intent = message.guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
  dispatchChannel(core, message, t, () => base, intent);
  core.recorder.emit({ type: 'message_update', message });
}

/** MESSAGE_CREATE/UPDATE with intent gating and MESSAGE_CONTENT stripping per receiving bot. */
function dispatchMessage(core: Core, t: GatewayDispatchEvents, message: MessageRecord): void {
  dispatchChannel(core, message, t, (s) => messageForBot(core, message, s.bot, s.intents));
}

function dispatchChannel(
  core: Core,
  message: MessageRecord,
  t: GatewayDispatchEvents,
  build: (session: Session) => unknown,
  intentOverride?: number,
): void {
  if (message.guildId) {
    const intent = intentOverride ?? GatewayIntentBits.GuildMessages;
    core.gateway.dispatchGuild(message.guildId, t, intent, build);
    return;
  }
  const channel = core.model.channels.get(message.channelId);
  if (channel?.type !== ChannelType.DM) return;
  const intent = intentOverride ?? GatewayIntentBits.DirectMessages;
  core.gateway.dispatch(t, (s) =>
    channel.recipientIds.includes(s.bot.userId) && s.shard[0] === 0 && (s.intents & intent) !== 0
      ? build(s)
      : undefined,
  );
}

/** What a given bot sees: without MESSAGE_CONTENT, content is blank unless it wrote or was mentioned in the message (or it is a DM). */
export function messageForBot(
  core: Core,
  message: MessageRecord,
  bot: BotRecord,
  intents: number,
): GatewayMessageCreateDispatchData {
  const api: APIMessage = core.model.messageJSON(message.id, bot.userId);
  const hasContentIntent = (intents & GatewayIntentBits.MessageContent) !== 0;
  const mentioned =
    parseMentions(message.content).users.includes(bot.userId) || message.pinged.users.includes(bot.userId);
  if (!hasContentIntent && message.guildId && message.authorId !== bot.userId && !mentioned) {
    api.content = '';
    api.embeds = [];
    api.attachments = [];
    api.components = [];
  }
  const d: GatewayMessageCreateDispatchData = { ...api, mentions: api.mentions };
  if (message.guildId) {
    d.guild_id = message.guildId;
    const member = core.model.guilds.get(message.guildId)?.members.has(message.authorId);
    if (member && !message.webhookId) {
      const { user: _user, ...rest } = core.model.memberJSON(message.guildId, message.authorId);
      d.member = rest;
    }
  }
  return d;
}
