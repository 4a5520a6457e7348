import { Routes, type REST } from 'discord.js';
import { nonceFor } from '../ids.ts';
import type { Destination, MessageBody } from '../render/index.ts';

/**
 * Puts one rendered message of a result where it belongs, so that doing it twice shows it once:
 * - a message target gets a reply, and a channel post a plain message, each carrying a nonce derived from the
 *   result's id (plus the post's tag, so one result's posts in different places do not collide) with
 *   `enforce_nonce`: a redelivered result returns the message already posted instead of posting again;
 * - an interaction target gets its deferred response edited, which is idempotent by nature.
 */
export async function deliver(rest: REST, to: Destination, resultId: string, message: MessageBody): Promise<void> {
  if (to.kind === 'channel') {
    await rest.post(Routes.channelMessages(to.channelId), {
      body: { ...message, nonce: nonceFor(`${resultId}:${to.tag}`), enforce_nonce: true },
    });
    return;
  }
  const { target } = to;
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
