import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionDataResolved,
  APIInteractionDataResolvedChannel,
  APIMessageInteractionMetadata,
  InteractionResponseType,
  Locale,
} from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { Errors, formError } from '../errors.ts';
import type { BotRecord } from '../model.ts';
import { memberPermissions } from '../permissions.ts';
import { findComponent } from '../shapes/components.ts';
import { snowflake } from '../snowflake.ts';

/** Where an interaction stands: waiting for the bot, deferred ("thinking"), answered, or failed (no callback in time). */
export type InteractionState = 'pending' | 'deferred' | 'replied' | 'failed';

/** The interaction types a member can start: a slash command, a component click, or typing into an autocomplete option. */
export type MemberInteractionType =
  | InteractionType.ApplicationCommand
  | InteractionType.MessageComponent
  | InteractionType.ApplicationCommandAutocomplete;

/** An interaction the emulator created on a user's behalf. */
export interface InteractionRecord {
  id: string;
  token: string;
  applicationId: string;
  botUserId: string;
  type: MemberInteractionType;
  userId: string;
  guildId: string | null;
  channelId: string;
  /** The member's locale as the interaction carried it. */
  locale: Locale;
  commandName: string | undefined;
  options: APIApplicationCommandInteractionDataOption[];
  customId: string | undefined;
  sourceMessageId: string | undefined;
  state: InteractionState;
  callbackType: InteractionResponseType | undefined;
  originalMessageId: string | undefined;
  followupIds: string[];
  /** What an autocomplete interaction was answered with (callback type 8). */
  choices: APIApplicationCommandOptionChoice[] | undefined;
  createdAt: number;
  timer: NodeJS.Timeout | undefined;
  payload: APIInteraction;
}

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

/** Input for invoking a slash command (or asking for autocomplete choices) as a user. */
export interface InvokeCommandInput {
  userId: string;
  channelId: string;
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
  applicationId?: string | undefined;
  /** The client's language (Discord's client sends it as `X-Discord-Locale`); the user's setting by default. */
  locale?: Locale | undefined;
}

/** Builds the full APPLICATION_COMMAND interaction, dispatches INTERACTION_CREATE and starts the 3-second clock. */
export function invokeCommand(core: Core, input: InvokeCommandInput): InteractionRecord {
  return commandInteraction(core, input, InteractionType.ApplicationCommand);
}

/**
 * A member typing into an option registered with `autocomplete: true`: an APPLICATION_COMMAND_AUTOCOMPLETE
 * interaction whose options are what is filled in so far, exactly one of them `focused` (its value the raw text
 * typed). The bot answers with callback type 8 and up to 25 choices.
 */
export function requestAutocomplete(core: Core, input: InvokeCommandInput): InteractionRecord {
  const command = findCommand(core, core.model.channel(input.channelId).guildId, input.name, input.applicationId);
  const focused = focusedOption(command, input.options);
  if (!focused)
    throw formError(['data', 'options'], 'APPLICATION_COMMAND_OPTION_FOCUSED_REQUIRED', 'One option must be focused.');
  if (!('autocomplete' in focused) || focused.autocomplete !== true)
    throw formError(
      ['data', 'options'],
      'APPLICATION_COMMAND_AUTOCOMPLETE_DISABLED',
      `Option "${focused.name}" does not have autocomplete enabled.`,
    );
  return commandInteraction(core, input, InteractionType.ApplicationCommandAutocomplete);
}

function commandInteraction(
  core: Core,
  input: InvokeCommandInput,
  type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete,
): InteractionRecord {
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
  const payload = { ...base, type, data } as APIInteraction;
  return start(core, bot, payload, { commandName: command.name, options: input.options });
}

/** The definition of the option marked `focused` in an autocomplete request, walking into subcommands. */
function focusedOption(
  command: APIApplicationCommand,
  options: readonly APIApplicationCommandInteractionDataOption[],
): APIApplicationCommandBasicOption | undefined {
  let defs: readonly APIApplicationCommandOption[] = command.options ?? [];
  let level: readonly APIApplicationCommandInteractionDataOption[] = options;
  for (;;) {
    const sub = level.find(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!sub || !('options' in sub)) break;
    const def = defs.find((d) => d.name === sub.name);
    defs = def && 'options' in def ? (def.options ?? []) : [];
    level = sub.options ?? [];
  }
  const focused = level.filter((o) => 'focused' in o && o.focused === true);
  if (focused.length !== 1) return undefined;
  return defs.find((d) => d.name === focused[0]?.name) as APIApplicationCommandBasicOption | undefined;
}

