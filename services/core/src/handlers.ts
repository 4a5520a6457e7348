import type { ActionCompleted, CommandInvoked, JobDue, MemberJoined, MessageCreated } from '@guildhall/events';
import { concurrently, takeDueJob } from '@guildhall/db';
import type { HandlerContext } from './context.ts';
import { handleKarmaMessages, handleKarmaSlashCommand } from './karma/handlers.ts';
import { handleEarnMessages } from './economy/earn.ts';
import { economyActionHandlers, economyCommandHandlers } from './economy/handlers.ts';
import { levelsActionHandlers, levelsCommandHandlers } from './levels/commands.ts';
import { handleXpMessages } from './levels/earn.ts';
import type { RequestHandlers } from './pipeline.ts';
import { handleSpamDeleteOutcome, handleSpamMessages, SpamDeletePrefix } from './moderation/antispam.ts';
import { handleModerationCommand } from './moderation/commands.ts';
import { handleModConfig } from './moderation/config.ts';
import { ModJobs } from './moderation/cases.ts';
import { handleModerationOutcome, handleTimeoutEndJob, handleUnbanJob } from './moderation/outcomes.ts';
import { handleWelcomeCommand, handleWelcomeJoin, handleWelcomeOutcome } from './welcome/handlers.ts';
import { BirthdayJob, handleBirthdayCommand, handleBirthdayJob } from './timed/birthdays.ts';
import { handleReminderJob, handleRemindCommand, ReminderJob } from './timed/reminders.ts';
import { handleTempRoleCommand, handleTempRoleJob, handleTempRoleOutcome, TempRoleJob } from './timed/temproles.ts';

/** A handler of one kind of request, given the context narrowed to that request. */
type Handler<E extends HandlerContext['event']> = (ctx: HandlerContext<E>) => Promise<void>;

/**
 * Features that react to each posted message one at a time, in order, in the batch's transaction. A feature that
 * reacts to every message should prefer `messageBatchHandlers`: one statement per batch, not per message.
 */
const messageHandlers: Handler<MessageCreated>[] = [];

/**
 * Features that react to all the posted messages of a batch at once, with set-based statements. They run side by
 * side, so their first statements share one round trip, sent in this order. Karma comes last: its totals are rows
 * every batch of a guild may share, and a row lock is held until commit, so taking them last (after the cooldown
 * claims) keeps the stretch where batches queue behind each other short.
 */
const messageBatchHandlers: ((ctxs: HandlerContext<MessageCreated>[]) => Promise<void>)[] = [
  handleSpamMessages,
  handleXpMessages,
  handleEarnMessages,
  handleKarmaMessages,
];

/** Slash commands by name. */
const commandHandlers: Record<string, Handler<CommandInvoked>> = {
  karma: handleKarmaSlashCommand,
  ...economyCommandHandlers,
  ...levelsCommandHandlers,
  warn: handleModerationCommand,
  timeout: handleModerationCommand,
  kick: handleModerationCommand,
  ban: handleModerationCommand,
  unban: handleModerationCommand,
  purge: handleModerationCommand,
  case: handleModerationCommand,
  cases: handleModerationCommand,
  reason: handleModerationCommand,
  modconfig: handleModConfig,
  welcome: handleWelcomeCommand,
  remind: handleRemindCommand,
  temprole: handleTempRoleCommand,
  birthday: handleBirthdayCommand,
};

/** Features that react to a member joining. */
const memberJoinedHandlers: Handler<MemberJoined>[] = [handleWelcomeJoin];

/** Outcomes of Discord actions, routed by the actionId prefix (`<domain>:<unique>`). */
const actionHandlers: Record<string, Handler<ActionCompleted>> = {
  ...economyActionHandlers,
  ...levelsActionHandlers,
  mod: handleModerationOutcome,
  [SpamDeletePrefix]: handleSpamDeleteOutcome,
  welcome: handleWelcomeOutcome,
  temprole: handleTempRoleOutcome,
};

/** Due scheduled jobs, by kind. */
const jobHandlers: Record<string, Handler<JobDue>> = {
  [ModJobs.unban]: handleUnbanJob,
  [ModJobs.timeoutEnd]: handleTimeoutEndJob,
  [ReminderJob]: handleReminderJob,
  [TempRoleJob]: handleTempRoleJob,
  [BirthdayJob]: handleBirthdayJob,
};

/** Routes each request event to its domain handlers. Unknown commands get a polite rejection. */
async function handleRequest(ctx: HandlerContext): Promise<void> {
  const event = ctx.event;
  switch (event.type) {
    case 'gateway.message.created':
      for (const handle of messageHandlers) await handle(ctx as HandlerContext<MessageCreated>);
      return;
    case 'gateway.command.invoked': {
      const handle = commandHandlers[event.payload.command.name];
      if (handle) return handle(ctx as HandlerContext<CommandInvoked>);
      ctx.emit('command.request.rejected', {
        guildId: event.payload.guildId,
        replyTo: event.payload.replyTo,
        code: 'unknown',
        message: `Guildhall does not know the command \`/${event.payload.command.name}\`.`,
      });
      return;
    }
    case 'gateway.member.joined':
      for (const handle of memberJoinedHandlers) await handle(ctx as HandlerContext<MemberJoined>);
      return;
    case 'gateway.action.completed': {
      const prefix = event.payload.actionId.split(':')[0] ?? '';
      const handle = actionHandlers[prefix];
      if (handle) return handle(ctx as HandlerContext<ActionCompleted>);
      ctx.log.warn({ actionId: event.payload.actionId }, 'outcome of an action no feature asked for; ignored');
      return;
    }
    case 'scheduler.job.due': {
      // A job cancelled after it was claimed still gets published; the locked job row says whether it may act.
      if (!(await takeDueJob(ctx.db, event.payload.jobId))) return;
      const handle = jobHandlers[event.payload.kind];
      if (handle) return handle(ctx as HandlerContext<JobDue>);
      ctx.log.warn({ jobId: event.payload.jobId, kind: event.payload.kind }, 'a job of a kind no feature handles');
      return;
    }
  }
}

/** What the pipeline runs for each batch. */
export const requestHandlers: RequestHandlers = {
  one: handleRequest,
  messages: async (ctxs) => {
    await concurrently(messageBatchHandlers.map((handle) => () => handle(ctxs)));
  },
};
