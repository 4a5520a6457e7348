import {
  buyCommand,
  dailyCommand,
  shopCommand,
  type Currency,
  type EconomyBalanceAdjusted,
  type EconomyBalanceShown,
  type EconomyDailyClaimed,
  type EconomyHistoryListed,
  type EconomyLeaderboardListed,
  type EconomyPurchaseCompleted,
  type EconomyPurchaseRefunded,
  type EconomyPurchaseRefundedV1,
  type EconomySettingsUpdated,
  type EconomyShopListed,
  type EconomyShopUpdated,
  type EconomyTransferCompleted,
  type RefusalCode,
  type RefusalOf,
} from '@guildhall/events';
import { commandText } from '../i18n/commands.ts';
import { commandsIn, type Text } from '../i18n/index.ts';
import { embed, fitRows } from './embed.ts';
import { failureText } from './failures.ts';
import { body, embedBody, mention, quote, roleMention, type MessageBody } from './format.ts';
import { moreIn, type Voice } from './voice.ts';

/** An amount with the guild's currency, `🪙 **1,250** coins`, grouped the reader's way; the names are escaped. */
function money(text: Text, currency: Currency, amount: string | bigint): string {
  return text.m.economy.money({
    symbol: quote(currency.symbol, 16),
    amount: BigInt(amount),
    name: quote(currency.name, 32),
  });
}

/** A command's name as the reader's client shows it (`/buy`, `/kaufen`). */
function commandPath(text: Text, spec: typeof buyCommand | typeof dailyCommand | typeof shopCommand): string {
  return commandText(commandsIn(text.locale), spec, null).path;
}

/** The balance card: a member's balance, their place on the board and their daily streak. */
export function renderBalanceShown(p: EconomyBalanceShown['payload'], { text, now }: Voice): MessageBody {
  const e = text.m.economy;
  return embedBody(
    embed({
      kind: 'info',
      title: e.balanceTitle(),
      description: e.balanceHas({ member: mention(p.member.id), amount: money(text, p.currency, p.balance) }),
      fields: [
        { name: e.rank(), value: p.rank === null ? e.unranked() : e.rankValue({ rank: p.rank }), inline: true },
        { name: e.streak(), value: e.streakValue({ count: p.dailyStreak }), inline: true },
      ],
      timestamp: now,
    }),
  );
}

/** A completed `/give`, with both new balances. */
export function renderTransferCompleted(p: EconomyTransferCompleted['payload'], { text }: Voice): MessageBody {
  return body(
    text.m.economy.transferred({
      from: mention(p.from.id),
      to: mention(p.to.id),
      amount: money(text, p.currency, p.amount),
      fromBalance: money(text, p.currency, p.fromBalance),
      toBalance: money(text, p.currency, p.toBalance),
    }),
  );
}

/** A `/daily` claim: the reward, the streak and when the next one is due. */
export function renderDailyClaimed(p: EconomyDailyClaimed['payload'], { text, now }: Voice): MessageBody {
  return body(
    text.m.economy.dailyClaimed({
      member: mention(p.member.id),
      amount: money(text, p.currency, p.amount),
      streak: p.streak,
      balance: money(text, p.currency, p.balance),
      next: text.relative(p.nextClaimAt, now),
    }),
  );
}

/** The richest members, ranked and numbered. */
export function renderEconomyLeaderboard(p: EconomyLeaderboardListed['payload'], { text, now }: Voice): MessageBody {
  const e = text.m.economy;
  const rows = p.entries.map((entry) =>
    e.leaderboardRow({
      rank: entry.rank,
      member: mention(entry.member.id),
      amount: money(text, p.currency, entry.balance),
    }),
  );
  const empty = e.leaderboardEmpty({ currency: quote(p.currency.name, 32), command: commandPath(text, dailyCommand) });
  return embedBody(
    embed({
      kind: 'info',
      title: e.leaderboardTitle(),
      description: rows.length === 0 ? empty : fitRows(rows, moreIn(text)),
      ...(rows.length > 0 && { footer: e.leaderboardFooter({ count: rows.length }) }),
      timestamp: now,
    }),
  );
}

/** An admin's grant or take, with the member's new balance. */
export function renderBalanceAdjusted(p: EconomyBalanceAdjusted['payload'], { text }: Voice): MessageBody {
  const words = {
    admin: mention(p.admin.id),
    member: mention(p.member.id),
    amount: money(text, p.currency, p.amount),
    balance: money(text, p.currency, p.balance),
  };
  return body(p.kind === 'grant' ? text.m.economy.granted(words) : text.m.economy.took(words));
}

/** The economy settings after a change (or just shown). */
export function renderEconomySettings(p: EconomySettingsUpdated['payload'], { text }: Voice): MessageBody {
  const e = text.m.economy;
  const s = p.settings;
  const earning =
    s.earnAmount === '0'
      ? e.off()
      : e.earningValue({
          amount: money(text, s.currency, s.earnAmount),
          cooldown: text.duration(s.earnCooldownSeconds),
        });
  return embedBody(
    embed({
      kind: p.changed.length > 0 ? 'success' : 'info',
      title: e.settingsTitle({ changed: p.changed.length > 0 ? 'yes' : 'no' }),
      fields: [
        { name: e.currency(), value: `${quote(s.currency.symbol, 16)} ${quote(s.currency.name, 32)}`, inline: true },
        { name: e.earning(), value: earning, inline: true },
        {
          name: e.dailyReward(),
          value: s.dailyAmount === '0' ? e.off() : money(text, s.currency, s.dailyAmount),
          inline: true,
        },
      ],
    }),
  );
}

