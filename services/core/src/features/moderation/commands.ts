import {
  banCommand,
  kickCommand,
  NoSubcommand,
  purgeCommand,
  timeoutCommand,
  unbanCommand,
  warnCommand,
  type CommandInvoked,
  type ModMemberAction,
  type OptionsFor,
} from '@guildhall/events';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { durationOption } from '../../shared/durations/duration.ts';
import { carryOut, MaxBanSeconds, MaxTimeoutSeconds } from './cases.ts';
import { checkTarget } from './checks.ts';
import { interactionOf } from '../../shared/commands/target.ts';

/** `/warn`, `/timeout`, `/kick`, `/ban`, `/unban` and `/purge`: each opens a case. */
export const actionCommands = [
  command(warnCommand, {
    [NoSubcommand]: { requires: 'ModerateMembers', run: (ctx, o) => act(ctx, 'warn', o) },
  }),
  command(timeoutCommand, {
    [NoSubcommand]: { requires: 'ModerateMembers', run: (ctx, o) => act(ctx, 'timeout', o) },
  }),
  command(kickCommand, {
    [NoSubcommand]: { requires: 'KickMembers', run: (ctx, o) => act(ctx, 'kick', o) },
  }),
  command(banCommand, {
    [NoSubcommand]: { requires: 'BanMembers', run: (ctx, o) => act(ctx, 'ban', o) },
  }),
  command(unbanCommand, { [NoSubcommand]: { requires: 'BanMembers', run: unban } }),
  command(purgeCommand, { [NoSubcommand]: { requires: 'ManageMessages', run: purge } }),
];

/** The options any of the member actions may have (each declares its own subset). */
interface ActOptions {
  member: string;
  reason?: string | undefined;
  duration?: string | undefined;
  delete_days?: number | undefined;
}

/** The bot's own id: from the request, or (older bots) the application's, which is the same for a bot user. */
const botIdOf = (p: CommandInvoked['payload']) => p.botUserId ?? interactionOf(p.replyTo).applicationId;

/** The person who acts, as a case names them. */
const moderatorOf = (p: CommandInvoked['payload']) => ({ id: p.actor.id, displayName: p.actor.displayName });

async function act(ctx: CommandContext, action: ModMemberAction, options: ActOptions): Answer {
  const p = ctx.event.payload;
  const target = p.users[options.member] ?? { id: options.member, displayName: options.member, bot: false };
  const reason = options.reason?.trim() ?? '';
  if (action === 'warn' && reason === '') return { code: 'moderation.reason.required' };
  const wrong = checkTarget(action, p.actor, target, botIdOf(p), p);
  if (wrong) return wrong;

  // A timeout always lasts a while (its option is required); a ban does when it is given a duration.
  let durationSeconds: number | null = null;
  if (action === 'timeout' || (action === 'ban' && options.duration?.trim())) {
    const maxSeconds = action === 'timeout' ? MaxTimeoutSeconds : MaxBanSeconds;
    const parsed = durationOption('duration', options.duration ?? '', { maxSeconds });
    if (!parsed.ok) return parsed.refusal;
    durationSeconds = parsed.seconds;
  }

  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action,
      target: { id: target.id, displayName: target.displayName },
      channelId: null,
      moderator: moderatorOf(p),
      reason,
      reasonCode: null,
      durationSeconds,
      deleteMessageDays: action === 'ban' ? (options.delete_days ?? 0) : null,
      purgeCount: null,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
}

/**
 * `/unban`: the user comes from the bot's look-up of the typed text in Discord's ban list (`banned`), so someone who
 * is not banned is refused here, before a case is opened, rather than recorded as a case Discord then fails.
 */
async function unban(ctx: CommandContext, { user, reason }: OptionsFor<typeof unbanCommand, ''>): Answer {
  const p = ctx.event.payload;
  const banned = p.banned?.['user'];
  if (banned === undefined) return { code: 'moderation.bans.unverifiable' };
  if (banned === null) return { code: 'moderation.unban.not_banned', input: user.slice(0, 100) };
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: 'unban',
      target: { id: banned.id, displayName: banned.displayName },
      channelId: null,
      moderator: moderatorOf(p),
      reason: reason?.trim() ?? '',
      reasonCode: null,
      durationSeconds: null,
      deleteMessageDays: null,
      purgeCount: null,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
}

/** `/purge count:N`: the N messages before the command in its channel (the bot reports what it deleted). */
async function purge(ctx: CommandContext, { count }: OptionsFor<typeof purgeCommand, ''>): Answer {
  const p = ctx.event.payload;
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: 'purge',
      target: null,
      channelId: interactionOf(p.replyTo).channelId,
      moderator: moderatorOf(p),
      reason: '',
      reasonCode: null,
      durationSeconds: null,
      deleteMessageDays: null,
      purgeCount: count,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
}
