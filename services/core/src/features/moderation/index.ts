import { defineFeature } from '../../feature.ts';
import { handleSpamDeleteOutcome, handleSpamMessages, SpamDeletePrefix } from './antispam.ts';
import { CaseActionPrefix, ModJobs } from './cases.ts';
import { actionCommands } from './commands.ts';
import { modconfigRoute } from './config.ts';
import { handleModerationOutcome, handleTimeoutEndJob, handleUnbanJob } from './outcomes.ts';
import { recordCommands } from './records.ts';

/** Moderation: cases (warn, timeout, kick, ban, unban, purge), their expiry, escalation, anti-spam, settings. */
export const moderation = defineFeature({
  name: 'moderation',
  commands: [...actionCommands, ...recordCommands, modconfigRoute],
  onMessages: handleSpamMessages,
  actions: { [CaseActionPrefix]: handleModerationOutcome, [SpamDeletePrefix]: handleSpamDeleteOutcome },
  jobs: { [ModJobs.unban]: handleUnbanJob, [ModJobs.timeoutEnd]: handleTimeoutEndJob },
});
