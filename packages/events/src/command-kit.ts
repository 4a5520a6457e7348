/**
 * How a slash command is declared: once, in one place per domain, as a typed discord-api-types definition paired
 * with a zod schema per option, built from the same object so an option's name, its Discord type and constraints,
 * and the type of the value a handler receives cannot drift apart. The bot registers `definition` (with its
 * translations) and reads `privacy` at defer time; core parses options with `schemas` and hands handlers typed
 * values. See docs/adding-a-feature.md.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { Snowflake } from './envelope.ts';
import type { PermissionName } from './schemas/refusals.ts';

/**
 * Who sees a command's answer. Discord fixes it when the bot defers, before core has decided anything, so it is
 * declared here: `private` answers (and every refusal) are ephemeral; `public` successes are seen by the channel.
 */
export type Privacy = 'public' | 'private';

/** Discord's definition of one option, without its name (the key it is declared under). */
export type OptionDefinition = APIApplicationCommandBasicOption extends infer T
  ? T extends APIApplicationCommandBasicOption
    ? Omit<T, 'name'>
    : never
  : never;

/** One option: Discord's definition (named by its key in the command) and the schema of its value. */
export interface OptionSpec<Z extends z.ZodType = z.ZodType, Choice extends string = string> {
  readonly definition: OptionDefinition;
  readonly schema: Z;
  /** Choice values, so translations can name each one (absent when the option has no choices). */
  readonly choices?: readonly Choice[];
  /**
   * Where the bot looks the typed text up: `bans` suggests banned users while it is typed (autocomplete) and
   * resolves the text against the guild's ban list into the request's `banned` (see option.bannedUser).
   */
  readonly lookup?: 'bans';
}

/** An option's schema, optional unless the option is required. */
type Required<Z extends z.ZodType, R extends boolean> = R extends true ? Z : z.ZodOptional<Z>;

interface Base<R extends boolean> {
  description: string;
  required?: R;
}

/** The common part of a definition, and the schema made optional unless the option is required. */
function basic<Z extends z.ZodType, R extends boolean, C extends string = never>(
  type: OptionDefinition['type'],
  o: Base<R>,
  schema: Z,
  extra: object = {},
): OptionSpec<Required<Z, R>, C> {
  return {
    definition: { type, description: o.description, required: o.required ?? false, ...extra } as OptionDefinition,
    schema: (o.required ? schema : schema.optional()) as Required<Z, R>,
  };
}

/**
 * Option builders. Each turns Discord's constraints into the schema (so core re-checks what Discord promised); a
 * string option may `parse` its text further (e.g. into a strict amount).
 */
export const option = {
  /** A string option. */
  string<const R extends boolean = false>(
    o: Base<R> & { min_length?: number; max_length?: number },
  ): OptionSpec<Required<z.ZodString, R>, never> {
    let schema = z.string();
    if (o.min_length !== undefined) schema = schema.min(o.min_length);
    if (o.max_length !== undefined) schema = schema.max(o.max_length);
    return basic(ApplicationCommandOptionType.String, o, schema, lengths(o));
  },
  /**
   * A string option whose (length-checked) text `parse` turns into something else, e.g. a strict amount. A parse
   * failure may carry its own refusal: `ctx.addIssue({ code: 'custom', params: { refusal } })`.
   */
  parsed<const R extends boolean = false, Out = unknown>(
    o: Base<R> & { min_length?: number; max_length?: number; parse: z.ZodType<Out, string> },
  ): OptionSpec<Required<z.ZodPipe<z.ZodString, z.ZodType<Out, string>>, R>, never> {
    let text = z.string();
    if (o.min_length !== undefined) text = text.min(o.min_length);
    if (o.max_length !== undefined) text = text.max(o.max_length);
    return basic(ApplicationCommandOptionType.String, o, text.pipe(o.parse), lengths(o));
  },
  /** A string option limited to fixed choices; the value is one of them. */
  choice<const R extends boolean, const C extends string>(
    o: Base<R> & { choices: readonly C[] },
  ): OptionSpec<Required<z.ZodEnum<{ [K in C]: K }>, R>, C> {
    const schema = z.enum(o.choices as unknown as [C, ...C[]]) as unknown as z.ZodEnum<{ [K in C]: K }>;
    return {
      ...basic<z.ZodEnum<{ [K in C]: K }>, R, C>(ApplicationCommandOptionType.String, o, schema, {
        choices: o.choices.map((value) => ({ name: value, value })),
      }),
      choices: o.choices,
    };
  },
  integer<const R extends boolean = false>(
    o: Base<R> & { min_value?: number; max_value?: number },
  ): OptionSpec<Required<z.ZodNumber, R>, never> {
    let schema = z.number().int();
    if (o.min_value !== undefined) schema = schema.min(o.min_value);
    if (o.max_value !== undefined) schema = schema.max(o.max_value);
    return basic(ApplicationCommandOptionType.Integer, o, schema, {
      ...(o.min_value !== undefined && { min_value: o.min_value }),
      ...(o.max_value !== undefined && { max_value: o.max_value }),
    });
  },
  boolean<const R extends boolean = false>(o: Base<R>): OptionSpec<Required<z.ZodBoolean, R>, never> {
    return basic(ApplicationCommandOptionType.Boolean, o, z.boolean());
  },
  /** A member or user; the value is their id (the request's `users` has their name). */
  user<const R extends boolean = false>(o: Base<R>): OptionSpec<Required<typeof Snowflake, R>, never> {
    return basic(ApplicationCommandOptionType.User, o, Snowflake);
  },
  /** A role; the value is its id (the request's `roles` has its facts). */
  role<const R extends boolean = false>(o: Base<R>): OptionSpec<Required<typeof Snowflake, R>, never> {
    return basic(ApplicationCommandOptionType.Role, o, Snowflake);
  },
  /**
   * A user in the guild's ban list, typed as an id, a mention or a name; Discord's user option cannot name someone
   * who is no longer a member. The bot suggests banned users while it is typed (autocomplete) and resolves the text
   * against the ban list into the request's `banned` under this option's name; the value is the text as typed.
   */
  bannedUser<const R extends boolean = false>(o: Base<R>): OptionSpec<Required<z.ZodString, R>, never> {
    const max_length = 100;
    return {
      ...basic(ApplicationCommandOptionType.String, o, z.string().max(max_length), { max_length, autocomplete: true }),
      lookup: 'bans',
    };
  },
  /** A channel; the value is its id. */
  channel<const R extends boolean = false>(o: Base<R>): OptionSpec<Required<typeof Snowflake, R>, never> {
    return basic(ApplicationCommandOptionType.Channel, o, Snowflake);
  },
};

