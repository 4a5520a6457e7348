import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIInteraction,
  APIInteractionDataResolved,
  APIMessageInteractionMetadata,
} from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { Errors, formError } from '../errors.ts';
import type { BotRecord, MessageRecord } from '../model.ts';
import { memberPermissions } from '../permissions.ts';
import { snowflake } from '../snowflake.ts';
import { deleteMessage, editMessage, postMessage } from './messages.ts';
import type { EditMessageInput, PostMessageInput } from './messages.ts';
import { randomBytes } from 'node:crypto';

/** Where an interaction stands: waiting for the bot, deferred ("thinking"), answered, or failed (no callback in time). */
export type InteractionState = 'pending' | 'deferred' | 'replied' | 'failed';

/** An interaction the emulator created on a user's behalf. */
export interface InteractionRecord {
  id: string;
  token: string;
  applicationId: string;
  botUserId: string;
  type: InteractionType.ApplicationCommand | InteractionType.MessageComponent;
  userId: string;
  guildId: string | null;
  channelId: string;
  commandName: string | undefined;
  options: APIApplicationCommandInteractionDataOption[];
  customId: string | undefined;
  sourceMessageId: string | undefined;
  state: InteractionState;
  callbackType: InteractionResponseType | undefined;
  originalMessageId: string | undefined;
  followupIds: string[];
  createdAt: number;
  timer: NodeJS.Timeout | undefined;
  payload: APIInteraction;
}

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Finds a registered command by name for the channel's guild (guild commands first, then global). */
export function findCommand(
  core: Core,
  guildId: string | null,
  name: string,
  applicationId?: string,
): APIApplicationCommand {
  for (const [appId, scopes] of core.model.commands) {
    if (applicationId !== undefined && appId !== applicationId) continue;
    const found =
      (guildId ? scopes.get(guildId)?.find((c) => c.name === name) : undefined) ??
      scopes.get('global')?.find((c) => c.name === name);
    if (found && (found.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput) return found;
  }
  throw Errors.unknownCommand();
}

/** Every command an application registered that a guild can use. */
export function commandsFor(core: Core, guildId: string | null): APIApplicationCommand[] {
  const out: APIApplicationCommand[] = [];
  for (const scopes of core.model.commands.values()) {
    out.push(...(scopes.get('global') ?? []));
    if (guildId) out.push(...(scopes.get(guildId) ?? []));
  }
  return out;
}

/** Input for invoking a slash command as a user. */
export interface InvokeCommandInput {
  userId: string;
  channelId: string;
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
  applicationId?: string | undefined;
  locale?: Locale | undefined;
}

/** Builds the full APPLICATION_COMMAND interaction, dispatches INTERACTION_CREATE and starts the 3-second clock. */
export function invokeCommand(core: Core, input: InvokeCommandInput): InteractionRecord {
  const { model } = core;
  const channel = model.channel(input.channelId);
  const guildId = channel.guildId;
  if (!guildId)
    throw formError(['guild_id'], 'BASE_TYPE_REQUIRED', 'The emulator only runs slash commands in guild channels.');
  model.member(guildId, input.userId);
  const command = findCommand(core, guildId, input.name, input.applicationId);
  const bot = model.botByApplication(command.application_id);
  if (!bot) throw Errors.unknownCommand();
  const base = baseInteraction(core, bot, input.userId, channel.id, guildId, input.locale);
  const resolved = resolveOptions(core, guildId, input.options);
  const data = {
    id: command.id,
    name: command.name,
    type: ApplicationCommandType.ChatInput,
    options: input.options,
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    ...(resolved ? { resolved } : {}),
  };
  const payload = { ...base, type: InteractionType.ApplicationCommand, data } as APIInteraction;
  return start(core, bot, payload, { commandName: command.name, options: input.options });
}

/** Input for clicking a button or choosing from a select menu on a bot's message. */
export interface ComponentInput {
  userId: string;
  channelId: string;
  messageId: string;
  customId: string;
  componentType: number;
  values?: string[] | undefined;
}

/** Builds a MESSAGE_COMPONENT interaction for a bot-authored message and dispatches it. */
export function clickComponent(core: Core, input: ComponentInput): InteractionRecord {
  const { model } = core;
  const message = model.message(input.channelId, input.messageId);
  const bot = [...model.bots.values()].find((b) => b.userId === message.authorId);
  if (!bot)
    throw formError(['message_id'], 'INTERACTION_MESSAGE_NOT_FROM_APP', 'Message was not sent by an application.');
  const guildId = message.guildId;
  if (!guildId)
    throw formError(['guild_id'], 'BASE_TYPE_REQUIRED', 'The emulator only runs components in guild channels.');
  const base = baseInteraction(core, bot, input.userId, input.channelId, guildId, undefined);
  const data = {
    custom_id: input.customId,
    component_type: input.componentType,
    ...(input.values ? { values: input.values } : {}),
  };
  const payload = {
    ...base,
    type: InteractionType.MessageComponent,
    data,
    message: model.messageJSON(message.id, bot.userId),
  } as APIInteraction;
  return start(core, bot, payload, { customId: input.customId, sourceMessageId: message.id });
}

function baseInteraction(
  core: Core,
  bot: BotRecord,
  userId: string,
  channelId: string,
  guildId: string,
  locale: Locale | undefined,
) {
  const { model } = core;
  const member = {
    ...model.memberJSON(guildId, userId),
    permissions: memberPermissions(model, guildId, userId).toString(),
  };
  const appPermissions = memberPermissions(model, guildId, bot.userId).toString();
  const channel = model.channelJSON(channelId);
  return {
    id: snowflake(),
    application_id: bot.applicationId,
    token: `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`,
    version: 1 as const,
    guild_id: guildId,
    guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
    channel: { ...channel, permissions: member.permissions },
    channel_id: channelId,
    member,
    app_permissions: appPermissions,
    locale: locale ?? Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

function start(
  core: Core,
  bot: BotRecord,
  payload: APIInteraction,
  extra: {
    commandName?: string;
    options?: APIApplicationCommandInteractionDataOption[];
    customId?: string;
    sourceMessageId?: string;
  },
): InteractionRecord {
  const record: InteractionRecord = {
    id: payload.id,
    token: payload.token,
    applicationId: bot.applicationId,
    botUserId: bot.userId,
    type:
      payload.type === InteractionType.MessageComponent
        ? InteractionType.MessageComponent
        : InteractionType.ApplicationCommand,
    userId: payload.member?.user.id ?? '',
    guildId: payload.guild_id ?? null,
    channelId: payload.channel_id ?? '',
    commandName: extra.commandName,
    options: extra.options ?? [],
    customId: extra.customId,
    sourceMessageId: extra.sourceMessageId,
    state: 'pending',
    callbackType: undefined,
    originalMessageId: extra.sourceMessageId,
    followupIds: [],
    createdAt: Date.now(),
    timer: undefined,
    payload,
  };
  core.interactions.set(record.id, record);
  const meta = {
    id: record.id,
    type: record.type,
    user: core.model.userJSON(record.userId),
    authorizing_integration_owners: { '0': record.guildId ?? '' },
    ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
  } as APIMessageInteractionMetadata;
  core.model.interactionMeta.set(record.id, meta);
  core.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, (s) => {
    if (s.bot !== bot) return undefined;
    if (record.guildId && !core.model.guild(record.guildId).members.has(bot.userId)) return undefined;
    return s.shard[0] === (record.guildId ? Number((BigInt(record.guildId) >> 22n) % BigInt(s.shard[1])) : 0)
      ? payload
      : undefined;
  });
  record.timer = setTimeout(() => {
    if (record.state !== 'pending') return;
    record.state = 'failed';
    core.recorder.emit({ type: 'interaction_failed', interaction: record });
  }, core.config.interactionTimeoutMs);
  record.timer.unref();
  core.recorder.emit({ type: 'interaction_create', interaction: record });
  return record;
}

/** `resolved` for user, member, channel, role and mentionable options, walking into subcommands. */
function resolveOptions(
  core: Core,
  guildId: string,
  options: APIApplicationCommandInteractionDataOption[],
): APIInteractionDataResolved | undefined {
  const { model } = core;
  const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'roles' | 'channels'>> = {
    users: {},
    members: {},
    roles: {},
    channels: {},
  };
  let any = false;
  const addUser = (id: string): boolean => {
    if (!model.users.has(id)) return false;
    resolved.users[id] = model.userJSON(id);
    if (model.guild(guildId).members.has(id)) {
      const { user: _user, deaf: _deaf, mute: _mute, ...member } = model.memberJSON(guildId, id);
      resolved.members[id] = { ...member, permissions: memberPermissions(model, guildId, id).toString() };
    }
    return true;
  };
  const addRole = (id: string): boolean => {
    const role = model.guild(guildId).roles.get(id);
    if (role) resolved.roles[id] = role;
    return role !== undefined;
  };
  const walk = (opts: readonly APIApplicationCommandInteractionDataOption[]): void => {
    for (const o of opts) {
      if (
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        walk(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.User) {
        any = addUser(o.value) || any;
      } else if (o.type === ApplicationCommandOptionType.Role) {
        any = addRole(o.value) || any;
      } else if (o.type === ApplicationCommandOptionType.Mentionable) {
        any = addUser(o.value) || addRole(o.value) || any;
      } else if (o.type === ApplicationCommandOptionType.Channel) {
        const channel = model.channels.get(o.value);
        if (channel) {
          resolved.channels[o.value] = {
            id: channel.id,
            name: channel.name,
            type: channel.type,
            permissions: '0',
          } as (typeof resolved.channels)[string];
          any = true;
        }
      }
    }
  };
  walk(options);
  if (!any) return undefined;
  const out: APIInteractionDataResolved = {};
  if (Object.keys(resolved.users).length) out.users = resolved.users;
  if (Object.keys(resolved.members).length) out.members = resolved.members;
  if (Object.keys(resolved.roles).length) out.roles = resolved.roles;
  if (Object.keys(resolved.channels).length) out.channels = resolved.channels;
  return out;
}

/** Looks up an interaction by id and token, as the callback route does. */
export function interactionFor(core: Core, id: string, token: string): InteractionRecord {
  const record = core.interactions.get(id);
  if (!record || record.token !== token || record.state === 'failed') throw Errors.unknownInteraction();
  return record;
}

/** Message fields a callback or webhook body may carry. */
export interface ResponseData {
  content?: string | null;
  embeds?: PostMessageInput['embeds'] | null;
  components?: unknown[] | null;
  allowed_mentions?: PostMessageInput['allowedMentions'];
  flags?: number;
  tts?: boolean;
}

/** Handles `POST /interactions/{id}/{token}/callback`; returns the callback response object when `withResponse`. */
export function interactionCallback(
  core: Core,
  record: InteractionRecord,
  body: { type?: unknown; data?: ResponseData },
  withResponse: boolean,
): unknown {
  if (record.state !== 'pending') throw Errors.alreadyAcknowledged();
  const data = body.data ?? {};
  const isComponent = record.type === InteractionType.MessageComponent;
  const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  switch (body.type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const deferred = body.type === InteractionResponseType.DeferredChannelMessageWithSource;
      const message = postMessage(core, {
        ...responseInput(record, deferred ? { flags: data.flags ?? 0 } : data),
        flags:
          (deferred ? MessageFlags.Loading : (data.flags ?? 0) & MessageFlags.SuppressEmbeds) |
          (ephemeral ? MessageFlags.Ephemeral : 0),
        type: isComponent ? MessageType.Default : MessageType.ChatInputCommand,
      });
      record.originalMessageId = message.id;
      record.state = deferred ? 'deferred' : 'replied';
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      if (!isComponent || !record.sourceMessageId) {
        throw formError(
          ['type'],
          'INTERACTION_RESPONSE_TYPE_INVALID',
          'This response type is only valid for component interactions.',
        );
      }
      if (body.type === InteractionResponseType.UpdateMessage) {
        editMessage(core, core.model.message(record.channelId, record.sourceMessageId), editInput(data));
        record.state = 'replied';
      } else {
        record.state = 'deferred';
      }
      break;
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
    case InteractionResponseType.Modal:
    case InteractionResponseType.LaunchActivity:
      record.state = 'replied';
      break;
    default:
      throw formError(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 12}.');
  }
  record.callbackType = body.type;
  clearTimeout(record.timer);
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  if (!withResponse) return undefined;
  const original = record.originalMessageId ? core.model.messages.get(record.originalMessageId) : undefined;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(original
        ? {
            response_message_id: original.id,
            response_message_loading: (original.flags & MessageFlags.Loading) !== 0,
            response_message_ephemeral: (original.flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(original
      ? { resource: { type: body.type, message: core.model.messageJSON(original.id, record.botUserId) } }
      : {}),
  };
}

function responseInput(record: InteractionRecord, data: ResponseData): PostMessageInput {
  return {
    channelId: record.channelId,
    authorId: record.botUserId,
    content: data.content ?? undefined,
    embeds: data.embeds ?? undefined,
    components: data.components ?? undefined,
    allowedMentions: data.allowed_mentions,
    webhookId: record.applicationId,
    interactionId: record.id,
  };
}

function editInput(data: ResponseData): EditMessageInput {
  return {
    content: data.content,
    embeds: data.embeds,
    components: data.components,
    allowedMentions: data.allowed_mentions,
  };
}

/** Finds the interaction behind `/webhooks/{appId}/{token}`; unknown, unacknowledged or expired tokens are an Unknown Webhook. */
export function interactionByWebhook(core: Core, applicationId: string, token: string): InteractionRecord {
  for (const record of core.interactions.values()) {
    if (record.token !== token || record.applicationId !== applicationId) continue;
    if (Date.now() - record.createdAt > TOKEN_LIFETIME_MS) break;
    return record;
  }
  throw Errors.unknownWebhook();
}

/** The message `@original` or a follow-up id refers to. */
export function webhookMessage(core: Core, record: InteractionRecord, messageId: string): MessageRecord {
  const id = messageId === '@original' ? record.originalMessageId : messageId;
  if (!id || (id !== record.originalMessageId && !record.followupIds.includes(id))) throw Errors.unknownMessage();
  return core.model.message(record.channelId, id);
}

/** `PATCH /webhooks/{app}/{token}/messages/{id|@original}`. */
export function editWebhookMessage(
  core: Core,
  record: InteractionRecord,
  messageId: string,
  data: ResponseData,
): MessageRecord {
  const message = editMessage(core, webhookMessage(core, record, messageId), editInput(data));
  if (messageId === '@original' && record.state === 'deferred') record.state = 'replied';
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  return message;
}

/** `DELETE /webhooks/{app}/{token}/messages/{id|@original}`. */
export function deleteWebhookMessage(core: Core, record: InteractionRecord, messageId: string): void {
  deleteMessage(core, webhookMessage(core, record, messageId));
  core.recorder.emit({ type: 'interaction_update', interaction: record });
}

/** `POST /webhooks/{app}/{token}`: a follow-up; after a deferral the first one replaces the "thinking" message, as on Discord. */
export function followUp(core: Core, record: InteractionRecord, data: ResponseData): MessageRecord {
  if (record.state === 'pending' || record.state === 'failed') throw Errors.unknownWebhook();
  const original = record.originalMessageId ? core.model.messages.get(record.originalMessageId) : undefined;
  if (original && !original.deleted && (original.flags & MessageFlags.Loading) !== 0) {
    return editWebhookMessage(core, record, '@original', data);
  }
  const message = postMessage(core, {
    ...responseInput(record, data),
    flags: (data.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds),
  });
  record.followupIds.push(message.id);
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  return message;
}
