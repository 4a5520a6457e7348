import { getModSettings, updateModSettings, type ModSettings } from '@guildhall/db';
import type { CommandInvoked } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { hasPermission } from '../../shared/permissions/permissions.ts';
import { MaxTimeoutSeconds } from './cases.ts';
import { parseBoundedDuration } from '../../shared/durations/duration.ts';
import { MaxBanSeconds } from './commands.ts';
import { idOption, intOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';

/** Handles `/modconfig logchannel|escalation|antispam|show` (Manage Server). */
export async function handleModConfig(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const p = ctx.event.payload;
  const { options, subcommand } = p.command;
  const reject = (code: 'invalid' | 'forbidden', message: string) => refuseLegacy(ctx, code, message);
  if (!hasPermission(p.actor, 'ManageGuild'))
    return reject('forbidden', 'Only members with **Manage Server** can change moderation settings.');

  let changes: Partial<ModSettings> | string = {};
  let section: 'logchannel' | 'escalation' | 'antispam' | null = null;
  switch (subcommand) {
    case 'logchannel':
      section = subcommand;
      changes = { logChannelId: idOption(options, 'channel') ?? null };
      break;
    case 'escalation':
      section = subcommand;
      changes = escalation(options);
      break;
    case 'antispam':
      section = subcommand;
      changes = antispam(options);
      break;
    case 'show':
      break;
    default:
      return reject(
        'invalid',
        'Unknown `/modconfig` subcommand. Try `logchannel`, `escalation`, `antispam` or `show`.',
      );
  }
  if (typeof changes === 'string') return reject('invalid', changes);
  await updateModSettings(ctx.db, p.guildId, changes);
  ctx.settingsChanged(p.guildId);
  const settings = await getModSettings(ctx.db, p.guildId);
  ctx.emit('moderation.settings.updated', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    settings,
    changed: section,
  });
}

type Options = CommandInvoked['payload']['command']['options'];

/** The escalation settings from the options, or what is wrong with them. */
function escalation(options: Options): Partial<ModSettings> | string {
  const warns = intOption(options, 'warns');
  const days = intOption(options, 'days');
  const action = stringOption(options, 'action');
  if (warns === undefined || warns < 0 || warns > 20) return 'Set `warns` from 0 (off) to 20.';
  if (days === undefined || days < 1 || days > 90) return 'Set `days` from 1 to 90.';
  if (action !== 'timeout' && action !== 'kick' && action !== 'ban') return 'Pick `timeout`, `kick` or `ban`.';
  const text = stringOption(options, 'duration');
  let seconds = action === 'timeout' ? 3600 : 0;
  if (text !== undefined && action !== 'kick') {
    const parsed = parseBoundedDuration(text, action === 'timeout' ? MaxTimeoutSeconds : MaxBanSeconds, 60);
    if (!parsed.ok) return parsed.message;
    seconds = parsed.seconds;
  }
  return { warnThreshold: warns, warnWindowDays: days, warnAction: action, warnActionSeconds: seconds };
}

/** The anti-spam settings from the options, or what is wrong with them. */
function antispam(options: Options): Partial<ModSettings> | string {
  const messages = intOption(options, 'messages');
  const seconds = intOption(options, 'seconds');
  const mentions = intOption(options, 'mentions');
  const action = stringOption(options, 'action');
  if (messages === undefined || messages < 0 || messages > 50) return 'Set `messages` from 0 (off) to 50.';
  if (seconds === undefined || seconds < 1 || seconds > 60) return 'Set `seconds` from 1 to 60.';
  if (mentions === undefined || mentions < 0 || mentions > 50) return 'Set `mentions` from 0 (off) to 50.';
  if (action !== 'warn' && action !== 'timeout') return 'Pick `warn` or `timeout`.';
  const text = stringOption(options, 'duration');
  let timeout = 600;
  if (text !== undefined) {
    const parsed = parseBoundedDuration(text, MaxTimeoutSeconds, 60);
    if (!parsed.ok) return parsed.message;
    timeout = parsed.seconds;
  }
  return {
    spamMessages: messages,
    spamSeconds: seconds,
    spamMentions: mentions,
    spamAction: action,
    spamTimeoutSeconds: timeout,
  };
}
