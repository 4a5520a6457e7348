import {
  karmaHistory,
  karmaLeaderboard,
  karmaTotals,
  revertKarmaChange,
  updateKarmaSettings,
  type SubjectKey,
} from '@guildhall/db';
import {
  karmaCommand,
  KarmaLimits,
  type OptionsFor,
  type Actor,
  type CommandInvoked,
  type Refusal,
  type ReplyTarget,
} from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { hasPermission } from '../../shared/permissions/permissions.ts';
import { parseKarmaTextCommand, type KarmaTextCommand } from './text-command.ts';

type Options<K extends keyof (typeof karmaCommand)['subcommands']> = OptionsFor<typeof karmaCommand, K>;

/** `/karma get|top|bottom|announce|history|revert`. */
export const karmaSlashCommand = command(karmaCommand, {
  get: lookup,
  top: (ctx, { count }) => leaderboard(ctx, 'top', count),
  bottom: (ctx, { count }) => leaderboard(ctx, 'bottom', count),
  announce: { requires: 'ManageGuild', run: announce },
  history: { requires: 'ManageGuild', run: history },
  revert: { requires: 'ManageGuild', run: revert },
});

async function lookup(ctx: CommandContext, { names }: Options<'get'>): Answer {
  const { payload } = ctx.event;
  const parsed = subjectsOf(names, payload.users);
  if (parsed.kind === 'refused') return parsed.refusal;
  return runKarmaCommand(ctx, parsed, payload.replyTo, payload.guildId, payload.actor);
}

function leaderboard(ctx: CommandContext, direction: 'top' | 'bottom', count: number | undefined): Answer {
  const { payload } = ctx.event;
  const limit = count ?? KarmaLimits.defaultLeaderboard;
  return runKarmaCommand(
    ctx,
    { kind: 'leaderboard', direction, limit },
    payload.replyTo,
    payload.guildId,
    payload.actor,
  );
}

function announce(ctx: CommandContext, { enabled }: Options<'announce'>): Answer {
  const { payload } = ctx.event;
  return runKarmaCommand(ctx, { kind: 'announce', enabled }, payload.replyTo, payload.guildId, payload.actor);
}

/** The latest changes, of the guild or of one subject, numbered for `/karma revert`. */
async function history(ctx: CommandContext, { name }: Options<'history'>): Answer {
  const { payload } = ctx.event;
  let subject: SubjectKey | null = null;
  if (name !== undefined && name.trim() !== '') {
    const parsed = subjectsOf(name, payload.users);
    if (parsed.kind === 'refused') return parsed.refusal;
    subject = parsed.subjects[0] ?? null;
  }
  const rows = await karmaHistory(ctx.db, payload.guildId, subject, KarmaLimits.historyPage);
  ctx.emit('karma.history.listed', {
    guildId: payload.guildId,
    replyTo: payload.replyTo,
    entries: rows.map((r) => ({
      id: String(r.number),
      subject: r.subject,
      giverId: r.giverId,
      delta: r.delta,
      messageId: r.messageId,
      at: r.createdAt.toISOString(),
      revertedAt: r.revertedAt?.toISOString() ?? null,
    })),
  });
}

/** Undoes one recorded change; its subject's total moves back. */
async function revert(ctx: CommandContext, { id }: Options<'revert'>): Answer {
  const { payload } = ctx.event;
  const changeId = String(id);
  const result = await revertKarmaChange(ctx.db, payload.guildId, id, payload.actor.id);
  if (result === null) return { code: 'karma.revert.not_found', changeId };
  if (result === 'already') return { code: 'karma.revert.already', changeId };
  ctx.emit('karma.change.reverted', {
    guildId: payload.guildId,
    replyTo: payload.replyTo,
    changeId,
    subject: result.subject,
    delta: result.delta,
    total: result.total,
  });
}

/**
 * Runs a karma command, whichever form it came in: a slash command, or a message mentioning the bot
 * (`@Guildhall top 5`), whose refusals are replies to that message.
 */
export async function runKarmaCommand(
  ctx: HandlerContext,
  command: KarmaTextCommand,
  replyTo: ReplyTarget,
  guildId: string,
  actor: Pick<Actor, 'permissions'>,
): Answer {
  const refusal = await run(ctx, command, replyTo, guildId, actor);
  if (refusal) ctx.refuse(replyTo, refusal);
}

async function run(
  ctx: HandlerContext,
  command: KarmaTextCommand,
  replyTo: ReplyTarget,
  guildId: string,
  actor: Pick<Actor, 'permissions'>,
): Promise<Refusal | undefined> {
  switch (command.kind) {
    case 'refused':
      return command.refusal;
    case 'lookup': {
      const found = await karmaTotals(ctx.db, guildId, command.subjects);
      const byKey = new Map(found.map((f) => [subjectId(f), f]));
      ctx.emit('karma.totals.listed', {
        guildId,
        replyTo,
        entries: command.subjects.map((s) => {
          const row = byKey.get(subjectId(s));
          return { subject: { ...s, display: row?.display ?? s.display }, total: row?.total ?? 0 };
        }),
      });
      return undefined;
    }
    case 'leaderboard': {
      const rows = await karmaLeaderboard(ctx.db, guildId, command.direction, command.limit);
      ctx.emit('karma.leaderboard.listed', {
        guildId,
        replyTo,
        direction: command.direction,
        entries: rows.map((r, i) => ({
          rank: i + 1,
          subject: { kind: r.kind, key: r.key, display: r.display },
          total: r.total,
        })),
      });
      return undefined;
    }
    case 'announce': {
      if (!hasPermission(actor, 'ManageGuild')) return { code: 'permission.missing', permission: 'ManageGuild' };
      await updateKarmaSettings(ctx.db, guildId, { announce: command.enabled });
      ctx.settingsChanged(guildId);
      ctx.emit('karma.announce.updated', { guildId, replyTo, enabled: command.enabled });
      return undefined;
    }
  }
}

function subjectId(s: SubjectKey): string {
  return `${s.kind}:${s.key}`;
}

/**
 * A slash-command `names` option read the way the mention form reads its arguments; members show the name the
 * bot resolved for them.
 */
function subjectsOf(
  text: string,
  users: CommandInvoked['payload']['users'],
): Extract<KarmaTextCommand, { kind: 'lookup' | 'refused' }> {
  const parsed = parseKarmaTextCommand(`<@0> karma ${text}`, '0', KarmaLimits);
  if (parsed?.kind === 'refused') return parsed;
  if (parsed?.kind !== 'lookup') return { kind: 'refused', refusal: { code: 'karma.lookup.empty' } };
  return {
    kind: 'lookup',
    subjects: parsed.subjects.map((s) =>
      s.kind === 'member' ? { ...s, display: users[s.key]?.displayName ?? s.display } : s,
    ),
  };
}
