import { caseCommands, modconfigCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleSpamDeleteOutcome, handleSpamMessages, SpamDeletePrefix } from './antispam.ts';
import { ModJobs } from './cases.ts';
import { handleModerationCommand } from './commands.ts';
import { handleModConfig } from './config.ts';
import { handleModerationOutcome, handleTimeoutEndJob, handleUnbanJob } from './outcomes.ts';

/** Moderation: cases (warn, timeout, kick, ban, unban, purge), their expiry, escalation, anti-spam, settings. */
export const moderation = defineFeature({
  name: 'moderation',
  commands: [
    ...caseCommands.map((spec) => legacyCommand(spec, handleModerationCommand)),
    legacyCommand(modconfigCommand, handleModConfig),
  ],
  onMessages: handleSpamMessages,
  actions: { mod: handleModerationOutcome, [SpamDeletePrefix]: handleSpamDeleteOutcome },
  jobs: { [ModJobs.unban]: handleUnbanJob, [ModJobs.timeoutEnd]: handleTimeoutEndJob },
});
