import { msg } from '../message.ts';

/** The levels' rank card, board, announcements, settings and refusals. */
export const levels = {
  rankTitle: msg('Rank card'),
  rankIs: msg<{ member: string; level: number }>('{member} is at level **{level, number}**.'),
  xp: msg('XP'),
  xpValue: msg<{ xp: number }>('{xp, number} XP'),
  rank: msg('Rank'),
  rankValue: msg<{ rank: number }>('#{rank, number}'),
  unranked: msg('Not ranked yet'),
  progress: msg<{ level: number }>('Progress to level {level, number}'),
  progressValue: msg<{ bar: string; into: number; needed: number }>('{bar} {into, number} / {needed, number} XP'),
  leaderboardTitle: msg('Top levels'),
  leaderboardRow: msg<{ rank: number; member: string; level: number; xp: number }>(
    '`{rank}.` {member} — level {level, number} · {xp, number} XP',
  ),
  leaderboardEmpty: msg('Nobody has any XP yet: chat to earn some.'),
  leaderboardFooter: msg<{ count: number }>('{count, plural, one {# member} other {# members}}'),
  reached: msg<{ member: string; level: number }>('{member} reached level **{level, number}**!'),
  newRoles: msg<{ count: number; roles: string }>('{count, plural, one {New role} other {New roles}}: {roles}'),
  settingsTitle: msg<{ changed: string }>('{changed, select, yes {Level settings updated} other {Level settings}}'),
  xpPerMessage: msg('XP per message'),
  xpPerMessageValue: msg<{ min: number; max: number; cooldown: string }>(
    '{min, number}–{max, number}, at most once every {cooldown}',
  ),
  announcements: msg('Level-up announcements'),
  announceIn: msg<{ channel: string }>('On, in {channel}'),
  announceReply: msg('On, in reply to the message'),
  announceOff: msg('Off'),
  rewards: msg('Role rewards'),
  rewardRow: msg<{ level: number; role: string }>('Level {level, number}: {role}'),
  noRewards: msg('None'),
  rewardFailedTitle: msg('Level reward not given'),
  rewardFailed: msg<{ member: string; level: number; role: string; why: string }>(
    '{member} reached level {level, number}, but {role} was not added: {why}',
  ),
  xpRange: msg<{ min: number; max: number }>(
    "The least XP per message ({min, number}) can't be more than the most ({max, number}).",
  ),
  xpNothing: msg('Give `min`, `max` or `cooldown` to change.'),
  rewardsFull: msg<{ max: number }>('A server can have at most {max, number} level rewards.'),
  rewardNotFound: msg<{ level: number }>('There is no role reward at level {level, number}.'),
  memberBot: msg("Bots don't earn XP; choose a member."),
} as const;
