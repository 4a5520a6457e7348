import type { CommandRejected, CommandRejectedV1, KarmaSubject, Refusal, ReplyTarget } from '@guildhall/events';
import { envelope } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { auditText } from '../src/render/audit.ts';
import { MaxContentLength, NoPings } from '../src/render/format.ts';
import { formatDuration } from '../src/i18n/intl.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import {
  renderKarmaAnnounceUpdated,
  renderKarmaChangeReverted,
  renderKarmaHistoryListed,
  renderKarmaLeaderboardListed,
  renderKarmaPointsChanged,
  renderKarmaTotalsListed,
} from '../src/render/karma.ts';
import { refusalText, renderCommandRejectedV1 } from '../src/render/refusals.ts';

const guildId = '100000000000000001';
const messageTarget = { kind: 'message', channelId: '100000000000000002', messageId: '100000000000000003' } as const;
const interactionTarget = {
  kind: 'interaction',
  channelId: '100000000000000002',
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const now = new Date('2026-01-01T12:00:00.000Z');
const en = { text: textFor('en'), now };
const de = { text: textFor('de'), now };
const noCache: RenderContext = { guild: () => undefined, now: () => now };
const name = (display: string): KarmaSubject => ({ kind: 'name', key: display.toLowerCase(), display });
const member = (id: string): KarmaSubject => ({ kind: 'member', key: id, display: 'Bob' });

const points = (over: Partial<Parameters<typeof renderKarmaPointsChanged>[0]> = {}, voice = en) =>
  renderKarmaPointsChanged(
    {
      guildId,
      giverId: '200000000000000001',
      replyTo: messageTarget,
      announce: true,
      changes: [],
      refused: [],
      cooldownSeconds: 60,
      ...over,
    },
    voice,
  );

describe('karma.points.changed', () => {
  it('lists each change with the new total; members as mentions that ping no one', () => {
    const out = points({
      changes: [
        { subject: name('pizza'), delta: 1, total: 3 },
        { subject: member('200000000000000002'), delta: -1, total: -2 },
      ],
    });
    expect(out).toEqual({ content: '**pizza** +1 → 3\n<@200000000000000002> -1 → -2', allowed_mentions: NoPings });
  });

  it('explains refusals briefly: self, cooldown with its length spoken out, too many subjects', () => {
    const refused = {
      changes: [{ subject: name('tea'), delta: 1, total: 1234 }],
      refused: [
        { subject: name('alice'), reason: 'self' as const },
        { subject: name('coffee'), reason: 'cooldown' as const },
        { subject: name('a6'), reason: 'too_many_subjects' as const },
        { subject: name('a7'), reason: 'too_many_subjects' as const },
      ],
      cooldownSeconds: 86_400,
    };
    expect(points(refused)?.content).toBe(
      [
        '**tea** +1 → 1,234',
        "You can't change your own karma.",
        'Too soon for **coffee**: wait 24 hours between your changes to the same name.',
        'Too many names in one message; skipped **a6** and **a7**.',
      ].join('\n'),
    );
    expect(points(refused, de)?.content).toBe(
      [
        '**tea** +1 → 1.234',
        'Dein eigenes Karma kannst du nicht ändern.',
        'Zu früh für **coffee**: Warte 24 Stunden zwischen deinen Änderungen am selben Namen.',
        'Zu viele Namen in einer Nachricht; übersprungen: **a6** und **a7**.',
      ].join('\n'),
    );
  });

  it('says nothing when announcements are off or there is nothing to say', () => {
    expect(points({ announce: false, changes: [{ subject: name('x'), delta: 1, total: 1 }] })).toBeNull();
    expect(points()).toBeNull();
  });

  it('escapes markdown in names so a name cannot restyle the reply', () => {
    expect(points({ changes: [{ subject: name('**bold**_x_'), delta: 1, total: 1 }] })?.content).toBe(
      '**\\*\\*bold\\*\\*\\_x\\_** +1 → 1',
    );
  });
});

describe('karma.leaderboard.listed', () => {
  const board = (entries: { rank: number; subject: KarmaSubject; total: number }[], voice = en) =>
    renderKarmaLeaderboardListed({ guildId, replyTo: interactionTarget, direction: 'top', entries }, voice);

  it('is an embed, ranked and numbered, in the reader’s language', () => {
    const entries = [
      { rank: 1, subject: name('pizza'), total: 1500 },
      { rank: 2, subject: member('200000000000000002'), total: 3 },
    ];
    expect(board(entries)).toEqual({
      embeds: [
        {
          color: 0x5865f2,
          title: 'Highest karma',
          description: '`1.` **pizza** — 1,500\n`2.` <@200000000000000002> — 3',
          footer: { text: '2 entries' },
          timestamp: now.toISOString(),
        },
      ],
      allowed_mentions: NoPings,
    });
    const german = board(entries, de).embeds?.[0];
    expect(german).toMatchObject({
      title: 'Höchstes Karma',
      description: '`1.` **pizza** — 1.500\n`2.` <@200000000000000002> — 3',
      footer: { text: '2 Einträge' },
    });
  });

  it('fits the embed whatever the names', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      rank: i + 1,
      subject: name(`${'long name '.repeat(25)}${i}`),
      total: 1000 - i,
    }));
    const description = board(entries).embeds?.[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description.startsWith('`1.` ')).toBe(true);
  });

  it('says so when the board is empty', () => {
    expect(board([]).embeds?.[0]?.description).toBe('Nobody has karma yet: thank someone with `name++`.');
    expect(board([], de).embeds?.[0]?.description).toBe(
      'Noch hat niemand Karma: Bedank dich bei jemandem mit `name++`.',
    );
  });
});

