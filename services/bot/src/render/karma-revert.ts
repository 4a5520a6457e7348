import type { KarmaChangeReverted } from '@guildhall/events';
import { body, signed, subjectLabel, type MessageBody } from './format.ts';

/** Confirms an undone karma change with the subject's new total. */
export function renderKarmaChangeReverted(payload: KarmaChangeReverted['payload']): MessageBody {
  return body(
    `Reverted change \`#${payload.changeId}\`: ${subjectLabel(payload.subject)} ${signed(payload.delta)} → ${payload.total}`,
  );
}
