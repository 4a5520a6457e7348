import type {
  Currency,
  EconomyBalanceAdjusted,
  EconomyBalanceShown,
  EconomyDailyClaimed,
  EconomyHistoryListed,
  EconomyLeaderboardListed,
  EconomyPurchaseCompleted,
  EconomyPurchaseRefunded,
  EconomySettingsUpdated,
  EconomyShopListed,
  EconomyShopUpdated,
  EconomyTransferCompleted,
  LedgerReason,
} from '@guildhall/events';
import {
  body,
  duration,
  fitLines,
  grouped,
  mention,
  quote,
  roleMention,
  timestamp,
  type MessageBody,
} from './format.ts';

/** An amount with the guild's currency: `🪙 1,250 coins`. */
export function money(currency: Currency, amount: string): string {
  return `${quote(currency.symbol, 16)} **${grouped(amount)}** ${quote(currency.name, 32)}`;
}

/** A member's balance, rank and daily streak. */
export function renderBalanceShown(p: EconomyBalanceShown['payload']): MessageBody {
  const lines = [`${mention(p.member.id)} has ${money(p.currency, p.balance)}.`];
  if (p.rank !== null) lines.push(`Rank #${p.rank} in this server.`);
  if (p.dailyStreak > 0) lines.push(`Daily streak: ${p.dailyStreak}.`);
  return body(lines.join('\n'));
}

/** A completed `/give`, with both new balances. */
export function renderTransferCompleted(p: EconomyTransferCompleted['payload']): MessageBody {
  return body(
    [
      `${mention(p.from.id)} gave ${money(p.currency, p.amount)} to ${mention(p.to.id)}.`,
      `${mention(p.from.id)} now has ${money(p.currency, p.fromBalance)}; ${mention(p.to.id)} has ${money(p.currency, p.toBalance)}.`,
    ].join('\n'),
  );
}

/** A `/daily` claim: the reward, the streak and when the next one is due. */
export function renderDailyClaimed(p: EconomyDailyClaimed['payload']): MessageBody {
  return body(
    [
      `${mention(p.member.id)} claimed ${money(p.currency, p.amount)} (streak: ${p.streak}).`,
      `Balance: ${money(p.currency, p.balance)}. Next claim ${timestamp(p.nextClaimAt)}.`,
    ].join('\n'),
  );
}

/** The richest members, ranked and numbered. */
export function renderEconomyLeaderboard(p: EconomyLeaderboardListed['payload']): MessageBody {
  const title = '**Richest members**';
  if (p.entries.length === 0) return body(`${title}\nNobody has any ${quote(p.currency.name, 32)} yet.`);
  return body(
    fitLines(
      [title],
      p.entries.map((e) => `${e.rank}. ${mention(e.member.id)}: ${money(p.currency, e.balance)}`),
    ),
  );
}

/** An admin's grant or take, with the member's new balance. */
export function renderBalanceAdjusted(p: EconomyBalanceAdjusted['payload']): MessageBody {
  const verb =
    p.kind === 'grant' ? `granted ${money(p.currency, p.amount)} to` : `took ${money(p.currency, p.amount)} from`;
  return body(`${mention(p.admin.id)} ${verb} ${mention(p.member.id)}. New balance: ${money(p.currency, p.balance)}.`);
}

/** The economy settings after a change (or just shown). */
export function renderEconomySettings(p: EconomySettingsUpdated['payload']): MessageBody {
  const s = p.settings;
  const earn =
    s.earnAmount === '0'
      ? 'off'
      : `${money(s.currency, s.earnAmount)} per message, at most once every ${duration(s.earnCooldownSeconds)}`;
  return body(
    [
      p.changed.length > 0 ? '**Economy settings updated**' : '**Economy settings**',
      `Currency: ${quote(s.currency.symbol, 16)} ${quote(s.currency.name, 32)}`,
      `Earning: ${earn}`,
      `Daily reward: ${money(s.currency, s.dailyAmount)}`,
    ].join('\n'),
  );
}

const ReasonWords: Record<LedgerReason, string> = {
  earn: 'chat',
  daily: 'daily',
  transfer: 'transfer',
  grant: 'grant',
  take: 'take',
  purchase: 'purchase',
  refund: 'refund',
};

/** Recent ledger rows, newest first. */
export function renderEconomyHistory(p: EconomyHistoryListed['payload']): MessageBody {
  const title = p.member ? `**Ledger of ${mention(p.member.id)}**` : '**Recent ledger entries**';
  if (p.entries.length === 0) return body(`${title}\nNo balance changes yet.`);
  const lines = p.entries.map((e) => {
    const delta = e.delta.startsWith('-') ? grouped(e.delta) : `+${grouped(e.delta)}`;
    const who = p.member ? '' : `${mention(e.member.id)} `;
    return `\`#${e.id}\` ${timestamp(e.at)} ${who}${delta} (${ReasonWords[e.reason]}) → ${grouped(e.balanceAfter)}`;
  });
  return body(fitLines([title], lines, [`Amounts in ${quote(p.currency.name, 32)}.`]));
}

/** The roles for sale, cheapest first. */
export function renderShopListed(p: EconomyShopListed['payload']): MessageBody {
  if (p.items.length === 0) return body('**Shop**\nNothing is for sale yet.');
  const lines = p.items.map(
    (item, i) =>
      `${i + 1}. ${roleMention(item.roleId)}: ${money(p.currency, item.price)}${item.description ? ` — ${quote(item.description, 100)}` : ''}`,
  );
  return body(fitLines(['**Shop**'], lines, ['Buy one with `/buy`.']));
}

/** A role put up for sale or taken off sale. */
export function renderShopUpdated(p: EconomyShopUpdated['payload']): MessageBody {
  return body(
    p.change === 'added'
      ? `${roleMention(p.item.roleId)} is for sale for ${money(p.currency, p.item.price)}.`
      : `${roleMention(p.item.roleId)} is no longer for sale.`,
  );
}

/** A purchase whose role the bot added. */
export function renderPurchaseCompleted(p: EconomyPurchaseCompleted['payload']): MessageBody {
  return body(
    `${mention(p.member.id)} bought ${roleMention(p.roleId)} for ${money(p.currency, p.price)}. Balance: ${money(p.currency, p.balance)}.`,
  );
}

/** A purchase whose role could not be added: the refund and Discord's reason. */
export function renderPurchaseRefunded(p: EconomyPurchaseRefunded['payload']): MessageBody {
  return body(
    [
      `Sorry ${mention(p.member.id)}, I couldn't give you ${roleMention(p.roleId)}, so your ${money(p.currency, p.price)} were refunded. Balance: ${money(p.currency, p.balance)}.`,
      `Discord said: ${quote(p.error, 300)}`,
    ].join('\n'),
  );
}
