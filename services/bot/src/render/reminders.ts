import {
  remindCommand,
  type RefusalCode,
  type RefusalOf,
  type Reminder,
  type ReminderCancelled,
  type ReminderCreated,
  type ReminderDelivered,
  type RemindersListed,
} from '@guildhall/events';
import { commandText } from '../i18n/commands.ts';
import { commandsIn, type Text } from '../i18n/index.ts';
import { embed, fitRows } from './embed.ts';
import { body, channelMention, embedBody, mention, pinging, quote, timestamp, type MessageBody } from './format.ts';
import type { Voice } from './voice.ts';

/** `/remind <sub>` as the reader types it, in their language. */
function remind(text: Text, sub: keyof (typeof remindCommand)['subcommands']): string {
  return commandText(commandsIn(text.locale), remindCommand, sub).path;
}

/**
 * A confirmation of a new reminder: when it fires, relative to the moment this answer is written (so an answer that
 * comes late says the reminder was due, never "I'll remind you 27 seconds ago"), and the absolute time, which
 * Discord shows in the reader's own time zone.
 */
export function renderReminderCreated(p: ReminderCreated['payload'], { text, now }: Voice): MessageBody {
  const r = p.reminder;
  const left = Date.parse(r.dueAt) - now.getTime();
  // Within half a second either way is "now": the relative time would round to zero seconds.
  const tense = left >= 500 ? 'future' : left > -500 ? 'now' : 'past';
  return body(
    text.m.reminders.created({
      id: r.id,
      tense,
      when: text.relative(r.dueAt, now),
      at: timestamp(r.dueAt, 'f'),
      text: quote(r.text, 1000),
    }),
  );
}

/** A member's pending reminders, soonest first: an embed in the look of karma's lists. */
export function renderRemindersListed(p: RemindersListed['payload'], { text, now }: Voice): MessageBody {
  const m = text.m.reminders;
  if (p.reminders.length === 0)
    return embedBody(
      embed({ kind: 'info', title: m.listTitle(), description: m.listEmpty({ command: remind(text, 'create') }) }),
    );
  const row = (r: Reminder) =>
    m.listRow({
      id: r.id,
      when: text.relative(r.dueAt, now),
      at: timestamp(r.dueAt, 'f'),
      channel: channelMention(r.channelId),
      // An overview: the whole text comes with the reminder; 25 rows of this length fit in one embed.
      text: quote(r.text, 80),
    });
  return embedBody(
    embed({
      kind: 'info',
      title: m.listTitle(),
      description: fitRows(p.reminders.map(row), (count) => text.m.common.more({ count })),
      footer: m.listFooter({ count: p.reminders.length, command: remind(text, 'cancel') }),
      timestamp: now,
    }),
  );
}

/** A confirmation that a reminder was cancelled. */
export function renderReminderCancelled(p: ReminderCancelled['payload'], { text }: Voice): MessageBody {
  return body(text.m.reminders.cancelled({ id: p.reminder.id, text: quote(p.reminder.text, 1000) }));
}

/** A reminder that fell due, posted in its channel: it pings its owner, and only them. */
export function renderReminderDelivered(p: ReminderDelivered['payload'], { text, now }: Voice): MessageBody {
  return pinging(
    p.userId,
    text.m.reminders.delivered({
      user: mention(p.userId),
      text: quote(p.reminder.text, 1000),
      when: text.relative(p.reminder.createdAt, now),
    }),
  );
}

/** Reminders' refusals, worded. */
export const reminderRefusals: {
  [C in Extract<RefusalCode, `reminder.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'reminder.limit.reached': (r, t) => t.m.reminders.limitReached({ max: r.max, command: remind(t, 'cancel') }),
  'reminder.cancel.not_found': (r, t) => t.m.reminders.cancelNotFound({ id: r.id, command: remind(t, 'list') }),
};
