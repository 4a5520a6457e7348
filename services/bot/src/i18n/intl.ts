/**
 * Numbers, durations, lists and relative times through Intl, in one voice per locale: a duration is always its
 * largest whole units written out ("1 hour, 30 minutes", "24 hours", "28 days"), never "24 h" in one place and
 * "24 hours" in another; a time relative to now reads as future or past by its sign ("in 3 hours", "3 hours ago").
 */
import type { SupportedLocale } from './locale.ts';

/** One formatter per locale: making an Intl.NumberFormat costs far more than using one (a leaderboard page has 150 numbers). */
const numberFormats = new Map<SupportedLocale, Intl.NumberFormat>();

/** A whole number grouped the locale's way (`1,234,567` / `1.234.567`); decimal digit strings keep every digit. */
export function formatNumber(locale: SupportedLocale, n: number | bigint | string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(typeof n === 'string' ? BigInt(n) : n);
}

const units = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
] as const;

/**
 * A duration in whole seconds, written out: "1 hour, 30 minutes", "1 Stunde, 30 Minuten". Days count only from two
 * days on, so a day-long cooldown reads "24 hours" as people say it.
 */
export function formatDuration(locale: SupportedLocale, seconds: number): string {
  const parts: string[] = [];
  let left = Math.max(0, Math.round(seconds));
  for (const [unit, size] of units) {
    if (unit === 'day' && left < 2 * size) continue;
    if (left >= size || (unit === 'second' && parts.length === 0)) {
      const count = Math.floor(left / size);
      parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(count));
      left -= count * size;
    }
  }
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}

/**
 * `at` relative to `now` ("in 3 hours", "3 hours ago", "now"): past times read as past whatever the sentence around
 * them. The unit is the largest that fits, as in formatDuration (days only from two days on, so "in 24 hours"), and
 * the count is rounded to the nearest whole unit ("in 24 hours" for 23 h 59 m, not "in 23 hours"); a count that rounds
 * up to the next unit is said in that unit ("in 1 hour", not "in 60 minutes").
 */
export function formatRelative(locale: SupportedLocale, at: Date | string, now: Date): string {
  const seconds = Math.round((new Date(at).getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const sign = seconds < 0 ? -1 : 1;
  const abs = Math.abs(seconds);
  const least = (unit: (typeof units)[number]) => (unit[0] === 'day' ? 2 : 1) * unit[1];
  for (const [i, unit] of units.entries()) {
    const [name, size] = unit;
    if (abs < least(unit) && name !== 'second') continue;
    const count = Math.round(abs / size);
    const larger = units[i - 1];
    if (larger && count * size >= least(larger)) return format.format(sign * Math.round(abs / larger[1]), larger[0]);
    return format.format(sign * count, name);
  }
  return format.format(0, 'second');
}

/** Items joined the locale's way: "a, b and c" (conjunction) or "a, b or c" (disjunction). */
export function formatList(locale: SupportedLocale, items: readonly string[], type: 'conjunction' | 'disjunction') {
  return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
}
