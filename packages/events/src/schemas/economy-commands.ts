import { z } from 'zod';
import { defineCommand, option } from '../command-kit.ts';
import type { economyRefusals } from './economy.ts';

/** Bounds on what one economy command may ask for (the options below and core's rules share them). */
export const EconomyLimits = { maxLeaderboard: 25, defaultLeaderboard: 10, historyPage: 15, shopSize: 25 };

/** Largest amount one command may move: 10^15 (a million billion), far below the largest balance (10^18). */
export const MaxAmount = 10n ** 15n;

type AmountRefusal = Extract<z.infer<(typeof economyRefusals)[number]>, { code: `economy.amount.${string}` }>;

/**
 * Parses a whole number of currency units written with the digits 0-9 only (surrounding spaces ignored), from `min`
 * to MaxAmount; anything else is the refusal that says what is wrong, naming `option`. Amounts are strings, not
 * Discord Integers: those stop at 2^53, and a JavaScript number accepts `1e9`, `0x10` and `1.5`.
 */
export function parseAmount(raw: string, option: string, min: 0 | 1 = 1): bigint | AmountRefusal {
  const text = raw.trim();
  if (!/^[0-9]+$/.test(text)) return { code: 'economy.amount.format', option, form: formOf(text) };
  const digits = text.replace(/^0+(?=\d)/, '');
  // Compared by length first, so a thousand-digit string is refused without building a huge BigInt.
  if (digits.length > String(MaxAmount).length || BigInt(digits) > MaxAmount) {
    return { code: 'economy.amount.too_large', option, max: String(MaxAmount) };
  }
  const value = BigInt(digits);
  return value < BigInt(min) ? { code: 'economy.amount.too_small', option, min } : value;
}

function formOf(text: string): Extract<AmountRefusal, { code: 'economy.amount.format' }>['form'] {
  if (/^[-−]\s*[0-9]/.test(text)) return 'negative';
  if (/^0x/i.test(text)) return 'hex';
  if (/^[0-9.]+e[+-]?[0-9]+$/i.test(text)) return 'exponent';
  if (/^[0-9]*[.,][0-9]/.test(text)) return 'decimal';
  return 'other';
}

/** The schema of an amount option named `name`: its text parsed by parseAmount, a refusal raised as its issue. */
function amountSchema(name: string, min: 0 | 1) {
  return z.string().transform((raw, ctx) => {
    const parsed = parseAmount(raw, name, min);
    if (typeof parsed === 'bigint') return parsed;
    ctx.addIssue({ code: 'custom', params: { refusal: parsed } });
    return z.NEVER;
  });
}

/** A required amount option (at least 1). */
const amount = (name: string, description: string) =>
  option.parsed({ description, required: true, max_length: 30, parse: amountSchema(name, 1) });
/** An optional setting that is an amount, where 0 turns something off. */
const amountSetting = (name: string, description: string) =>
  option.parsed({ description, max_length: 30, parse: amountSchema(name, 0) });
const member = (description: string) => option.user({ description, required: true });
const count = option.integer({
  description: `How many (1-${EconomyLimits.maxLeaderboard})`,
  min_value: 1,
  max_value: EconomyLimits.maxLeaderboard,
});

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
  options: { member: member('Who gets the money'), amount: amount('amount', 'How much, in whole units, e.g. 250') },
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
      options: { member: member('Who gets the money'), amount: amount('amount', 'How much, e.g. 1000') },
    },
    take: {
      description: "Take money from a member's balance",
      privacy: 'private',
      options: { member: member('Whose money'), amount: amount('amount', 'How much, e.g. 1000') },
    },
    settings: {
      description: 'Show or change the currency, earn rate and daily reward',
      privacy: 'private',
      options: {
        currency_name: option.string({ description: 'e.g. coins', min_length: 1, max_length: 32 }),
        currency_symbol: option.string({ description: 'e.g. 🪙', min_length: 1, max_length: 16 }),
        earn_amount: amountSetting('earn_amount', 'Paid per message (0 turns earning off)'),
        earn_cooldown: option.integer({
          description: 'Seconds between paid messages per member',
          min_value: 0,
          max_value: 86_400,
        }),
        daily_amount: amountSetting('daily_amount', 'Paid by /daily (0 turns it off)'),
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
        price: amount('price', 'Price, e.g. 500'),
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
