import type { KarmaLeaderboardListed } from '@guildhall/events';
import { body, fitLines, subjectLabel, type MessageBody } from './format.ts';

/** The top or bottom of the board, ranked and numbered, within Discord's 2000 characters. */
export function renderKarmaLeaderboardListed(payload: KarmaLeaderboardListed['payload']): MessageBody {
  const title = payload.direction === 'top' ? '**Highest karma**' : '**Lowest karma**';
  if (payload.entries.length === 0) return body(`${title}\nNobody has karma yet: thank someone with \`name++\`.`);
  const lines = payload.entries.map((e) => `${e.rank}. ${subjectLabel(e.subject)}: ${e.total}`);
  return body(fitLines([title], lines));
}
