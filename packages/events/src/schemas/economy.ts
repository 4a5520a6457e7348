import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { DisplayNameMax, ReplyTarget } from './common.ts';
import { ActionFailure } from './failures.ts';
import { refusal, refusal as coded } from './refusals.ts';

/** A currency amount: a non-negative integer as decimal digits (balances are BIGINT; JSON numbers would lose precision). */
export const CurrencyAmount = z.string().regex(/^\d{1,20}$/, 'expected a non-negative integer as decimal digits');

/** A signed currency amount as decimal digits, e.g. a ledger delta. */
export const SignedCurrencyAmount = z.string().regex(/^-?\d{1,20}$/, 'expected an integer as decimal digits');

/** A guild's currency, so every result can be rendered on its own. */
export const Currency = z.object({ name: z.string().min(1).max(32), symbol: z.string().min(1).max(16) });
export type Currency = z.infer<typeof Currency>;

/** A member as a result names them: id plus the display name last seen (the bot may prefer a fresher one). */
export const NamedMember = z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) });
export type NamedMember = z.infer<typeof NamedMember>;

/** Why a balance changed, as the ledger records it. */
export const LedgerReason = z.enum(['earn', 'daily', 'transfer', 'grant', 'take', 'purchase', 'refund']);
export type LedgerReason = z.infer<typeof LedgerReason>;

/** A guild's economy settings. */
export const EconomySettingsSnapshot = z.object({
  currency: Currency,
  /** Paid per message, at most once per earnCooldownSeconds per member; "0" turns earning off. */
  earnAmount: CurrencyAmount,
  earnCooldownSeconds: z.number().int().nonnegative(),
  dailyAmount: CurrencyAmount,
});

/** A member's balance was looked up. */
export const EconomyBalanceShown = defineEvent(
  'economy.balance.shown',
  1,
  "A member's balance was looked up; rank is their place on the guild's leaderboard (null when they have nothing).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    member: NamedMember,
    balance: CurrencyAmount,
    rank: z.number().int().positive().nullable(),
    dailyStreak: z.number().int().nonnegative(),
  }),
);
export type EconomyBalanceShown = z.infer<typeof EconomyBalanceShown>;

/** Money moved from one member to another. */
export const EconomyTransferCompleted = defineEvent(
  'economy.transfer.completed',
  1,
  'Money moved from one member to another, atomically; both new balances are given.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    from: NamedMember,
    to: NamedMember,
    amount: CurrencyAmount,
    fromBalance: CurrencyAmount,
    toBalance: CurrencyAmount,
  }),
);
export type EconomyTransferCompleted = z.infer<typeof EconomyTransferCompleted>;

/** A member claimed their daily reward. */
export const EconomyDailyClaimed = defineEvent(
  'economy.daily.claimed',
  1,
  'A member claimed their daily reward; streak counts consecutive claims each within 48 h of the previous one.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    member: NamedMember,
    amount: CurrencyAmount,
    balance: CurrencyAmount,
    streak: z.number().int().positive(),
    nextClaimAt: z.iso.datetime({ offset: true }),
  }),
);
export type EconomyDailyClaimed = z.infer<typeof EconomyDailyClaimed>;

/** The richest members of a guild. */
export const EconomyLeaderboardListed = defineEvent(
  'economy.leaderboard.listed',
  1,
  'The richest members of a guild, ranked and numbered.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    entries: z
      .array(z.object({ rank: z.number().int().positive(), member: NamedMember, balance: CurrencyAmount }))
      .max(25),
  }),
);
export type EconomyLeaderboardListed = z.infer<typeof EconomyLeaderboardListed>;

/** An admin granted or took money. */
export const EconomyBalanceAdjusted = defineEvent(
  'economy.balance.adjusted',
  1,
  "An admin granted money to or took money from a member; balance is the member's new balance.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    member: NamedMember,
    admin: NamedMember,
    kind: z.enum(['grant', 'take']),
    amount: CurrencyAmount,
    balance: CurrencyAmount,
  }),
);
export type EconomyBalanceAdjusted = z.infer<typeof EconomyBalanceAdjusted>;

/** A guild's economy settings were changed (or shown, when changed is empty). */
export const EconomySettingsUpdated = defineEvent(
  'economy.settings.updated',
  1,
  "A guild's economy settings after a change; changed names the fields that changed (empty: only shown).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    changed: z.array(z.enum(['currencyName', 'currencySymbol', 'earnAmount', 'earnCooldownSeconds', 'dailyAmount'])),
    settings: EconomySettingsSnapshot,
  }),
);
export type EconomySettingsUpdated = z.infer<typeof EconomySettingsUpdated>;

/** Recent ledger rows of a guild or one member. */
export const EconomyHistoryListed = defineEvent(
  'economy.history.listed',
  1,
  'Recent ledger rows (every balance change), newest first, of the whole guild or one member.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    member: NamedMember.nullable(),
    entries: z
      .array(
        z.object({
          id: z.string(),
          member: NamedMember,
          delta: SignedCurrencyAmount,
          balanceAfter: CurrencyAmount,
          reason: LedgerReason,
          /** The other member of a transfer, the admin of a grant/take, the role of a purchase/refund. */
          counterpartyId: Snowflake.nullable(),
          at: z.iso.datetime({ offset: true }),
        }),
      )
      .max(25),
  }),
);
export type EconomyHistoryListed = z.infer<typeof EconomyHistoryListed>;

