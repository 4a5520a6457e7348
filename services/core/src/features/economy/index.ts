import {
  balanceCommand,
  buyCommand,
  dailyCommand,
  economyCommand,
  giveCommand,
  leaderboardCommand,
  NoSubcommand,
  shopCommand,
} from '@guildhall/events';
import { command, defineFeature } from '../../feature.ts';
import { grant, history, settings, shopAdd, shopRemove, take } from './admin.ts';
import { handleEarnMessages } from './earn.ts';
import { balance, daily, give, leaderboard } from './member.ts';
import { buy, handleShopOutcome, shop, ShopActionPrefix } from './shop.ts';

/** The economy: earning per message, balances, /give, /daily, the leaderboard, the shop and its admin. */
export const economy = defineFeature({
  name: 'economy',
  commands: [
    command(balanceCommand, { [NoSubcommand]: balance }),
    command(giveCommand, { [NoSubcommand]: give }),
    command(dailyCommand, { [NoSubcommand]: daily }),
    command(leaderboardCommand, { [NoSubcommand]: leaderboard }),
    command(economyCommand, {
      grant: { requires: 'ManageGuild', run: grant },
      take: { requires: 'ManageGuild', run: take },
      settings: { requires: 'ManageGuild', run: settings },
      history: { requires: 'ManageGuild', run: history },
      'shop-add': { requires: 'ManageGuild', run: shopAdd },
      'shop-remove': { requires: 'ManageGuild', run: shopRemove },
    }),
    command(shopCommand, { [NoSubcommand]: shop }),
    command(buyCommand, { [NoSubcommand]: buy }),
  ],
  onMessages: handleEarnMessages,
  actions: { [ShopActionPrefix]: handleShopOutcome },
});
