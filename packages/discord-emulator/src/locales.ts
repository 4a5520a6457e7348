import { Locale } from 'discord-api-types/v10';

const KNOWN: ReadonlySet<string> = new Set(Object.values(Locale));

/** The Discord locale `value` names (`de`, `en-US`, …), or undefined for anything Discord does not know. */
export function asLocale(value: unknown): Locale | undefined {
  return typeof value === 'string' && KNOWN.has(value) ? (value as Locale) : undefined;
}

/** Discord's built-in fallbacks for command localizations (en-US ↔ en-GB, es-419 → es-ES). */
const FALLBACK: Partial<Record<Locale, Locale>> = {
  [Locale.EnglishUS]: Locale.EnglishGB,
  [Locale.EnglishGB]: Locale.EnglishUS,
  [Locale.SpanishLATAM]: Locale.SpanishES,
};

/**
 * What a member with `locale` sees for a localizable field: the localization for their locale, then Discord's
 * fallback locale, then the default value.
 */
export function localized(
  value: string,
  localizations: Partial<Record<Locale, string | null>> | null | undefined,
  locale: Locale | undefined,
): string {
  if (!locale || !localizations) return value;
  const fallback = FALLBACK[locale];
  return localizations[locale] ?? (fallback ? localizations[fallback] : undefined) ?? value;
}
