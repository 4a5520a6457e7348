import { msg } from '../message.ts';

/** `/birthday`: saved and removed birthdays, settings, greetings and refusals. */
export const birthdays = {
  saved: msg<{ date: string; next: string; zone: string; when: string }>(
    'Your birthday is saved: {date}. Next announcement: {next} ({zone} time), {when}.',
  ),
  removed: msg('Your birthday is removed.'),
  noneSaved: msg('You had no birthday saved.'),
  settingsTitle: msg('Birthday settings'),
  settingsChannel: msg('Announcements'),
  settingsZone: msg('Time zone'),
  announced: msg<{ user: string }>('🎂 Happy birthday, {user}! 🎉'),
  dateInvalid: msg<{ month: string; day: number }>(
    '{month} has no day {day, number}; give a day that exists in that month.',
  ),
  zoneInvalid: msg<{ zone: string }>('{zone} is not a time zone; use an IANA name like `Europe/Berlin`.'),
} as const;