function lengths(o: { min_length?: number; max_length?: number }) {
  return {
    ...(o.min_length !== undefined && { min_length: o.min_length }),
    ...(o.max_length !== undefined && { max_length: o.max_length }),
  };
}

function pick<O extends object, K extends keyof O>(o: O, keys: readonly K[]): Pick<O, K> {
  const out = {} as Pick<O, K>;
  for (const key of keys) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

/** A command's options by name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** One subcommand: its description, who sees its answer, its options. */
export interface SubcommandSpec<O extends OptionSpecs = OptionSpecs> {
  description: string;
  privacy: Privacy;
  options?: O;
}

/** The key under which a command without subcommands keeps its one set of options. */
export const NoSubcommand = '';

/**
 * A declared command: Discord's definition (English; the bot adds translations) and, per subcommand (or under
 * NoSubcommand), its privacy and the zod object its options parse with. `S` keeps every name and schema in the type.
 */
export interface CommandSpec<
  S extends Readonly<Record<string, SubcommandSpec>> = Readonly<Record<string, SubcommandSpec>>,
> {
  readonly name: string;
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly subcommands: S;
}

/** The options a handler of subcommand `K` of a command receives, parsed. */
export type OptionsOf<S extends SubcommandSpec> =
  // NonNullable: a command without subcommands declares its options as optional (`options?: O`).
  NonNullable<S['options']> extends infer O extends OptionSpecs
    ? z.infer<z.ZodObject<{ [N in keyof O]: O[N]['schema'] }>>
    : Record<never, never>;

/** The parsed options of subcommand `K` (NoSubcommand for a command without subcommands) of command `C`. */
export type OptionsFor<C extends CommandSpec, K extends keyof C['subcommands']> = OptionsOf<C['subcommands'][K]>;

/** The zod object of one subcommand's options (unknown option names are refused: the definitions are the contract). */
export function optionsSchema(spec: SubcommandSpec): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, o] of Object.entries(spec.options ?? {})) shape[name] = o.schema;
  return z.strictObject(shape);
}

interface CommandInput {
  description: string;
  /** The permission a member needs to see the command by default (server admins can change it); none: everyone. */
  defaultPermission?: PermissionName;
}

/** Declares a command with subcommands (`/karma top`, `/karma get`, …). */
export function defineCommand<const N extends string, const S extends Readonly<Record<string, SubcommandSpec>>>(
  name: N,
  input: CommandInput & { subcommands: S },
): CommandSpec<S> & { readonly name: N };
/** Declares a command without subcommands (`/balance [member]`). */
export function defineCommand<const N extends string, const O extends OptionSpecs = Record<never, never>>(
  name: N,
  input: CommandInput & { privacy: Privacy; options?: O },
): CommandSpec<{ readonly '': SubcommandSpec<O> }> & { readonly name: N };
export function defineCommand(
  name: string,
  input: CommandInput & { subcommands?: Record<string, SubcommandSpec>; privacy?: Privacy; options?: OptionSpecs },
): CommandSpec {
  const subcommands: Record<string, SubcommandSpec> = input.subcommands ?? {
    [NoSubcommand]: { description: input.description, privacy: input.privacy ?? 'public', ...pick(input, ['options']) },
  };
  const options = input.subcommands
    ? Object.entries(input.subcommands).map(([sub, spec]): APIApplicationCommandSubcommandOption => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: sub,
        description: spec.description,
        options: optionDefinitions(spec.options),
      }))
    : optionDefinitions(input.options);
  return {
    name,
    definition: {
      type: ApplicationCommandType.ChatInput,
      name,
      description: input.description,
      default_member_permissions:
        input.defaultPermission === undefined ? null : String(PermissionFlagsBits[input.defaultPermission]),
      contexts: [InteractionContextType.Guild],
      options,
    },
    subcommands,
  };
}

function optionDefinitions(options: OptionSpecs | undefined): APIApplicationCommandBasicOption[] {
  // Discord wants required options before optional ones; declaring them in that order is the author's job, and
  // commands.unit.test.ts checks it.
  return Object.entries(options ?? {}).map(
    ([name, o]) => ({ ...o.definition, name }) as APIApplicationCommandBasicOption,
  );
}

/** The subcommand an invocation names (NoSubcommand for a command without any), or undefined when unknown. */
export function subcommandOf(spec: CommandSpec, subcommand: string | null): SubcommandSpec | undefined {
  return spec.subcommands[subcommand ?? NoSubcommand];
}
