import type { ActionCompleted, CommandInvoked } from '@guildhall/events';
import type { HandlerContext } from '../context.ts';
import { handleEconomyAdmin } from './admin.ts';
import { handleBalance, handleDaily, handleGive, handleLeaderboard } from './member.ts';
import { handleBuy, handleShop, handleShopOutcome, ShopActionPrefix } from './shop.ts';

/** The economy's slash commands, by name. */
export const economyCommandHandlers: Record<string, (ctx: HandlerContext<CommandInvoked>) => Promise<void>> = {
  balance: handleBalance,
  give: handleGive,
  daily: handleDaily,
  leaderboard: handleLeaderboard,
  economy: handleEconomyAdmin,
  shop: handleShop,
  buy: handleBuy,
};

/** Outcomes of the economy's Discord actions, by actionId prefix. */
export const economyActionHandlers: Record<string, (ctx: HandlerContext<ActionCompleted>) => Promise<void>> = {
  [ShopActionPrefix]: handleShopOutcome,
};
