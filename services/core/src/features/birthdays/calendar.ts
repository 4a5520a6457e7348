/** The canonical name of an IANA time zone, or null when Intl does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The wall-clock date and time in a zone at an instant. */
function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; ms: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return { year, month, day, ms: Date.UTC(year, month - 1, day, get('hour'), get('minute'), get('second')) };
}

/** The instant a local date begins (00:00) in a zone; on a DST gap at midnight, the first instant of that day. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes: the zone's offset at a first guess, then at the corrected instant (they differ across a DST change).
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - (wallClock(new Date(guess), timeZone).ms - guess);
  const local = wallClock(new Date(guess), timeZone);
  // Midnight skipped by a DST jump lands on the previous day's late evening; step into the day itself.
  if (local.day !== day) return new Date(guess + 3_600_000);
  return new Date(guess);
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The next start of a birthday strictly after `after`, in the guild's zone. February 29 is celebrated on
 * February 28 in other years.
 */
export function nextBirthday(month: number, day: number, timeZone: string, after: Date): Date {
  const { year } = wallClock(after, timeZone);
  for (let y = year - 1; ; y++) {
    const d = month === 2 && day === 29 && !isLeap(y) ? 28 : day;
    const at = startOfLocalDay(y, month, d, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
}

/** Whether a month/day pair exists in some year (February 29 does). */
export function isCalendarDay(month: number, day: number): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
}
