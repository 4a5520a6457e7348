import { defineCommand, option } from '../command-kit.ts';

/** Bounds on what one karma command may ask for (the options below and core's rules share them). */
export const KarmaLimits = { maxLeaderboard: 25, defaultLeaderboard: 10, maxLookupSubjects: 10, historyPage: 15 };

const count = option.integer({
  description: `How many (1-${KarmaLimits.maxLeaderboard})`,
  min_value: 1,
  max_value: KarmaLimits.maxLeaderboard,
});

/** `/karma get|top|bottom|announce|history|revert` */
export const karmaCommand = defineCommand('karma', {
  description: 'Karma: look up, rank and manage',
  subcommands: {
    get: {
      description: 'Show the karma of names or members',
      privacy: 'public',
      options: {
        names: option.string({
          description: 'Names separated by spaces; (multi word) in parentheses; @mentions',
          required: true,
          max_length: 500,
        }),
      },
    },
    top: { description: 'The highest karma in this server', privacy: 'public', options: { count } },
    bottom: { description: 'The lowest karma in this server', privacy: 'public', options: { count } },
    announce: {
      description: 'Turn karma change replies on or off (Manage Server)',
      privacy: 'private',
      options: { enabled: option.boolean({ description: 'Reply to karma changes', required: true }) },
    },
    history: {
      description: 'Recent karma changes, to review abuse (Manage Server)',
      privacy: 'private',
      options: { name: option.string({ description: 'Only changes of this name or @member', max_length: 500 }) },
    },
    revert: {
      description: 'Undo one karma change from the history (Manage Server)',
      privacy: 'private',
      options: {
        id: option.integer({ description: 'The change number from /karma history', required: true, min_value: 1 }),
      },
    },
  },
});
