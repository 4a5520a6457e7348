import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget } from './common.ts';

/** A command could not be carried out. */
export const CommandRejected = defineEvent(
  'command.request.rejected',
  1,
  'A command could not be carried out; message is a polite sentence saying what to fix.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    code: z.enum(['invalid', 'forbidden', 'unknown', 'not_found', 'conflict']),
    message: z.string().min(1).max(1500),
  }),
);
export type CommandRejected = z.infer<typeof CommandRejected>;