describe('the other karma results', () => {
  it('totals: an embed with one line per subject', () => {
    const out = renderKarmaTotalsListed(
      {
        guildId,
        replyTo: interactionTarget,
        entries: [
          { subject: name('pizza'), total: 3 },
          { subject: name('unknown'), total: 0 },
        ],
      },
      en,
    );
    expect(out.embeds?.[0]).toMatchObject({ title: 'Karma', description: '**pizza**: 3\n**unknown**: 0' });
  });

  it('announce on and off', () => {
    expect(renderKarmaAnnounceUpdated({ guildId, replyTo: interactionTarget, enabled: true }, en).content).toContain(
      '**on**',
    );
    expect(renderKarmaAnnounceUpdated({ guildId, replyTo: interactionTarget, enabled: false }, de).content).toBe(
      'Karma-Antworten sind **aus**: Karma zählt weiter, nur still.',
    );
  });

  it('history: numbered entries with past times read as past, reverted ones struck out, with how to undo', () => {
    const entries = [
      {
        id: '12',
        subject: name('pizza'),
        giverId: '200000000000000001',
        delta: 1,
        messageId: null,
        at: '2026-01-01T09:00:00.000Z',
        revertedAt: null,
      },
      {
        id: '11',
        subject: name('tea'),
        giverId: '200000000000000001',
        delta: -1,
        messageId: null,
        at: '2025-12-31T12:00:00.000Z',
        revertedAt: '2026-01-01T00:00:00.000Z',
      },
    ];
    const out = renderKarmaHistoryListed({ guildId, replyTo: interactionTarget, entries }, en).embeds?.[0];
    expect(out).toMatchObject({
      title: 'Recent karma changes',
      description: [
        '`#12` 3 hours ago: <@200000000000000001> gave **pizza** +1',
        '~~`#11` 24 hours ago: <@200000000000000001> gave **tea** -1~~ (reverted)',
      ].join('\n'),
      footer: { text: 'Undo one with /karma revert and its number.' },
    });
    const german = renderKarmaHistoryListed({ guildId, replyTo: interactionTarget, entries }, de).embeds?.[0];
    expect(german).toMatchObject({
      title: 'Letzte Karma-Änderungen',
      description: [
        '`#12` vor 3 Stunden: <@200000000000000001> gab **pizza** +1',
        '~~`#11` vor 24 Stunden: <@200000000000000001> gab **tea** -1~~ (zurückgenommen)',
      ].join('\n'),
      footer: { text: 'Nimm eine mit /karma zurücknehmen und ihrer Nummer zurück.' },
    });
    expect(
      renderKarmaHistoryListed({ guildId, replyTo: interactionTarget, entries: [] }, en).embeds?.[0]?.description,
    ).toBe('No karma changes to show.');
  });

  it('revert: the undone change and the new total', () => {
    const out = renderKarmaChangeReverted(
      { guildId, replyTo: interactionTarget, changeId: '12', subject: name('pizza'), delta: -1, total: 2 },
      en,
    );
    expect(out.content).toBe('Reverted change `#12`: **pizza** -1 → 2');
  });
});

