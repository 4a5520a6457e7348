import { envelope, type Refusal } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { auditText } from '../src/render/audit.ts';
import {
  renderBalanceAdjusted,
  renderBalanceShown,
  renderDailyClaimed,
  renderEconomyHistory,
  renderEconomyLeaderboard,
  renderEconomySettings,
  renderPurchaseCompleted,
  renderPurchaseRefunded,
  renderShopListed,
  renderShopUpdated,
  renderTransferCompleted,
} from '../src/render/economy.ts';
import { EmbedLimits } from '../src/render/embed.ts';
import { NoPings } from '../src/render/format.ts';
import { renderResult } from '../src/render/index.ts';
import { refusalText } from '../src/render/refusals.ts';

const guildId = '100000000000000001';
const replyTo = {
  kind: 'interaction',
  channelId: '100000000000000002',
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const now = new Date('2026-01-01T12:00:00.000Z');
const en = { text: textFor('en'), now };
const de = { text: textFor('de'), now };
const coins = { name: 'coins', symbol: '🪙' };
const alice = { id: '200000000000000001', displayName: 'Alice' };
const bob = { id: '200000000000000002', displayName: 'Bob @everyone' };
const vip = '300000000000000001';
const info = 0x5865f2;
const refusal = 0xed4245;

describe('the balance card', () => {
  const card = (over: { rank?: number | null; dailyStreak?: number } = {}, voice = en) =>
    renderBalanceShown(
      { guildId, replyTo, currency: coins, member: alice, balance: '1234567', rank: 2, dailyStreak: 3, ...over },
      voice,
    );

  it('is an embed: the balance grouped the reader’s way, rank and streak beside it, nobody pinged', () => {
    expect(card()).toEqual({
      embeds: [
        {
          color: info,
          title: 'Balance',
          description: '<@200000000000000001> has 🪙 **1,234,567** coins.',
          fields: [
            { name: 'Rank', value: '#2', inline: true },
            { name: 'Daily streak', value: '3 days', inline: true },
          ],
          timestamp: now.toISOString(),
        },
      ],
      allowed_mentions: NoPings,
    });
    expect(card({}, de).embeds?.[0]).toMatchObject({
      title: 'Kontostand',
      description: '<@200000000000000001> hat 🪙 **1.234.567** coins.',
      fields: [
        { name: 'Rang', value: '#2' },
        { name: 'Tägliche Serie', value: '3 Tage' },
      ],
    });
  });

  it('says when a member is not ranked and has no streak yet', () => {
    expect(card({ rank: null, dailyStreak: 0 }).embeds?.[0]?.fields).toEqual([
      { name: 'Rank', value: 'Not ranked yet', inline: true },
      { name: 'Daily streak', value: 'None yet', inline: true },
    ]);
    expect(card({ rank: null, dailyStreak: 1 }, de).embeds?.[0]?.fields).toEqual([
      { name: 'Rang', value: 'Noch ohne Rang', inline: true },
      { name: 'Tägliche Serie', value: '1 Tag', inline: true },
    ]);
  });

  it('escapes a currency name that would restyle the card', () => {
    const out = renderBalanceShown(
      {
        guildId,
        replyTo,
        currency: { name: '**gold**', symbol: '`$`' },
        member: alice,
        balance: '5',
        rank: 1,
        dailyStreak: 0,
      },
      en,
    );
    expect(out.embeds?.[0]?.description).toBe('<@200000000000000001> has \\`$\\` **5** \\*\\*gold\\*\\*.');
  });
});

describe('economy answers', () => {
  it('a transfer names both sides with their new balances', () => {
    const p = {
      guildId,
      replyTo,
      currency: coins,
      from: alice,
      to: bob,
      amount: '1500',
      fromBalance: '950',
      toBalance: '1600',
    };
    expect(renderTransferCompleted(p, en)).toEqual({
      content:
        '<@200000000000000001> gave 🪙 **1,500** coins to <@200000000000000002>.\n' +
        '<@200000000000000001> now has 🪙 **950** coins; <@200000000000000002> has 🪙 **1,600** coins.',
      allowed_mentions: NoPings,
    });
    expect(renderTransferCompleted(p, de).content).toBe(
      '<@200000000000000001> hat <@200000000000000002> 🪙 **1.500** coins gegeben.\n' +
        '<@200000000000000001> hat jetzt 🪙 **950** coins, <@200000000000000002> hat 🪙 **1.600** coins.',
    );
  });

  it('a daily claim says when the next one is due, relative to now', () => {
    const p = {
      guildId,
      replyTo,
      currency: coins,
      member: alice,
      amount: '100',
      balance: '1100',
      streak: 4,
      nextClaimAt: '2026-01-02T08:00:00.000Z',
    };
    expect(renderDailyClaimed(p, en).content).toBe(
      '<@200000000000000001> claimed 🪙 **100** coins (streak: 4).\nBalance: 🪙 **1,100** coins. Next claim in 20 hours.',
    );
    expect(renderDailyClaimed(p, de).content).toBe(
      '<@200000000000000001> hat 🪙 **100** coins abgeholt (Serie: 4).\nKontostand: 🪙 **1.100** coins. Nächste Abholung in 20 Stunden.',
    );
  });

  it('grants and takes name the admin, the member and the new balance', () => {
    const p = { guildId, replyTo, currency: coins, member: bob, admin: alice, amount: '250', balance: '1250' };
    expect(renderBalanceAdjusted({ ...p, kind: 'grant' }, en).content).toBe(
      '<@200000000000000001> granted 🪙 **250** coins to <@200000000000000002>. New balance: 🪙 **1,250** coins.',
    );
    expect(renderBalanceAdjusted({ ...p, kind: 'take' }, de).content).toBe(
      '<@200000000000000001> hat <@200000000000000002> 🪙 **250** coins abgezogen. Neuer Kontostand: 🪙 **1.250** coins.',
    );
  });

  it('the settings are a card; earning and the daily reward read “off” at 0', () => {
    const settings = { currency: coins, earnAmount: '2', earnCooldownSeconds: 90, dailyAmount: '1000' };
    expect(renderEconomySettings({ guildId, replyTo, changed: ['earnAmount'], settings }, en).embeds).toEqual([
      {
        color: 0x57f287,
        title: 'Economy settings updated',
        fields: [
          { name: 'Currency', value: '🪙 coins', inline: true },
          {
            name: 'Earning per message',
            value: '🪙 **2** coins, at most once every 1 minute, 30 seconds',
            inline: true,
          },
          { name: 'Daily reward', value: '🪙 **1,000** coins', inline: true },
        ],
      },
    ]);
    const off = { ...settings, earnAmount: '0', dailyAmount: '0' };
    expect(renderEconomySettings({ guildId, replyTo, changed: [], settings: off }, de).embeds?.[0]).toMatchObject({
      color: info,
      title: 'Wirtschaftseinstellungen',
      fields: [
        { name: 'Währung', value: '🪙 coins' },
        { name: 'Verdienst pro Nachricht', value: 'Aus' },
        { name: 'Tägliche Belohnung', value: 'Aus' },
      ],
    });
  });

  it('the shop confirms what went on and off sale', () => {
    const item = { roleId: vip, price: '500', description: '' };
    expect(renderShopUpdated({ guildId, replyTo, currency: coins, change: 'added', item }, en).content).toBe(
      '<@&300000000000000001> is for sale for 🪙 **500** coins.',
    );
    expect(renderShopUpdated({ guildId, replyTo, currency: coins, change: 'removed', item }, de).content).toBe(
      '<@&300000000000000001> ist nicht mehr zu kaufen.',
    );
  });
});

describe('the leaderboard', () => {
  const board = (entries: { rank: number; member: typeof alice; balance: string }[], voice = en) =>
    renderEconomyLeaderboard({ guildId, replyTo, currency: coins, entries }, voice);

  it('is an embed, ranked and numbered', () => {
    const out = board([
      { rank: 1, member: alice, balance: '1234567' },
      { rank: 2, member: bob, balance: '40' },
    ]);
    expect(out.embeds).toEqual([
      {
        color: info,
        title: 'Richest members',
        description:
          '`1.` <@200000000000000001> — 🪙 **1,234,567** coins\n`2.` <@200000000000000002> — 🪙 **40** coins',
        footer: { text: '2 members' },
        timestamp: now.toISOString(),
      },
    ]);
    expect(board([{ rank: 1, member: alice, balance: '1234567' }], de).embeds?.[0]).toMatchObject({
      title: 'Die reichsten Mitglieder',
      description: '`1.` <@200000000000000001> — 🪙 **1.234.567** coins',
      footer: { text: '1 Mitglied' },
    });
  });

  it('says how to get money when nobody has any, naming /daily as the reader’s client does', () => {
    expect(board([]).embeds?.[0]?.description).toBe('Nobody has any coins yet: chat, or claim /daily.');
    expect(board([], de).embeds?.[0]?.description).toBe(
      'Noch hat niemand coins: schreib im Chat oder hol dir /täglich.',
    );
  });

  it('fits the embed however long the names and amounts', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      rank: i + 1,
      member: { id: `2000000000000001${String(i).padStart(2, '0')}`, displayName: 'x'.repeat(100) },
      balance: '99999999999999999999',
    }));
    const out = renderEconomyLeaderboard(
      { guildId, replyTo, currency: { name: 'n'.repeat(32), symbol: 's'.repeat(16) }, entries },
      en,
    );
    expect(out.embeds?.[0]?.description?.length).toBeLessThanOrEqual(EmbedLimits.description);
    expect(out.embeds?.[0]?.description?.split('\n')).toHaveLength(25);
  });
});

