import { msg } from '../message.ts';

/** Karma's replies, embeds and refusals. */
export const karma = {
  change: msg<{ subject: string; delta: number; total: number }>(
    '{subject} {delta, number, ::sign-always} → {total, number}',
  ),
  refusedSelf: msg("You can't change your own karma."),
  refusedCooldown: msg<{ subjects: string; wait: string }>(
    'Too soon for {subjects}: wait {wait} between your changes to the same name.',
  ),
  refusedTooMany: msg<{ subjects: string }>('Too many names in one message; skipped {subjects}.'),
  totalsTitle: msg('Karma'),
  total: msg<{ subject: string; total: number }>('{subject}: {total, number}'),
  leaderboardTitle: msg<{ direction: string }>('{direction, select, top {Highest karma} other {Lowest karma}}'),
  leaderboardRow: msg<{ rank: number; subject: string; total: number }>('`{rank}.` {subject} — {total, number}'),
  leaderboardEmpty: msg('Nobody has karma yet: thank someone with `name++`.'),
  leaderboardFooter: msg<{ count: number }>('{count, plural, one {# entry} other {# entries}}'),
  historyTitle: msg('Recent karma changes'),
  historyRow: msg<{ id: string; when: string; giver: string; subject: string; delta: number }>(
    '`#{id}` {when}: {giver} gave {subject} {delta, number, ::sign-always}',
  ),
  historyReverted: msg<{ row: string }>('~~{row}~~ (reverted)'),
  historyEmpty: msg('No karma changes to show.'),
  historyFooter: msg<{ command: string }>('Undo one with {command} and its number.'),
  reverted: msg<{ id: string; subject: string; delta: number; total: number }>(
    'Reverted change `#{id}`: {subject} {delta, number, ::sign-always} → {total, number}',
  ),
  announceOn: msg('Karma replies are **on**: every change gets a reply with the new totals.'),
  announceOff: msg('Karma replies are **off**: karma still counts, silently.'),
  lookupEmpty: msg('Name at least one thing to look up, e.g. `alice`.'),
  lookupTooMany: msg<{ max: number }>('Look up at most {max, number} names at once.'),
  lookupUnclosed: msg('A `(` has no matching `)`; close it, e.g. `(ice cream)`.'),
  nameEmpty: msg('One of the names is empty; put something inside the parentheses.'),
  nameMention: msg("Roles, channels, @everyone and @here don't have karma; name a person or a thing instead."),
  nameTooLong: msg<{ max: number }>('Names can be at most {max, number} characters; shorten the long one.'),
  nameNoWord: msg('Each name needs at least one letter, number or emoji.'),
  leaderboardCount: msg<{ direction: string; max: number }>(
    'Pick a number from 1 to {max, number}, e.g. `@Guildhall {direction} 5`.',
  ),
  announceValue: msg('Say `@Guildhall announce on` or `@Guildhall announce off`.'),
  revertNotFound: msg<{ id: string }>('There is no karma change #{id} in this server.'),
  revertAlready: msg<{ id: string }>('Karma change #{id} was already reverted.'),
} as const;