describe('refusals', () => {
  const say = (reason: Refusal, locale: 'en' | 'de' = 'en') => refusalText(reason, { text: textFor(locale), now });

  it('word each code with its parameters, in English and German', () => {
    const cases: [Refusal, string, string][] = [
      [
        { code: 'permission.missing', permission: 'ManageGuild' },
        'You need the **Manage Server** permission for that.',
        'Dafür brauchst du die Berechtigung **Server verwalten**.',
      ],
      [
        { code: 'option.invalid', option: 'count', problem: { kind: 'range', min: 1, max: 25 } },
        '`count` must be from 1 to 25.',
        '`count` muss zwischen 1 und 25 liegen.',
      ],
      [
        { code: 'option.invalid', option: 'id', problem: { kind: 'range', min: 1, max: null } },
        '`id` must be at least 1.',
        '`id` muss mindestens 1 sein.',
      ],
      [
        { code: 'option.invalid', option: 'names', problem: { kind: 'missing' } },
        'Give a value for `names`.',
        'Gib einen Wert für `names` an.',
      ],
      [
        { code: 'option.invalid', option: 'action', problem: { kind: 'choice', choices: ['warn', 'timeout'] } },
        '`action` must be one of `warn` or `timeout`.',
        '`action` muss eines davon sein: `warn` oder `timeout`.',
      ],
      [
        { code: 'duration.too_long', option: 'duration', maxSeconds: 28 * 86_400 },
        'That is too long for `duration`: at most 28 days.',
        'Das ist zu lang für `duration`: höchstens 28 Tage.',
      ],
      [
        { code: 'duration.invalid', option: 'when', input: 'soon`ish' },
        "`soon'ish` is not a duration; write it like `10m`, `1h30m`, `7d` or `2w`.",
        "`soon'ish` ist keine Dauer; schreib sie wie `10m`, `1h30m`, `7d` oder `2w`.",
      ],
      [
        { code: 'role.dangerous', permissions: ['Administrator', 'BanMembers'] },
        'That role carries **Administrator** and **Ban Members**, too powerful for Guildhall to hand out.',
        'Diese Rolle hat **Administrator** und **Mitglieder bannen** – zu mächtig, als dass Guildhall sie vergeben dürfte.',
      ],
      [
        { code: 'karma.lookup.too_many', max: 10 },
        'Look up at most 10 names at once.',
        'Schlag höchstens 10 Namen auf einmal nach.',
      ],
      [
        { code: 'karma.revert.already', changeId: '14' },
        'Karma change #14 was already reverted.',
        'Die Karma-Änderung #14 wurde schon zurückgenommen.',
      ],
      [
        { code: 'command.unknown', command: 'karma', subcommand: 'sideways' },
        "Guildhall doesn't know `/karma sideways`. Its commands may have changed; try again in a minute.",
        'Guildhall kennt `/karma sideways` nicht. Die Befehle haben sich vielleicht geändert; versuch es in einer Minute noch einmal.',
      ],
    ];
    for (const [reason, english, german] of cases) {
      expect(say(reason)).toBe(english);
      expect(say(reason, 'de')).toBe(german);
    }
  });

  it('render a retired v1 refusal still in flight as its sentence', () => {
    const out = renderCommandRejectedV1({ guildId, replyTo: interactionTarget, code: 'invalid', message: 'Pick one.' });
    expect(out).toEqual({ content: 'Pick one.', allowed_mentions: NoPings });
  });
});

