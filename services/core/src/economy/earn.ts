import { earnCandidates, ensureAccounts, lockAccounts, payEarnings } from '@guildhall/db';
import type { MessageCreated } from '@guildhall/events';
import type { HandlerContext } from '../context.ts';

/**
 * Earn per message, for a batch of messages at once: each member who posted is paid the guild's earn amount if
 * their earn cooldown has passed (by the DB clock), at most once per batch, and their cooldown restarts. A plain
 * read first finds who may earn, so a batch of members all in their cooldown takes no lock; otherwise the accounts
 * in id order, then one UPDATE and one ledger INSERT per guild. Earning is silent.
 *
 * Unlike commands that move money, earning does not take the guild's economy lock: it only credits, and it locks
 * its accounts in one ordered statement, so two earning batches cannot deadlock. Holding the guild lock here would
 * queue every message batch of a guild behind the previous one's commit. A rare deadlock with a batch of transfers
 * is rolled back and re-run by the pipeline.
 */
export async function handleEarnMessages(messages: HandlerContext<MessageCreated>[]): Promise<void> {
  const db = messages[0]?.db;
  if (!db) return;
  // The first message of each member in each guild is the one that may earn; later ones fall in the cooldown.
  const byGuild = new Map<string, Map<string, HandlerContext<MessageCreated>>>();
  for (const ctx of messages) {
    const { guildId, author } = ctx.event.payload;
    if (author.bot) continue;
    const members = byGuild.get(guildId) ?? new Map<string, HandlerContext<MessageCreated>>();
    if (!members.has(author.id)) members.set(author.id, ctx);
    byGuild.set(guildId, members);
  }
  for (const [guildId, members] of byGuild) {
    const first = members.values().next().value;
    if (!first) continue;
    const preview = (await first.messageSettings(guildId)).economy;
    if (preview.earnAmount === 0n) continue;
    const candidates = await earnCandidates(db, guildId, [...members.keys()], preview.earnCooldownSeconds);
    if (candidates.length === 0) continue;

    const settings = preview;
    const authors = candidates.flatMap((id) => {
      const author = members.get(id)?.event.payload.author;
      return author ? [{ userId: author.id, displayName: author.displayName }] : [];
    });
    const ids = await ensureAccounts(db, guildId, authors);
    const { accounts } = await lockAccounts(db, [...ids.values()], {
      earnCooldownSeconds: settings.earnCooldownSeconds,
    });
    await payEarnings(
      db,
      guildId,
      settings.earnAmount,
      accounts.flatMap((account) => {
        const ctx = members.get(account.userId);
        return ctx ? [{ account, correlationId: ctx.event.id }] : [];
      }),
    );
  }
}