/** A role for sale in a guild's shop. */
export const ShopItem = z.object({ roleId: Snowflake, price: CurrencyAmount, description: z.string().max(100) });
export type ShopItem = z.infer<typeof ShopItem>;

/** The roles for sale in a guild. */
export const EconomyShopListed = defineEvent(
  'economy.shop.listed',
  1,
  'The roles for sale in a guild, cheapest first.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, currency: Currency, items: z.array(ShopItem).max(25) }),
);
export type EconomyShopListed = z.infer<typeof EconomyShopListed>;

/** An admin put a role up for sale (or changed its price) or took it off sale. */
export const EconomyShopUpdated = defineEvent(
  'economy.shop.updated',
  1,
  'An admin put a role up for sale (or changed its price) or took it off sale.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    change: z.enum(['added', 'removed']),
    item: ShopItem,
  }),
);
export type EconomyShopUpdated = z.infer<typeof EconomyShopUpdated>;

/** A purchase the bot confirmed: the role was added. */
export const EconomyPurchaseCompleted = defineEvent(
  'economy.purchase.completed',
  1,
  'The bot added a bought role; the price was debited when the purchase was made.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    purchaseId: z.string(),
    member: NamedMember,
    roleId: Snowflake,
    price: CurrencyAmount,
    balance: CurrencyAmount,
  }),
);
export type EconomyPurchaseCompleted = z.infer<typeof EconomyPurchaseCompleted>;

/** A purchase whose role could not be added was refunded (v1, retired: Discord's English error instead of a code). */
export const EconomyPurchaseRefundedV1 = defineEvent(
  'economy.purchase.refunded',
  1,
  'RETIRED (core emits v2): the bot could not add a bought role, so the price went back to the member; error is what Discord said.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    purchaseId: z.string(),
    member: NamedMember,
    roleId: Snowflake,
    price: CurrencyAmount,
    balance: CurrencyAmount,
    error: z.string().max(1000),
  }),
);
export type EconomyPurchaseRefundedV1 = z.infer<typeof EconomyPurchaseRefundedV1>;

/** A purchase whose role could not be added was refunded. */
export const EconomyPurchaseRefunded = defineEvent(
  'economy.purchase.refunded',
  2,
  "The bot could not (or would not) add a bought role, so the price went back to the member; failure says why, as a code (Discord's refusal, or the privileged-role rule the bot re-checked).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    currency: Currency,
    purchaseId: z.string(),
    member: NamedMember,
    roleId: Snowflake,
    price: CurrencyAmount,
    balance: CurrencyAmount,
    failure: ActionFailure,
  }),
);
export type EconomyPurchaseRefunded = z.infer<typeof EconomyPurchaseRefunded>;

/** The option a refusal of a typed amount names (`amount`, `price`, `earn_amount`, …). */
const AmountOption = z.string().min(1).max(32);

/** Why the economy refused a command (command.request.rejected's `reason`). */
export const economyRefusals = [
  /**
   * An amount is not a whole number written in the digits 0-9: `form` says what it looks like instead (negative,
   * decimals or separators, an exponent like `1e9`, hexadecimal, or anything else, empty included).
   */
  refusal('economy.amount.format', {
    option: AmountOption,
    form: z.enum(['negative', 'decimal', 'exponent', 'hex', 'other']),
  }),
  /** An amount below the least the option takes (1, or 0 where 0 turns something off). */
  refusal('economy.amount.too_small', { option: AmountOption, min: z.number().int().nonnegative() }),
  /** An amount above the most one command may move. */
  refusal('economy.amount.too_large', { option: AmountOption, max: CurrencyAmount }),
  /** The invoker's balance does not cover what they tried to give or spend. */
  refusal('economy.funds.insufficient', { currency: Currency, balance: CurrencyAmount, amount: CurrencyAmount }),
  /** An admin tried to take more than a member has. */
  refusal('economy.take.exceeds_balance', { currency: Currency, memberId: Snowflake, balance: CurrencyAmount }),
  /** The change would take a member's balance past the largest balance Guildhall keeps. */
  refusal('economy.balance.full', { memberId: Snowflake, max: CurrencyAmount }),
  /** `/give` to yourself. */
  refusal('economy.give.self'),
  /** A bot was named where a member with a balance is needed. */
  refusal('economy.member.bot'),
  /** `/daily` again before the next claim is due. */
  refusal('economy.daily.claimed', { nextClaimAt: z.iso.datetime({ offset: true }) }),
  /** `/daily` in a guild whose daily reward is 0. */
  refusal('economy.daily.off'),
  /** The shop already holds as many roles as it can. */
  refusal('economy.shop.full', { max: z.number().int().positive() }),
  /** `/buy` or `shop-remove` of a role that is not for sale. */
  refusal('economy.shop.not_for_sale', { roleId: Snowflake }),
  /** `/buy` of a role the member already has. */
  refusal('economy.shop.owned', { roleId: Snowflake }),
] as const;

/** Why the economy acted on Discord, for the audit log (worded by the bot in the guild's language). */
export const economyAuditReasons = [
  /** A member bought the role in the shop. */
  coded('economy.shop.bought', { price: CurrencyAmount, currency: Currency }),
] as const;