/** Input for clicking a button or choosing from a select menu on a bot's message. */
export interface ComponentInput {
  userId: string;
  channelId: string;
  messageId: string;
  customId: string;
  componentType: number;
  values?: string[] | undefined;
  locale?: Locale | undefined;
}

/**
 * A member clicks a button or picks select values: checked the way Discord's client and API allow it (the component
 * exists with that type, is enabled, the values are options of the menu and within min/max, an ephemeral message
 * only for the member who saw it), then dispatched as a MESSAGE_COMPONENT interaction carrying the message.
 */
export function clickComponent(core: Core, input: ComponentInput): InteractionRecord {
  const { model } = core;
  const message = model.message(input.channelId, input.messageId);
  const ephemeralFor =
    (message.flags & MessageFlags.Ephemeral) !== 0 && message.interactionId
      ? core.interactions.get(message.interactionId)?.userId
      : undefined;
  if ((message.flags & MessageFlags.Ephemeral) !== 0 && ephemeralFor !== input.userId) throw Errors.unknownMessage();
  const bot = [...model.bots.values()].find((b) => b.userId === message.authorId);
  if (!bot)
    throw formError(['message_id'], 'INTERACTION_MESSAGE_NOT_FROM_APP', 'Message was not sent by an application.');
  const guildId = message.guildId;
  if (!guildId)
    throw formError(['guild_id'], 'BASE_TYPE_REQUIRED', 'The emulator only runs components in guild channels.');
  model.member(guildId, input.userId);
  if ((memberPermissions(model, guildId, input.userId) & PermissionFlagsBits.ViewChannel) === 0n)
    throw Errors.missingAccess();
  const component = findComponent(message.components, input.customId);
  const invalid = (why: string): never => {
    throw formError(['data'], 'COMPONENT_VALIDATION_FAILED', `Component validation failed: ${why}`);
  };
  if (!component) return invalid(`no component with custom_id "${input.customId}" on the message`);
  if (component.type !== input.componentType)
    return invalid(`"${input.customId}" is a component of type ${component.type}, not ${input.componentType}`);
  if (component.disabled) return invalid(`"${input.customId}" is disabled`);
  let values: string[] | undefined;
  let resolved: APIInteractionDataResolved | undefined;
  if (component.type !== ComponentType.Button) {
    values = input.values ?? [];
    const min = component.min_values ?? 1;
    const max = component.max_values ?? 1;
    if (values.length < min || values.length > max || new Set(values).size !== values.length)
      return invalid(`choose between ${min} and ${max} distinct values`);
    if (component.type === ComponentType.StringSelect) {
      const known = new Set(component.options.map((o) => o.value));
      const unknown = values.find((v) => !known.has(v));
      if (unknown !== undefined) return invalid(`"${unknown}" is not an option of the menu`);
    } else {
      resolved = resolveSelected(core, guildId, component.type, values) ?? invalid('a chosen value does not exist');
    }
  }
  const base = baseInteraction(core, bot, input.userId, input.channelId, guildId, input.locale);
  const data = {
    custom_id: input.customId,
    component_type: component.type,
    id: component.id,
    ...(values ? { values } : {}),
    ...(resolved ? { resolved } : {}),
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
  const guild = model.guild(guildId);
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
    guild: { id: guildId, locale: guild.preferredLocale, features: [] },
    channel: { ...channel, permissions: member.permissions },
    channel_id: channelId,
    member,
    app_permissions: appPermissions,
    locale: locale ?? model.user(userId).locale,
    guild_locale: guild.preferredLocale,
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
    type: payload.type as MemberInteractionType,
    userId: payload.member?.user.id ?? '',
    guildId: payload.guild_id ?? null,
    channelId: payload.channel_id ?? '',
    locale: (payload as { locale: Locale }).locale,
    commandName: extra.commandName,
    options: extra.options ?? [],
    customId: extra.customId,
    sourceMessageId: extra.sourceMessageId,
    state: 'pending',
    callbackType: undefined,
    originalMessageId: extra.sourceMessageId,
    followupIds: [],
    choices: undefined,
    createdAt: Date.now(),
    timer: undefined,
    payload,
  };
  core.interactions.set(record.id, record);
  if (record.type !== InteractionType.ApplicationCommandAutocomplete) {
    const meta = {
      id: record.id,
      type: record.type,
      user: core.model.userJSON(record.userId),
      authorizing_integration_owners: { '0': record.guildId ?? '' },
      ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
    } as APIMessageInteractionMetadata;
    core.model.interactionMeta.set(record.id, meta);
  }
  core.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, (s) => {
    if (s.bot !== bot) return undefined;
    if (record.guildId && !core.model.guild(record.guildId).members.has(bot.userId)) return undefined;
    return s.shard[0] === (record.guildId ? Number((BigInt(record.guildId) >> 22n) % BigInt(s.shard[1])) : 0)
      ? payload
      : undefined;
  });
  // Discord invalidates the token when no initial response arrives within 3 seconds.
  record.timer = setTimeout(() => {
    if (record.state !== 'pending') return;
    record.state = 'failed';
    core.recorder.emit({ type: 'interaction_failed', interaction: record });
  }, core.config.interactionTimeoutMs);
  record.timer.unref();
  core.recorder.emit({ type: 'interaction_create', interaction: record });
  return record;
}

