import type { ReplyTarget } from '@guildhall/events';
import { Routes, type REST } from 'discord.js';
import { nonceFor } from '../ids.ts';
import type { MessageBody } from '../render/index.ts';

/**
 * Puts a rendered result where it belongs, so that doing it twice shows it once:
 * - a message target gets a reply carrying a nonce derived from the result's id with `enforce_nonce`, so a
 *   redelivered result returns the message already posted instead of posting again;
 * - an interaction target gets its deferred response edited, which is idempotent by nature.
 */
export async function deliver(rest: REST, target: ReplyTarget, resultId: string, message: MessageBody): Promise<void> {
  if (target.kind === 'message') {
    await rest.post(Routes.channelMessages(target.channelId), {
      body: {
        ...message,
        message_reference: { message_id: target.messageId, channel_id: target.channelId, fail_if_not_exists: false },
        nonce: nonceFor(resultId),
        enforce_nonce: true,
      },
    });
    return;
  }
  // The interaction token is the credential here; the bot token must not be sent (nor be dropped on a 401).
  await rest.patch(Routes.webhookMessage(target.applicationId, target.token, '@original'), {
    body: message,
    auth: false,
  });
}
