import type {
  BirthdayAnnounced,
  BirthdayRemoved,
  BirthdaySaved,
  BirthdaySettingsUpdated,
  TempRoleGranted,
} from '@guildhall/events';
import {
  body,
  channelMention,
  duration,
  mention,
  pinging,
  quote,
  roleMention,
  timestamp,
  type MessageBody,
} from './format.ts';

const Months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function date(month: number, day: number): string {
  return `${Months[month - 1] ?? `month ${month}`} ${day}`;
}

/** A temporary role grant: added until when, or Discord's refusal. */
export function renderTempRoleGranted(p: TempRoleGranted['payload']): MessageBody {
  if (!p.ok) {
    return body(
      `I couldn't give ${roleMention(p.roleId)} to ${mention(p.user.id)}. Discord said: ${quote(p.error ?? 'refused', 300)}`,
    );
  }
  return body(
    `${mention(p.user.id)} has ${roleMention(p.roleId)} for ${duration(p.durationSeconds)}, until ${timestamp(p.expiresAt, 'f')}.`,
  );
}

/** A saved birthday and when it will next be announced. */
export function renderBirthdaySaved(p: BirthdaySaved['payload']): MessageBody {
  return body(
    `Saved ${mention(p.userId)}'s birthday: ${date(p.month, p.day)}. Next announcement ${timestamp(p.nextAt)} (${quote(p.timezone, 64)} time).`,
  );
}

/** A removed birthday (or that there was none). */
export function renderBirthdayRemoved(p: BirthdayRemoved['payload']): MessageBody {
  return body(p.existed ? 'Your birthday was removed.' : "You hadn't saved a birthday.");
}

/** The birthday settings after a change. */
export function renderBirthdaySettings(p: BirthdaySettingsUpdated['payload']): MessageBody {
  return body(
    [
      '**Birthday settings**',
      `Announcements: ${p.channelId ? `in ${channelMention(p.channelId)}` : 'off'}`,
      `Time zone: ${quote(p.timezone, 64)}`,
    ].join('\n'),
  );
}

/** A birthday greeting: it pings the birthday member, and only them. */
export function renderBirthdayAnnounced(p: BirthdayAnnounced['payload']): MessageBody {
  return pinging(p.user.id, `🎂 Happy birthday, ${mention(p.user.id)}! 🎉`);
}
