/** The languages Guildhall speaks; English is the fallback. */
export const Locales = ['en', 'de'] as const;
export type SupportedLocale = (typeof Locales)[number];

/** The supported language of a Discord locale (`de` -> de, `en-US` and `en-GB` -> en), or undefined. */
export function supported(locale: string | null | undefined): SupportedLocale | undefined {
  if (!locale) return undefined;
  const language = locale.toLowerCase().split('-')[0];
  return Locales.find((l) => l === language);
}

/**
 * The language of an answer: the member's (their Discord client's), else the guild's preferred language, else
 * English. Each candidate counts only if Guildhall speaks it.
 */
export function resolveLocale(...candidates: (string | null | undefined)[]): SupportedLocale {
  for (const candidate of candidates) {
    const locale = supported(candidate);
    if (locale) return locale;
  }
  return 'en';
}
