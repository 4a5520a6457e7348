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
import type { LevelsSettingsUpdated } from '@guildhall/events';
import {
  booleanOption,
  idOption,
  integerOption,
  invoker,
  memberOption,
  refuseLegacy,
  type CommandContext,
} from '../../shared/commands/legacy.ts';
import { hasPermission } from '../../shared/permissions/permissions.ts';
import { levelStanding } from './formula.ts';

/** Bounds on what one request may ask for or set. */
export const LevelLimits = {
  maxLeaderboard: 25,
  defaultLeaderboard: 10,
  maxXpPerMessage: 1000,
  maxCooldownSeconds: 86_400,
  maxLevel: 1000,
  maxRewards: 100,
};

/** `/rank [member]`: level, XP, progress and place. */
export async function handleRank(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const target = memberOption(ctx, 'member') ?? { ...invoker(ctx), bot: false };
  if (target.bot) return refuseLegacy(ctx, 'invalid', "Bots don't earn XP; pick a member.");
  const member = await getLevelMember(ctx.db, guildId, target.id);
  const xp = member?.xp ?? 0;
  ctx.emit('levels.rank.shown', {
    guildId,
    replyTo,
    member: { id: target.id, displayName: member?.displayName ?? target.displayName },
    standing: levelStanding(xp),
    rank: xp > 0 ? await xpRank(ctx.db, guildId, xp) : null,
  });
}

/** `/levels [count]`: the members with the most XP. */
export async function handleLevels(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo } = ctx.event.payload;
  const count = integerOption(ctx.event.payload.command.options, 'count', 1, LevelLimits.maxLeaderboard);
  if (count === null) return refuseLegacy(ctx, 'invalid', `Pick a count from 1 to ${LevelLimits.maxLeaderboard}.`);
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

/** `/levels-config show|xp|announce|reward-set|reward-remove` (Manage Server). */
export async function handleLevelsConfig(ctx: CommandContext): Promise<void> {
  const { guildId, replyTo, actor } = ctx.event.payload;
  if (!hasPermission(actor, 'ManageGuild')) {
    return refuseLegacy(ctx, 'forbidden', 'Only members with **Manage Server** can configure levels.');
  }
  const current = await getLevelSettings(ctx.db, guildId);
  const changes: Partial<LevelSettings> = {};
  const changed: SettingName[] = [];

  switch (ctx.event.payload.command.subcommand) {
    case 'show':
      break;
    case 'xp': {
      const { maxXpPerMessage: maxXp, maxCooldownSeconds: maxCooldown } = LevelLimits;
      const min = integerOption(ctx.event.payload.command.options, 'min', 0, maxXp);
      const max = integerOption(ctx.event.payload.command.options, 'max', 0, maxXp);
      const cooldown = integerOption(ctx.event.payload.command.options, 'cooldown', 0, maxCooldown);
      if (min === null || max === null) return refuseLegacy(ctx, 'invalid', `XP per message goes from 0 to ${maxXp}.`);
      if (cooldown === null) return refuseLegacy(ctx, 'invalid', `The cooldown is 0 to ${maxCooldown} seconds.`);
      if (min === undefined && max === undefined && cooldown === undefined) {
        return refuseLegacy(ctx, 'invalid', 'Give `min`, `max` or `cooldown` to change.');
      }
      const xpMin = min ?? current.xpMin;
      const xpMax = max ?? current.xpMax;
      if (xpMin > xpMax) {
        return refuseLegacy(ctx, 'invalid', `The minimum (${xpMin}) can't be above the maximum (${xpMax}).`);
      }
      if (min !== undefined || max !== undefined) {
        Object.assign(changes, { xpMin, xpMax });
        changed.push('xpRange');
      }
      if (cooldown !== undefined) {
        changes.cooldownSeconds = cooldown;
        changed.push('cooldownSeconds');
      }
      break;
    }
    case 'announce': {
      const enabled = booleanOption(ctx.event.payload.command.options, 'enabled');
      if (enabled === undefined) return refuseLegacy(ctx, 'invalid', 'Say `enabled: True` or `enabled: False`.');
      changes.announce = enabled;
      changes.announceChannelId = idOption(ctx.event.payload.command.options, 'channel') ?? null;
      changed.push('announce', 'announceChannelId');
      break;
    }
    case 'reward-set': {
      const level = integerOption(ctx.event.payload.command.options, 'level', 1, LevelLimits.maxLevel);
      const roleId = idOption(ctx.event.payload.command.options, 'role');
      if (level === null || level === undefined) {
        return refuseLegacy(ctx, 'invalid', `Give a level from 1 to ${LevelLimits.maxLevel}.`);
      }
      if (roleId === undefined || roleId === guildId)
        return refuseLegacy(ctx, 'invalid', 'Choose a role (not @everyone).');
      const rewards = await listLevelRewards(ctx.db, guildId);
      if (rewards.length >= LevelLimits.maxRewards && !rewards.some((r) => r.level === level)) {
        return refuseLegacy(ctx, 'conflict', `A server can have at most ${LevelLimits.maxRewards} level rewards.`);
      }
      await setLevelReward(ctx.db, guildId, { level, roleId });
      changed.push('rewards');
      break;
    }
    case 'reward-remove': {
      const level = integerOption(ctx.event.payload.command.options, 'level', 1, LevelLimits.maxLevel);
      if (level === null || level === undefined) {
        return refuseLegacy(ctx, 'invalid', `Give a level from 1 to ${LevelLimits.maxLevel}.`);
      }
      if (!(await removeLevelReward(ctx.db, guildId, level))) {
        return refuseLegacy(ctx, 'not_found', `There is no role reward at level ${level}.`);
      }
      changed.push('rewards');
      break;
    }
    default:
      return refuseLegacy(
        ctx,
        'invalid',
        'Unknown `/levels-config` subcommand. Try `show`, `xp`, `announce`, `reward-set` or `reward-remove`.',
      );
  }

  await updateLevelSettings(ctx.db, guildId, changes);
  ctx.settingsChanged(guildId);
  const settings = { ...current, ...changes };
  ctx.emit('levels.settings.updated', {
    guildId,
    replyTo,
    changed,
    settings: { ...settings, rewards: await listLevelRewards(ctx.db, guildId) },
  });
}
