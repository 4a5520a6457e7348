import { composeFeatures, type Feature } from './feature.ts';
import { birthdays } from './features/birthdays/index.ts';
import { directory } from './features/directory/index.ts';
import { economy } from './features/economy/index.ts';
import { guildhall } from './features/guildhall/index.ts';
import { karma } from './features/karma/index.ts';
import { levels } from './features/levels/index.ts';
import { moderation } from './features/moderation/index.ts';
import { reminders } from './features/reminders/index.ts';
import { temproles } from './features/temproles/index.ts';
import { welcome } from './features/welcome/index.ts';

/**
 * Every feature core runs. The order is the order their message handlers' first statements share a round trip in:
 * karma comes last, as its totals are rows every batch of a guild may share, and a row lock is held until commit, so
 * taking them last (after the cooldown claims) keeps the stretch where batches queue behind each other short.
 */
export const features: readonly Feature[] = [
  moderation,
  levels,
  economy,
  karma,
  welcome,
  reminders,
  temproles,
  birthdays,
  directory,
  guildhall(() => features),
];

/** What the pipeline runs for each batch. */
export const requestHandlers = composeFeatures(features);
