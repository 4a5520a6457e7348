import type { HandlerContext } from './context.ts';
import { handleKarmaMessage, handleKarmaSlashCommand } from './karma/handlers.ts';
import type { CommandInvoked, MessageCreated, RequestEvent } from '@guildhall/events';

/** Routes each request event to its domain handler. Unknown commands get a polite rejection. */
export async function handleRequest(ctx: HandlerContext): Promise<void> {
  const event: RequestEvent = ctx.event;
  switch (event.type) {
    case 'gateway.message.created':
      await handleKarmaMessage(ctx as HandlerContext<MessageCreated>);
      return;
    case 'gateway.command.invoked':
      switch (event.payload.command.name) {
        case 'karma':
          await handleKarmaSlashCommand(ctx as HandlerContext<CommandInvoked>);
          return;
        default:
          ctx.emit('command.request.rejected', {
            guildId: event.payload.guildId,
            replyTo: event.payload.replyTo,
            code: 'unknown',
            message: `Guildhall does not know the command \`/${event.payload.command.name}\`.`,
          });
          return;
      }
    case 'gateway.member.joined':
      // Welcome messages and auto-roles arrive with the moderation work; joining changes nothing yet.
      return;
  }
}
