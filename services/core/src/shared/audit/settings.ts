import { getModSettings } from '@guildhall/db';
import { changesSettings, type CommandInvoked } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/**
 * Records a settings change that went through (nothing refused it) in the mod-log: who changed what, with a slash
 * command or on the web dashboard alike. Runs after the command's handler, in its transaction, so the mod-log
 * channel read is the one the change itself may just have set. Subcommands that change settings are listed in
 * packages/events (settings.ts); an invocation that only shows settings records nothing.
 */
export async function recordSettingsChange(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const { guildId, actor, replyTo, command } = ctx.event.payload;
  if (!changesSettings(command.name, command.subcommand, command.options)) return;
  if (ctx.emitted.some((e) => e.type === 'command.request.rejected')) return;
  const { logChannelId } = await getModSettings(ctx.db, guildId);
  ctx.emit('guildhall.settings.changed', {
    guildId,
    logChannelId,
    actor: { id: actor.id, displayName: actor.displayName },
    via: replyTo.kind === 'web' ? 'web' : 'discord',
    command: command.name,
    subcommand: command.subcommand,
    options: command.options,
  });
}
