/**
 * The bot's words, per language and per domain, with Intl formatting: `textFor(locale)` gives everything a
 * renderer needs to speak in that language. Add a domain by writing `en/<domain>.ts` (messages with their
 * arguments) and `de/<domain>.ts` (a Translation of it), then listing both below.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { CommandTranslations } from './commands.ts';
import * as de from './de/index.ts';
import * as en from './en/index.ts';
import { formatDuration, formatList, formatNumber, formatRelative } from './intl.ts';
import type { SupportedLocale } from './locale.ts';
import type { ArgsOf, ArgValue, Message, Messages, Translation } from './message.ts';

export { resolveLocale, supported, Locales, type SupportedLocale } from './locale.ts';

/** Every domain's English messages. */
const english = {
  common: en.common,
  karma: en.karma,
  economy: en.economy,
  levels: en.levels,
  guildhall: en.guildhall,
  permissions: en.permissions,
  audit: en.audit,
  reminders: en.reminders,
  temproles: en.temproles,
  birthdays: en.birthdays,
  moderation: en.moderation,
  welcome: en.welcome,
  web: en.web,
};
type Catalog = typeof english;

/** Every shipped language's strings, domain by domain; a missing domain or key fails `tsc`. */
export const translations: {
  readonly [L in SupportedLocale]: { readonly [D in keyof Catalog]: Translation<Catalog[D]> };
} = {
  en: Object.fromEntries(
    Object.entries(english).map(([domain, messages]) => [
      domain,
      Object.fromEntries(Object.entries(messages as Messages).map(([key, m]) => [key, m.icu])),
    ]),
  ) as { readonly [D in keyof Catalog]: Translation<Catalog[D]> },
  de: {
    common: de.common,
    karma: de.karma,
    guildhall: de.guildhall,
    permissions: de.permissions,
    audit: de.audit,
    reminders: de.reminders,
    temproles: de.temproles,
    birthdays: de.birthdays,
    economy: de.economy,
    levels: de.levels,
    moderation: de.moderation,
    welcome: de.welcome,
    web: de.web,
  },
};

/** The translations of the slash commands into a language; null for English, which their declarations are in. */
export function commandsIn(locale: SupportedLocale): CommandTranslations | null {
  return locale === 'de' ? de.commands : null;
}

/** A message's formatter: called with its arguments (none for a message without any). */
type Formatter<M> = keyof ArgsOf<M> extends never ? () => string : (args: ArgsOf<M>) => string;

/** One domain's messages as formatters. */
type Domain<M extends Messages> = { readonly [K in keyof M]: Formatter<M[K]> };

/** Everything a renderer needs to speak one language. */
export interface Text {
  readonly locale: SupportedLocale;
  readonly m: { readonly [D in keyof Catalog]: Domain<Catalog[D]> };
  number(n: number | bigint | string): string;
  duration(seconds: number): string;
  relative(at: Date | string, now: Date): string;
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
}

const texts = new Map<SupportedLocale, Text>();

/** The text of a language (built once per language; each message is compiled on first use). */
export function textFor(locale: SupportedLocale): Text {
  let text = texts.get(locale);
  if (!text) {
    text = build(locale);
    texts.set(locale, text);
  }
  return text;
}

function build(locale: SupportedLocale): Text {
  const m = Object.fromEntries(
    Object.entries(translations[locale]).map(([domain, strings]) => [domain, formatters(locale, strings)]),
  ) as unknown as Text['m'];
  return {
    locale,
    m,
    number: (n) => formatNumber(locale, n),
    duration: (seconds) => formatDuration(locale, seconds),
    relative: (at, now) => formatRelative(locale, at, now),
    list: (items, type = 'conjunction') => formatList(locale, items, type),
  };
}

function formatters(locale: SupportedLocale, strings: Readonly<Record<string, string>>) {
  const out: Record<string, (args?: Record<string, ArgValue>) => string> = {};
  for (const [key, icu] of Object.entries(strings)) {
    let compiled: IntlMessageFormat | undefined;
    out[key] = (args) => {
      compiled ??= new IntlMessageFormat(icu, locale);
      return String(compiled.format(args));
    };
  }
  return out;
}

export type { Message, Translation };
