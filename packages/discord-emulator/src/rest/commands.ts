import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
} from 'discord-api-types/v10';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { FieldPath } from '../errors.ts';
import { Errors, formError } from '../errors.ts';
import { asLocale, localized } from '../locales.ts';
import { snowflake } from '../snowflake.ts';
import type { RestContext, Route } from './route.ts';
import { bodyObject, botActor } from './route.ts';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type CommandInput = Record<string, unknown>;

const AUTOCOMPLETE_TYPES = new Set<unknown>([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
]);

/**
 * `name_localizations` / `description_localizations`: keys must be locales Discord knows (BASE_TYPE_CHOICES),
 * localized names follow the naming rules (lower case for chat commands and options), descriptions are 1-100.
 */
function validateLocalizations(input: CommandInput, path: FieldPath, lowerCaseNames: boolean): void {
  for (const field of ['name_localizations', 'description_localizations'] as const) {
    const dict = input[field];
    if (dict === undefined || dict === null) continue;
    if (typeof dict !== 'object' || Array.isArray(dict))
      throw formError([...path, field], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    for (const [key, value] of Object.entries(dict)) {
      if (!asLocale(key))
        throw formError(
          [...path, field, key],
          'BASE_TYPE_CHOICES',
          'Value must be one of the locales Discord supports.',
        );
      if (value === null) continue;
      const bad =
        typeof value !== 'string' ||
        (field === 'name_localizations'
          ? !NAME.test(value) || (lowerCaseNames && value !== value.toLowerCase())
          : value.length < 1 || value.length > 100);
      if (bad && field === 'name_localizations')
        throw formError([...path, field, key], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      if (bad) throw formError([...path, field, key], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
  }
}

function validateOptions(options: unknown, path: (string | number)[]): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw formError(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
  options.forEach((o: CommandInput, i) => {
    if (typeof o.name !== 'string' || !NAME.test(o.name) || o.name !== o.name.toLowerCase()) {
      throw formError([...path, i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) {
      throw formError([...path, i, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    validateLocalizations(o, [...path, i], true);
    if (o.autocomplete === true) {
      if (!AUTOCOMPLETE_TYPES.has(o.type))
        throw formError(
          [...path, i, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID_TYPE',
          'Autocomplete is only available for string, integer and number options.',
        );
      if (Array.isArray(o.choices) && o.choices.length > 0)
        throw formError(
          [...path, i, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES',
          'Autocomplete cannot be set when choices are present.',
        );
    }
    if (Array.isArray(o.choices))
      o.choices.forEach((c: CommandInput, j) => validateLocalizations(c, [...path, i, 'choices', j], false));
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
      validateOptions(o.options, [...path, i, 'options']);
    }
  });
}

type Localizable = {
  name: string;
  description?: string;
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
  options?: Localizable[];
};

/**
 * What a batch GET returns without `with_localizations=true`: no localization dictionaries, but `name_localized` /
 * `description_localized` for the requester's locale where one exists, on the command and its options.
 */
function localizedForRequester(command: Localizable, locale: ReturnType<typeof asLocale>): Localizable {
  const { name_localizations, description_localizations, options, ...rest } = command;
  const out: Record<string, unknown> = { ...rest };
  const name = locale && localized(command.name, name_localizations, locale);
  if (name && name !== command.name) out.name_localized = name;
  const description = locale && localized(command.description ?? '', description_localizations, locale);
  if (description && description !== command.description) out.description_localized = description;
  if (options) out.options = options.map((o) => localizedForRequester(o, locale));
  return out as Localizable;
}

/** Validates one command body and turns it into the stored shape, reusing the id of a same-named existing command. */
function normalize(
  ctx: RestContext,
  input: CommandInput,
  existing: APIApplicationCommand[],
  index: number | undefined,
  guildId: string | undefined,
): APIApplicationCommand {
  const at = (field: string): (string | number)[] => (index === undefined ? [field] : [index, field]);
  const type = typeof input.type === 'number' ? input.type : ApplicationCommandType.ChatInput;
  const chatInput = type === ApplicationCommandType.ChatInput;
  if (
    typeof input.name !== 'string' ||
    !NAME.test(input.name) ||
    (chatInput && input.name !== input.name.toLowerCase())
  ) {
    throw formError(at('name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = typeof input.description === 'string' ? input.description : '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    throw formError(at('description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  if (chatInput) validateOptions(input.options, at('options'));
  validateLocalizations(input, index === undefined ? [] : [index], chatInput);
  const previous = existing.find((c) => c.name === input.name && c.type === type);
  const command = {
    id: previous?.id ?? snowflake(),
    application_id: botActor(ctx).applicationId,
    version: snowflake(),
    type,
    name: input.name,
    name_localizations: input.name_localizations ?? null,
    description,
    description_localizations: input.description_localizations ?? null,
    options: Array.isArray(input.options) ? input.options : [],
    default_member_permissions:
      typeof input.default_member_permissions === 'string' ? input.default_member_permissions : null,
    dm_permission: input.dm_permission !== false,
    nsfw: input.nsfw === true,
    integration_types: Array.isArray(input.integration_types)
      ? input.integration_types
      : [ApplicationIntegrationType.GuildInstall],
    contexts: Array.isArray(input.contexts) ? input.contexts : null,
    ...(guildId ? { guild_id: guildId } : {}),
  };
  return command as APIApplicationCommand;
}

function scopeOf(ctx: RestContext): { appId: string; scope: string; guildId: string | undefined } {
  const bot = botActor(ctx);
  if (ctx.params.application_id !== bot.applicationId) throw Errors.missingAccess();
  const guildId = ctx.params.guild_id;
  if (guildId) {
    const guild = ctx.core.model.guild(guildId);
    if (!guild.members.has(bot.userId)) throw Errors.missingAccess();
  }
  return { appId: bot.applicationId, scope: guildId ?? 'global', guildId };
}

function store(ctx: RestContext, appId: string): Map<string, APIApplicationCommand[]> {
  let scopes = ctx.core.model.commands.get(appId);
  if (!scopes) {
    scopes = new Map();
    ctx.core.model.commands.set(appId, scopes);
  }
  return scopes;
}

function routesFor(base: string): Route[] {
  return [
    {
      method: 'PUT',
      path: base,
      auth: 'bot',
      handler: (ctx) => {
        const { appId, scope, guildId } = scopeOf(ctx);
        if (!Array.isArray(ctx.body)) throw formError([], 'BASE_TYPE_ARRAY', 'Must be an array.');
        const scopes = store(ctx, appId);
        const existing = scopes.get(scope) ?? [];
        const next = (ctx.body as CommandInput[]).map((c, i) => normalize(ctx, c, existing, i, guildId));
        const names = new Set<string>();
        for (const c of next) {
          const key = `${c.type}:${c.name}`;
          if (names.has(key))
            throw formError([], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
          names.add(key);
        }
        scopes.set(scope, next);
        return { body: next };
      },
    },
    {
      method: 'GET',
      path: base,
      auth: 'bot',
      handler: (ctx) => {
        const { appId, scope } = scopeOf(ctx);
        const commands = store(ctx, appId).get(scope) ?? [];
        if (ctx.query.get('with_localizations') === 'true') return { body: commands };
        // Discord takes the requester's locale from X-Discord-Locale, then the user's settings.
        const locale = ctx.locale ?? ctx.core.model.user(botActor(ctx).userId).locale;
        return { body: commands.map((c) => localizedForRequester(c as Localizable, locale)) };
      },
    },
    {
      method: 'POST',
      path: base,
      auth: 'bot',
      handler: (ctx) => {
        const { appId, scope, guildId } = scopeOf(ctx);
        const scopes = store(ctx, appId);
        const existing = scopes.get(scope) ?? [];
        const command = normalize(ctx, bodyObject(ctx), existing, undefined, guildId);
        const replaced = existing.some((c) => c.id === command.id);
        scopes.set(scope, [...existing.filter((c) => c.id !== command.id), command]);
        return { status: replaced ? 200 : 201, body: command };
      },
    },
    {
      method: 'GET',
      path: `${base}/:command_id`,
      auth: 'bot',
      handler: (ctx) => {
        const { appId, scope } = scopeOf(ctx);
        const command = store(ctx, appId)
          .get(scope)
          ?.find((c) => c.id === ctx.params.command_id);
        if (!command) throw Errors.unknownCommand();
        return { body: command };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:command_id`,
      auth: 'bot',
      handler: (ctx) => {
        const { appId, scope } = scopeOf(ctx);
        const scopes = store(ctx, appId);
        const existing = scopes.get(scope) ?? [];
        if (!existing.some((c) => c.id === ctx.params.command_id)) throw Errors.unknownCommand();
        scopes.set(
          scope,
          existing.filter((c) => c.id !== ctx.params.command_id),
        );
        return {};
      },
    },
  ];
}

/** Global and guild application commands. */
export const commandRoutes: Route[] = [
  ...routesFor('/applications/:application_id/commands'),
  ...routesFor('/applications/:application_id/guilds/:guild_id/commands'),
];
