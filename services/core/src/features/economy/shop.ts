import {
  createPurchase,
  getAccount,
  getEconomySettings,
  getShopItem,
  listShopItems,
  lockEconomy,
  settlePurchase,
} from '@guildhall/db';
import { ReplyTarget, type ActionCompleted } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import { currencyOf, money } from './currency.ts';
import { EconomyLimits } from './member.ts';
import { idOption, invoker, refuseLegacy, type CommandContext } from '../../shared/commands/legacy.ts';

/** The actionId prefix of shop role adds: `shop:<purchase id>`. */
export const ShopActionPrefix = 'shop';

/** `/shop`: the roles for sale. */
export async function handleShop(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const settings = await getEconomySettings(ctx.db, guildId);
  const items = await listShopItems(ctx.db, guildId, EconomyLimits.shopSize);
  ctx.emit('economy.shop.listed', {
    guildId,
    replyTo,
    currency: currencyOf(settings),
    items: items.map((i) => ({ roleId: i.roleId, price: i.price.toString(), description: i.description })),
  });
}

/**
 * `/buy <role>`: debits the price and asks the bot to add the role. The member hears back when the bot reports:
 * economy.purchase.completed, or economy.purchase.refunded with the money returned.
 */
export async function handleBuy(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const roleId = idOption(ctx.event.payload.command.options, 'role');
  if (roleId === undefined) return refuseLegacy(ctx, 'invalid', 'Choose the role to buy; `/shop` lists them.');
  const item = await getShopItem(ctx.db, guildId, roleId);
  if (!item) return refuseLegacy(ctx, 'not_found', 'That role is not for sale; `/shop` lists the ones that are.');
  if (actor.roleIds.includes(roleId)) return refuseLegacy(ctx, 'conflict', 'You already have that role.');

  const member = invoker(ctx);
  const accounts = await lockBalances(ctx, guildId, [member]);
  const { settings } = accounts;
  const account = accounts.of(member.id);
  const balance = await accounts.change(member.id, -item.price, { reason: 'purchase', counterpartyId: roleId });
  if (balance === null) {
    return refuseLegacy(
      ctx,
      'conflict',
      `That role costs ${money(settings, item.price)} and you have ${money(settings, account.balance)}.`,
    );
  }
  const purchaseId = await createPurchase(ctx.db, {
    guildId,
    userId: member.id,
    roleId,
    price: item.price,
    replyTo: JSON.stringify(replyTo),
    eventId: ctx.event.id,
  });
  ctx.emit('discord.action.requested', {
    guildId,
    actionId: `${ShopActionPrefix}:${purchaseId}`,
    action: {
      kind: 'role.add',
      userId: member.id,
      roleId,
      reason: `Bought in the shop for ${item.price.toString()} ${settings.currencyName}`.slice(0, 512),
    },
    replyTo: null,
  });
}

/**
 * The bot's report on a shop role add: success settles the purchase, failure refunds it (a ledger row) and tells
 * the member where they bought it. A purchase settles once, so a repeated report changes nothing.
 */
export async function handleShopOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const { actionId, ok, error } = ctx.event.payload;
  const purchaseId = actionId.slice(ShopActionPrefix.length + 1);
  if (!/^\d{1,20}$/.test(purchaseId)) {
    ctx.log.warn({ actionId }, 'shop outcome with a malformed purchase id; ignored');
    return;
  }
  const { guildId } = ctx.event.payload;
  // A refund changes a balance, so the guild's economy lock comes first, as everywhere (see lockEconomy).
  if (!ok) await lockEconomy(ctx.db, guildId);
  const purchase = await settlePurchase(ctx.db, guildId, purchaseId, ok ? 'done' : 'refunded');
  if (!purchase) {
    ctx.log.info({ actionId }, 'shop outcome for no pending purchase (unknown or already settled); ignored');
    return;
  }
  const replyTo = ReplyTarget.parse(JSON.parse(purchase.replyTo));
  const price = purchase.price;
  const common = { guildId, replyTo, purchaseId, roleId: purchase.roleId };

  if (ok) {
    const settings = await getEconomySettings(ctx.db, guildId);
    const account = await getAccount(ctx.db, guildId, purchase.userId);
    ctx.emit('economy.purchase.completed', {
      ...common,
      currency: currencyOf(settings),
      member: { id: purchase.userId, displayName: account?.displayName ?? purchase.userId },
      price: price.toString(),
      balance: (account?.balance ?? 0n).toString(),
    });
    return;
  }
  const accounts = await lockBalances(ctx, guildId, [{ id: purchase.userId, displayName: purchase.userId }]);
  const { settings } = accounts;
  const account = accounts.of(purchase.userId);
  const balance = await accounts.change(
    purchase.userId,
    price,
    { reason: 'refund', counterpartyId: purchase.roleId },
    { uncapped: true },
  );
  if (balance === null) throw new Error(`refund of purchase ${purchaseId} failed under its own row lock`);
  ctx.emit('economy.purchase.refunded', {
    ...common,
    currency: currencyOf(settings),
    member: { id: purchase.userId, displayName: account.displayName },
    price: price.toString(),
    balance: balance.toString(),
    error: (error?.message ?? 'Discord did not say why.').slice(0, 1000),
  });
}
