import { welcomeCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleWelcomeCommand, handleWelcomeJoin, handleWelcomeOutcome } from './handlers.ts';

/** Welcome: a greeting and an optional auto-role for new members. */
export const welcome = defineFeature({
  name: 'welcome',
  commands: [legacyCommand(welcomeCommand, handleWelcomeCommand)],
  onMemberJoined: handleWelcomeJoin,
  actions: { welcome: handleWelcomeOutcome },
});
