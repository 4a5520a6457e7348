import { listLevelRewards, lockLevelMembers, saveXpAwards } from '@guildhall/db';
import type { MessageCreated } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { levelForXp } from './formula.ts';
import { rewardActionId } from './rewards.ts';
import { xpForMessage } from './xp.ts';

/**
 * XP per message, for a batch of messages at once: each member who posted earns XP for their first message in the
 * batch if their cooldown has passed (by the DB clock). Rows are locked in key order, so batches on two replicas
 * queue rather than deadlock, and one UPDATE pays everyone. A member who reaches a new level gets a
 * levels.level.reached result and, for each role reward they passed, a role.add request to the bot, which re-checks
 * the privileged-role rule before adding it.
 */
export async function handleXpMessages(messages: HandlerContext<MessageCreated>[]): Promise<void> {
  const db = messages[0]?.db;
  if (!db) return;
  const byGuild = new Map<string, Map<string, HandlerContext<MessageCreated>>>();
  for (const ctx of messages) {
    const { guildId, author } = ctx.event.payload;
    if (author.bot) continue;
    const members = byGuild.get(guildId) ?? new Map<string, HandlerContext<MessageCreated>>();
    if (!members.has(author.id)) members.set(author.id, ctx);
    byGuild.set(guildId, members);
  }
  for (const [guildId, members] of byGuild) {
    const first = members.values().next().value;
    if (!first) continue;
    const settings = (await first.messageSettings(guildId)).levels;
    const locked = await lockLevelMembers(
      db,
      guildId,
      [...members.values()].map((ctx) => ({
        userId: ctx.event.payload.author.id,
        displayName: ctx.event.payload.author.displayName,
      })),
      settings.cooldownSeconds,
    );
    const awards = locked.flatMap((member) => {
      const ctx = members.get(member.userId);
      if (!ctx || !member.ready) return [];
      const xp = member.xp + xpForMessage(ctx.event.id, settings.xpMin, settings.xpMax);
      return [{ ctx, member, xp, level: Math.max(member.level, levelForXp(xp)) }];
    });
    await saveXpAwards(
      db,
      guildId,
      awards.map((a) => ({ userId: a.member.userId, xp: a.xp - a.member.xp, level: a.level })),
      first.later,
    );

    const levelUps = awards.filter((a) => a.level > a.member.level);
    if (levelUps.length === 0) continue;
    const rewards = await listLevelRewards(db, guildId);
    for (const { ctx, member, xp, level } of levelUps) {
      const { author, channelId, messageId } = ctx.event.payload;
      const earned = rewards.filter(
        (r) => r.level > member.level && r.level <= level && !author.roleIds.includes(r.roleId),
      );
      for (const reward of earned) {
        ctx.emit('discord.action.requested', {
          guildId,
          actionId: rewardActionId({ userId: author.id, level: reward.level, roleId: reward.roleId }),
          action: {
            kind: 'role.add',
            userId: author.id,
            roleId: reward.roleId,
            reason: '',
            audit: { code: 'levels.reward', level: reward.level },
            // The role may have been edited into a privileged one since it was set as a reward.
            refuseIfPrivileged: true,
          },
          replyTo: null,
        });
      }
      ctx.emit('levels.level.reached', {
        guildId,
        member: { id: author.id, displayName: author.displayName },
        previousLevel: member.level,
        level,
        xp,
        announceTo: !settings.announce
          ? null
          : settings.announceChannelId !== null
            ? { kind: 'channel', channelId: settings.announceChannelId }
            : { kind: 'message', channelId, messageId },
        rolesAwarded: earned.map((r) => r.roleId),
      });
    }
  }
}
