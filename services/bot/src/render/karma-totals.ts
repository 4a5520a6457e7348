import type { KarmaTotalsListed } from '@guildhall/events';
import { body, fitLines, subjectLabel, type MessageBody } from './format.ts';

/** Karma looked up by name or member: one `**name**: total` line each (unknown names show 0). */
export function renderKarmaTotalsListed(payload: KarmaTotalsListed['payload']): MessageBody {
  const lines = payload.entries.map((e) => `${subjectLabel(e.subject)}: ${e.total}`);
  return body(fitLines([], lines));
}
