import type {
  BirthdayAnnounced,
  BirthdayRemoved,
  BirthdaySaved,
  BirthdaySettingsUpdated,
  RefusalCode,
  RefusalOf,
} from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { embed } from './embed.ts';
import { body, channelMention, embedBody, inlineCode, mention, pinging, quote, type MessageBody } from './format.ts';
import type { Voice } from './voice.ts';

/** A day of the year the reader's way ("March 14", "14. März"), month names from Intl; 2024 has February 29. */
function dayOfYear(month: number, day: number, text: Text): string {
  return new Intl.DateTimeFormat(text.locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(2024, month - 1, day),
  );
}

/** A month's name the reader's way ("February", "Februar"). */
function monthName(month: number, text: Text): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) return String(month);
  return new Intl.DateTimeFormat(text.locale, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, month - 1, 1));
}

/** A saved birthday and when it will next be announced: the date as the guild's time zone counts it. */
export function renderBirthdaySaved(p: BirthdaySaved['payload'], { text, now }: Voice): MessageBody {
  const next = new Intl.DateTimeFormat(text.locale, { dateStyle: 'long', timeZone: p.timezone }).format(
    new Date(p.nextAt),
  );
  return body(
    text.m.birthdays.saved({
      date: dayOfYear(p.month, p.day, text),
      next,
      zone: quote(p.timezone, 64),
      when: text.relative(p.nextAt, now),
    }),
  );
}

/** A removed birthday (or that there was none). */
export function renderBirthdayRemoved(p: BirthdayRemoved['payload'], { text }: Voice): MessageBody {
  return body(p.existed ? text.m.birthdays.removed() : text.m.birthdays.noneSaved());
}

/** The birthday settings after a change, as a card. */
export function renderBirthdaySettings(p: BirthdaySettingsUpdated['payload'], { text }: Voice): MessageBody {
  const b = text.m.birthdays;
  return embedBody(
    embed({
      kind: 'success',
      title: b.settingsTitle(),
      fields: [
        {
          name: b.settingsChannel(),
          value: p.channelId ? channelMention(p.channelId) : text.m.common.off(),
          inline: true,
        },
        { name: b.settingsZone(), value: quote(p.timezone, 64), inline: true },
      ],
    }),
  );
}

/** A birthday greeting, in the guild's language: it pings the birthday member, and only them. */
export function renderBirthdayAnnounced(p: BirthdayAnnounced['payload'], { text }: Voice): MessageBody {
  return pinging(p.user.id, text.m.birthdays.announced({ user: mention(p.user.id) }));
}

/** Birthdays' refusals, worded. */
export const birthdayRefusals: {
  [C in Extract<RefusalCode, `birthday.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'birthday.date.invalid': (r, t) => t.m.birthdays.dateInvalid({ month: monthName(r.month, t), day: r.day }),
  'birthday.zone.invalid': (r, t) => t.m.birthdays.zoneInvalid({ zone: inlineCode(r.zone) }),
};
