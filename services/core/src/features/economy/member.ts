import {
  concurrently,
  balanceRank,
  economyLeaderboard,
  getAccount,
  getEconomySettings,
  MaxBalance,
} from '@guildhall/db';
import { currencyOf, money } from './currency.ts';
import { decideDaily, formatWait } from './daily.ts';
import { parseAmount } from './amount.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import {
  integerOption,
  invoker,
  memberOption,
  refuseLegacy,
  type CommandContext,
} from '../../shared/commands/legacy.ts';

/** Leaderboard sizes. */
export const EconomyLimits = { maxLeaderboard: 25, defaultLeaderboard: 10, historyPage: 15, shopSize: 25 };

/** `/balance [member]`: a balance, with the member's rank and daily streak. */
export async function handleBalance(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const target = memberOption(ctx, 'member') ?? { ...invoker(ctx), bot: false };
  if (target.bot) return refuseLegacy(ctx, 'invalid', "Bots don't have balances; pick a member.");
  const settings = await getEconomySettings(ctx.db, guildId);
  const account = await getAccount(ctx.db, guildId, target.id);
  const balance = account?.balance ?? 0n;
  ctx.emit('economy.balance.shown', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: { id: target.id, displayName: target.displayName },
    balance: balance.toString(),
    rank: balance > 0n ? await balanceRank(ctx.db, guildId, balance) : null,
    dailyStreak: account?.dailyStreak ?? 0,
  });
}

/**
 * `/give <member> <amount>`: moves money between two members atomically. Both accounts are locked in id order,
 * the sender's balance is checked under the lock, and both changes and their ledger rows commit together.
 */
export async function handleGive(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const from = invoker(ctx);
  const to = memberOption(ctx, 'member');
  if (!to) return refuseLegacy(ctx, 'invalid', 'Choose the member who gets the money.');
  if (to.id === from.id) return refuseLegacy(ctx, 'invalid', "You can't give money to yourself.");
  if (to.bot) return refuseLegacy(ctx, 'invalid', "Bots can't hold money; give it to a member.");
  const amount = parseAmount(ctx.event.payload.command.options['amount']);
  if (!amount.ok) return refuseLegacy(ctx, 'invalid', amount.message);

  const accounts = await lockBalances(ctx, guildId, [from, to]);
  const { settings } = accounts;
  const sender = accounts.of(from.id);
  const recipient = accounts.of(to.id);
  if (sender.balance < amount.value) {
    return refuseLegacy(
      ctx,
      'conflict',
      `You have ${money(settings, sender.balance)}, so you can't give ${money(settings, amount.value)}.`,
    );
  }
  if (recipient.balance > MaxBalance - amount.value) {
    return refuseLegacy(ctx, 'conflict', `${to.displayName} can't hold that much; give less.`);
  }
  // Both rows are locked: the two changes and their ledger rows share one round trip.
  const [fromBalance, toBalance] = await concurrently([
    () => accounts.change(from.id, -amount.value, { reason: 'transfer', counterpartyId: to.id }),
    () => accounts.change(to.id, amount.value, { reason: 'transfer', counterpartyId: from.id }),
  ]);
  // Checked under the locks just taken, so a failure here means the database broke its promise: roll back.
  if (fromBalance === null || toBalance === null) throw new Error('transfer failed under its own row locks');
  ctx.emit('economy.transfer.completed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    from: { id: from.id, displayName: sender.displayName },
    to: { id: to.id, displayName: recipient.displayName },
    amount: amount.value.toString(),
    fromBalance: fromBalance.toString(),
    toBalance: toBalance.toString(),
  });
}

/**
 * `/daily`: pays the daily reward once per rolling 24 h. The account row is locked before the last claim is
 * read, so of two concurrent claims the second waits, then sees the first and is refused.
 */
export async function handleDaily(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const member = invoker(ctx);
  const accounts = await lockBalances(ctx, guildId, [member]);
  const { settings, now } = accounts;
  if (settings.dailyAmount === 0n) return refuseLegacy(ctx, 'conflict', 'Daily rewards are turned off in this server.');
  const account = accounts.of(member.id);
  const decision = decideDaily({ at: account.dailyLastAt, streak: account.dailyStreak }, now);
  if (!decision.ok) {
    const wait = formatWait(decision.nextClaimAt.getTime() - now.getTime());
    return refuseLegacy(ctx, 'conflict', `You already claimed your daily reward; claim again in ${wait}.`);
  }
  const balance = await accounts.change(
    member.id,
    settings.dailyAmount,
    { reason: 'daily', counterpartyId: null },
    { daily: { at: now, streak: decision.streak } },
  );
  if (balance === null) return refuseLegacy(ctx, 'conflict', 'Your balance is at the maximum; spend some first.');
  ctx.emit('economy.daily.claimed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: { id: member.id, displayName: account.displayName },
    amount: settings.dailyAmount.toString(),
    balance: balance.toString(),
    streak: decision.streak,
    nextClaimAt: decision.nextClaimAt.toISOString(),
  });
}

/** `/leaderboard [count]`: the richest members. */
export async function handleLeaderboard(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const count = integerOption(ctx.event.payload.command.options, 'count', 1, EconomyLimits.maxLeaderboard);
  if (count === null) return refuseLegacy(ctx, 'invalid', `Pick a count from 1 to ${EconomyLimits.maxLeaderboard}.`);
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
