import type { KarmaPointsChanged, KarmaSubject } from '@guildhall/events';
import { body, duration, fitLines, signed, subjectLabel, subjectList, type MessageBody } from './format.ts';

type Payload = KarmaPointsChanged['payload'];

/**
 * Replies to a message that changed karma: one line per change with the new total (`**pizza** +1 → 3`), then a
 * short reason for anything refused. Silent when the guild turned announcements off or there is nothing to say.
 */
export function renderKarmaPointsChanged(payload: Payload): MessageBody | null {
  if (!payload.announce) return null;
  if (payload.changes.length === 0 && payload.refused.length === 0) return null;
  const lines = payload.changes.map((c) => `${subjectLabel(c.subject)} ${signed(c.delta)} → ${c.total}`);
  return body(fitLines([], lines, refusalLines(payload)));
}

function refusalLines(payload: Payload): string[] {
  const by = (reason: Payload['refused'][number]['reason']): KarmaSubject[] =>
    payload.refused.filter((r) => r.reason === reason).map((r) => r.subject);
  const lines: string[] = [];
  if (by('self').length > 0) lines.push("You can't change your own karma.");
  const cooling = by('cooldown');
  if (cooling.length > 0) {
    lines.push(
      `Too soon for ${subjectList(cooling)}: you can change each once every ${duration(payload.cooldownSeconds)}.`,
    );
  }
  const skipped = by('too_many_subjects');
  if (skipped.length > 0) lines.push(`Too many names in one message; skipped ${subjectList(skipped)}.`);
  return lines;
}
