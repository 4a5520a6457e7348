/**
 * Translations of the slash commands' names and descriptions, typed from their declarations in packages/events: a
 * command, subcommand or option without a translation is a `tsc` error. Option names stay as declared (refusals and
 * docs name them); their descriptions and choices are translated. The bot registers the definitions with these as
 * `name_localizations` / `description_localizations`.
 */
import type { commands, NoSubcommand, SubcommandSpec } from '@guildhall/events';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type Locale,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/** An option's translation: its description, and its choices' names when it has choices. */
type OptionTexts<O> = {
  readonly [K in keyof O]: O[K] extends { readonly choices?: readonly (infer C extends string)[] }
    ? [C] extends [never]
      ? string
      : { readonly description: string; readonly choices: { readonly [V in C]: string } }
    : string;
};

/** The options part of a translation, present only when there are options. */
type WithOptions<S extends SubcommandSpec> = [keyof NonNullable<S['options']>] extends [never]
  ? unknown
  : { readonly options: OptionTexts<NonNullable<S['options']>> };

/** A subcommand's translation. */
type SubcommandTexts<S extends SubcommandSpec> = {
  readonly name: string;
  readonly description: string;
} & WithOptions<S>;

/** A command's translation: name and description, then its subcommands' or its own options'. */
export type CommandTexts<C extends { readonly subcommands: Readonly<Record<string, SubcommandSpec>> }> = {
  readonly name: string;
  readonly description: string;
} & (typeof NoSubcommand extends keyof C['subcommands']
  ? WithOptions<C['subcommands'][typeof NoSubcommand]>
  : { readonly subcommands: { readonly [K in keyof C['subcommands']]: SubcommandTexts<C['subcommands'][K]> } });

/** Every command's translation into one language. */
export type CommandTranslations = { readonly [N in keyof typeof commands]: CommandTexts<(typeof commands)[N]> };

/** A translation read without its precise type, for lookups by name at run time. */
interface LooseTexts {
  name: string;
  description: string;
  subcommands?: Record<string, { name: string; description: string }>;
}

/** What a command (or one of its subcommands) is called and says it does, in a language. */
export function commandText(
  translation: CommandTranslations | null,
  spec: { name: string; definition: { description: string }; subcommands: Readonly<Record<string, SubcommandSpec>> },
  subcommand: string | null,
): { path: string; description: string } {
  const own = translation ? (translation as unknown as Record<string, LooseTexts | undefined>)[spec.name] : undefined;
  const name = own?.name ?? spec.name;
  if (subcommand === null) return { path: `/${name}`, description: own?.description ?? spec.definition.description };
  const sub = own?.subcommands?.[subcommand];
  return {
    path: `/${name} ${sub?.name ?? subcommand}`,
    description: sub?.description ?? spec.subcommands[subcommand]?.description ?? '',
  };
}

interface LooseOption {
  description: string;
  choices?: Record<string, string>;
}

/**
 * What an option says it is for, in a language: its translated description (the declaration's English one when
 * there is no translation), as the web dashboard shows it beside the option's field.
 */
export function optionDescription(
  translation: CommandTranslations | null,
  spec: { name: string; subcommands: Readonly<Record<string, SubcommandSpec>> },
  subcommand: string,
  option: string,
): string {
  const own = translation ? (translation as unknown as Record<string, LooseCommand | undefined>)[spec.name] : undefined;
  const options = subcommand === '' ? own?.options : own?.subcommands?.[subcommand]?.options;
  const text = options?.[option];
  const translated = typeof text === 'string' ? text : text?.description;
  return translated ?? spec.subcommands[subcommand]?.options?.[option]?.definition.description ?? '';
}
interface LooseCommand {
  name: string;
  description: string;
  options?: Record<string, string | LooseOption>;
  subcommands?: Record<string, { name: string; description: string; options?: Record<string, string | LooseOption> }>;
}

/**
 * A command's definition with its translations added as Discord's `name_localizations` and
 * `description_localizations` (commands, subcommands, option descriptions and choice names).
 */
export function localize(
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody,
  translations: readonly (readonly [Locale, CommandTranslations])[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const texts = translations.flatMap(([locale, all]) => {
    const own = (all as unknown as Record<string, LooseCommand | undefined>)[definition.name];
    return own ? [[locale, own] as const] : [];
  });
  const names = (pick: (t: LooseCommand) => string | undefined) => localizations(texts, pick);
  return {
    ...definition,
    name_localizations: names((t) => t.name),
    description_localizations: names((t) => t.description),
    options: (definition.options ?? []).map((option) => {
      if (option.type === ApplicationCommandOptionType.Subcommand) {
        const sub = (t: LooseCommand) => t.subcommands?.[option.name];
        return {
          ...option,
          name_localizations: names((t) => sub(t)?.name),
          description_localizations: names((t) => sub(t)?.description),
          options: (option.options ?? []).map((o) => localizeOption(o, texts, (t) => sub(t)?.options)),
        };
      }
      if (option.type === ApplicationCommandOptionType.SubcommandGroup) return option;
      return localizeOption(option, texts, (t) => t.options);
    }),
  };
}

function localizeOption<O extends APIApplicationCommandBasicOption>(
  option: O,
  texts: readonly (readonly [Locale, LooseCommand])[],
  optionsOf: (t: LooseCommand) => Record<string, string | LooseOption> | undefined,
): O {
  const own = (t: LooseCommand) => {
    const text = optionsOf(t)?.[option.name];
    return typeof text === 'string' ? { description: text } : text;
  };
  const described = { ...option, description_localizations: localizations(texts, (t) => own(t)?.description) };
  if (!('choices' in option) || !Array.isArray(option.choices)) return described;
  const choices = (option.choices as { name: string; value: string | number }[]).map((choice) => ({
    ...choice,
    name_localizations: localizations(texts, (t) => own(t)?.choices?.[String(choice.value)]),
  }));
  return { ...described, choices } as O;
}

function localizations(
  texts: readonly (readonly [Locale, LooseCommand])[],
  pick: (t: LooseCommand) => string | undefined,
): LocalizationMap {
  const map: LocalizationMap = {};
  for (const [locale, t] of texts) {
    const text = pick(t);
    if (text !== undefined) map[locale] = text;
  }
  return map;
}
