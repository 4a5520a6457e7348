import type { CommandRejected } from '@guildhall/events';
import { body, type MessageBody } from './format.ts';

/** A refused command: core's sentence, which already says what to fix. */
export function renderCommandRejected(payload: CommandRejected['payload']): MessageBody {
  return body(payload.message);
}
