import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget } from './common.ts';

/**
 * A command could not be carried out (v1, retired): core no longer emits it, but results already queued during a
 * rolling upgrade are still rendered by the bot.
 */
export const CommandRejectedV1 = defineEvent(
  'command.request.rejected',
  1,
  'RETIRED (core emits v2): a command could not be carried out; message is a polite sentence saying what to fix.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    code: z.enum(['invalid', 'forbidden', 'unknown', 'not_found', 'conflict']),
    message: z.string().min(1).max(1500),
  }),
);
export type CommandRejectedV1 = z.infer<typeof CommandRejectedV1>;

/** The v2 schema around a composed refusal union (catalog.ts composes every domain's codes into one). */
export function commandRejected<R extends z.ZodType>(reason: R) {
  return defineEvent(
    'command.request.rejected',
    2,
    "A command could not be carried out; reason is a typed refusal code with its parameters, which the bot words in the member's language (refusals are shown to the invoker only).",
    z.object({ guildId: Snowflake, replyTo: ReplyTarget, reason }),
  );
}
