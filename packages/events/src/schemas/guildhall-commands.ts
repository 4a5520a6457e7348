import { defineCommand, option } from '../command-kit.ts';

/** `/guildhall about|public-pages` */
export const guildhallCommand = defineCommand('guildhall', {
  description: 'About Guildhall',
  subcommands: {
    about: { description: 'Version, uptime and the features that are on', privacy: 'public' },
    'public-pages': {
      description: "Show this server's leaderboards on the web to everyone, or to members only (Manage Server)",
      privacy: 'private',
      options: {
        enabled: option.boolean({ description: 'Anyone with the link may see the leaderboards', required: true }),
      },
    },
  },
});

/** `/help` */
export const helpCommand = defineCommand('help', {
  description: 'The commands you can use here',
  privacy: 'private',
});
