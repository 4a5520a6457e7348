import { birthdayCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { BirthdayJob, handleBirthdayCommand, handleBirthdayJob } from './birthdays.ts';

/** Birthdays: `/birthday`, announced once a year in the guild's time zone by a scheduled job. */
export const birthdays = defineFeature({
  name: 'birthdays',
  commands: [legacyCommand(birthdayCommand, handleBirthdayCommand)],
  jobs: { [BirthdayJob]: handleBirthdayJob },
});
