import {
  economyHistory,
  getEconomySettings,
  listShopItems,
  MaxBalance,
  putShopItem,
  removeShopItem,
  updateEconomySettings,
  type EconomySettings,
} from '@guildhall/db';
import { EconomyLimits, type economyCommand, type EconomySettingsUpdated, type OptionsFor } from '@guildhall/events';
import type { Answer, CommandContext } from '../../feature.ts';
import { namedUser } from '../../shared/commands/options.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import { rewardRoleRefusal } from '../../shared/permissions/permissions.ts';
import { currencyOf } from './currency.ts';

type Options<K extends keyof (typeof economyCommand)['subcommands']> = OptionsFor<typeof economyCommand, K>;

/** `/economy grant`: money out of thin air, within the largest balance. */
export async function grant(ctx: CommandContext, { member, amount }: Options<'grant'>): Answer {
  return adjust(ctx, 'grant', member, amount);
}

/** `/economy take`: money taken away, never below zero. */
export async function take(ctx: CommandContext, { member, amount }: Options<'take'>): Answer {
  return adjust(ctx, 'take', member, amount);
}

async function adjust(ctx: CommandContext, kind: 'grant' | 'take', memberId: string, amount: bigint): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const member = namedUser(ctx.event.payload, memberId);
  if (member.bot) return { code: 'economy.member.bot' };
  const accounts = await lockBalances(ctx, guildId, [member]);
  const currency = currencyOf(accounts.settings);
  const account = accounts.of(member.id);
  const balance = await accounts.change(member.id, kind === 'grant' ? amount : -amount, {
    reason: kind,
    counterpartyId: actor.id,
  });
  if (balance === null) {
    return kind === 'take'
      ? { code: 'economy.take.exceeds_balance', currency, memberId: member.id, balance: account.balance.toString() }
      : { code: 'economy.balance.full', memberId: member.id, max: MaxBalance.toString() };
  }
  ctx.emit('economy.balance.adjusted', {
    guildId,
    replyTo,
    currency,
    member: { id: member.id, displayName: account.displayName },
    admin: { id: actor.id, displayName: actor.displayName },
    kind,
    amount: amount.toString(),
    balance: balance.toString(),
  });
}

type SettingName = EconomySettingsUpdated['payload']['changed'][number];

/** `/economy settings`: shows the settings, or changes the ones given (blank text changes nothing). */
export async function settings(ctx: CommandContext, options: Options<'settings'>): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const changes: Partial<EconomySettings> = {};
  const changed: SettingName[] = [];
  const name = options.currency_name?.trim();
  if (name) {
    changes.currencyName = name;
    changed.push('currencyName');
  }
  const symbol = options.currency_symbol?.trim();
  if (symbol) {
    changes.currencySymbol = symbol;
    changed.push('currencySymbol');
  }
  if (options.earn_amount !== undefined) {
    changes.earnAmount = options.earn_amount;
    changed.push('earnAmount');
  }
  if (options.earn_cooldown !== undefined) {
    changes.earnCooldownSeconds = options.earn_cooldown;
    changed.push('earnCooldownSeconds');
  }
  if (options.daily_amount !== undefined) {
    changes.dailyAmount = options.daily_amount;
    changed.push('dailyAmount');
  }

  await updateEconomySettings(ctx.db, guildId, changes);
  ctx.settingsChanged(guildId);
  const current = await getEconomySettings(ctx.db, guildId);
  ctx.emit('economy.settings.updated', {
    guildId,
    replyTo,
    changed,
    settings: {
      currency: currencyOf(current),
      earnAmount: current.earnAmount.toString(),
      earnCooldownSeconds: current.earnCooldownSeconds,
      dailyAmount: current.dailyAmount.toString(),
    },
  });
}

/** `/economy history [member]`: the latest ledger rows, of the guild or one member. */
export async function history(ctx: CommandContext, { member }: Options<'history'>): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const only = member === undefined ? null : namedUser(ctx.event.payload, member);
  const current = await getEconomySettings(ctx.db, guildId);
  const rows = await economyHistory(ctx.db, guildId, only?.id ?? null, EconomyLimits.historyPage);
  ctx.emit('economy.history.listed', {
    guildId,
    replyTo,
    currency: currencyOf(current),
    member: only ? { id: only.id, displayName: only.displayName } : null,
    entries: rows.map((r) => ({
      id: r.id,
      member: { id: r.userId, displayName: r.displayName },
      delta: r.delta,
      balanceAfter: r.balanceAfter,
      reason: r.reason,
      counterpartyId: r.counterpartyId,
      at: r.createdAt.toISOString(),
    })),
  });
}

/**
 * `/economy shop-add`: puts a role up for sale, or changes its price. Members buy it without being moderators, so a
 * privileged role (managed, @everyone, at or above the bot's, carrying a dangerous permission) is refused, as is
 * one the admin could not give by hand; `/buy` checks the rule again, and the bot once more before adding the role.
 */
export async function shopAdd(ctx: CommandContext, { role, price, description }: Options<'shop-add'>): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const refused = rewardRoleRefusal(ctx.event.payload, role);
  if (refused) return refused;
  const items = await listShopItems(ctx.db, guildId, EconomyLimits.shopSize);
  if (items.length >= EconomyLimits.shopSize && !items.some((i) => i.roleId === role)) {
    return { code: 'economy.shop.full', max: EconomyLimits.shopSize };
  }
  const text = description?.trim() ?? '';
  await putShopItem(ctx.db, guildId, { roleId: role, price, description: text });
  const current = await getEconomySettings(ctx.db, guildId);
  ctx.emit('economy.shop.updated', {
    guildId,
    replyTo,
    currency: currencyOf(current),
    change: 'added',
    item: { roleId: role, price: price.toString(), description: text },
  });
}

/** `/economy shop-remove`: takes a role off sale. */
export async function shopRemove(ctx: CommandContext, { role }: Options<'shop-remove'>): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const removed = await removeShopItem(ctx.db, guildId, role);
  if (!removed) return { code: 'economy.shop.not_for_sale', roleId: role };
  const current = await getEconomySettings(ctx.db, guildId);
  ctx.emit('economy.shop.updated', {
    guildId,
    replyTo,
    currency: currencyOf(current),
    change: 'removed',
    item: { roleId: role, price: removed.price.toString(), description: removed.description },
  });
}
