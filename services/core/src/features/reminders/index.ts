import { remindCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleReminderJob, handleRemindCommand, ReminderJob } from './reminders.ts';

/** Reminders: `/remind`, delivered by a scheduled job. */
export const reminders = defineFeature({
  name: 'reminders',
  commands: [legacyCommand(remindCommand, handleRemindCommand)],
  jobs: { [ReminderJob]: handleReminderJob },
});
