import { claimEarnings, type EarnClaim } from '@guildhall/db';
import type { MessageCreated } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/**
 * Earn per message, for a batch of messages at once: each member who posted is paid the guild's earn amount if
 * their earn cooldown has passed (by the DB clock), at most once per batch, and their cooldown restarts. Earning is
 * a claim, like karma's cooldowns: one upsert for every member of every guild credits the accounts whose cooldown
 * has passed (opening missing ones), one read finds who was paid, and one INSERT writes their ledger rows. Earning
 * is silent.
 *
 * Unlike commands that move money, earning does not take the guild's economy lock: it only credits, within
 * MaxBalance, and it locks its accounts in one ordered statement, so two earning batches cannot deadlock. Holding
 * the guild lock here would queue every message batch of a guild behind the previous one's commit. A rare deadlock
 * with a batch of transfers (which lock by account id) is rolled back and re-run by the pipeline.
 */
export async function handleEarnMessages(messages: HandlerContext<MessageCreated>[]): Promise<void> {
  const first = messages[0];
  if (!first) return;
  // The first message of each member in each guild is the one that may earn; later ones fall in the cooldown.
  const claims = new Map<string, EarnClaim>();
  for (const ctx of messages) {
    const { guildId, author } = ctx.event.payload;
    const key = `${guildId} ${author.id}`;
    if (author.bot || claims.has(key)) continue;
    const { earnAmount, earnCooldownSeconds } = (await ctx.messageSettings(guildId)).economy;
    if (earnAmount === 0n) continue;
    claims.set(key, {
      guildId,
      userId: author.id,
      displayName: author.displayName,
      amount: earnAmount,
      cooldownSeconds: earnCooldownSeconds,
      eventId: ctx.event.id,
    });
  }
  await claimEarnings(first.db, [...claims.values()], first.later);
}
