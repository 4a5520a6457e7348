import {
  balanceRank,
  concurrently,
  economyLeaderboard,
  getAccount,
  getEconomySettings,
  MaxBalance,
} from '@guildhall/db';
import {
  EconomyLimits,
  type balanceCommand,
  type giveCommand,
  type leaderboardCommand,
  type NoSubcommand,
  type OptionsFor,
} from '@guildhall/events';
import type { Answer, CommandContext } from '../../feature.ts';
import { namedUser } from '../../shared/commands/options.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import { currencyOf } from './currency.ts';
import { decideDaily } from './daily.ts';

type Options<C extends typeof balanceCommand | typeof giveCommand | typeof leaderboardCommand> = OptionsFor<
  C,
  typeof NoSubcommand
>;

/** `/balance [member]`: a balance, with the member's rank and daily streak. */
export async function balance(ctx: CommandContext, { member }: Options<typeof balanceCommand>): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const target = member === undefined ? actor : namedUser(ctx.event.payload, member);
  if (target.bot) return { code: 'economy.member.bot' };
  const settings = await getEconomySettings(ctx.db, guildId);
  const account = await getAccount(ctx.db, guildId, target.id);
  const amount = account?.balance ?? 0n;
  ctx.emit('economy.balance.shown', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: { id: target.id, displayName: target.displayName },
    balance: amount.toString(),
    rank: amount > 0n ? await balanceRank(ctx.db, guildId, amount) : null,
    dailyStreak: account?.dailyStreak ?? 0,
  });
}

/**
 * `/give <member> <amount>`: moves money between two members atomically. Both accounts are locked in id order,
 * the sender's balance is checked under the lock, and both changes and their ledger rows commit together.
 */
export async function give(ctx: CommandContext, { member, amount }: Options<typeof giveCommand>): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const from = { id: actor.id, displayName: actor.displayName };
  const to = namedUser(ctx.event.payload, member);
  if (to.id === from.id) return { code: 'economy.give.self' };
  if (to.bot) return { code: 'economy.member.bot' };

  const accounts = await lockBalances(ctx, guildId, [from, to]);
  const currency = currencyOf(accounts.settings);
  const sender = accounts.of(from.id);
  const recipient = accounts.of(to.id);
  if (sender.balance < amount) {
    return {
      code: 'economy.funds.insufficient',
      currency,
      balance: sender.balance.toString(),
      amount: amount.toString(),
    };
  }
  if (recipient.balance > MaxBalance - amount) {
    return { code: 'economy.balance.full', memberId: to.id, max: MaxBalance.toString() };
  }
  // Both rows are locked: the two changes and their ledger rows share one round trip.
  const [fromBalance, toBalance] = await concurrently([
    () => accounts.change(from.id, -amount, { reason: 'transfer', counterpartyId: to.id }),
    () => accounts.change(to.id, amount, { reason: 'transfer', counterpartyId: from.id }),
  ]);
  // Checked under the locks just taken, so a failure here means the database broke its promise: roll back.
  if (fromBalance === null || toBalance === null) throw new Error('transfer failed under its own row locks');
  ctx.emit('economy.transfer.completed', {
    guildId,
    replyTo,
    currency,
    from: { id: from.id, displayName: sender.displayName },
    to: { id: to.id, displayName: recipient.displayName },
    amount: amount.toString(),
    fromBalance: fromBalance.toString(),
    toBalance: toBalance.toString(),
  });
}

/**
 * `/daily`: pays the daily reward once per rolling 24 h. The account row is locked before the last claim is
 * read, so of two concurrent claims the second waits, then sees the first and is refused.
 */
export async function daily(ctx: CommandContext): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const accounts = await lockBalances(ctx, guildId, [actor]);
  const { settings, now } = accounts;
  if (settings.dailyAmount === 0n) return { code: 'economy.daily.off' };
  const account = accounts.of(actor.id);
  const decision = decideDaily({ at: account.dailyLastAt, streak: account.dailyStreak }, now);
  if (!decision.ok) return { code: 'economy.daily.claimed', nextClaimAt: decision.nextClaimAt.toISOString() };
  const balance = await accounts.change(
    actor.id,
    settings.dailyAmount,
    { reason: 'daily', counterpartyId: null },
    { daily: { at: now, streak: decision.streak } },
  );
  if (balance === null) return { code: 'economy.balance.full', memberId: actor.id, max: MaxBalance.toString() };
  ctx.emit('economy.daily.claimed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: { id: actor.id, displayName: account.displayName },
    amount: settings.dailyAmount.toString(),
    balance: balance.toString(),
    streak: decision.streak,
    nextClaimAt: decision.nextClaimAt.toISOString(),
  });
}

/** `/leaderboard [count]`: the richest members. */
export async function leaderboard(ctx: CommandContext, { count }: Options<typeof leaderboardCommand>): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const settings = await getEconomySettings(ctx.db, guildId);
  const rows = await economyLeaderboard(ctx.db, guildId, count ?? EconomyLimits.defaultLeaderboard);
  ctx.emit('economy.leaderboard.listed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    entries: rows.map((r, i) => ({
      rank: i + 1,
      member: { id: r.userId, displayName: r.displayName },
      balance: r.balance.toString(),
    })),
  });
}
