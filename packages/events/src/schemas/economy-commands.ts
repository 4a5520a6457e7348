import { defineCommand, option } from '../command-kit.ts';

// An amount is a String, not an Integer: Discord's integers stop at 2^53 and accept forms like 1e9; core parses it
// strictly.
const amount = (description: string) => option.string({ description, required: true, max_length: 30 });
const member = (description: string) => option.user({ description, required: true });
const count = option.integer({ description: 'How many (1-25)', min_value: 1, max_value: 25 });

/** `/balance [member]` */
export const balanceCommand = defineCommand('balance', {
  description: "Show your balance or another member's",
  privacy: 'private',
  options: { member: option.user({ description: 'Whose balance (default: yours)' }) },
});

/** `/give <member> <amount>` */
export const giveCommand = defineCommand('give', {
  description: 'Give some of your money to another member',
  privacy: 'public',
  options: { member: member('Who gets the money'), amount: amount('How much, in whole units, e.g. 250') },
});

/** `/daily` */
export const dailyCommand = defineCommand('daily', {
  description: 'Claim your daily reward (every 24 hours; claim within 48 hours to keep your streak)',
  privacy: 'public',
});

/** `/leaderboard [count]` */
export const leaderboardCommand = defineCommand('leaderboard', {
  description: 'The richest members of this server',
  privacy: 'public',
  options: { count },
});

/** `/economy grant|take|settings|history|shop-add|shop-remove` (Manage Server) */
export const economyCommand = defineCommand('economy', {
  description: 'Manage the server economy (Manage Server)',
  defaultPermission: 'ManageGuild',
  subcommands: {
    grant: {
      description: 'Give a member money out of thin air',
      privacy: 'private',
      options: { member: member('Who gets the money'), amount: amount('How much, e.g. 1000') },
    },
    take: {
      description: "Take money from a member's balance",
      privacy: 'private',
      options: { member: member('Whose money'), amount: amount('How much, e.g. 1000') },
    },
    settings: {
      description: 'Show or change the currency, earn rate and daily reward',
      privacy: 'private',
      options: {
        currency_name: option.string({ description: 'e.g. coins', min_length: 1, max_length: 32 }),
        currency_symbol: option.string({ description: 'e.g. 🪙', min_length: 1, max_length: 16 }),
        earn_amount: option.string({ description: 'Paid per message (0 turns earning off)', max_length: 30 }),
        earn_cooldown: option.integer({
          description: 'Seconds between paid messages per member',
          min_value: 0,
          max_value: 86_400,
        }),
        daily_amount: option.string({ description: 'Paid by /daily', max_length: 30 }),
      },
    },
    history: {
      description: 'Recent balance changes (the ledger)',
      privacy: 'private',
      options: { member: option.user({ description: 'Only this member' }) },
    },
    'shop-add': {
      description: 'Put a role up for sale, or change its price',
      privacy: 'private',
      options: {
        role: option.role({ description: 'The role to sell', required: true }),
        price: option.string({ description: 'Price, e.g. 500', required: true, max_length: 30 }),
        description: option.string({ description: 'Shown in /shop', max_length: 100 }),
      },
    },
    'shop-remove': {
      description: 'Take a role off sale',
      privacy: 'private',
      options: { role: option.role({ description: 'The role', required: true }) },
    },
  },
});

/** `/shop` */
export const shopCommand = defineCommand('shop', { description: 'Roles for sale in this server', privacy: 'public' });

/** `/buy <role>` */
export const buyCommand = defineCommand('buy', {
  description: 'Buy a role from the shop',
  privacy: 'public',
  options: { role: option.role({ description: 'The role to buy (see /shop)', required: true }) },
});

/** The economy's commands. */
export const economyCommands = [
  balanceCommand,
  giveCommand,
  dailyCommand,
  leaderboardCommand,
  economyCommand,
  shopCommand,
  buyCommand,
] as const;
