import type { Refusal } from '@guildhall/events';

/** Seconds in each unit a duration may use. */
const unitSeconds: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  w: 604_800,
};

const unitAliases: Record<string, string> = {
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
};

/** The outcome of parsing a duration: seconds, or null when the text is not a positive duration. */
export type ParsedDuration = { ok: true; seconds: number } | { ok: false };

const part = /(\d{1,7})\s*([a-z]+)/y;

/**
 * Parses durations like `10m`, `1h30m`, `1h 30m`, `7d`, `2w`, `90 minutes`, optionally after "in ". Each unit at
 * most once, largest first is not required; the total must be positive.
 */
export function parseDuration(input: string): ParsedDuration {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^in\s+/, '');
  const invalid = { ok: false } as const;
  if (text === '') return invalid;
  let seconds = 0;
  const seen = new Set<string>();
  let at = 0;
  while (at < text.length) {
    while (text[at] === ' ' || text[at] === ',') at++;
    if (at >= text.length) break;
    part.lastIndex = at;
    const match = part.exec(text);
    if (!match) return invalid;
    const unit = unitAliases[match[2] ?? ''];
    if (unit === undefined || seen.has(unit)) return invalid;
    seen.add(unit);
    seconds += Number(match[1]) * (unitSeconds[unit] ?? 0);
    at = part.lastIndex;
  }
  if (seconds <= 0) return invalid;
  return { ok: true, seconds };
}

/** What is wrong with a duration against its bounds, or the seconds it stands for. */
export type DurationCheck =
  | { ok: true; seconds: number }
  | { ok: false; problem: 'invalid' }
  | { ok: false; problem: 'too_long'; maxSeconds: number }
  | { ok: false; problem: 'too_short'; minSeconds: number };

/** Parses a duration and checks it against bounds. */
export function checkDuration(input: string, maxSeconds: number, minSeconds = 1): DurationCheck {
  const parsed = parseDuration(input);
  if (!parsed.ok) return { ok: false, problem: 'invalid' };
  if (parsed.seconds > maxSeconds) return { ok: false, problem: 'too_long', maxSeconds };
  if (parsed.seconds < minSeconds) return { ok: false, problem: 'too_short', minSeconds };
  return parsed;
}

/**
 * A duration option's seconds, or the typed refusal naming the option (`duration.invalid`, `duration.too_long`,
 * `duration.too_short`), for the bot to word with the bounds in the member's language.
 */
export function durationOption(
  option: string,
  input: string,
  bounds: { maxSeconds: number; minSeconds?: number },
): { ok: true; seconds: number } | { ok: false; refusal: Refusal } {
  const checked = checkDuration(input, bounds.maxSeconds, bounds.minSeconds);
  if (checked.ok) return checked;
  switch (checked.problem) {
    case 'invalid':
      return { ok: false, refusal: { code: 'duration.invalid', option, input: input.slice(0, 40) } };
    case 'too_long':
      return { ok: false, refusal: { code: 'duration.too_long', option, maxSeconds: checked.maxSeconds } };
    case 'too_short':
      return { ok: false, refusal: { code: 'duration.too_short', option, minSeconds: checked.minSeconds } };
  }
}