/** Recent ledger rows, newest first, each with its number, when, the change, why, and the balance after. */
export function renderEconomyHistory(p: EconomyHistoryListed['payload'], { text, now }: Voice): MessageBody {
  const e = text.m.economy;
  const rows = p.entries.map((entry) => {
    const words = {
      id: entry.id,
      when: text.relative(entry.at, now),
      delta: BigInt(entry.delta),
      reason: e.historyReason({ reason: entry.reason }),
      balance: BigInt(entry.balanceAfter),
    };
    return p.member ? e.historyRow(words) : e.historyRowOf({ ...words, member: mention(entry.member.id) });
  });
  const header = p.member ? [e.historyOf({ member: mention(p.member.id) })] : [];
  return embedBody(
    embed({
      kind: 'info',
      title: e.historyTitle(),
      description:
        rows.length === 0 ? [...header, e.historyEmpty()].join('\n') : fitRows([...header, ...rows], moreIn(text)),
      ...(rows.length > 0 && { footer: e.historyFooter({ currency: p.currency.name }) }),
      timestamp: now,
    }),
  );
}

/** The roles for sale, cheapest first, with how to buy one. */
export function renderShopListed(p: EconomyShopListed['payload'], { text }: Voice): MessageBody {
  const e = text.m.economy;
  const rows = p.items.map((item, i) => {
    const row = e.shopRow({ n: i + 1, role: roleMention(item.roleId), price: money(text, p.currency, item.price) });
    return item.description ? `${row} · *${quote(item.description, 100)}*` : row;
  });
  return embedBody(
    embed({
      kind: 'info',
      title: e.shopTitle(),
      description: rows.length === 0 ? e.shopEmpty() : fitRows(rows, moreIn(text)),
      ...(rows.length > 0 && { footer: e.shopFooter({ command: commandPath(text, buyCommand) }) }),
    }),
  );
}

/** A role put up for sale or taken off sale. */
export function renderShopUpdated(p: EconomyShopUpdated['payload'], { text }: Voice): MessageBody {
  const role = roleMention(p.item.roleId);
  return body(
    p.change === 'added'
      ? text.m.economy.shopAdded({ role, price: money(text, p.currency, p.item.price) })
      : text.m.economy.shopRemoved({ role }),
  );
}

/** A purchase whose role the bot added. */
export function renderPurchaseCompleted(p: EconomyPurchaseCompleted['payload'], { text }: Voice): MessageBody {
  return body(
    text.m.economy.bought({
      member: mention(p.member.id),
      role: roleMention(p.roleId),
      price: money(text, p.currency, p.price),
      balance: money(text, p.currency, p.balance),
    }),
  );
}

/**
 * A purchase whose role was not added: why (the bot's refusal of a role made privileged since it was listed, or
 * Discord's), and the refund. A v1 result still in flight carries Discord's English error, shown as it came.
 */
export function renderPurchaseRefunded(
  p: EconomyPurchaseRefunded['payload'] | EconomyPurchaseRefundedV1['payload'],
  { text }: Voice,
): MessageBody {
  return embedBody(
    embed({
      kind: 'refusal',
      title: text.m.economy.refundedTitle(),
      description: text.m.economy.refunded({
        member: mention(p.member.id),
        role: roleMention(p.roleId),
        why: 'failure' in p ? failureText(p.failure, text) : quote(p.error, 300),
        price: money(text, p.currency, p.price),
        balance: money(text, p.currency, p.balance),
      }),
    }),
  );
}

/** The economy's refusals, worded. */
export const economyRefusals: {
  [C in Extract<RefusalCode, `economy.${string}`>]: (r: RefusalOf<C>, text: Text, now: Date) => string;
} = {
  'economy.amount.format': (r, t) => {
    const e = t.m.economy;
    const say = { negative: e.amountNegative, decimal: e.amountDecimal, exponent: e.amountExponent, hex: e.amountHex };
    return (r.form === 'other' ? e.amountDigits : say[r.form])({ option: r.option });
  },
  'economy.amount.too_small': (r, t) => t.m.economy.amountTooSmall({ option: r.option, min: r.min }),
  'economy.amount.too_large': (r, t) => t.m.economy.amountTooLarge({ option: r.option, max: BigInt(r.max) }),
  'economy.funds.insufficient': (r, t) =>
    t.m.economy.fundsInsufficient({ balance: money(t, r.currency, r.balance), amount: money(t, r.currency, r.amount) }),
  'economy.take.exceeds_balance': (r, t) =>
    t.m.economy.takeExceedsBalance({ member: mention(r.memberId), balance: money(t, r.currency, r.balance) }),
  'economy.balance.full': (r, t) => t.m.economy.balanceFull({ member: mention(r.memberId), max: BigInt(r.max) }),
  'economy.give.self': (_, t) => t.m.economy.giveSelf(),
  'economy.member.bot': (_, t) => t.m.economy.memberBot(),
  'economy.daily.claimed': (r, t, now) => t.m.economy.dailyAlready({ when: t.relative(r.nextClaimAt, now) }),
  'economy.daily.off': (_, t) => t.m.economy.dailyOff(),
  'economy.shop.full': (r, t) => t.m.economy.shopFull({ max: r.max }),
  'economy.shop.not_for_sale': (r, t) =>
    t.m.economy.notForSale({ role: roleMention(r.roleId), command: commandPath(t, shopCommand) }),
  'economy.shop.owned': (r, t) => t.m.economy.owned({ role: roleMention(r.roleId) }),
};

/** The audit-log reason of a shop purchase (plain text: the audit log shows no markdown). */
export function auditBought(r: { price: string; currency: Currency }, text: Text): string {
  return text.m.economy.auditBought({ symbol: r.currency.symbol, price: BigInt(r.price), name: r.currency.name });
}
