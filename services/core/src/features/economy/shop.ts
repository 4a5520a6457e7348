import {
  createPurchase,
  getAccount,
  getEconomySettings,
  getShopItem,
  listShopItems,
  lockEconomy,
  settlePurchase,
} from '@guildhall/db';
import {
  EconomyLimits,
  failureOf,
  ReplyTarget,
  type ActionCompleted,
  type buyCommand,
  type NoSubcommand,
  type OptionsFor,
} from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import type { Answer, CommandContext } from '../../feature.ts';
import { lockBalances } from '../../shared/money/balances.ts';
import { privilegedRoleOf } from '../../shared/permissions/permissions.ts';
import { currencyOf } from './currency.ts';

/** The actionId prefix of shop role adds: `shop:<purchase id>`. */
export const ShopActionPrefix = 'shop';

/** `/shop`: the roles for sale. */
export async function shop(ctx: CommandContext): Answer {
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
 * `/buy <role>`: debits the price and asks the bot to add the role. The role is checked against the privileged-role
 * rule again as the interaction resolved it now (it may have been edited since it was listed), and the bot checks it
 * once more right before adding it (refuseIfPrivileged). The member hears back when the bot reports:
 * economy.purchase.completed, or economy.purchase.refunded with the money returned and why.
 */
export async function buy(ctx: CommandContext, { role }: OptionsFor<typeof buyCommand, typeof NoSubcommand>): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const item = await getShopItem(ctx.db, guildId, role);
  if (!item) return { code: 'economy.shop.not_for_sale', roleId: role };
  if (actor.roleIds.includes(role)) return { code: 'economy.shop.owned', roleId: role };
  const privileged = privilegedRoleOf(ctx.event.payload, role);
  if (privileged) return privileged;

  const accounts = await lockBalances(ctx, guildId, [actor]);
  const currency = currencyOf(accounts.settings);
  const account = accounts.of(actor.id);
  const balance = await accounts.change(actor.id, -item.price, { reason: 'purchase', counterpartyId: role });
  if (balance === null) {
    return {
      code: 'economy.funds.insufficient',
      currency,
      balance: account.balance.toString(),
      amount: item.price.toString(),
    };
  }
  const purchaseId = await createPurchase(ctx.db, {
    guildId,
    userId: actor.id,
    roleId: role,
    price: item.price,
    replyTo: JSON.stringify(replyTo),
    eventId: ctx.event.id,
  });
  ctx.emit('discord.action.requested', {
    guildId,
    actionId: `${ShopActionPrefix}:${purchaseId}`,
    action: {
      kind: 'role.add',
      userId: actor.id,
      roleId: role,
      reason: '',
      audit: { code: 'economy.shop.bought', price: item.price.toString(), currency },
      refuseIfPrivileged: true,
    },
    replyTo: null,
  });
}

/**
 * The bot's report on a shop role add: success settles the purchase, failure refunds it (a ledger row) and tells
 * the member where they bought it, and why (the bot's refusal of a privileged role, or Discord's). A purchase settles
 * once, so a repeated report changes nothing.
 */
export async function handleShopOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const { actionId, ok } = ctx.event.payload;
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
    currency: currencyOf(accounts.settings),
    member: { id: purchase.userId, displayName: account.displayName },
    price: price.toString(),
    balance: balance.toString(),
    failure: failureOf(ctx.event.payload),
  });
}
