import { defineCommand, option } from '../command-kit.ts';

/** Bounds on reminders (the options below and core's rules share them). */
export const ReminderLimits = {
  /** The latest a reminder may be set for, in seconds from now. */
  maxSeconds: 365 * 86_400,
  /** The soonest, in seconds from now. */
  minSeconds: 10,
  /** Pending reminders one member may have in a guild. */
  perMember: 25,
  /** Characters of a reminder's text. */
  maxText: 1000,
};

/** Bounds on temporary roles, in seconds. */
export const TempRoleLimits = { maxSeconds: 365 * 86_400, minSeconds: 60 };

/** `/remind create|list|cancel` */
export const remindCommand = defineCommand('remind', {
  description: 'Reminders for yourself',
  subcommands: {
    create: {
      description: 'Remind me in this channel later',
      privacy: 'private',
      options: {
        when: option.string({ description: 'In how long, e.g. 10m, 2h, 3d', required: true, max_length: 32 }),
        text: option.string({
          description: 'What to remind you of',
          required: true,
          max_length: ReminderLimits.maxText,
        }),
      },
    },
    list: { description: 'Your pending reminders', privacy: 'private' },
    cancel: {
      description: 'Cancel one of your reminders',
      privacy: 'private',
      options: { id: option.integer({ description: 'Its number from /remind list', required: true, min_value: 1 }) },
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
