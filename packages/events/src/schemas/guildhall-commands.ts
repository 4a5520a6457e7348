import { defineCommand } from '../command-kit.ts';

/** `/guildhall about` */
export const guildhallCommand = defineCommand('guildhall', {
  description: 'About Guildhall',
  subcommands: {
    about: { description: 'Version, uptime and the features that are on', privacy: 'public' },
  },
});

/** `/help` */
export const helpCommand = defineCommand('help', {
  description: 'The commands you can use here',
  privacy: 'private',
});