/** Resolved data builder shared by command options and select menus. */
function resolver(core: Core, guildId: string) {
  const { model } = core;
  const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'roles' | 'channels'>> = {
    users: {},
    members: {},
    roles: {},
    channels: {},
  };
  return {
    user(id: string): boolean {
      if (!model.users.has(id)) return false;
      resolved.users[id] = model.userJSON(id);
      if (model.guild(guildId).members.has(id)) {
        const { user: _user, deaf: _deaf, mute: _mute, ...member } = model.memberJSON(guildId, id);
        resolved.members[id] = { ...member, permissions: memberPermissions(model, guildId, id).toString() };
      }
      return true;
    },
    role(id: string): boolean {
      const role = model.guild(guildId).roles.get(id);
      if (role) resolved.roles[id] = role;
      return role !== undefined;
    },
    channel(id: string): boolean {
      const channel = model.channels.get(id);
      if (!channel || channel.guildId !== guildId) return false;
      resolved.channels[id] = {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        permissions: '0',
      } as APIInteractionDataResolvedChannel;
      return true;
    },
    /** Only the non-empty maps, or undefined when nothing was resolved. */
    result(): APIInteractionDataResolved | undefined {
      const out: APIInteractionDataResolved = {};
      if (Object.keys(resolved.users).length) out.users = resolved.users;
      if (Object.keys(resolved.members).length) out.members = resolved.members;
      if (Object.keys(resolved.roles).length) out.roles = resolved.roles;
      if (Object.keys(resolved.channels).length) out.channels = resolved.channels;
      return Object.keys(out).length ? out : undefined;
    },
  };
}

/** `resolved` for user, member, channel, role and mentionable options, walking into subcommands. */
function resolveOptions(
  core: Core,
  guildId: string,
  options: APIApplicationCommandInteractionDataOption[],
): APIInteractionDataResolved | undefined {
  const r = resolver(core, guildId);
  const walk = (opts: readonly APIApplicationCommandInteractionDataOption[]): void => {
    for (const o of opts) {
      if (
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        walk(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.User) {
        r.user(o.value);
      } else if (o.type === ApplicationCommandOptionType.Role) {
        r.role(o.value);
      } else if (o.type === ApplicationCommandOptionType.Mentionable) {
        if (!r.user(o.value)) r.role(o.value);
      } else if (o.type === ApplicationCommandOptionType.Channel) {
        r.channel(o.value);
      }
    }
  };
  walk(options);
  return r.result();
}

/** `resolved` for what a user, role, mentionable or channel select returned; undefined when a value does not exist. */
function resolveSelected(
  core: Core,
  guildId: string,
  type: ComponentType,
  values: readonly string[],
): APIInteractionDataResolved | undefined {
  const r = resolver(core, guildId);
  for (const id of values) {
    const ok =
      type === ComponentType.UserSelect
        ? r.user(id)
        : type === ComponentType.RoleSelect
          ? r.role(id)
          : type === ComponentType.ChannelSelect
            ? r.channel(id)
            : r.user(id) || r.role(id);
    if (!ok) return undefined;
  }
  return r.result() ?? {};
}
