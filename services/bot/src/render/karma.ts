import {
  karmaCommand,
  type KarmaAnnounceUpdated,
  type KarmaChangeReverted,
  type KarmaHistoryListed,
  type KarmaLeaderboardListed,
  type KarmaPointsChanged,
  type KarmaSubject,
  type KarmaTotalsListed,
  type RefusalCode,
  type RefusalOf,
} from '@guildhall/events';
import { commandText } from '../i18n/commands.ts';
import { commandsIn } from '../i18n/index.ts';
import type { Text } from '../i18n/index.ts';
import { embed, fitRows } from './embed.ts';
import { moreIn, type Voice } from './voice.ts';
import { body, embedBody, fitLines, mention, subjectLabel, type MessageBody } from './format.ts';

/**
 * Replies to a message that changed karma: one line per change with the new total (`**pizza** +1 → 3`), then a
 * short reason for anything refused. Plain text, as chat replies are. Silent when the guild turned announcements
 * off or there is nothing to say.
 */
export function renderKarmaPointsChanged(p: KarmaPointsChanged['payload'], { text }: Voice): MessageBody | null {
  if (!p.announce) return null;
  if (p.changes.length === 0 && p.refused.length === 0) return null;
  const k = text.m.karma;
  const lines = p.changes.map((c) => k.change({ subject: subjectLabel(c.subject), delta: c.delta, total: c.total }));
  const refused = (reason: KarmaPointsChanged['payload']['refused'][number]['reason']): KarmaSubject[] =>
    p.refused.filter((r) => r.reason === reason).map((r) => r.subject);
  const subjects = (list: KarmaSubject[]) => text.list(list.map(subjectLabel));
  const footer: string[] = [];
  if (refused('self').length > 0) footer.push(k.refusedSelf());
  const cooling = refused('cooldown');
  if (cooling.length > 0)
    footer.push(k.refusedCooldown({ subjects: subjects(cooling), wait: text.duration(p.cooldownSeconds) }));
  const skipped = refused('too_many_subjects');
  if (skipped.length > 0) footer.push(k.refusedTooMany({ subjects: subjects(skipped) }));
  return body(fitLines([], lines, footer, moreIn(text)));
}

/** Karma looked up by name or member (unknown names show 0). */
export function renderKarmaTotalsListed(p: KarmaTotalsListed['payload'], { text }: Voice): MessageBody {
  const rows = p.entries.map((e) => text.m.karma.total({ subject: subjectLabel(e.subject), total: e.total }));
  return embedBody(
    embed({ kind: 'info', title: text.m.karma.totalsTitle(), description: fitRows(rows, moreIn(text)) }),
  );
}

/** The top or bottom of the board, ranked and numbered. */
export function renderKarmaLeaderboardListed(p: KarmaLeaderboardListed['payload'], { text, now }: Voice): MessageBody {
  const k = text.m.karma;
  const rows = p.entries.map((e) =>
    k.leaderboardRow({ rank: e.rank, subject: subjectLabel(e.subject), total: e.total }),
  );
  return embedBody(
    embed({
      kind: 'info',
      title: k.leaderboardTitle({ direction: p.direction }),
      description: rows.length === 0 ? k.leaderboardEmpty() : fitRows(rows, moreIn(text)),
      ...(rows.length > 0 && { footer: k.leaderboardFooter({ count: rows.length }) }),
      timestamp: now,
    }),
  );
}

/** Recent karma changes, newest first, each with the number `/karma revert` takes; reverted ones struck out. */
export function renderKarmaHistoryListed(p: KarmaHistoryListed['payload'], { text, now }: Voice): MessageBody {
  const k = text.m.karma;
  if (p.entries.length === 0)
    return embedBody(embed({ kind: 'info', title: k.historyTitle(), description: k.historyEmpty() }));
  const rows = p.entries.map((e) => {
    const row = k.historyRow({
      id: e.id,
      when: text.relative(e.at, now),
      giver: mention(e.giverId),
      subject: subjectLabel(e.subject),
      delta: e.delta,
    });
    return e.revertedAt === null ? row : k.historyReverted({ row });
  });
  const revert = commandText(commandsIn(text.locale), karmaCommand, 'revert').path;
  return embedBody(
    embed({
      kind: 'info',
      title: k.historyTitle(),
      description: fitRows(rows, moreIn(text)),
      footer: k.historyFooter({ command: revert }),
      timestamp: now,
    }),
  );
}

/** Confirms an undone karma change with the subject's new total. */
export function renderKarmaChangeReverted(p: KarmaChangeReverted['payload'], { text }: Voice): MessageBody {
  return body(
    text.m.karma.reverted({ id: p.changeId, subject: subjectLabel(p.subject), delta: p.delta, total: p.total }),
  );
}

/** Confirms that karma replies were turned on or off. */
export function renderKarmaAnnounceUpdated(p: KarmaAnnounceUpdated['payload'], { text }: Voice): MessageBody {
  return body(p.enabled ? text.m.karma.announceOn() : text.m.karma.announceOff());
}

/** Karma's refusals, worded. */
export const karmaRefusals: {
  [C in Extract<RefusalCode, `karma.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'karma.lookup.empty': (_, t) => t.m.karma.lookupEmpty(),
  'karma.lookup.too_many': (r, t) => t.m.karma.lookupTooMany({ max: r.max }),
  'karma.lookup.unclosed': (_, t) => t.m.karma.lookupUnclosed(),
  'karma.name.empty': (_, t) => t.m.karma.nameEmpty(),
  'karma.name.mention': (_, t) => t.m.karma.nameMention(),
  'karma.name.too_long': (r, t) => t.m.karma.nameTooLong({ max: r.max }),
  'karma.name.no_word': (_, t) => t.m.karma.nameNoWord(),
  'karma.leaderboard.count': (r, t) => t.m.karma.leaderboardCount({ direction: r.direction, max: r.max }),
  'karma.announce.value': (_, t) => t.m.karma.announceValue(),
  'karma.revert.not_found': (r, t) => t.m.karma.revertNotFound({ id: r.changeId }),
  'karma.revert.already': (r, t) => t.m.karma.revertAlready({ id: r.changeId }),
};
