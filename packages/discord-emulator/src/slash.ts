import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandBasicOption,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  Locale,
} from 'discord-api-types/v10';
import { localized } from './locales.ts';

/** Turns what a person typed (`@bob`, `#general`, `<@123>`) into ids; undefined when nothing matches. */
export interface SlashResolver {
  user: (token: string) => string | undefined;
  channel: (token: string) => string | undefined;
  role: (token: string) => string | undefined;
}

/** A parsed slash command, ready for `POST /interactions`, or a message saying what is wrong. */
export type SlashParseResult =
  | { ok: true; command: APIApplicationCommand; options: APIApplicationCommandInteractionDataOption[] }
  | { ok: false; error: string };

type Leaf = APIApplicationCommandInteractionDataBasicOption;

/** Splits on whitespace, keeping `"quoted text"` (also after `name:`) together, quotes removed. */
export function tokenize(text: string): string[] {
  return (text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((t) => t.replace(/"/g, ''));
}

const SUB = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/** How to read the text: in which locale's names, and which option is being typed (for autocomplete). */
export interface SlashParseOptions {
  /**
   * The member's locale: commands, subcommands, options and choices may be typed by their localized names, as
   * Discord's client shows them; the parsed options carry the default names, as Discord's interactions do.
   */
  locale?: Locale | undefined;
  /**
   * The option the member is typing, for an APPLICATION_COMMAND_AUTOCOMPLETE request: it is sent raw (the text so
   * far, `focused: true`), other options only when they are valid, and missing required options are no error.
   */
  focused?: string | undefined;
}

type Named = { name: string; name_localizations?: Partial<Record<Locale, string | null>> | null };

/** Whether a typed word names `def` (its default name, or its name in the member's locale). */
function names(def: Named, word: string | undefined, locale: Locale | undefined): boolean {
  if (word === undefined) return false;
  const lower = word.toLowerCase();
  return (
    def.name.toLowerCase() === lower || localized(def.name, def.name_localizations, locale).toLowerCase() === lower
  );
}

/**
 * Parses `/karma top 5` or `/karma give user:@bob amount:3` against registered command definitions:
 * subcommand groups and subcommands first, then options positionally in definition order, with
 * `name:value` accepted anywhere; a trailing string option takes the rest of the line.
 */
export function parseSlash(
  text: string,
  commands: readonly APIApplicationCommand[],
  resolve: SlashResolver,
  opts: SlashParseOptions = {},
): SlashParseResult {
  const { locale, focused } = opts;
  const shown = (def: Named): string => localized(def.name, def.name_localizations, locale);
  const tokens = tokenize(text.trim().replace(/^\//, ''));
  const name = tokens.shift()?.toLowerCase();
  const chat = commands.filter(
    (c) => (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput,
  );
  if (!name) return { ok: false, error: 'Type a command after the slash, e.g. /help.' };
  const command = chat.find((c) => names(c, name, locale));
  if (!command) {
    const known = chat.map((c) => `/${shown(c)}`).join(', ');
    return {
      ok: false,
      error: `Unknown command /${name}.${known ? ` Available: ${known}.` : ' No commands are registered.'}`,
    };
  }
  let defs: readonly APIApplicationCommandOption[] = command.options ?? [];
  const path: {
    type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup;
    name: string;
    shown: string;
  }[] = [];
  while (defs.some((d) => SUB.has(d.type))) {
    const subs = defs.filter((d) => SUB.has(d.type));
    const next = tokens.shift()?.toLowerCase();
    const sub = subs.find((d) => names(d, next, locale));
    const label = `/${[shown(command), ...path.map((p) => p.shown)].join(' ')}`;
    if (!sub) {
      const list = subs.map(shown).join(', ');
      return {
        ok: false,
        error: next
          ? `Unknown subcommand "${next}" for ${label}. Try: ${list}.`
          : `${label} needs a subcommand: ${list}.`,
      };
    }
    path.push({ type: sub.type as ApplicationCommandOptionType.Subcommand, name: sub.name, shown: shown(sub) });
    defs = 'options' in sub ? (sub.options ?? []) : [];
  }
  const basics = defs as readonly APIApplicationCommandBasicOption[];
  const raw = new Map<string, string>();
  const positional: string[] = [];
  // A named string option takes the words after it too (`reason:cooling off`), up to the next `name:`.
  let open: string | undefined;
  for (const token of tokens) {
    const named = /^([^\s:]+):(.*)$/su.exec(token);
    const def = named && basics.find((d) => names(d, named[1], locale));
    if (named && def) {
      raw.set(def.name, named[2] ?? '');
      open = def.type === ApplicationCommandOptionType.String ? def.name : undefined;
    } else if (open !== undefined) {
      raw.set(open, `${raw.get(open) ?? ''} ${token}`);
    } else {
      positional.push(token);
    }
  }
  const free = basics.filter((d) => !raw.has(d.name));
  for (const [i, def] of free.entries()) {
    if (positional.length === 0) break;
    const isLast = i === free.length - 1;
    const value =
      isLast && def.type === ApplicationCommandOptionType.String ? positional.splice(0).join(' ') : positional.shift();
    if (value !== undefined) raw.set(def.name, value);
  }
  if (positional.length > 0) return { ok: false, error: `Too many arguments: ${positional.join(' ')}` };
  const leaves: Leaf[] = [];
  for (const def of basics) {
    const value = raw.get(def.name);
    if (def.name === focused) {
      leaves.push({ type: def.type, name: def.name, value: value ?? '', focused: true } as Leaf);
      continue;
    }
    if (value === undefined) {
      if (def.required && focused === undefined) {
        const description = localized(def.description, def.description_localizations, locale);
        return {
          ok: false,
          error: `Missing required option "${shown(def)}"${description ? ` (${description})` : ''}.`,
        };
      }
      continue;
    }
    const converted = convert(def, value, resolve, locale);
    if (typeof converted !== 'string') leaves.push(converted);
    else if (focused === undefined) return { ok: false, error: converted };
  }
  if (focused !== undefined && !leaves.some((l) => l.name === focused))
    return { ok: false, error: `/${shown(command)} has no option "${focused}" here.` };
  let options: APIApplicationCommandInteractionDataOption[] = leaves;
  for (const step of [...path].reverse()) {
    options = [{ type: step.type, name: step.name, options } as APIApplicationCommandInteractionDataOption];
  }
  return { ok: true, command, options };
}

/** Converts one typed value; a string return is an error message. */
function convert(
  def: APIApplicationCommandBasicOption,
  value: string,
  resolve: SlashResolver,
  locale: Locale | undefined,
): Leaf | string {
  const bad = (what: string): string =>
    `Option "${localized(def.name, def.name_localizations, locale)}" needs ${what}, got "${value}".`;
  switch (def.type) {
    case ApplicationCommandOptionType.String: {
      const choices = def.choices;
      if (choices?.length) {
        const choice = choices.find((c) => c.value.toLowerCase() === value.toLowerCase() || names(c, value, locale));
        if (!choice)
          return bad(`one of ${choices.map((c) => localized(c.name, c.name_localizations, locale)).join(', ')}`);
        return { type: def.type, name: def.name, value: choice.value };
      }
      return { type: def.type, name: def.name, value };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const named = def.choices?.find((c) => names(c, value, locale));
      if (named) return { type: def.type, name: def.name, value: named.value };
      const n = Number(value);
      const isInt = def.type === ApplicationCommandOptionType.Integer;
      if (value.trim() === '' || Number.isNaN(n) || (isInt && !Number.isInteger(n)))
        return bad(isInt ? 'a whole number' : 'a number');
      if (def.min_value !== undefined && n < def.min_value) return bad(`a number of at least ${def.min_value}`);
      if (def.max_value !== undefined && n > def.max_value) return bad(`a number of at most ${def.max_value}`);
      if (def.choices?.length && !def.choices.some((c) => c.value === n))
        return bad(`one of ${def.choices.map((c) => c.value).join(', ')}`);
      return { type: def.type, name: def.name, value: n };
    }
    case ApplicationCommandOptionType.Boolean: {
      const v = value.toLowerCase();
      if (['true', 'yes', 'y', '1', 'on'].includes(v)) return { type: def.type, name: def.name, value: true };
      if (['false', 'no', 'n', '0', 'off'].includes(v)) return { type: def.type, name: def.name, value: false };
      return bad('true or false');
    }
    case ApplicationCommandOptionType.User: {
      const id = resolve.user(value);
      return id ? { type: def.type, name: def.name, value: id } : bad('a member (e.g. @alice)');
    }
    case ApplicationCommandOptionType.Channel: {
      const id = resolve.channel(value);
      return id ? { type: def.type, name: def.name, value: id } : bad('a channel (e.g. #general)');
    }
    case ApplicationCommandOptionType.Role: {
      const id = resolve.role(value);
      return id ? { type: def.type, name: def.name, value: id } : bad('a role (e.g. @Moderator)');
    }
    case ApplicationCommandOptionType.Mentionable: {
      const id = resolve.user(value) ?? resolve.role(value);
      return id ? { type: def.type, name: def.name, value: id } : bad('a member or role');
    }
    default:
      return `Option "${def.name}" (attachments) cannot be typed in the playground.`;
  }
}
