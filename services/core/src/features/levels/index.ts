import { levelsCommand, levelsConfigCommand, NoSubcommand, rankCommand } from '@guildhall/events';
import { command, defineFeature } from '../../feature.ts';
import { announce, leaderboard, rank, rewardRemove, rewardSet, show, xp } from './commands.ts';
import { handleXpMessages } from './earn.ts';
import { handleLevelRewardOutcome, LevelRewardPrefix } from './rewards.ts';

/** Levels: XP per message, level-ups with role rewards, /rank, /levels and their settings. */
export const levels = defineFeature({
  name: 'levels',
  commands: [
    command(rankCommand, { [NoSubcommand]: rank }),
    command(levelsCommand, { [NoSubcommand]: leaderboard }),
    command(levelsConfigCommand, {
      show: { requires: 'ManageGuild', run: show },
      xp: { requires: 'ManageGuild', run: xp },
      announce: { requires: 'ManageGuild', run: announce },
      'reward-set': { requires: 'ManageGuild', run: rewardSet },
      'reward-remove': { requires: 'ManageGuild', run: rewardRemove },
    }),
  ],
  onMessages: handleXpMessages,
  actions: { [LevelRewardPrefix]: handleLevelRewardOutcome },
});
