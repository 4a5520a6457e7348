import { msg } from '../message.ts';

/** The economy's cards, boards, confirmations and refusals. `amount`-like arguments are worded by `money`. */
export const economy = {
  money: msg<{ symbol: string; amount: bigint; name: string }>('{symbol} **{amount, number}** {name}'),
  balanceTitle: msg('Balance'),
  balanceHas: msg<{ member: string; amount: string }>('{member} has {amount}.'),
  rank: msg('Rank'),
  rankValue: msg<{ rank: number }>('#{rank, number}'),
  unranked: msg('Not ranked yet'),
  streak: msg('Daily streak'),
  streakValue: msg<{ count: number }>('{count, plural, =0 {None yet} one {# day} other {# days}}'),
  transferred: msg<{ from: string; to: string; amount: string; fromBalance: string; toBalance: string }>(
    '{from} gave {amount} to {to}.\n{from} now has {fromBalance}; {to} has {toBalance}.',
  ),
  dailyClaimed: msg<{ member: string; amount: string; streak: number; balance: string; next: string }>(
    '{member} claimed {amount} (streak: {streak, number}).\nBalance: {balance}. Next claim {next}.',
  ),
  leaderboardTitle: msg('Richest members'),
  leaderboardRow: msg<{ rank: number; member: string; amount: string }>('`{rank}.` {member} — {amount}'),
  leaderboardEmpty: msg<{ currency: string; command: string }>(
    'Nobody has any {currency} yet: chat, or claim {command}.',
  ),
  leaderboardFooter: msg<{ count: number }>('{count, plural, one {# member} other {# members}}'),
  granted: msg<{ admin: string; member: string; amount: string; balance: string }>(
    '{admin} granted {amount} to {member}. New balance: {balance}.',
  ),
  took: msg<{ admin: string; member: string; amount: string; balance: string }>(
    '{admin} took {amount} from {member}. New balance: {balance}.',
  ),
  settingsTitle: msg<{ changed: string }>('{changed, select, yes {Economy settings updated} other {Economy settings}}'),
  currency: msg('Currency'),
  earning: msg('Earning per message'),
  earningValue: msg<{ amount: string; cooldown: string }>('{amount}, at most once every {cooldown}'),
  dailyReward: msg('Daily reward'),
  off: msg('Off'),
  historyTitle: msg('Ledger'),
  historyOf: msg<{ member: string }>('Balance changes of {member}:'),
  historyRow: msg<{ id: string; when: string; delta: bigint; reason: string; balance: bigint }>(
    '`#{id}` {when}: {delta, number, ::sign-always} ({reason}) → {balance, number}',
  ),
  historyRowOf: msg<{ id: string; when: string; member: string; delta: bigint; reason: string; balance: bigint }>(
    '`#{id}` {when}, {member}: {delta, number, ::sign-always} ({reason}) → {balance, number}',
  ),
  historyReason: msg<{ reason: string }>(
    '{reason, select, earn {chat} daily {daily} transfer {transfer} grant {grant} take {take} purchase {purchase} refund {refund} other {{reason}}}',
  ),
  historyEmpty: msg('No balance changes yet.'),
  historyFooter: msg<{ currency: string }>('Amounts in {currency}, newest first.'),
  shopTitle: msg('Shop'),
  shopRow: msg<{ n: number; role: string; price: string }>('`{n}.` {role} — {price}'),
  shopEmpty: msg('Nothing is for sale yet.'),
  shopFooter: msg<{ command: string }>('Buy one with {command}.'),
  shopAdded: msg<{ role: string; price: string }>('{role} is for sale for {price}.'),
  shopRemoved: msg<{ role: string }>('{role} is no longer for sale.'),
  bought: msg<{ member: string; role: string; price: string; balance: string }>(
    '{member} bought {role} for {price}. Balance: {balance}.',
  ),
  refundedTitle: msg('Purchase refunded'),
  refunded: msg<{ member: string; role: string; why: string; price: string; balance: string }>(
    "{member}, Guildhall couldn't give you {role}: {why}\nYour {price} went back to you. Balance: {balance}.",
  ),
  auditBought: msg<{ symbol: string; price: bigint; name: string }>(
    'Bought in the shop for {symbol} {price, number} {name}',
  ),
  amountNegative: msg<{ option: string }>("`{option}` can't be negative; write a whole number like `250`."),
  amountDecimal: msg<{ option: string }>(
    '`{option}` must be a whole number, without decimals or separators, like `250`.',
  ),
  amountExponent: msg<{ option: string }>('Write `{option}` out in full digits, like `1000000000` rather than `1e9`.'),
  amountHex: msg<{ option: string }>('Write `{option}` in ordinary decimal digits, like `250` (no `0x`).'),
  amountDigits: msg<{ option: string }>('`{option}` must be a whole number written with the digits 0-9, like `250`.'),
  amountTooSmall: msg<{ option: string; min: number }>('`{option}` must be at least {min, number}.'),
  amountTooLarge: msg<{ option: string; max: bigint }>('`{option}` can be at most {max, number}.'),
  fundsInsufficient: msg<{ balance: string; amount: string }>('You have {balance}: not enough for {amount}.'),
  takeExceedsBalance: msg<{ member: string; balance: string }>('{member} has only {balance}; take at most that.'),
  balanceFull: msg<{ member: string; max: bigint }>(
    "That would take {member}'s balance past the most Guildhall keeps ({max, number}); try less.",
  ),
  giveSelf: msg("You can't give money to yourself."),
  memberBot: msg("Bots don't have balances; choose a member."),
  dailyAlready: msg<{ when: string }>('You already claimed your daily reward; claim again {when}.'),
  dailyOff: msg('Daily rewards are turned off in this server.'),
  shopFull: msg<{ max: number }>('The shop holds at most {max, number} roles; take one off sale first.'),
  notForSale: msg<{ role: string; command: string }>('{role} is not for sale; {command} lists the roles that are.'),
  owned: msg<{ role: string }>('You already have {role}.'),
} as const;
