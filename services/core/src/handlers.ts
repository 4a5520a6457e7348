import type { ActionCompleted, CommandInvoked, MemberJoined, MessageCreated } from '@guildhall/events';
import type { HandlerContext } from './context.ts';
import { handleKarmaMessages, handleKarmaSlashCommand } from './karma/handlers.ts';
import type { RequestHandlers } from './pipeline.ts';

/** A handler of one kind of request, given the context narrowed to that request. */
type Handler<E extends HandlerContext['event']> = (ctx: HandlerContext<E>) => Promise<void>;

/**
 * Features that react to each posted message one at a time, in order, in the batch's transaction. A feature that
 * reacts to every message should prefer `messageBatchHandlers`: one statement per batch, not per message.
 */
const messageHandlers: Handler<MessageCreated>[] = [];

/** Features that react to all the posted messages of a batch at once, with set-based statements. */
const messageBatchHandlers: ((ctxs: HandlerContext<MessageCreated>[]) => Promise<void>)[] = [handleKarmaMessages];

/** Slash commands by name. */
const commandHandlers: Record<string, Handler<CommandInvoked>> = {
  karma: handleKarmaSlashCommand,
};

/** Features that react to a member joining. */
const memberJoinedHandlers: Handler<MemberJoined>[] = [];

/** Outcomes of Discord actions, routed by the actionId prefix (`<domain>:<unique>`). */
const actionHandlers: Record<string, Handler<ActionCompleted>> = {};

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
  }
}

/** What the pipeline runs for each batch. */
export const requestHandlers: RequestHandlers = {
  one: handleRequest,
  messages: async (ctxs) => {
    for (const handle of messageBatchHandlers) await handle(ctxs);
  },
};
