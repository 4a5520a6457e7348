import type {
  LevelsLeaderboardListed,
  LevelsLevelReached,
  LevelsRankShown,
  LevelsSettingsUpdated,
} from '@guildhall/events';
import { body, channelMention, duration, fitLines, grouped, mention, roleMention, type MessageBody } from './format.ts';

/** A member's level, XP, progress to the next level and rank. */
export function renderRankShown(p: LevelsRankShown['payload']): MessageBody {
  const s = p.standing;
  const lines = [
    `${mention(p.member.id)} is level **${s.level}** with ${grouped(s.xp)} XP.`,
    `Next level: ${grouped(s.xpIntoLevel)}/${grouped(s.xpForNextLevel)} XP.`,
  ];
  if (p.rank !== null) lines.push(`Rank #${p.rank} in this server.`);
  return body(lines.join('\n'));
}

/** The members with the most XP, ranked and numbered. */
export function renderLevelsLeaderboard(p: LevelsLeaderboardListed['payload']): MessageBody {
  const title = '**Top levels**';
  if (p.entries.length === 0) return body(`${title}\nNobody has any XP yet: chat to earn some.`);
  const lines = p.entries.map((e) => `${e.rank}. ${mention(e.member.id)}: level ${e.level} (${grouped(e.xp)} XP)`);
  return body(fitLines([title], lines));
}

/** A level-up announcement, naming the reward roles; the member is shown, not pinged. */
export function renderLevelReached(p: LevelsLevelReached['payload']): MessageBody {
  const lines = [`${mention(p.member.id)} reached level **${p.level}**!`];
  if (p.rolesAwarded.length > 0)
    lines.push(`New role${p.rolesAwarded.length === 1 ? '' : 's'}: ${p.rolesAwarded.map(roleMention).join(', ')}`);
  return body(lines.join('\n'));
}

/** The level settings and role rewards after a change (or just shown). */
export function renderLevelsSettings(p: LevelsSettingsUpdated['payload']): MessageBody {
  const s = p.settings;
  const where = s.announceChannelId ? `in ${channelMention(s.announceChannelId)}` : 'in reply to the message';
  const rewards = [...s.rewards]
    .sort((a, b) => a.level - b.level)
    .map((r) => `level ${r.level}: ${roleMention(r.roleId)}`);
  return body(
    fitLines(
      [
        p.changed.length > 0 ? '**Level settings updated**' : '**Level settings**',
        `XP per message: ${s.xpMin}-${s.xpMax}, at most once every ${duration(s.cooldownSeconds)}`,
        `Level-up announcements: ${s.announce ? `on, ${where}` : 'off'}`,
        rewards.length > 0 ? 'Role rewards:' : 'Role rewards: none',
      ],
      rewards,
    ),
  );
}
