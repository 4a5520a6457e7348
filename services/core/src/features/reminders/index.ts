import { defineFeature } from '../../feature.ts';
import { handleReminderJob, remindSlashCommand, ReminderJob } from './reminders.ts';

/** Reminders: `/remind`, delivered by a scheduled job. */
export const reminders = defineFeature({
  name: 'reminders',
  commands: [remindSlashCommand],
  jobs: { [ReminderJob]: handleReminderJob },
});
