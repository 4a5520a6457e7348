import { levelsCommand, levelsConfigCommand, rankCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleLevels, handleLevelsConfig, handleRank } from './commands.ts';
import { handleXpMessages } from './earn.ts';
import { handleLevelRewardOutcome, LevelRewardPrefix } from './rewards.ts';

/** Levels: XP per message, level-ups with role rewards, /rank, /levels and their settings. */
export const levels = defineFeature({
  name: 'levels',
  commands: [
    legacyCommand(rankCommand, handleRank),
    legacyCommand(levelsCommand, handleLevels),
    legacyCommand(levelsConfigCommand, handleLevelsConfig),
  ],
  onMessages: handleXpMessages,
  actions: { [LevelRewardPrefix]: handleLevelRewardOutcome },
});
