import { envelope, type Refusal } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { NoPings } from '../src/render/format.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import {
  progressBar,
  renderLevelReached,
  renderLevelsLeaderboard,
  renderLevelsSettings,
  renderRankShown,
} from '../src/render/levels.ts';
import { refusalText } from '../src/render/refusals.ts';

const guildId = '100000000000000001';
const channelId = '100000000000000002';
const logChannelId = '100000000000000007';
const replyTo = {
  kind: 'interaction',
  channelId,
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const now = new Date('2026-01-01T12:00:00.000Z');
const en = { text: textFor('en'), now };
const de = { text: textFor('de'), now };
const alice = { id: '200000000000000001', displayName: 'Alice' };
const bob = { id: '200000000000000002', displayName: 'Bob' };
const role = '300000000000000001';
const info = 0x5865f2;
/** A guild whose preferred language is German. */
const german: RenderContext = {
  guild: () => ({ name: 'Gilde', memberCount: 3, preferredLocale: 'de' }),
  now: () => now,
};

describe('the rank card', () => {
  const card = (rank: number | null, voice = en) =>
    renderRankShown(
      {
        guildId,
        replyTo,
        member: alice,
        standing: { xp: 1234, level: 5, xpIntoLevel: 84, xpForNextLevel: 475 },
        rank,
      },
      voice,
    );

  it('is an embed: level, XP, place, and progress to the next level as a bar', () => {
    const out = renderRankShown(
      {
        guildId,
        replyTo,
        member: alice,
        standing: { xp: 1200, level: 4, xpIntoLevel: 430, xpForNextLevel: 475 },
        rank: 2,
      },
      en,
    );
    expect(out).toEqual({
      embeds: [
        {
          color: info,
          title: 'Rank card',
          description: '<@200000000000000001> is at level **4**.',
          fields: [
            { name: 'XP', value: '1,200 XP', inline: true },
            { name: 'Rank', value: '#2', inline: true },
            { name: 'Progress to level 5', value: '▰▰▰▰▰▰▰▰▰▱ 430 / 475 XP' },
          ],
          timestamp: now.toISOString(),
        },
      ],
      allowed_mentions: NoPings,
    });
  });

  it('in German, and without a rank before any XP', () => {
    expect(card(null, de).embeds?.[0]).toMatchObject({
      title: 'Rangkarte',
      description: '<@200000000000000001> ist auf Level **5**.',
      fields: [
        { name: 'XP', value: '1.234 XP' },
        { name: 'Rang', value: 'Noch ohne Rang' },
        { name: 'Fortschritt bis Level 6', value: '▰▱▱▱▱▱▱▱▱▱ 84 / 475 XP' },
      ],
    });
  });

  it('fills the bar by whole tenths, never past full', () => {
    expect(progressBar(0, 100)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(99, 100)).toBe('▰▰▰▰▰▰▰▰▰▱');
    expect(progressBar(100, 100)).toBe('▰▰▰▰▰▰▰▰▰▰');
    expect(progressBar(500, 100)).toBe('▰▰▰▰▰▰▰▰▰▰');
  });
});

describe('the levels leaderboard', () => {
  it('is an embed, ranked and numbered, in the reader’s language', () => {
    const entries = [
      { rank: 1, member: alice, level: 12, xp: 8500 },
      { rank: 2, member: bob, level: 1, xp: 120 },
    ];
    expect(renderLevelsLeaderboard({ guildId, replyTo, entries }, en).embeds).toEqual([
      {
        color: info,
        title: 'Top levels',
        description: '`1.` <@200000000000000001> — level 12 · 8,500 XP\n`2.` <@200000000000000002> — level 1 · 120 XP',
        footer: { text: '2 members' },
        timestamp: now.toISOString(),
      },
    ]);
    expect(renderLevelsLeaderboard({ guildId, replyTo, entries }, de).embeds?.[0]).toMatchObject({
      title: 'Die höchsten Level',
      description: '`1.` <@200000000000000001> — Level 12 · 8.500 XP\n`2.` <@200000000000000002> — Level 1 · 120 XP',
      footer: { text: '2 Mitglieder' },
    });
  });

  it('says how to earn XP when nobody has any', () => {
    expect(renderLevelsLeaderboard({ guildId, replyTo, entries: [] }, de).embeds?.[0]?.description).toBe(
      'Noch hat niemand XP: schreib im Chat, um welche zu sammeln.',
    );
  });
});

describe('level-ups', () => {
  const reached = (rolesAwarded: string[]) => ({
    guildId,
    member: alice,
    previousLevel: 4,
    level: 5,
    xp: 1200,
    announceTo: { kind: 'channel' as const, channelId },
    rolesAwarded,
  });

  it('announce the level and the reward roles, pinging nobody', () => {
    expect(renderLevelReached(reached([role]), en)).toEqual({
      content: '<@200000000000000001> reached level **5**!\nNew role: <@&300000000000000001>',
      allowed_mentions: NoPings,
    });
    expect(renderLevelReached(reached([role, '300000000000000002']), de).content).toBe(
      '<@200000000000000001> hat Level **5** erreicht!\nNeue Rollen: <@&300000000000000001> und <@&300000000000000002>',
    );
    expect(renderLevelReached(reached([]), en).content).toBe('<@200000000000000001> reached level **5**!');
  });

  it('are posted in the guild’s language, for the whole channel reads them', () => {
    const [out] = renderResult(envelope('levels.level.reached', 1, reached([])), german);
    expect(out?.to).toEqual({ kind: 'channel', channelId, tag: 'levelup' });
    expect(out?.message.content).toBe('<@200000000000000001> hat Level **5** erreicht!');
  });
});

describe('a reward the bot would not give', () => {
  const failed = (logChannel: string | null) =>
    envelope('levels.reward.failed', 1, {
      guildId,
      memberId: alice.id,
      level: 5,
      roleId: role,
      failure: { code: 'role.dangerous' as const, permissions: ['Administrator' as const] },
      logChannelId: logChannel,
    });

  it('is posted in the mod log, in the guild’s language, saying why', () => {
    const outs = renderResult(failed(logChannelId), german);
    expect(outs).toEqual([
      {
        to: { kind: 'channel', channelId: logChannelId, tag: 'modlog' },
        message: {
          embeds: [
            {
              color: 0xed4245,
              title: 'Levelbelohnung nicht vergeben',
              description:
                '<@200000000000000001> hat Level 5 erreicht, aber <@&300000000000000001> wurde nicht vergeben: Diese Rolle hat **Administrator** – zu mächtig, als dass Guildhall sie vergeben dürfte.',
              timestamp: now.toISOString(),
            },
          ],
          allowed_mentions: NoPings,
        },
      },
    ]);
    const [english] = renderResult(failed(logChannelId), { guild: () => undefined, now: () => now });
    expect(english?.message.embeds?.[0]).toMatchObject({
      title: 'Level reward not given',
      description:
        '<@200000000000000001> reached level 5, but <@&300000000000000001> was not added: That role carries **Administrator**, too powerful for Guildhall to hand out.',
    });
  });

  it('is not posted anywhere without a mod log', () => {
    expect(renderResult(failed(null), german)).toEqual([]);
  });
});

describe('the level settings', () => {
  const settings = {
    xpMin: 15,
    xpMax: 25,
    cooldownSeconds: 60,
    announce: true,
    announceChannelId: channelId,
    rewards: [
      { level: 10, roleId: '300000000000000002' },
      { level: 5, roleId: role },
    ],
  };

  it('are a card: XP range and cooldown, where level-ups are announced, rewards by level', () => {
    expect(renderLevelsSettings({ guildId, replyTo, changed: ['rewards'], settings }, en).embeds).toEqual([
      {
        color: 0x57f287,
        title: 'Level settings updated',
        fields: [
          { name: 'XP per message', value: '15–25, at most once every 1 minute', inline: true },
          { name: 'Level-up announcements', value: 'On, in <#100000000000000002>', inline: true },
          { name: 'Role rewards', value: 'Level 5: <@&300000000000000001>\nLevel 10: <@&300000000000000002>' },
        ],
      },
    ]);
    const off = { ...settings, announce: false, announceChannelId: null, rewards: [] };
    expect(renderLevelsSettings({ guildId, replyTo, changed: [], settings: off }, de).embeds?.[0]).toMatchObject({
      color: info,
      title: 'Level-Einstellungen',
      fields: [
        { name: 'XP pro Nachricht', value: '15–25, höchstens einmal alle 1 Minute' },
        { name: 'Level-Aufstiege ankündigen', value: 'Aus' },
        { name: 'Rollenbelohnungen', value: 'Keine' },
      ],
    });
  });

  it('keep a hundred rewards within a field', () => {
    const rewards = Array.from({ length: 100 }, (_, i) => ({
      level: i + 1,
      roleId: `3000000000000001${String(i).padStart(2, '0')}`,
    }));
    const out = renderLevelsSettings({ guildId, replyTo, changed: [], settings: { ...settings, rewards } }, en);
    const value = out.embeds?.[0]?.fields?.[2]?.value ?? '';
    expect(value.length).toBeLessThanOrEqual(1024);
    expect(value).toMatch(/…and \d+ more$/);
  });
});

describe('levels refusals', () => {
  it('word each code with its parameters, in English and German', () => {
    const cases: [Refusal, string, string][] = [
      [
        { code: 'levels.xp.range', min: 50, max: 10 },
        "The least XP per message (50) can't be more than the most (10).",
        'Die Mindest-XP pro Nachricht (50) können nicht über den Höchst-XP (10) liegen.',
      ],
      [
        { code: 'levels.xp.nothing' },
        'Give `min`, `max` or `cooldown` to change.',
        'Gib `min`, `max` oder `cooldown` an, um etwas zu ändern.',
      ],
      [
        { code: 'levels.rewards.full', max: 100 },
        'A server can have at most 100 level rewards.',
        'Ein Server kann höchstens 100 Levelbelohnungen haben.',
      ],
      [
        { code: 'levels.reward.not_found', level: 7 },
        'There is no role reward at level 7.',
        'Auf Level 7 gibt es keine Rollenbelohnung.',
      ],
      [
        { code: 'levels.member.bot' },
        "Bots don't earn XP; choose a member.",
        'Bots sammeln keine XP; wähle ein Mitglied.',
      ],
    ];
    for (const [reason, english, germanText] of cases) {
      expect(refusalText(reason, en)).toBe(english);
      expect(refusalText(reason, de)).toBe(germanText);
    }
  });
});
