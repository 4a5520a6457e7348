import type { InteractionTarget, ReplyTarget } from '@guildhall/events';

/**
 * The Discord interaction a command came from, for commands that act in its channel (purge, reminders). The web
 * dashboard invokes only settings changes (feature.ts refuses anything else from it first), so a web target here is
 * a bug, not a member's mistake.
 */
export function interactionOf(target: ReplyTarget): InteractionTarget {
  if (target.kind !== 'interaction')
    throw new Error(`a command that acts in a channel came with a ${target.kind} target`);
  return target;
}
