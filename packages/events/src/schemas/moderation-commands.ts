import { defineCommand, option } from '../command-kit.ts';
import { CasesPageSize } from './moderation.ts';

const target = (description: string) => option.user({ description, required: true });
const reason = <const R extends boolean>(required: R) =>
  option.string({ description: 'Why (shown in the case and the audit log)', required, max_length: 512 });
const duration = <const R extends boolean>(description: string, required: R) =>
  option.string({ description, required, max_length: 32 });
const caseNumber = option.integer({ description: 'Case number', required: true, min_value: 1 });

/** `/warn <member> <reason>` */
export const warnCommand = defineCommand('warn', {
  description: 'Warn a member (recorded as a case)',
  defaultPermission: 'ModerateMembers',
  privacy: 'public',
  options: { member: target('Who to warn'), reason: reason(true) },
});

/** `/timeout <member> <duration> [reason]` */
export const timeoutCommand = defineCommand('timeout', {
  description: "Time a member out with Discord's timeout (at most 28 days)",
  defaultPermission: 'ModerateMembers',
  privacy: 'public',
  options: {
    member: target('Who to time out'),
    duration: duration('How long, e.g. 10m, 1h30m, 7d (at most 28d)', true),
    reason: reason(false),
  },
});

/** `/kick <member> [reason]` */
export const kickCommand = defineCommand('kick', {
  description: 'Kick a member',
  defaultPermission: 'KickMembers',
  privacy: 'public',
  options: { member: target('Who to kick'), reason: reason(false) },
});

/** `/ban <member> [duration] [delete_days] [reason]` */
export const banCommand = defineCommand('ban', {
  description: 'Ban a user, for good or for a while',
  defaultPermission: 'BanMembers',
  privacy: 'public',
  options: {
    member: target('Who to ban'),
    duration: duration('For how long, e.g. 1d, 2w; leave empty for a permanent ban', false),
    delete_days: option.integer({
      description: 'Delete their messages of the last N days (0-7)',
      min_value: 0,
      max_value: 7,
    }),
    reason: reason(false),
  },
});

/** `/unban <user> [reason]`: the user by id, mention or name, suggested from the ban list. */
export const unbanCommand = defineCommand('unban', {
  description: 'Lift a ban',
  defaultPermission: 'BanMembers',
  privacy: 'public',
  options: {
    user: option.bannedUser({ description: 'Who to unban: pick from the ban list, or an id or name', required: true }),
    reason: reason(false),
  },
});

/** `/purge <count>` */
export const purgeCommand = defineCommand('purge', {
  description: 'Delete the last messages before this command (keeps pinned ones and those over 14 days old)',
  defaultPermission: 'ManageMessages',
  privacy: 'private',
  options: {
    count: option.integer({
      description: 'How many of the last messages (1-1000)',
      required: true,
      min_value: 1,
      max_value: 1000,
    }),
  },
});

/** `/case <number>` */
export const caseCommand = defineCommand('case', {
  description: 'Show a moderation case',
  defaultPermission: 'ModerateMembers',
  privacy: 'private',
  options: { number: caseNumber },
});

/** `/cases [member] [before]`: newest first, one page at a time. */
export const casesCommand = defineCommand('cases', {
  description: 'The latest moderation cases, of the server or of one member',
  defaultPermission: 'ModerateMembers',
  privacy: 'private',
  options: {
    member: option.user({ description: 'Only the cases of this member' }),
    before: option.integer({
      description: `Older cases: those before this case number (${CasesPageSize} a page)`,
      min_value: 1,
    }),
  },
});

/** `/reason <number> <text>` */
export const reasonCommand = defineCommand('reason', {
  description: "Change a case's reason",
  defaultPermission: 'ModerateMembers',
  privacy: 'private',
  options: {
    number: caseNumber,
    text: option.string({ description: 'The new reason', required: true, max_length: 512 }),
  },
});

/** `/modconfig logchannel|escalation|antispam|show` (Manage Server) */
export const modconfigCommand = defineCommand('modconfig', {
  description: 'Moderation settings (Manage Server)',
  defaultPermission: 'ManageGuild',
  subcommands: {
    logchannel: {
      description: 'Where cases are posted; leave empty to stop posting',
      privacy: 'private',
      options: { channel: option.channel({ description: 'The mod-log channel' }) },
    },
    escalation: {
      description: 'What happens after too many warnings',
      privacy: 'private',
      options: {
        warns: option.integer({
          description: 'Warnings that trigger it (0 = off)',
          required: true,
          min_value: 0,
          max_value: 20,
        }),
        days: option.integer({ description: 'Within how many days', required: true, min_value: 1, max_value: 90 }),
        action: option.choice({ description: 'What to do', required: true, choices: ['timeout', 'kick', 'ban'] }),
        duration: duration('Timeout or ban length, e.g. 1h (empty: 1h timeout, permanent ban)', false),
      },
    },
    antispam: {
      description: 'Limits on message rate and mentions',
      privacy: 'private',
      options: {
        messages: option.integer({
          description: 'At most this many messages… (0 = off)',
          required: true,
          min_value: 0,
          max_value: 50,
        }),
        seconds: option.integer({
          description: '…within this many seconds',
          required: true,
          min_value: 1,
          max_value: 60,
        }),
        mentions: option.integer({
          description: 'At most this many mentions in one message (0 = off)',
          required: true,
          min_value: 0,
          max_value: 50,
        }),
        action: option.choice({
          description: 'What to do with a spammer',
          required: true,
          choices: ['warn', 'timeout'],
        }),
        duration: duration('Timeout length, e.g. 10m', false),
      },
    },
    show: { description: 'Show the moderation settings', privacy: 'private' },
  },
});

/** The commands that open or read cases. */
export const caseCommands = [
  warnCommand,
  timeoutCommand,
  kickCommand,
  banCommand,
  unbanCommand,
  purgeCommand,
  caseCommand,
  casesCommand,
  reasonCommand,
] as const;

/** Moderation's commands. */
export const moderationCommands = [...caseCommands, modconfigCommand] as const;
