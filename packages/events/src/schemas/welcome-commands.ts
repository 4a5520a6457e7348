import { defineCommand, option } from '../command-kit.ts';
import { WelcomeLimits, WelcomeTemplate } from './welcome.ts';

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
        message: option.parsed({
          description: 'Template with {user}, {server}, {count}',
          min_length: 1,
          max_length: WelcomeLimits.maxLength,
          parse: WelcomeTemplate,
        }),
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
