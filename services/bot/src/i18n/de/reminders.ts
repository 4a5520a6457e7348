import type { reminders as en } from '../en/reminders.ts';
import type { Translation } from '../message.ts';

export const reminders: Translation<typeof en> = {
  created:
    'Erinnerung `#{id}` gesetzt: {tense, select, future {Ich erinnere dich {when}} now {sie ist jetzt fällig} other {sie war {when} fällig}} ({at}): {text}',
  listTitle: 'Deine Erinnerungen',
  listRow: '`#{id}` **{text}**\n{when} · {at} · {channel}',
  listEmpty: 'Du hast keine offenen Erinnerungen. Setz eine mit {command}.',
  listFooter:
    '{count, plural, one {# Erinnerung} other {# Erinnerungen}} · Brich eine mit {command} und ihrer Nummer ab.',
  cancelled: 'Erinnerung `#{id}` abgebrochen: {text}',
  delivered: '⏰ {user}, du wolltest erinnert werden: {text} (gesetzt {when})',
  limitReached: 'Du hast schon {max, number} offene Erinnerungen, mehr geht nicht; brich zuerst eine mit {command} ab.',
  cancelNotFound: 'Du hast keine offene Erinnerung #{id}; {command} zeigt deine mit ihren Nummern.',
};
