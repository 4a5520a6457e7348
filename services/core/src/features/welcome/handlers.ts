import { getWelcomeSettings, updateWelcomeSettings, type WelcomeSettings } from '@guildhall/db';
import {
  welcomeCommand,
  type ActionCompleted,
  type MemberJoined,
  type OptionsFor,
  type WelcomeSettingsUpdated,
} from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { assignableRoleRefusal, hasPermission, privilegedRoleOf } from '../../shared/permissions/permissions.ts';

/**
 * A member joined: greet them in the welcome channel (if set) with the guild's template, or with none (null) the
 * bot's default greeting in the guild's language; and ask the bot for the auto-role (if set), which it adds only if
 * the role is still not privileged.
 */
export async function handleWelcomeJoin(ctx: HandlerContext<MemberJoined>): Promise<void> {
  const p = ctx.event.payload;
  const settings = await getWelcomeSettings(ctx.db, p.guildId);
  if (settings.channelId !== null)
    ctx.emit('welcome.member.greeted', {
      guildId: p.guildId,
      channelId: settings.channelId,
      user: p.user,
      template: settings.template,
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
        // The role may have been edited (given a dangerous permission) since it was chosen.
        refuseIfPrivileged: true,
      },
      replyTo: null,
    });
}

/** The bot reported an auto-role: nothing to record, but a failure (role above the bot's) is worth a log line. */
export async function handleWelcomeOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const p = ctx.event.payload;
  if (!p.ok) ctx.log.warn({ actionId: p.actionId, error: p.error, failure: p.failure }, 'auto-role not added');
}

type Changed = WelcomeSettingsUpdated['payload']['changed'];

/** `/welcome set|autorole|off|show` (Manage Server). */
export const welcomeRoute = command(welcomeCommand, {
  set: { requires: 'ManageGuild', run: set },
  autorole: { requires: 'ManageGuild', run: autorole },
  off: { requires: 'ManageGuild', run: (ctx) => change(ctx, { channelId: null }, ['channel']) },
  show: { requires: 'ManageGuild', run: (ctx) => change(ctx, {}, []) },
});

/** Greets in a channel, with the template given (checked by its option's parser) or the one the guild has. */
function set(ctx: CommandContext, { channel, message }: OptionsFor<typeof welcomeCommand, 'set'>): Answer {
  if (message === undefined) return change(ctx, { channelId: channel }, ['channel']);
  return change(ctx, { channelId: channel, template: message }, ['channel', 'template']);
}

/**
 * Sets (or with no role, clears) the role new members get. Giving roles takes Manage Roles too, and the role must be
 * one the invoker and the bot may hand out that carries no dangerous permission: every newcomer would hold it.
 */
function autorole(ctx: CommandContext, { role }: OptionsFor<typeof welcomeCommand, 'autorole'>): Answer {
  const p = ctx.event.payload;
  if (role !== undefined) {
    if (!hasPermission(p.actor, 'ManageRoles'))
      return Promise.resolve({ code: 'permission.missing', permission: 'ManageRoles' });
    const wrong = assignableRoleRefusal(p, role) ?? privilegedRoleOf(p, role);
    if (wrong) return Promise.resolve(wrong);
  }
  return change(ctx, { autoRoleId: role ?? null }, ['autoRole']);
}

/** Applies a change (or none) and shows the settings that result. */
async function change(ctx: CommandContext, changes: Partial<WelcomeSettings>, changed: Changed): Answer {
  const p = ctx.event.payload;
  await updateWelcomeSettings(ctx.db, p.guildId, changes);
  const settings = await getWelcomeSettings(ctx.db, p.guildId);
  ctx.emit('welcome.settings.updated', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    settings: { channelId: settings.channelId, template: settings.template ?? '', autoRoleId: settings.autoRoleId },
    changed,
  });
}
