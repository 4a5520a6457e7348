import { defineFeature } from '../../feature.ts';
import { BirthdayJob, birthdaySlashCommand, handleBirthdayJob } from './birthdays.ts';

/** Birthdays: `/birthday`, announced once a year in the guild's time zone by a scheduled job. */
export const birthdays = defineFeature({
  name: 'birthdays',
  commands: [birthdaySlashCommand],
  jobs: { [BirthdayJob]: handleBirthdayJob },
});
