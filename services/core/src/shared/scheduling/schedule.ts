import { scheduleJob } from '@guildhall/db';
import { newEventId } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/** A job a feature wants fired later. */
export interface JobRequest {
  guildId: string;
  kind: string;
  /** Replaces the guild's pending job with the same key (e.g. a newer ban's expiry replaces the older one's). */
  key: string | null;
  payload: Record<string, unknown>;
  due: { at: Date } | { inMs: number };
  /** A job id generated beforehand, when a row must point at its job before the job exists. */
  id?: string;
}

/**
 * Schedules a job in the event's transaction, so the job exists exactly when the change that needs it committed.
 * The job keeps the event's correlation id, so its firing is traced back to the command that set it up. Returns
 * the job id (the id its firing event will carry).
 */
export async function scheduleFor(ctx: HandlerContext, job: JobRequest): Promise<string> {
  const id = job.id ?? newEventId();
  await scheduleJob(ctx.db, {
    id,
    guildId: job.guildId,
    kind: job.kind,
    key: job.key,
    payload: job.payload,
    correlationId: ctx.event.correlationId,
    due: job.due,
  });
  return id;
}
