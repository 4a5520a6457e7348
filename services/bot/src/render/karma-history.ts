import type { KarmaHistoryListed } from '@guildhall/events';
import { body, fitLines, signed, subjectLabel, timestamp, type MessageBody } from './format.ts';

/** Recent karma changes, newest first, each with the number `/karma revert` takes; reverted ones struck out. */
export function renderKarmaHistoryListed(payload: KarmaHistoryListed['payload']): MessageBody {
  if (payload.entries.length === 0) return body('No karma changes to show.');
  const lines = payload.entries.map((e) => {
    const line = `\`#${e.id}\` ${timestamp(e.at)} <@${e.giverId}> gave ${subjectLabel(e.subject)} ${signed(e.delta)}`;
    return e.revertedAt === null ? line : `~~${line}~~ (reverted)`;
  });
  return body(fitLines(['**Recent karma changes**'], lines, ['Undo one with `/karma revert id:<number>`.']));
}
