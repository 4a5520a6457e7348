import {
  economyHistory,
  getEconomySettings,
  listShopItems,
  putShopItem,
  removeShopItem,
  updateEconomySettings,
  type EconomySettings,
} from '@guildhall/db';
import type { EconomySettingsUpdated } from '@guildhall/events';
import { hasPermission } from '../../shared/permissions/permissions.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import { parseAmount } from './amount.ts';
import { currencyOf, money } from './currency.ts';
import { EconomyLimits } from './member.ts';
import {
  idOption,
  integerOption,
  invoker,
  memberOption,
  refuseLegacy,
  stringOption,
  type CommandContext,
} from '../../shared/commands/legacy.ts';

/** Longest earn cooldown an admin may set: a day. */
const maxEarnCooldownSeconds = 86_400;

/** `/economy grant|take|settings|history|shop-add|shop-remove`, for members with Manage Server. */
export async function handleEconomyAdmin(ctx: CommandContext): Promise<void> {
  if (!hasPermission(ctx.event.payload.actor, 'ManageGuild')) {
    return refuseLegacy(ctx, 'forbidden', 'Only members with **Manage Server** can manage the economy.');
  }
  switch (ctx.event.payload.command.subcommand) {
    case 'grant':
    case 'take':
      return adjust(ctx, ctx.event.payload.command.subcommand);
    case 'settings':
      return settings(ctx);
    case 'history':
      return history(ctx);
    case 'shop-add':
      return shopAdd(ctx);
    case 'shop-remove':
      return shopRemove(ctx);
    default:
      return refuseLegacy(
        ctx,
        'invalid',
        'Unknown `/economy` subcommand. Try `grant`, `take`, `settings`, `history`, `shop-add` or `shop-remove`.',
      );
  }
}

/** Grants money out of thin air, or takes it away (never below zero). */
async function adjust(ctx: CommandContext, kind: 'grant' | 'take'): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const member = memberOption(ctx, 'member');
  if (!member) return refuseLegacy(ctx, 'invalid', 'Choose a member.');
  if (member.bot) return refuseLegacy(ctx, 'invalid', "Bots can't hold money; choose a member.");
  const amount = parseAmount(ctx.event.payload.command.options['amount']);
  if (!amount.ok) return refuseLegacy(ctx, 'invalid', amount.message);
  const admin = invoker(ctx);
  const accounts = await lockBalances(ctx, guildId, [member]);
  const { settings } = accounts;
  const account = accounts.of(member.id);
  const balance = await accounts.change(member.id, kind === 'grant' ? amount.value : -amount.value, {
    reason: kind,
    counterpartyId: admin.id,
  });
  if (balance === null) {
    const problem =
      kind === 'take'
        ? `${account.displayName} has only ${money(settings, account.balance)}; take at most that.`
        : `${account.displayName} can't hold that much; grant less.`;
    return refuseLegacy(ctx, 'conflict', problem);
  }
  ctx.emit('economy.balance.adjusted', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: { id: member.id, displayName: account.displayName },
    admin,
    kind,
    amount: amount.value.toString(),
    balance: balance.toString(),
  });
}

type SettingName = EconomySettingsUpdated['payload']['changed'][number];

/** Shows the settings, or changes the ones given. */
async function settings(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const changes: Partial<EconomySettings> = {};
  const changed: SettingName[] = [];

  const name = stringOption(ctx.event.payload.command.options, 'currency_name');
  if (name !== undefined) {
    if ([...name].length > 32) return refuseLegacy(ctx, 'invalid', 'The currency name can be at most 32 characters.');
    changes.currencyName = name;
    changed.push('currencyName');
  }
  const symbol = stringOption(ctx.event.payload.command.options, 'currency_symbol');
  if (symbol !== undefined) {
    if ([...symbol].length > 16)
      return refuseLegacy(ctx, 'invalid', 'The currency symbol can be at most 16 characters.');
    changes.currencySymbol = symbol;
    changed.push('currencySymbol');
  }
  if (ctx.event.payload.command.options['earn_amount'] !== undefined) {
    const earn = parseAmount(ctx.event.payload.command.options['earn_amount'], {
      what: 'earn amount',
      allowZero: true,
    });
    if (!earn.ok) return refuseLegacy(ctx, 'invalid', earn.message);
    changes.earnAmount = earn.value;
    changed.push('earnAmount');
  }
  const cooldown = integerOption(ctx.event.payload.command.options, 'earn_cooldown', 0, maxEarnCooldownSeconds);
  if (cooldown === null) {
    return refuseLegacy(
      ctx,
      'invalid',
      `The earn cooldown is a number of seconds from 0 to ${maxEarnCooldownSeconds}.`,
    );
  }
  if (cooldown !== undefined) {
    changes.earnCooldownSeconds = cooldown;
    changed.push('earnCooldownSeconds');
  }
  if (ctx.event.payload.command.options['daily_amount'] !== undefined) {
    const daily = parseAmount(ctx.event.payload.command.options['daily_amount'], {
      what: 'daily amount',
      allowZero: true,
    });
    if (!daily.ok) return refuseLegacy(ctx, 'invalid', daily.message);
    changes.dailyAmount = daily.value;
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

/** The latest ledger rows, of the guild or one member. */
async function history(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const member = memberOption(ctx, 'member');
  const settings = await getEconomySettings(ctx.db, guildId);
  const rows = await economyHistory(ctx.db, guildId, member?.id ?? null, EconomyLimits.historyPage);
  ctx.emit('economy.history.listed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    member: member ? { id: member.id, displayName: member.displayName } : null,
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

/** Puts a role up for sale, or changes its price. */
async function shopAdd(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const roleId = idOption(ctx.event.payload.command.options, 'role');
  if (roleId === undefined) return refuseLegacy(ctx, 'invalid', 'Choose the role to sell.');
  if (roleId === guildId) return refuseLegacy(ctx, 'invalid', 'Everyone already has @everyone; choose another role.');
  const price = parseAmount(ctx.event.payload.command.options['price'], { what: 'price', allowZero: false });
  if (!price.ok) return refuseLegacy(ctx, 'invalid', price.message);
  const description = stringOption(ctx.event.payload.command.options, 'description') ?? '';
  if ([...description].length > 100)
    return refuseLegacy(ctx, 'invalid', 'The description can be at most 100 characters.');
  const items = await listShopItems(ctx.db, guildId, EconomyLimits.shopSize);
  if (items.length >= EconomyLimits.shopSize && !items.some((i) => i.roleId === roleId)) {
    return refuseLegacy(ctx, 'conflict', `The shop holds at most ${EconomyLimits.shopSize} roles; remove one first.`);
  }
  await putShopItem(ctx.db, guildId, { roleId, price: price.value, description });
  const settings = await getEconomySettings(ctx.db, guildId);
  ctx.emit('economy.shop.updated', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    change: 'added',
    item: { roleId, price: price.value.toString(), description },
  });
}

/** Takes a role off sale. */
async function shopRemove(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const roleId = idOption(ctx.event.payload.command.options, 'role');
  if (roleId === undefined) return refuseLegacy(ctx, 'invalid', 'Choose the role to take off sale.');
  const removed = await removeShopItem(ctx.db, guildId, roleId);
  if (!removed) return refuseLegacy(ctx, 'not_found', 'That role is not for sale; see `/shop`.');
  const settings = await getEconomySettings(ctx.db, guildId);
  ctx.emit('economy.shop.updated', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    change: 'removed',
    item: { roleId, price: removed.price.toString(), description: removed.description },
  });
}
