import {
  balanceCommand,
  buyCommand,
  dailyCommand,
  economyCommand,
  giveCommand,
  leaderboardCommand,
  shopCommand,
} from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleEconomyAdmin } from './admin.ts';
import { handleEarnMessages } from './earn.ts';
import { handleBalance, handleDaily, handleGive, handleLeaderboard } from './member.ts';
import { handleBuy, handleShop, handleShopOutcome, ShopActionPrefix } from './shop.ts';

/** The economy: earning per message, balances, /give, /daily, the leaderboard, the shop and its admin. */
export const economy = defineFeature({
  name: 'economy',
  commands: [
    legacyCommand(balanceCommand, handleBalance),
    legacyCommand(giveCommand, handleGive),
    legacyCommand(dailyCommand, handleDaily),
    legacyCommand(leaderboardCommand, handleLeaderboard),
    legacyCommand(economyCommand, handleEconomyAdmin),
    legacyCommand(shopCommand, handleShop),
    legacyCommand(buyCommand, handleBuy),
  ],
  onMessages: handleEarnMessages,
  actions: { [ShopActionPrefix]: handleShopOutcome },
});
