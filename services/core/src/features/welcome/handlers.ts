import { getWelcomeSettings, updateWelcomeSettings, type WelcomeSettings } from '@guildhall/db';
import type { ActionCompleted, CommandInvoked, MemberJoined } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { assignableRoleRefusal, hasPermission } from '../../shared/permissions/permissions.ts';
import { idOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';
import { checkWelcomeTemplate, DefaultWelcomeTemplate } from './template.ts';

/** A member joined: greet them in the welcome channel (if set) and ask the bot for the auto-role (if set). */
export async function handleWelcomeJoin(ctx: HandlerContext<MemberJoined>): Promise<void> {
  const p = ctx.event.payload;
  const settings = await getWelcomeSettings(ctx.db, p.guildId);
  if (settings.channelId !== null)
    ctx.emit('welcome.member.greeted', {
      guildId: p.guildId,
      channelId: settings.channelId,
      user: p.user,
      template: settings.template ?? DefaultWelcomeTemplate,
    });
  if (settings.autoRoleId !== null && !p.user.bot)
    ctx.emit('discord.action.requested', {
      guildId: p.guildId,
      // The join event's id makes the action id unique and stable across redeliveries.
      actionId: `welcome:${ctx.event.id}`,
      action: {
        kind: 'role.add',
        userId: p.user.id,
        roleId: settings.autoRoleId,
        reason: '',
        audit: { code: 'welcome.autorole' },
      },
      replyTo: null,
    });
}

/** The bot reported an auto-role: nothing to record, but a failure (role above the bot's) is worth a log line. */
export async function handleWelcomeOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const p = ctx.event.payload;
  if (!p.ok) ctx.log.warn({ actionId: p.actionId, error: p.error }, 'welcome auto-role could not be added');
}

/** Handles `/welcome set|autorole|off|show` (Manage Server). */
export async function handleWelcomeCommand(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const p = ctx.event.payload;
  const { options, subcommand } = p.command;
  const reject = (code: 'invalid' | 'forbidden', message: string) => refuseLegacy(ctx, code, message);
  if (!hasPermission(p.actor, 'ManageGuild'))
    return reject('forbidden', 'Only members with **Manage Server** can change the welcome settings.');

  let changes: Partial<WelcomeSettings> = {};
  const changed: ('channel' | 'template' | 'autoRole')[] = [];
  switch (subcommand) {
    case 'set': {
      const channelId = idOption(options, 'channel');
      if (channelId === undefined) return reject('invalid', 'Pick the channel to greet new members in.');
      const template = stringOption(options, 'message');
      if (template !== undefined) {
        const wrong = checkWelcomeTemplate(template);
        if (wrong) return reject('invalid', wrong);
      }
      changes = { channelId, ...(template !== undefined && { template }) };
      changed.push('channel', ...(template !== undefined ? (['template'] as const) : []));
      break;
    }
    case 'autorole': {
      const roleId = idOption(options, 'role') ?? null;
      if (roleId !== null) {
        if (!hasPermission(p.actor, 'ManageRoles'))
          return reject('forbidden', 'You need **Manage Roles** to pick an auto-role.');
        const wrong = assignableRoleRefusal(p, roleId);
        if (wrong) return ctx.refuse(p.replyTo, wrong);
      }
      changes = { autoRoleId: roleId };
      changed.push('autoRole');
      break;
    }
    case 'off':
      changes = { channelId: null };
      changed.push('channel');
      break;
    case 'show':
      break;
    default:
      return reject('invalid', 'Unknown `/welcome` subcommand. Try `set`, `autorole`, `off` or `show`.');
  }
  await updateWelcomeSettings(ctx.db, p.guildId, changes);
  const settings = await getWelcomeSettings(ctx.db, p.guildId);
  ctx.emit('welcome.settings.updated', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    settings: {
      channelId: settings.channelId,
      template: settings.template ?? DefaultWelcomeTemplate,
      autoRoleId: settings.autoRoleId,
    },
    changed,
  });
}
