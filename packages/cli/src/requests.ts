import { createHash } from 'node:crypto';
import {
  commandDefinitions,
  commandSpec,
  envelope,
  subcommandOf,
  type CommandInvoked,
  type MessageCreated,
} from '@guildhall/events';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

/** A command line the CLI cannot turn into a request; the message says what to fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The bot's user id in requests the CLI makes (the `@Guildhall` of a mention). */
export const CliBotUserId = '1000000000000000009';

/** A name becomes a stable snowflake-shaped id, so `--user alice` means the same member every time. */
export function idOf(value: string): string {
  if (/^\d{1,20}$/.test(value)) return value;
  const n = createHash('sha256').update(value).digest().readBigUInt64BE() >> 2n;
  return ((n % 9_000_000_000_000_000_000n) + 100_000_000_000_000_000n).toString();
}

/** Who the CLI speaks as, and where. */
export interface Speaker {
  guild: string;
  channel: string;
  user: string;
  /** Display name; defaults to the user's name (or `user-NNNN` for an id). */
  name?: string;
  /** Manage Server, and the guild's owner (so moderation's hierarchy checks pass). */
  admin: boolean;
}

function displayName(value: string): string {
  return /^\d+$/.test(value) ? `user-${value.slice(-4)}` : value;
}

function actor(who: Speaker) {
  return {
    id: idOf(who.user),
    displayName: who.name ?? displayName(who.user),
    bot: false,
    roleIds: [],
    permissions: who.admin ? '32' : '0',
  };
}

/** A message as the bot would publish it; `@Guildhall …` becomes the bot's mention. */
export function messageRequest(who: Speaker, raw: string): MessageCreated {
  const text = raw.replace(/^@guildhall\b/i, `<@${CliBotUserId}>`);
  const mentions = [...text.matchAll(/<@!?(\d+)>/g)].map((m) => ({
    id: m[1] ?? '',
    displayName: `user-${m[1]}`,
    bot: false,
  }));
  return envelope('gateway.message.created', 1, {
    guildId: idOf(who.guild),
    channelId: idOf(who.channel),
    messageId: idOf(`${Date.now()}-${Math.random()}`),
    botUserId: CliBotUserId,
    author: actor(who),
    content: text,
    mentions: { users: mentions, roleIds: [], everyone: false },
  });
}

/** The part of a command definition the CLI reads (structural, so it holds however definitions are written). */
interface OptionShape {
  type: number;
  name: string;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  choices?: readonly { name: string; value: string | number }[];
  options?: readonly OptionShape[] | undefined;
}
interface CommandShape {
  name: string;
  options?: readonly OptionShape[] | undefined;
}

type OptionValue = string | number | boolean;

