import { defineCommand, option } from '../command-kit.ts';

/** Bounds on what one levels command may ask for or set (the options below and core's rules share them). */
export const LevelLimits = {
  maxLeaderboard: 25,
  defaultLeaderboard: 10,
  maxXpPerMessage: 1000,
  maxCooldownSeconds: 86_400,
  maxLevel: 1000,
  maxRewards: 100,
};

const level = option.integer({
  description: 'The level',
  required: true,
  min_value: 1,
  max_value: LevelLimits.maxLevel,
});
const xp = (description: string) =>
  option.integer({ description, min_value: 0, max_value: LevelLimits.maxXpPerMessage });

/** `/rank [member]` */
export const rankCommand = defineCommand('rank', {
  description: "Show your level and XP, or another member's",
  privacy: 'public',
  options: { member: option.user({ description: 'Whose rank (default: yours)' }) },
});

/** `/levels [count]` */
export const levelsCommand = defineCommand('levels', {
  description: 'The members with the most XP',
  privacy: 'public',
  options: {
    count: option.integer({
      description: `How many (1-${LevelLimits.maxLeaderboard})`,
      min_value: 1,
      max_value: LevelLimits.maxLeaderboard,
    }),
  },
});

/** `/levels-config show|xp|announce|reward-set|reward-remove` (Manage Server) */
export const levelsConfigCommand = defineCommand('levels-config', {
  description: 'Configure levels (Manage Server)',
  defaultPermission: 'ManageGuild',
  subcommands: {
    show: { description: 'Show the level settings and role rewards', privacy: 'private' },
    xp: {
      description: 'XP per message (a random amount in a range) and the cooldown',
      privacy: 'private',
      options: {
        min: xp('Least XP per message'),
        max: xp('Most XP per message'),
        cooldown: option.integer({
          description: 'Seconds between XP-earning messages per member',
          min_value: 0,
          max_value: LevelLimits.maxCooldownSeconds,
        }),
      },
    },
    announce: {
      description: 'Turn level-up announcements on or off, and choose their channel',
      privacy: 'private',
      options: {
        enabled: option.boolean({ description: 'Announce level-ups', required: true }),
        channel: option.channel({ description: 'Where to announce (default: reply to the message)' }),
      },
    },
    'reward-set': {
      description: 'Give a role to members who reach a level',
      privacy: 'private',
      options: { level, role: option.role({ description: 'The role to give', required: true }) },
    },
    'reward-remove': {
      description: 'Stop giving a role at a level',
      privacy: 'private',
      options: { level },
    },
  },
});

/** The levels feature's commands. */
export const levelsCommands = [rankCommand, levelsCommand, levelsConfigCommand] as const;