describe('the ledger', () => {
  const entry = (id: string, delta: string, reason: 'purchase' | 'refund' | 'earn', at: string) => ({
    id,
    member: alice,
    delta,
    balanceAfter: '2000',
    reason,
    counterpartyId: null,
    at,
  });

  it('lists the guild’s changes newest first: number, when, who, the change, why, the balance after', () => {
    const out = renderEconomyHistory(
      {
        guildId,
        replyTo,
        currency: coins,
        member: null,
        entries: [
          entry('8', '200', 'refund', '2026-01-01T11:59:00.000Z'),
          entry('7', '-1500', 'purchase', '2026-01-01T10:00:00.000Z'),
        ],
      },
      en,
    );
    expect(out.embeds).toEqual([
      {
        color: info,
        title: 'Ledger',
        description:
          '`#8` 1 minute ago, <@200000000000000001>: +200 (refund) → 2,000\n' +
          '`#7` 2 hours ago, <@200000000000000001>: -1,500 (purchase) → 2,000',
        footer: { text: 'Amounts in coins, newest first.' },
        timestamp: now.toISOString(),
      },
    ]);
  });

  it('names the member when it is one member’s, in German too', () => {
    const out = renderEconomyHistory(
      {
        guildId,
        replyTo,
        currency: coins,
        member: alice,
        entries: [entry('3', '5', 'earn', '2026-01-01T11:00:00.000Z')],
      },
      de,
    );
    expect(out.embeds?.[0]).toMatchObject({
      title: 'Kontobuch',
      description: 'Kontobewegungen von <@200000000000000001>:\n`#3` vor 1 Stunde: +5 (Chat) → 2.000',
      footer: { text: 'Beträge in coins, die neuesten zuerst.' },
    });
  });

  it('says when there is nothing yet', () => {
    const out = renderEconomyHistory({ guildId, replyTo, currency: coins, member: null, entries: [] }, en);
    expect(out.embeds?.[0]).toEqual({
      color: info,
      title: 'Ledger',
      description: 'No balance changes yet.',
      timestamp: now.toISOString(),
    });
  });
});

