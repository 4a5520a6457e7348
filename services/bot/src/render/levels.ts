import type {
  LevelsLeaderboardListed,
  LevelsLevelReached,
  LevelsRankShown,
  LevelsRewardFailed,
  LevelsSettingsUpdated,
  RefusalCode,
  RefusalOf,
} from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { embed, fitRows } from './embed.ts';
import { failureText } from './failures.ts';
import { body, channelMention, embedBody, mention, roleMention, type MessageBody } from './format.ts';
import { moreIn, type Voice } from './voice.ts';

/** Blocks in the rank card's progress bar. */
const BarLength = 10;

/** Progress as a bar of blocks, `▰▰▰▱▱▱▱▱▱▱` (rounded down, so a full bar means the level is reached). */
export function progressBar(done: number, total: number): string {
  const filled = total <= 0 ? 0 : Math.min(BarLength, Math.floor((done / total) * BarLength));
  return '▰'.repeat(filled) + '▱'.repeat(BarLength - filled);
}

/** The rank card: a member's level, XP, place, and progress to the next level. */
export function renderRankShown(p: LevelsRankShown['payload'], { text, now }: Voice): MessageBody {
  const l = text.m.levels;
  const s = p.standing;
  return embedBody(
    embed({
      kind: 'info',
      title: l.rankTitle(),
      description: l.rankIs({ member: mention(p.member.id), level: s.level }),
      fields: [
        { name: l.xp(), value: l.xpValue({ xp: s.xp }), inline: true },
        { name: l.rank(), value: p.rank === null ? l.unranked() : l.rankValue({ rank: p.rank }), inline: true },
        {
          name: l.progress({ level: s.level + 1 }),
          value: l.progressValue({
            bar: progressBar(s.xpIntoLevel, s.xpForNextLevel),
            into: s.xpIntoLevel,
            needed: s.xpForNextLevel,
          }),
        },
      ],
      timestamp: now,
    }),
  );
}

/** The members with the most XP, ranked and numbered. */
export function renderLevelsLeaderboard(p: LevelsLeaderboardListed['payload'], { text, now }: Voice): MessageBody {
  const l = text.m.levels;
  const rows = p.entries.map((e) =>
    l.leaderboardRow({ rank: e.rank, member: mention(e.member.id), level: e.level, xp: e.xp }),
  );
  return embedBody(
    embed({
      kind: 'info',
      title: l.leaderboardTitle(),
      description: rows.length === 0 ? l.leaderboardEmpty() : fitRows(rows, moreIn(text)),
      ...(rows.length > 0 && { footer: l.leaderboardFooter({ count: rows.length }) }),
      timestamp: now,
    }),
  );
}

/**
 * A level-up announcement, naming the reward roles; the member is shown, not pinged. Plain text, as chat replies
 * are.
 */
export function renderLevelReached(p: LevelsLevelReached['payload'], { text }: Voice): MessageBody {
  const l = text.m.levels;
  const lines = [l.reached({ member: mention(p.member.id), level: p.level })];
  if (p.rolesAwarded.length > 0) {
    lines.push(l.newRoles({ count: p.rolesAwarded.length, roles: text.list(p.rolesAwarded.map(roleMention)) }));
  }
  return body(lines.join('\n'));
}

/** The level settings and role rewards after a change (or just shown). */
export function renderLevelsSettings(p: LevelsSettingsUpdated['payload'], { text }: Voice): MessageBody {
  const l = text.m.levels;
  const s = p.settings;
  const announce = !s.announce
    ? l.announceOff()
    : s.announceChannelId
      ? l.announceIn({ channel: channelMention(s.announceChannelId) })
      : l.announceReply();
  const rewards = [...s.rewards]
    .sort((a, b) => a.level - b.level)
    .map((r) => l.rewardRow({ level: r.level, role: roleMention(r.roleId) }));
  return embedBody(
    embed({
      kind: p.changed.length > 0 ? 'success' : 'info',
      title: l.settingsTitle({ changed: p.changed.length > 0 ? 'yes' : 'no' }),
      fields: [
        {
          name: l.xpPerMessage(),
          value: l.xpPerMessageValue({ min: s.xpMin, max: s.xpMax, cooldown: text.duration(s.cooldownSeconds) }),
          inline: true,
        },
        { name: l.announcements(), value: announce, inline: true },
        // A field value holds 1024 characters: about 30 rewards; the rest are counted.
        { name: l.rewards(), value: rewards.length === 0 ? l.noRewards() : fitRows(rewards, moreIn(text), 1024) },
      ],
    }),
  );
}

/** For the mod log: a level reward that was not given, and why (never a privileged role, whatever it became). */
export function renderRewardFailed(p: LevelsRewardFailed['payload'], { text, now }: Voice): MessageBody {
  const l = text.m.levels;
  return embedBody(
    embed({
      kind: 'refusal',
      title: l.rewardFailedTitle(),
      description: l.rewardFailed({
        member: mention(p.memberId),
        level: p.level,
        role: roleMention(p.roleId),
        why: failureText(p.failure, text),
      }),
      timestamp: now,
    }),
  );
}

/** The levels' refusals, worded. */
export const levelsRefusals: {
  [C in Extract<RefusalCode, `levels.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'levels.xp.range': (r, t) => t.m.levels.xpRange({ min: r.min, max: r.max }),
  'levels.xp.nothing': (_, t) => t.m.levels.xpNothing(),
  'levels.rewards.full': (r, t) => t.m.levels.rewardsFull({ max: r.max }),
  'levels.reward.not_found': (r, t) => t.m.levels.rewardNotFound({ level: r.level }),
  'levels.member.bot': (_, t) => t.m.levels.memberBot(),
};
