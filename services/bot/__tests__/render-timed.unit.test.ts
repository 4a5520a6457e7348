import { envelope, type AuditReason, type Refusal, type Reminder, type TempRoleGranted } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { formatDuration } from '../src/i18n/intl.ts';
import { auditText } from '../src/render/audit.ts';
import {
  renderBirthdayAnnounced,
  renderBirthdayRemoved,
  renderBirthdaySaved,
  renderBirthdaySettings,
} from '../src/render/birthdays.ts';
import { NoPings } from '../src/render/format.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import { renderKarmaPointsChanged } from '../src/render/karma.ts';
import { refusalText } from '../src/render/refusals.ts';
import {
  renderReminderCancelled,
  renderReminderCreated,
  renderReminderDelivered,
  renderRemindersListed,
} from '../src/render/reminders.ts';
import { renderTempRoleGranted } from '../src/render/temproles.ts';

// Reminders, temporary roles and birthdays as members read them, in English and German; and the one voice every
// duration and relative time speaks in (issue 9 item 14).

const guildId = '100000000000000001';
const channelId = '100000000000000002';
const alice = '200000000000000001';
const roleId = '300000000000000001';
const replyTo = {
  kind: 'interaction',
  channelId,
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const now = new Date('2026-03-01T12:00:00.000Z');
const en = { text: textFor('en'), now };
const de = { text: textFor('de'), now };
/** An instant `seconds` from now, as events carry it. */
const inSeconds = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
/** The Discord timestamp tag of that instant (absolute; Discord shows it in the reader's own zone). */
const tag = (seconds: number) => `<t:${now.getTime() / 1000 + seconds}:f>`;

const reminder = (over: Partial<Reminder> = {}): Reminder => ({
  id: '12',
  channelId,
  text: 'stretch',
  dueAt: inSeconds(7_200),
  createdAt: now.toISOString(),
  ...over,
});

/** The confirmation of a reminder due `seconds` from the moment the answer is rendered. */
const created = (seconds: number, voice = en) =>
  renderReminderCreated({ guildId, replyTo, reminder: reminder({ dueAt: inSeconds(seconds) }) }, voice).content;

describe('a reminder’s confirmation reads by the time it is written (issue 9 item 14)', () => {
  it('says when a future reminder comes, relative and absolute', () => {
    expect(created(7_200)).toBe(`Reminder \`#12\` set: I'll remind you in 2 hours (${tag(7_200)}): stretch`);
    expect(created(7_200, de)).toBe(
      `Erinnerung \`#12\` gesetzt: Ich erinnere dich in 2 Stunden (${tag(7_200)}): stretch`,
    );
  });

  it('says a reminder due by the time the answer is written was due, in the past tense, never "in … ago"', () => {
    expect(created(-27)).toBe(`Reminder \`#12\` set: it was due 27 seconds ago (${tag(-27)}): stretch`);
    expect(created(-27, de)).toBe(`Erinnerung \`#12\` gesetzt: sie war vor 27 Sekunden fällig (${tag(-27)}): stretch`);
    expect(created(-3 * 3_600)).toContain('it was due 3 hours ago');
    expect(created(0)).toBe(`Reminder \`#12\` set: it is due now (${tag(0)}): stretch`);
    expect(created(0, de)).toBe(`Erinnerung \`#12\` gesetzt: sie ist jetzt fällig (${tag(0)}): stretch`);
  });

  it('words the edges: 59 seconds, a minute, 23 h 59 m (nearer a day than 23 hours), two days', () => {
    const cases: [number, string, string][] = [
      [59, 'in 59 seconds', 'in 59 Sekunden'],
      [60, 'in 1 minute', 'in 1 Minute'],
      [23 * 3_600 + 59 * 60, 'in 24 hours', 'in 24 Stunden'],
      [2 * 86_400, 'in 2 days', 'übermorgen'],
    ];
    for (const [seconds, english, german] of cases) {
      expect(created(seconds)).toContain(`I'll remind you ${english} (`);
      expect(created(seconds, de)).toContain(`Ich erinnere dich ${german} (`);
    }
  });

  it('quotes the text so it cannot restyle the answer, and pings no one', () => {
    const out = renderReminderCreated({ guildId, replyTo, reminder: reminder({ text: '**buy** @everyone' }) }, en);
    expect(out.content).toMatch(/: \\\*\\\*buy\\\*\\\* @everyone$/);
    expect(out.allowed_mentions).toEqual(NoPings);
  });
});

describe('durations speak in one voice', () => {
  it('writes whole units out, in English and German, at the edges', () => {
    const cases: [number, string, string][] = [
      [0, '0 seconds', '0 Sekunden'],
      [59, '59 seconds', '59 Sekunden'],
      [60, '1 minute', '1 Minute'],
      [23 * 3_600 + 59 * 60, '23 hours, 59 minutes', '23 Stunden, 59 Minuten'],
      [86_400, '24 hours', '24 Stunden'],
      [2 * 86_400, '2 days', '2 Tage'],
    ];
    for (const [seconds, english, german] of cases) {
      expect(formatDuration('en', seconds)).toBe(english);
      expect(formatDuration('de', seconds)).toBe(german);
    }
  });

  it('karma’s cooldown reads as a wait, not "once every 1 minute"', () => {
    const cooled = (voice: typeof en) =>
      renderKarmaPointsChanged(
        {
          guildId,
          giverId: alice,
          replyTo: { kind: 'message', channelId, messageId: '100000000000000003' },
          announce: true,
          changes: [],
          refused: [{ subject: { kind: 'name', key: 'tea', display: 'tea' }, reason: 'cooldown' }],
          cooldownSeconds: 60,
        },
        voice,
      )?.content;
    expect(cooled(en)).toBe('Too soon for **tea**: wait 1 minute between your changes to the same name.');
    expect(cooled(de)).toBe('Zu früh für **tea**: Warte 1 Minute zwischen deinen Änderungen am selben Namen.');
  });
});

describe('the reminders list', () => {
  const listed = (reminders: Reminder[], voice = en) =>
    renderRemindersListed({ guildId, replyTo, reminders }, voice).embeds?.[0];

  it('is an embed like karma’s lists: one row per reminder, soonest first, with how to cancel', () => {
    const rows = [reminder(), reminder({ id: '13', text: 'call mum', dueAt: inSeconds(3 * 86_400) })];
    expect(listed(rows)).toEqual({
      color: 0x5865f2,
      title: 'Your reminders',
      description: [
        `\`#12\` **stretch**\nin 2 hours · ${tag(7_200)} · <#${channelId}>`,
        `\`#13\` **call mum**\nin 3 days · ${tag(3 * 86_400)} · <#${channelId}>`,
      ].join('\n'),
      footer: { text: '2 reminders · Cancel one with /remind cancel and its number.' },
      timestamp: now.toISOString(),
    });
    expect(listed(rows, de)).toMatchObject({
      title: 'Deine Erinnerungen',
      description: [
        `\`#12\` **stretch**\nin 2 Stunden · ${tag(7_200)} · <#${channelId}>`,
        `\`#13\` **call mum**\nin 3 Tagen · ${tag(3 * 86_400)} · <#${channelId}>`,
      ].join('\n'),
      footer: { text: '2 Erinnerungen · Brich eine mit /erinnern abbrechen und ihrer Nummer ab.' },
    });
  });

  it('says a late reminder is due in the past tense, and how to set one when there is none', () => {
    expect(listed([reminder({ dueAt: inSeconds(-90) })])?.description).toContain('\n2 minutes ago · ');
    expect(listed([])).toEqual({
      color: 0x5865f2,
      title: 'Your reminders',
      description: 'You have no pending reminders. Set one with /remind create.',
    });
    expect(listed([], de)?.description).toBe('Du hast keine offenen Erinnerungen. Setz eine mit /erinnern neu.');
  });

  it('fits 25 long reminders in one embed', () => {
    const long = Array.from({ length: 25 }, (_, i) => reminder({ id: String(i + 1), text: 'x'.repeat(1000) }));
    const out = listed(long);
    expect(out?.description?.match(/^`#\d+`/gm)).toHaveLength(25);
    expect(out?.description).not.toContain('more');
    expect(out?.description?.length).toBeLessThanOrEqual(4096);
  });
});

describe('cancelled and due reminders', () => {
  it('confirms a cancellation', () => {
    expect(renderReminderCancelled({ guildId, replyTo, reminder: reminder() }, en).content).toBe(
      'Cancelled reminder `#12`: stretch',
    );
    expect(renderReminderCancelled({ guildId, replyTo, reminder: reminder() }, de).content).toBe(
      'Erinnerung `#12` abgebrochen: stretch',
    );
  });

  it('posts a due reminder in the language of the member who set it, else the guild’s, pinging them only', () => {
    const due = {
      guildId,
      userId: alice,
      reminder: reminder({ createdAt: inSeconds(-7_200), dueAt: now.toISOString() }),
    };
    expect(renderReminderDelivered(due, en).content).toBe(
      `⏰ <@${alice}>, you asked me to remind you: stretch (set 2 hours ago)`,
    );
    const cache: RenderContext = {
      guild: () => ({ name: 'G', memberCount: 1, preferredLocale: 'de' }),
      now: () => now,
    };
    const [post] = renderResult(envelope('reminder.entry.delivered', 1, due), cache);
    expect(post?.to).toEqual({ kind: 'channel', channelId, tag: 'reminder' });
    expect(post?.message).toEqual({
      content: `⏰ <@${alice}>, du wolltest erinnert werden: stretch (gesetzt vor 2 Stunden)`,
      allowed_mentions: { ...NoPings, users: [alice] },
    });
    const english = renderResult(envelope('reminder.entry.delivered', 1, { ...due, locale: 'en-GB' }), cache);
    expect(english[0]?.message.content).toBe(`⏰ <@${alice}>, you asked me to remind you: stretch (set 2 hours ago)`);
  });
});

describe('temporary roles', () => {
  const grant = (over: Partial<TempRoleGranted['payload']> = {}): TempRoleGranted['payload'] => ({
    guildId,
    replyTo,
    user: { id: alice, displayName: 'Alice' },
    roleId,
    durationSeconds: 3 * 86_400,
    expiresAt: inSeconds(3 * 86_400),
    failure: null,
    ...over,
  });

  it('says who has which role for how long and until when', () => {
    expect(renderTempRoleGranted(grant(), en)).toEqual({
      content: `<@${alice}> has <@&${roleId}> for 3 days, until ${tag(3 * 86_400)}.`,
      allowed_mentions: NoPings,
    });
    expect(renderTempRoleGranted(grant({ durationSeconds: 86_340 }), de).content).toBe(
      `<@${alice}> hat <@&${roleId}> für 23 Stunden, 59 Minuten, bis ${tag(3 * 86_400)}.`,
    );
  });

  it('says in a red card why a role could not be given: the bot’s re-check, or Discord', () => {
    const failed = (failure: TempRoleGranted['payload']['failure'], voice = en) =>
      renderTempRoleGranted(grant({ failure }), voice).embeds?.[0];
    expect(failed({ code: 'role.dangerous', permissions: ['Administrator'] })).toEqual({
      color: 0xed4245,
      description: `Guildhall could not give <@${alice}> <@&${roleId}>: That role carries **Administrator**, too powerful for Guildhall to hand out.`,
    });
    expect(failed({ code: 'role.dangerous', permissions: ['Administrator'] }, de)?.description).toBe(
      `Guildhall konnte <@${alice}> die Rolle <@&${roleId}> nicht geben: Diese Rolle hat **Administrator** – zu mächtig, als dass Guildhall sie vergeben dürfte.`,
    );
    expect(failed({ code: 'discord.rejected', status: 403, discordCode: 50013 })?.description).toMatch(
      /: Guildhall is missing a permission for that, or its role is not high enough\.$/,
    );
    expect(failed({ code: 'discord.rejected', status: 404, discordCode: 10007 }, de)?.description).toMatch(
      /: Dieses Mitglied ist nicht mehr auf dem Server\.$/,
    );
    expect(failed({ code: 'discord.rejected', status: 500, discordCode: 0 })?.description).toMatch(
      /: Discord refused it \(error 0\)\.$/,
    );
  });

  it('renders a retired v1 grant still in flight', () => {
    const v1 = envelope('temprole.grant.recorded', 1, {
      ...grant(),
      failure: undefined,
      ok: false,
      error: 'Missing Permissions',
    });
    const { failure: _, ...payload } = v1.payload;
    const [out] = renderResult({ ...v1, payload }, { guild: () => undefined, now: () => now });
    expect(out?.message.embeds?.[0]?.description).toBe(
      `Guildhall could not give <@${alice}> <@&${roleId}>: Discord refused it (error 0).`,
    );
  });

  it('words its audit-log reasons in the guild’s language', () => {
    const granted: AuditReason = { code: 'temprole.granted', seconds: 3 * 86_400, grantedBy: 'Mod' };
    const expired: AuditReason = { code: 'temprole.expired', seconds: 86_400 };
    expect(auditText(granted, textFor('en'))).toBe('Temporary role for 3 days, given by Mod');
    expect(auditText(granted, textFor('de'))).toBe('Zeitrolle für 3 Tage, vergeben von Mod');
    expect(auditText(expired, textFor('en'))).toBe('Temporary role ran out after 24 hours');
    expect(auditText(expired, textFor('de'))).toBe('Zeitrolle nach 24 Stunden abgelaufen');
  });
});

describe('birthdays', () => {
  it('confirms a saved birthday with the month named by Intl and the day it is next announced, in the guild’s zone', () => {
    const saved = {
      guildId,
      replyTo,
      userId: alice,
      month: 3,
      day: 14,
      timezone: 'Asia/Tokyo',
      // Midnight of 14 March 2026 in Tokyo.
      nextAt: '2026-03-13T15:00:00.000Z',
    };
    expect(renderBirthdaySaved(saved, en).content).toBe(
      'Your birthday is saved: March 14. Next announcement: March 14, 2026 (Asia/Tokyo time), in 12 days.',
    );
    expect(renderBirthdaySaved(saved, de).content).toBe(
      'Dein Geburtstag ist gespeichert: 14. März. Nächste Ankündigung: 14. März 2026 (Zeitzone Asia/Tokyo), in 12 Tagen.',
    );
  });

  it('confirms a removal, or that there was nothing to remove', () => {
    expect(renderBirthdayRemoved({ guildId, replyTo, userId: alice, existed: true }, en).content).toBe(
      'Your birthday is removed.',
    );
    expect(renderBirthdayRemoved({ guildId, replyTo, userId: alice, existed: false }, de).content).toBe(
      'Du hattest keinen Geburtstag gespeichert.',
    );
  });

  it('shows the settings as a card', () => {
    const settings = { guildId, replyTo, channelId, timezone: 'Europe/Berlin' };
    expect(renderBirthdaySettings(settings, de).embeds?.[0]).toEqual({
      color: 0x57f287,
      title: 'Geburtstags-Einstellungen',
      fields: [
        { name: 'Ankündigungen', value: `<#${channelId}>`, inline: true },
        { name: 'Zeitzone', value: 'Europe/Berlin', inline: true },
      ],
    });
    expect(renderBirthdaySettings({ ...settings, channelId: null }, en).embeds?.[0]?.fields?.[0]).toEqual({
      name: 'Announcements',
      value: 'off',
      inline: true,
    });
  });

  it('greets in German when the guild speaks German, pinging only the birthday member', () => {
    const out = renderBirthdayAnnounced(
      { guildId, channelId, user: { id: alice, displayName: 'Alice' }, month: 3, day: 14 },
      de,
    );
    expect(out).toEqual({
      content: `🎂 Alles Gute zum Geburtstag, <@${alice}>! 🎉`,
      allowed_mentions: { ...NoPings, users: [alice] },
    });
  });
});

describe('refusals of reminders, temporary roles and birthdays', () => {
  it('word each code with its parameters, in English and German', () => {
    const cases: [Refusal, string, string][] = [
      [
        { code: 'reminder.limit.reached', max: 25 },
        'You have 25 pending reminders, as many as one may have; cancel one first with /remind cancel.',
        'Du hast schon 25 offene Erinnerungen, mehr geht nicht; brich zuerst eine mit /erinnern abbrechen ab.',
      ],
      [
        { code: 'reminder.cancel.not_found', id: '7' },
        'You have no pending reminder #7; /remind list shows yours with their numbers.',
        'Du hast keine offene Erinnerung #7; /erinnern liste zeigt deine mit ihren Nummern.',
      ],
      [
        { code: 'duration.too_short', option: 'when', minSeconds: 10 },
        'That is too short for `when`: at least 10 seconds.',
        'Das ist zu kurz für `when`: mindestens 10 Sekunden.',
      ],
      [
        { code: 'duration.too_long', option: 'when', maxSeconds: 365 * 86_400 },
        'That is too long for `when`: at most 365 days.',
        'Das ist zu lang für `when`: höchstens 365 Tage.',
      ],
      [
        { code: 'temprole.member.not_member', userId: alice },
        `<@${alice}> is not a member of this server.`,
        `<@${alice}> ist kein Mitglied dieses Servers.`,
      ],
      [
        { code: 'role.dangerous', permissions: ['ManageMessages', 'MentionEveryone'] },
        'That role carries **Manage Messages** and **Mention @everyone, @here and All Roles**, too powerful for Guildhall to hand out.',
        'Diese Rolle hat **Nachrichten verwalten** und **@everyone, @here und alle Rollen erwähnen** – zu mächtig, als dass Guildhall sie vergeben dürfte.',
      ],
      [
        { code: 'birthday.date.invalid', month: 2, day: 30 },
        'February has no day 30; give a day that exists in that month.',
        'Der Februar hat keinen 30. Tag; gib einen Tag an, den es in diesem Monat gibt.',
      ],
      [
        { code: 'birthday.zone.invalid', zone: 'Mars/Olympus' },
        '`Mars/Olympus` is not a time zone; use an IANA name like `Europe/Berlin`.',
        '`Mars/Olympus` ist keine Zeitzone; nimm einen IANA-Namen wie `Europe/Berlin`.',
      ],
    ];
    for (const [reason, english, german] of cases) {
      expect(refusalText(reason, { text: textFor('en'), now: new Date() })).toBe(english);
      expect(refusalText(reason, { text: textFor('de'), now: new Date() })).toBe(german);
    }
  });
});
