import { defineCommand, option } from '../command-kit.ts';

/** `/remind create|list|cancel` */
export const remindCommand = defineCommand('remind', {
  description: 'Reminders for yourself',
  subcommands: {
    create: {
      description: 'Remind me in this channel later',
      privacy: 'private',
      options: {
        when: option.string({ description: 'In how long, e.g. 10m, 2h, 3d', required: true }),
        text: option.string({ description: 'What to remind you of', required: true, max_length: 1000 }),
      },
    },
    list: { description: 'Your pending reminders', privacy: 'private' },
    cancel: {
      description: 'Cancel one of your reminders',
      privacy: 'private',
      options: { id: option.integer({ description: 'Its number from /remind list', required: true }) },
    },
  },
});

/** `/temprole <member> <role> <duration>` */
export const tempRoleCommand = defineCommand('temprole', {
  description: 'Give a member a role for a while',
  defaultPermission: 'ManageRoles',
  privacy: 'public',
  options: {
    member: option.user({ description: 'Who gets the role', required: true }),
    role: option.role({ description: 'The role', required: true }),
    duration: option.string({
      description: 'For how long, e.g. 1h, 7d (at most 365d)',
      required: true,
      max_length: 32,
    }),
  },
});

/** `/birthday set|remove|channel|timezone` */
export const birthdayCommand = defineCommand('birthday', {
  description: 'Birthdays, announced once a year',
  subcommands: {
    set: {
      description: 'Save your birthday',
      privacy: 'private',
      options: {
        month: option.integer({ description: 'Month (1-12)', required: true, min_value: 1, max_value: 12 }),
        day: option.integer({ description: 'Day (1-31)', required: true, min_value: 1, max_value: 31 }),
      },
    },
    remove: { description: 'Forget your birthday', privacy: 'private' },
    channel: {
      description: 'Where birthdays are announced (Manage Server); empty to stop',
      privacy: 'private',
      options: { channel: option.channel({ description: 'The channel' }) },
    },
    timezone: {
      description: "The server's time zone for birthdays (Manage Server)",
      privacy: 'private',
      options: {
        zone: option.string({ description: 'An IANA zone, e.g. Europe/Berlin', required: true, max_length: 64 }),
      },
    },
  },
});
