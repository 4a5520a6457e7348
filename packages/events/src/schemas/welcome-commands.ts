import { defineCommand, option } from '../command-kit.ts';

/** `/welcome set|autorole|off|show` (Manage Server) */
export const welcomeCommand = defineCommand('welcome', {
  description: 'Greet new members (Manage Server)',
  defaultPermission: 'ManageGuild',
  subcommands: {
    set: {
      description: 'Greet new members in a channel',
      privacy: 'private',
      options: {
        channel: option.channel({ description: 'Where to greet', required: true }),
        message: option.string({ description: 'Template with {user}, {server}, {count}', max_length: 1000 }),
      },
    },
    autorole: {
      description: 'Give new members a role; leave empty to stop',
      privacy: 'private',
      options: { role: option.role({ description: 'The role' }) },
    },
    off: { description: 'Stop greeting new members', privacy: 'private' },
    show: { description: 'Show the welcome settings', privacy: 'private' },
  },
});