describe('the shop', () => {
  it('lists the roles for sale with their prices and descriptions, and how to buy', () => {
    const items = [
      { roleId: vip, price: '200', description: 'Shiny *star*' },
      { roleId: '300000000000000002', price: '5000', description: '' },
    ];
    expect(renderShopListed({ guildId, replyTo, currency: coins, items }, en).embeds).toEqual([
      {
        color: info,
        title: 'Shop',
        description:
          '`1.` <@&300000000000000001> — 🪙 **200** coins · *Shiny \\*star\\**\n`2.` <@&300000000000000002> — 🪙 **5,000** coins',
        footer: { text: 'Buy one with /buy.' },
      },
    ]);
    expect(renderShopListed({ guildId, replyTo, currency: coins, items }, de).embeds?.[0]).toMatchObject({
      title: 'Shop',
      footer: { text: 'Kauf eine mit /kaufen.' },
    });
  });

  it('says when nothing is for sale', () => {
    expect(renderShopListed({ guildId, replyTo, currency: coins, items: [] }, de).embeds).toEqual([
      { color: info, title: 'Shop', description: 'Noch ist nichts zu kaufen.' },
    ]);
  });
});

describe('purchases', () => {
  const purchase = {
    guildId,
    replyTo,
    currency: coins,
    purchaseId: '1',
    member: alice,
    roleId: vip,
    price: '100',
    balance: '250',
  };

  it('a completed purchase names the role and the balance left', () => {
    expect(renderPurchaseCompleted(purchase, de).content).toBe(
      '<@200000000000000001> hat <@&300000000000000001> für 🪙 **100** coins gekauft. Kontostand: 🪙 **250** coins.',
    );
  });

  it('a refund says why, in the buyer’s language: a role the bot would not hand out, or Discord’s refusal', () => {
    const dangerous = renderPurchaseRefunded(
      { ...purchase, failure: { code: 'role.dangerous', permissions: ['BanMembers', 'ManageMessages'] } },
      en,
    );
    expect(dangerous).toEqual({
      embeds: [
        {
          color: refusal,
          title: 'Purchase refunded',
          description:
            "<@200000000000000001>, Guildhall couldn't give you <@&300000000000000001>: That role carries **Ban Members** and **Manage Messages**, too powerful for Guildhall to hand out.\n" +
            'Your 🪙 **100** coins went back to you. Balance: 🪙 **250** coins.',
        },
      ],
      allowed_mentions: NoPings,
    });
    const german = renderPurchaseRefunded({ ...purchase, failure: { code: 'role.above_bot' } }, de);
    expect(german.embeds?.[0]).toMatchObject({
      title: 'Kauf erstattet',
      description:
        '<@200000000000000001>, Guildhall konnte dir <@&300000000000000001> nicht geben: Diese Rolle steht nicht unter der höchsten Rolle von Guildhall; schieb die Rolle von Guildhall zuerst darüber.\n' +
        'Deine 🪙 **100** coins hast du zurück. Kontostand: 🪙 **250** coins.',
    });
    const discord = (discordCode: number, voice = en) =>
      renderPurchaseRefunded({ ...purchase, failure: { code: 'discord.rejected', status: 403, discordCode } }, voice)
        .embeds?.[0]?.description;
    expect(discord(50013)).toContain(': Guildhall is missing a permission for that, or its role is not high enough.\n');
    expect(discord(10011, de)).toContain(': Diese Rolle gibt es nicht mehr.\n');
    expect(discord(40001)).toContain(': Discord refused it (error 40001).\n');
  });

  it('a v1 refund still in flight shows Discord’s error as it came, escaped', () => {
    const out = renderPurchaseRefunded({ ...purchase, error: 'Missing **Permissions**' }, en);
    expect(out.embeds?.[0]?.description).toContain(': Missing \\*\\*Permissions\\*\\*\n');
  });

  it('the audit log says what the role was bought for, in the guild’s language, without markdown', () => {
    const reason = { code: 'economy.shop.bought', price: '1500', currency: coins } as const;
    expect(auditText(reason, textFor('en'))).toBe('Bought in the shop for 🪙 1,500 coins');
    expect(auditText(reason, textFor('de'))).toBe('Im Shop gekauft für 🪙 1.500 coins');
  });

  it('renders both versions of a refund as an answer to the purchase', () => {
    const v2 = envelope('economy.purchase.refunded', 2, { ...purchase, failure: { code: 'role.managed' as const } });
    const v1 = envelope('economy.purchase.refunded', 1, { ...purchase, error: 'Unknown Role' });
    const ctx = { guild: () => undefined, now: () => now };
    for (const event of [v2, v1])
      expect(renderResult(event, ctx)).toEqual([
        { to: { kind: 'reply', target: replyTo }, message: expect.anything() },
      ]);
  });
});

