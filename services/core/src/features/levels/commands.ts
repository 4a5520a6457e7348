import {
  getLevelMember,
  getLevelSettings,
  levelLeaderboard,
  listLevelRewards,
  removeLevelReward,
  setLevelReward,
  updateLevelSettings,
  xpRank,
  type LevelSettings,
} from '@guildhall/db';
import {
  LevelLimits,
  type levelsCommand,
  type levelsConfigCommand,
  type LevelsSettingsUpdated,
  type NoSubcommand,
  type OptionsFor,
  type rankCommand,
} from '@guildhall/events';
import type { Answer, CommandContext } from '../../feature.ts';
import { namedUser } from '../../shared/commands/options.ts';
import { rewardRoleRefusal } from '../../shared/permissions/permissions.ts';
import { levelStanding } from './formula.ts';

type Config<K extends keyof (typeof levelsConfigCommand)['subcommands']> = OptionsFor<typeof levelsConfigCommand, K>;

/** `/rank [member]`: level, XP, progress and place. */
export async function rank(
  ctx: CommandContext,
  { member }: OptionsFor<typeof rankCommand, typeof NoSubcommand>,
): Answer {
  const { guildId, replyTo, actor } = ctx.event.payload;
  const target = member === undefined ? actor : namedUser(ctx.event.payload, member);
  if (target.bot) return { code: 'levels.member.bot' };
  const found = await getLevelMember(ctx.db, guildId, target.id);
  const xp = found?.xp ?? 0;
  ctx.emit('levels.rank.shown', {
    guildId,
    replyTo,
    member: { id: target.id, displayName: found?.displayName ?? target.displayName },
    standing: levelStanding(xp),
    rank: xp > 0 ? await xpRank(ctx.db, guildId, xp) : null,
  });
}

/** `/levels [count]`: the members with the most XP. */
export async function leaderboard(
  ctx: CommandContext,
  { count }: OptionsFor<typeof levelsCommand, typeof NoSubcommand>,
): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  const rows = await levelLeaderboard(ctx.db, guildId, count ?? LevelLimits.defaultLeaderboard);
  ctx.emit('levels.leaderboard.listed', {
    guildId,
    replyTo,
    entries: rows.map((r, i) => ({
      rank: i + 1,
      member: { id: r.userId, displayName: r.displayName },
      level: r.level,
      xp: r.xp,
    })),
  });
}

type SettingName = LevelsSettingsUpdated['payload']['changed'][number];

/** `/levels-config show`: the settings and rewards as they are. */
export function show(ctx: CommandContext): Answer {
  return saveAndShow(ctx, {}, []);
}

/** `/levels-config xp [min] [max] [cooldown]`: the XP range per message and the cooldown. */
export async function xp(ctx: CommandContext, { min, max, cooldown }: Config<'xp'>): Answer {
  if (min === undefined && max === undefined && cooldown === undefined) return { code: 'levels.xp.nothing' };
  const current = await getLevelSettings(ctx.db, ctx.event.payload.guildId);
  const xpMin = min ?? current.xpMin;
  const xpMax = max ?? current.xpMax;
  if (xpMin > xpMax) return { code: 'levels.xp.range', min: xpMin, max: xpMax };
  const changes: Partial<LevelSettings> = {};
  const changed: SettingName[] = [];
  if (min !== undefined || max !== undefined) {
    Object.assign(changes, { xpMin, xpMax });
    changed.push('xpRange');
  }
  if (cooldown !== undefined) {
    changes.cooldownSeconds = cooldown;
    changed.push('cooldownSeconds');
  }
  return saveAndShow(ctx, changes, changed);
}

/** `/levels-config announce <enabled> [channel]`: level-up announcements on or off, and where. */
export function announce(ctx: CommandContext, { enabled, channel }: Config<'announce'>): Answer {
  return saveAndShow(ctx, { announce: enabled, announceChannelId: channel ?? null }, ['announce', 'announceChannelId']);
}

/**
 * `/levels-config reward-set <level> <role>`: the role given at a level. Members get it without being moderators,
 * so a privileged role is refused here, and the bot re-checks it before each level-up adds it.
 */
export async function rewardSet(ctx: CommandContext, { level, role }: Config<'reward-set'>): Answer {
  const { guildId } = ctx.event.payload;
  const refused = rewardRoleRefusal(ctx.event.payload, role);
  if (refused) return refused;
  const rewards = await listLevelRewards(ctx.db, guildId);
  if (rewards.length >= LevelLimits.maxRewards && !rewards.some((r) => r.level === level)) {
    return { code: 'levels.rewards.full', max: LevelLimits.maxRewards };
  }
  await setLevelReward(ctx.db, guildId, { level, roleId: role });
  return saveAndShow(ctx, {}, ['rewards']);
}

/** `/levels-config reward-remove <level>`: stop giving the role at a level. */
export async function rewardRemove(ctx: CommandContext, { level }: Config<'reward-remove'>): Answer {
  if (!(await removeLevelReward(ctx.db, ctx.event.payload.guildId, level))) {
    return { code: 'levels.reward.not_found', level };
  }
  return saveAndShow(ctx, {}, ['rewards']);
}

/** Saves changed settings (if any) and answers with all of them and the rewards. */
async function saveAndShow(ctx: CommandContext, changes: Partial<LevelSettings>, changed: SettingName[]): Answer {
  const { guildId, replyTo } = ctx.event.payload;
  if (Object.keys(changes).length > 0) {
    await updateLevelSettings(ctx.db, guildId, changes);
    ctx.settingsChanged(guildId);
  }
  const settings = await getLevelSettings(ctx.db, guildId);
  ctx.emit('levels.settings.updated', {
    guildId,
    replyTo,
    changed,
    settings: { ...settings, rewards: await listLevelRewards(ctx.db, guildId) },
  });
}