/** Splits `a b:"c d" e` into words, keeping quoted parts together. */
function words(text: string): string[] {
  return (text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((w) => w);
}

const unquote = (value: string) => value.replace(/^"|"$/g, '');

/** A user, role or channel given as a snowflake, a mention (`<@1…>`, `<#1…>`, `<@&1…>`) or a name. */
function entityId(raw: string): string {
  const mention = /^<(?:@!?|@&|#)(\d{1,20})>$/.exec(raw);
  return mention?.[1] ?? idOf(raw.replace(/^[@#]/, ''));
}

/** Converts one option's text to the type its definition says, or says why it does not fit. */
function typed(command: string, option: OptionShape, raw: string): OptionValue {
  const where = `option "${option.name}" of ${command}`;
  let value: OptionValue;
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
        throw new UsageError(`${where} takes a whole number, got "${raw}"`);
      value = Number(raw);
      break;
    case ApplicationCommandOptionType.Number:
      if (raw.trim() === '' || !Number.isFinite(Number(raw)))
        throw new UsageError(`${where} takes a number, got "${raw}"`);
      value = Number(raw);
      break;
    case ApplicationCommandOptionType.Boolean:
      if (!/^(true|false|yes|no)$/i.test(raw)) throw new UsageError(`${where} takes true or false, got "${raw}"`);
      value = /^(true|yes)$/i.test(raw);
      break;
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Mentionable:
      // Snowflakes stay strings: as numbers they would lose precision.
      return entityId(raw);
    case ApplicationCommandOptionType.String:
      if (option.min_length !== undefined && raw.length < option.min_length)
        throw new UsageError(`${where} needs at least ${option.min_length} characters`);
      if (option.max_length !== undefined && raw.length > option.max_length)
        throw new UsageError(`${where} takes at most ${option.max_length} characters`);
      value = raw;
      break;
    default:
      throw new UsageError(`${where} cannot be given from the command line`);
  }
  if (typeof value === 'number') {
    if (option.min_value !== undefined && value < option.min_value)
      throw new UsageError(`${where} must be at least ${option.min_value}, got ${value}`);
    if (option.max_value !== undefined && value > option.max_value)
      throw new UsageError(`${where} must be at most ${option.max_value}, got ${value}`);
  }
  if (option.choices && !option.choices.some((c) => c.value === value)) {
    throw new UsageError(
      `${where} takes one of ${option.choices.map((c) => String(c.value)).join(', ')}, got "${raw}"`,
    );
  }
  return value;
}

const isBranch = (o: OptionShape) =>
  o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;

/**
 * Parses `/name [group] [subcommand] key:value …` against the command definitions: options typed as the
 * definition says (user, role and channel options as snowflake strings, names mapped to stable ids), required ones
 * checked. Throws a UsageError naming what does not fit.
 */
export function commandRequest(
  who: Speaker,
  text: string,
  definitions: readonly CommandShape[] = commandDefinitions,
): CommandInvoked {
  const [first = '', ...rest] = words(text.trim().replace(/^\//, ''));
  const definition = definitions.find((d) => d.name === first);
  if (!definition) {
    throw new UsageError(`unknown command "/${first}"; commands: ${definitions.map((d) => `/${d.name}`).join(', ')}`);
  }
  let path = `/${definition.name}`;
  let group: string | null = null;
  let subcommand: string | null = null;
  let level: readonly OptionShape[] = definition.options ?? [];
  const pairs = rest.filter((w) => /^[\w-]+:/.test(w));
  const plain = rest.filter((w) => !/^[\w-]+:/.test(w));
  for (const word of plain) {
    const branch = level.find((o) => isBranch(o) && o.name === word);
    if (!branch) {
      const expected = level.filter(isBranch).map((o) => o.name);
      throw new UsageError(
        expected.length > 0
          ? `${path} has no subcommand "${word}"; it has ${expected.join(', ')}`
          : `${path} takes options as name:value, not "${word}"`,
      );
    }
    if (branch.type === ApplicationCommandOptionType.SubcommandGroup) group = branch.name;
    else subcommand = branch.name;
    path = `${path} ${branch.name}`;
    level = branch.options ?? [];
  }
  const branches = level.filter(isBranch);
  if (branches.length > 0) throw new UsageError(`${path} needs one of: ${branches.map((o) => o.name).join(', ')}`);

  const options: Record<string, OptionValue> = {};
  const users: CommandInvoked['payload']['users'] = {};
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    const key = pair.slice(0, at);
    const raw = unquote(pair.slice(at + 1));
    const option = level.find((o) => o.name === key);
    if (!option) {
      const known = level.map((o) => o.name);
      throw new UsageError(
        `${path} has no option "${key}"` + (known.length > 0 ? `; it takes ${known.join(', ')}` : '; it takes none'),
      );
    }
    const value = typed(path, option, raw);
    options[key] = value;
    if (option.type === ApplicationCommandOptionType.User && typeof value === 'string') {
      users[value] = { id: value, displayName: displayName(raw.replace(/^@/, '')), bot: false };
    }
  }
  const missing = level.filter((o) => o.required && options[o.name] === undefined).map((o) => o.name);
  if (missing.length > 0) throw new UsageError(`${path} needs ${missing.map((m) => `${m}:…`).join(' ')}`);

  const interactionId = idOf(`${Date.now()}-${Math.random()}`);
  const me = actor(who);
  const named = Object.keys(users);
  // Ban-list options (/unban user:): with no Discord to read the ban list from, whoever is named counts as banned, as
  // everyone named counts as ranked below the speaker.
  const spec = commandSpec(definition.name);
  const declared = spec && subcommandOf(spec, subcommand)?.options;
  const banned = Object.fromEntries(
    Object.entries(options).flatMap(([name, value]) => {
      if (typeof value !== 'string' || declared?.[name]?.lookup !== 'bans') return [];
      const user = value.replace(/^<@!?(\d+)>$/, '$1').replace(/^@/, '');
      return [[name, { id: idOf(user), displayName: displayName(user), bot: false }]];
    }),
  );
  return envelope('gateway.command.invoked', 1, {
    guildId: idOf(who.guild),
    actor: me,
    replyTo: {
      kind: 'interaction',
      channelId: idOf(who.channel),
      interactionId,
      applicationId: CliBotUserId,
      token: `cli-${interactionId}`,
    },
    command: { name: definition.name, group, subcommand, options },
    users,
    // Role positions as the bot would send them: the speaker above everyone they name (an --admin owns the guild),
    // the bot above all, so moderation commands can be tried from the command line.
    members: Object.fromEntries([
      [me.id, { highestRolePosition: 10 }],
      ...named.map((id) => [id, { highestRolePosition: 1 }]),
    ]),
    ...(who.admin ? { guildOwnerId: me.id } : {}),
    ...(Object.keys(banned).length > 0 && { banned }),
    botUserId: CliBotUserId,
    botHighestRolePosition: 100,
  });
}
