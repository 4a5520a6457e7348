import { MessageFlags } from 'discord-api-types/v10';
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import { nonceFor } from '../ids.ts';
import type { InteractionTarget } from '@guildhall/events';
import type { MessageBody, Output } from '../render/index.ts';

/**
 * Puts one rendered message of a result where it belongs, so that doing it twice shows it once:
 * - a message target gets a reply, and a channel post a plain message, each carrying a nonce derived from the
 *   result's id (plus the post's tag, so one result's posts in different places do not collide) with
 *   `enforce_nonce`: a redelivered result returns the message already posted instead of posting again;
 * - an interaction target gets its deferred response edited, which is idempotent by nature;
 * - a private answer (a refusal) to an interaction deferred in public goes out as an ephemeral follow-up once the
 *   public placeholder is deleted (see privately()).
 */
export async function deliver(rest: REST, { to, message, private: only }: Output, resultId: string): Promise<void> {
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
  // Deferred ephemerally (target.ephemeral), the placeholder is already private; deferred in public, a private
  // answer must not replace it.
  if (only && target.ephemeral !== true) {
    await privately(rest, target, message);
    return;
  }
  // The interaction token is the credential here; the bot token must not be sent (nor be dropped on a 401).
  await rest.patch(Routes.webhookMessage(target.applicationId, target.token, '@original'), {
    body: message,
    auth: false,
  });
}

/**
 * Discord fixes an answer's visibility when the bot defers, and the first follow-up of a deferred response replaces
 * its "thinking…" placeholder with the defer's visibility. So a refusal of a command deferred in public deletes the
 * placeholder first, then sends the refusal as an ephemeral follow-up, a message of its own. A redelivery does both
 * again (a placeholder already gone counts as deleted): at worst, after a crash between the follow-up and the ack,
 * the invoker sees the (ephemeral) refusal twice; never does anyone else see it, nor does the invoker miss it.
 */
async function privately(rest: REST, target: InteractionTarget, message: MessageBody): Promise<void> {
  try {
    await rest.delete(Routes.webhookMessage(target.applicationId, target.token, '@original'), { auth: false });
  } catch (err) {
    if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMessage)) throw err;
  }
  await rest.post(Routes.webhook(target.applicationId, target.token), {
    body: { ...message, flags: MessageFlags.Ephemeral },
    auth: false,
  });
}