describe('economy refusals', () => {
  const say = (reason: Refusal, voice = en) => refusalText(reason, voice);

  it('word each code with its parameters, in English and German', () => {
    const cases: [Refusal, string, string][] = [
      [
        { code: 'economy.amount.format', option: 'amount', form: 'exponent' },
        'Write `amount` out in full digits, like `1000000000` rather than `1e9`.',
        'Schreib `amount` mit allen Ziffern aus, also `1000000000` statt `1e9`.',
      ],
      [
        { code: 'economy.amount.format', option: 'price', form: 'negative' },
        "`price` can't be negative; write a whole number like `250`.",
        '`price` kann nicht negativ sein; schreib eine ganze Zahl wie `250`.',
      ],
      [
        { code: 'economy.amount.format', option: 'amount', form: 'decimal' },
        '`amount` must be a whole number, without decimals or separators, like `250`.',
        '`amount` muss eine ganze Zahl sein, ohne Nachkommastellen oder Trennzeichen, z. B. `250`.',
      ],
      [
        { code: 'economy.amount.format', option: 'amount', form: 'hex' },
        'Write `amount` in ordinary decimal digits, like `250` (no `0x`).',
        'Schreib `amount` in gewöhnlichen Dezimalziffern, z. B. `250` (ohne `0x`).',
      ],
      [
        { code: 'economy.amount.format', option: 'earn_amount', form: 'other' },
        '`earn_amount` must be a whole number written with the digits 0-9, like `250`.',
        '`earn_amount` muss eine ganze Zahl aus den Ziffern 0-9 sein, z. B. `250`.',
      ],
      [
        { code: 'economy.amount.too_small', option: 'amount', min: 1 },
        '`amount` must be at least 1.',
        '`amount` muss mindestens 1 sein.',
      ],
      [
        { code: 'economy.amount.too_large', option: 'amount', max: '1000000000000000' },
        '`amount` can be at most 1,000,000,000,000,000.',
        '`amount` darf höchstens 1.000.000.000.000.000 sein.',
      ],
      [
        { code: 'economy.funds.insufficient', currency: coins, balance: '1000', amount: '1001' },
        'You have 🪙 **1,000** coins: not enough for 🪙 **1,001** coins.',
        'Du hast 🪙 **1.000** coins: zu wenig für 🪙 **1.001** coins.',
      ],
      [
        { code: 'economy.take.exceeds_balance', currency: coins, memberId: bob.id, balance: '40' },
        '<@200000000000000002> has only 🪙 **40** coins; take at most that.',
        '<@200000000000000002> hat nur 🪙 **40** coins; zieh höchstens so viel ab.',
      ],
      [
        { code: 'economy.balance.full', memberId: bob.id, max: '1000000000000000000' },
        "That would take <@200000000000000002>'s balance past the most Guildhall keeps (1,000,000,000,000,000,000); try less.",
        'Damit stiege der Kontostand von <@200000000000000002> über das Höchste, das Guildhall führt (1.000.000.000.000.000.000); versuch es mit weniger.',
      ],
      [{ code: 'economy.give.self' }, "You can't give money to yourself.", 'Dir selbst kannst du kein Geld geben.'],
      [
        { code: 'economy.member.bot' },
        "Bots don't have balances; choose a member.",
        'Bots haben keinen Kontostand; wähle ein Mitglied.',
      ],
      [
        { code: 'economy.daily.claimed', nextClaimAt: '2026-01-02T09:00:00.000Z' },
        'You already claimed your daily reward; claim again in 21 hours.',
        'Du hast deine tägliche Belohnung schon abgeholt; hol sie dir wieder in 21 Stunden.',
      ],
      [
        { code: 'economy.daily.off' },
        'Daily rewards are turned off in this server.',
        'Tägliche Belohnungen sind in diesem Server ausgeschaltet.',
      ],
      [
        { code: 'economy.shop.full', max: 25 },
        'The shop holds at most 25 roles; take one off sale first.',
        'Der Shop fasst höchstens 25 Rollen; nimm zuerst eine aus dem Verkauf.',
      ],
      [
        { code: 'economy.shop.not_for_sale', roleId: vip },
        '<@&300000000000000001> is not for sale; /shop lists the roles that are.',
        '<@&300000000000000001> ist nicht zu kaufen; /shop zeigt, welche Rollen es gibt.',
      ],
      [
        { code: 'economy.shop.owned', roleId: vip },
        'You already have <@&300000000000000001>.',
        'Du hast <@&300000000000000001> schon.',
      ],
    ];
    for (const [reason, english, german] of cases) {
      expect(say(reason)).toBe(english);
      expect(say(reason, de)).toBe(german);
    }
  });
});
