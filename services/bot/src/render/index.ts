import type { EventOf, ReplyTarget, ResultEvent, ResultType } from '@guildhall/events';
import { renderCommandRejected } from './command-rejected.ts';
import type { MessageBody } from './format.ts';
import { renderKarmaAnnounceUpdated } from './karma-announce.ts';
import { renderKarmaHistoryListed } from './karma-history.ts';
import { renderKarmaLeaderboardListed } from './karma-leaderboard.ts';
import { renderKarmaPointsChanged } from './karma-points.ts';
import { renderKarmaChangeReverted } from './karma-revert.ts';
import { renderKarmaTotalsListed } from './karma-totals.ts';

export type { MessageBody } from './format.ts';

/** Renders one result type's payload as the answer to its `replyTo`; null when there is nothing to say. */
type Renderer<T extends ResultType> = (payload: EventOf<T>['payload']) => MessageBody | null;

/**
 * The renderer of each result type the bot answers. To give a new result type a face, write a pure renderer
 * in its own file (with a unit test) and add it here.
 */
const renderers: { [T in ResultType]?: Renderer<T> } = {
  'karma.points.changed': renderKarmaPointsChanged,
  'karma.totals.listed': renderKarmaTotalsListed,
  'karma.leaderboard.listed': renderKarmaLeaderboardListed,
  'karma.announce.updated': renderKarmaAnnounceUpdated,
  'karma.history.listed': renderKarmaHistoryListed,
  'karma.change.reverted': renderKarmaChangeReverted,
  'command.request.rejected': renderCommandRejected,
};

/** What rendering a result came to: a message for its reply target, nothing to say, or no renderer at all. */
export type Rendering =
  { kind: 'message'; target: ReplyTarget; message: MessageBody } | { kind: 'silent' } | { kind: 'unrendered' };

/** Renders a result as the body of a Discord message for its reply target. */
export function renderResult(event: ResultEvent): Rendering {
  const render = renderers[event.type] as Renderer<ResultType> | undefined;
  if (!render) return { kind: 'unrendered' };
  const target = (event.payload as { replyTo?: ReplyTarget | null }).replyTo;
  const message = render(event.payload as EventOf<ResultType>['payload']);
  if (!message || !target) return { kind: 'silent' };
  return { kind: 'message', target, message };
}
