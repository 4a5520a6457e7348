import { defineFeature } from '../../feature.ts';
import { handleWelcomeJoin, handleWelcomeOutcome, welcomeRoute } from './handlers.ts';

/** Welcome: a greeting and an optional auto-role for new members. */
export const welcome = defineFeature({
  name: 'welcome',
  commands: [welcomeRoute],
  onMemberJoined: handleWelcomeJoin,
  actions: { welcome: handleWelcomeOutcome },
});
