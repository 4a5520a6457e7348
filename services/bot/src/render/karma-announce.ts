import type { KarmaAnnounceUpdated } from '@guildhall/events';
import { body, type MessageBody } from './format.ts';

/** Confirms that karma replies were turned on or off. */
export function renderKarmaAnnounceUpdated(payload: KarmaAnnounceUpdated['payload']): MessageBody {
  return body(
    payload.enabled
      ? 'Karma replies are **on**: every change gets a reply with the new totals.'
      : 'Karma replies are **off**: karma still counts, silently.',
  );
}