describe('renderResult', () => {
  it('pairs the message with the result’s reply target', () => {
    const event = envelope('karma.announce.updated', 1, { guildId, replyTo: interactionTarget, enabled: true });
    expect(renderResult(event, noCache)).toMatchObject([{ to: { kind: 'reply', target: interactionTarget } }]);
  });

  it('answers in the member’s language, else the guild’s, else English', () => {
    const board = (replyTo: ReplyTarget, preferredLocale?: string) => {
      const event = envelope('karma.leaderboard.listed', 1, {
        guildId,
        replyTo,
        direction: 'top' as const,
        entries: [],
      });
      const cache: RenderContext = {
        guild: () => ({ name: 'G', memberCount: 1, ...(preferredLocale && { preferredLocale }) }),
        now: () => now,
      };
      return renderResult(event, cache)[0]?.message.embeds?.[0]?.title;
    };
    expect(board({ ...interactionTarget, locale: 'de' }, 'en-US')).toBe('Höchstes Karma');
    expect(board({ ...interactionTarget, locale: 'fr', guildLocale: 'de' }, 'en-US')).toBe('Höchstes Karma');
    expect(board({ ...interactionTarget, locale: 'en-GB', guildLocale: 'de' })).toBe('Highest karma');
    expect(board(messageTarget, 'de')).toBe('Höchstes Karma');
    expect(board(messageTarget, 'pt-BR')).toBe('Highest karma');
    expect(board(interactionTarget)).toBe('Highest karma');
  });

  it('marks refusals private, in either version', () => {
    const v2: CommandRejected = envelope('command.request.rejected', 2, {
      guildId,
      replyTo: interactionTarget,
      reason: { code: 'karma.lookup.empty' },
    });
    const v1: CommandRejectedV1 = envelope('command.request.rejected', 1, {
      guildId,
      replyTo: interactionTarget,
      code: 'invalid',
      message: 'No.',
    });
    expect(renderResult(v2, noCache)).toMatchObject([{ private: true }]);
    expect(renderResult(v1, noCache)).toMatchObject([{ private: true, message: { content: 'No.' } }]);
    const answer = envelope('karma.announce.updated', 1, { guildId, replyTo: interactionTarget, enabled: true });
    expect(renderResult(answer, noCache)[0]?.private).toBeUndefined();
  });

  it('is silent when the renderer has nothing to say', () => {
    const event = envelope('karma.points.changed', 1, {
      guildId,
      giverId: '200000000000000001',
      replyTo: messageTarget,
      announce: false,
      changes: [],
      refused: [],
      cooldownSeconds: 60,
    });
    expect(renderResult(event, noCache)).toEqual([]);
  });
});

describe('audit-log reasons', () => {
  it('are worded in the guild’s language and fit Discord’s 512 characters', () => {
    expect(auditText({ code: 'levels.reward', level: 5 }, textFor('en'))).toBe('Reached level 5');
    expect(auditText({ code: 'levels.reward', level: 1000 }, textFor('de'))).toBe('Level 1.000 erreicht');
    expect(auditText({ code: 'welcome.autorole' }, textFor('de'))).toBe('Automatische Rolle zur Begrüßung');
  });
});

describe('duration, in the one voice', () => {
  it('reads like speech, the same everywhere', () => {
    expect(formatDuration('en', 1)).toBe('1 second');
    expect(formatDuration('en', 45)).toBe('45 seconds');
    expect(formatDuration('en', 60)).toBe('1 minute');
    expect(formatDuration('en', 5_400)).toBe('1 hour, 30 minutes');
    expect(formatDuration('en', 86_400)).toBe('24 hours');
    expect(formatDuration('en', 28 * 86_400)).toBe('28 days');
    expect(MaxContentLength).toBe(2000);
  });
});
