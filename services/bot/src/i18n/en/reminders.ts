import { msg } from '../message.ts';

/** `/remind`: confirmations, the list, due reminders and refusals. */
export const reminders = {
  /** `tense` is future, now or past, from the due time against the moment the answer is written. */
  created: msg<{ id: string; tense: string; when: string; at: string; text: string }>(
    "Reminder `#{id}` set: {tense, select, future {I'll remind you {when}} now {it is due now} other {it was due {when}}} ({at}): {text}",
  ),
  listTitle: msg('Your reminders'),
  listRow: msg<{ id: string; when: string; at: string; channel: string; text: string }>(
    '`#{id}` **{text}**\n{when} · {at} · {channel}',
  ),
  listEmpty: msg<{ command: string }>('You have no pending reminders. Set one with {command}.'),
  listFooter: msg<{ count: number; command: string }>(
    '{count, plural, one {# reminder} other {# reminders}} · Cancel one with {command} and its number.',
  ),
  cancelled: msg<{ id: string; text: string }>('Cancelled reminder `#{id}`: {text}'),
  delivered: msg<{ user: string; text: string; when: string }>(
    '⏰ {user}, you asked me to remind you: {text} (set {when})',
  ),
  limitReached: msg<{ max: number; command: string }>(
    'You have {max, number} pending reminders, as many as one may have; cancel one first with {command}.',
  ),
  cancelNotFound: msg<{ id: string; command: string }>(
    'You have no pending reminder #{id}; {command} shows yours with their numbers.',
  ),
} as const;
