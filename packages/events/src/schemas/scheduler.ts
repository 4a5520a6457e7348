import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';

/**
 * A scheduled job fell due. The scheduler publishes it with the job id as the event id, so a second publish of the
 * same job (after a crash or an expired lease) is skipped by core's inbox: the job's effect happens once.
 */
export const JobDue = defineEvent(
  'scheduler.job.due',
  1,
  'A scheduled job fell due (the event id is the job id); core decides what it does, by kind.',
  z.object({
    jobId: z.string().min(1).max(64),
    /** What the job is for, e.g. mod.unban, reminder.deliver; core routes on it. */
    kind: z.string().min(1).max(32),
    guildId: Snowflake,
    /** Whatever core stored when it scheduled the job; each kind validates its own. */
    payload: z.record(z.string(), z.unknown()),
    dueAt: z.iso.datetime({ offset: true }),
  }),
);
export type JobDue = z.infer<typeof JobDue>;
