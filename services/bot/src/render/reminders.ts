import type {
  Reminder,
  ReminderCancelled,
  ReminderCreated,
  ReminderDelivered,
  RemindersListed,
} from '@guildhall/events';
import { body, channelMention, fitLines, mention, pinging, quote, timestamp, type MessageBody } from './format.ts';

/** A confirmation of a new reminder, with when it fires. */
export function renderReminderCreated(p: ReminderCreated['payload']): MessageBody {
  const r = p.reminder;
  return body(
    `Reminder \`${r.id}\` set: I'll remind you ${timestamp(r.dueAt)} (${timestamp(r.dueAt, 'f')}): ${quote(r.text, 1000)}`,
  );
}

function line(r: Reminder): string {
  return `\`${r.id}\` ${timestamp(r.dueAt)} in ${channelMention(r.channelId)}: ${quote(r.text, 150)}`;
}

/** A member's pending reminders, soonest first. */
export function renderRemindersListed(p: RemindersListed['payload']): MessageBody {
  if (p.reminders.length === 0) return body('You have no pending reminders. Set one with `/remind create`.');
  return body(fitLines(['**Your reminders**'], p.reminders.map(line), ['Cancel one with `/remind cancel <id>`.']));
}

/** A confirmation that a reminder was cancelled. */
export function renderReminderCancelled(p: ReminderCancelled['payload']): MessageBody {
  return body(`Cancelled reminder \`${p.reminder.id}\`: ${quote(p.reminder.text, 1000)}`);
}

/** A reminder that fell due: it pings its owner, and only them. */
export function renderReminderDelivered(p: ReminderDelivered['payload']): MessageBody {
  return pinging(
    p.userId,
    `${mention(p.userId)}, you asked me to remind you: ${quote(p.reminder.text, 1000)} (set ${timestamp(p.reminder.createdAt)})`,
  );
}
