import { countSpamMessage, type ModSettings } from '@guildhall/db';
import type { ActionCompleted, AntiSpamReason, MessageCreated } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { BotName, carryOut } from './cases.ts';
import { isModerator } from '../../shared/permissions/permissions.ts';

/** actionId prefix of anti-spam's message deletions. */
export const SpamDeletePrefix = 'spam';

/**
 * Anti-spam over a batch of messages: settings come from the batch's one settings read, and guilds with anti-spam off cost
 * nothing more. In the others, every message from a member without moderation rights is checked in order.
 */
export async function handleSpamMessages(ctxs: HandlerContext<MessageCreated>[]): Promise<void> {
  for (const ctx of ctxs) {
    const p = ctx.event.payload;
    if (p.author.bot || isModerator(p.author)) continue;
    const settings = (await ctx.messageSettings(p.guildId)).moderation;
    if (settings.spamMessages > 0 || settings.spamMentions > 0) await checkMessage(ctx, settings);
  }
}

/**
 * More than the guild's limit of messages within its window, or more than its limit of mentions in one message,
 * deletes that message and opens an automatic case (warn or timeout). The message count lives in MySQL, so it is shared by every replica and
 * survives restarts; a window triggers once, on the message that crosses the limit.
 */
async function checkMessage(ctx: HandlerContext<MessageCreated>, settings: ModSettings): Promise<void> {
  const p = ctx.event.payload;

  let why: AntiSpamReason | null = null;
  const mentions =
    new Set(p.mentions.users.filter((u) => u.id !== p.author.id).map((u) => u.id)).size +
    p.mentions.roleIds.length +
    (p.mentions.everyone ? 1 : 0);
  if (settings.spamMentions > 0 && mentions > settings.spamMentions)
    why = { code: 'moderation.antispam.mentions', mentions, limit: settings.spamMentions };
  if (settings.spamMessages > 0) {
    const count = await countSpamMessage(ctx.db, p.guildId, p.author.id, settings.spamSeconds);
    if (why === null && count === settings.spamMessages + 1)
      why = { code: 'moderation.antispam.messages', messages: settings.spamMessages, seconds: settings.spamSeconds };
  }
  if (why === null) return;

  // The message that crossed the limit goes; the outcome needs no bookkeeping, so its actionId routes nowhere.
  ctx.emit('discord.action.requested', {
    guildId: p.guildId,
    actionId: `${SpamDeletePrefix}:${p.messageId}`,
    action: {
      kind: 'message.delete',
      channelId: p.channelId,
      messageId: p.messageId,
      reason: '',
      audit: { code: 'moderation.antispam.deleted', reason: why },
    },
    replyTo: null,
  });
  const timeout = settings.spamAction === 'timeout';
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: settings.spamAction,
      target: { id: p.author.id, displayName: p.author.displayName },
      channelId: null,
      moderator: { id: p.botUserId, displayName: BotName },
      reason: '',
      reasonCode: why,
      durationSeconds: timeout ? settings.spamTimeoutSeconds : null,
      deleteMessageDays: null,
      purgeCount: null,
      replyTo: { kind: 'message', channelId: p.channelId, messageId: p.messageId },
    },
    p.botUserId,
  );
}

/**
 * The bot's report on deleting a spam message. A deleted (or already gone) message needs nothing more; a refusal is
 * logged for the operator, since the warn or timeout case already records the moderation itself.
 */
export async function handleSpamDeleteOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const { ok, error, failure, actionId } = ctx.event.payload;
  if (!ok) ctx.log.warn({ actionId, error, failure }, 'could not delete a spam message');
}
