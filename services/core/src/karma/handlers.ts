import {
  addKarmaMany,
  addKarmaTotals,
  claimKarmaCooldowns,
  concurrently,
  karmaHistory,
  karmaLeaderboard,
  karmaTotals,
  karmaTotalKey,
  recordKarmaChanges,
  revertKarmaChange,
  updateKarmaSettings,
  type CooldownClaim,
  type SubjectKey,
} from '@guildhall/db';
import type { CommandInvoked, KarmaSubject, MessageCreated, ReplyTarget } from '@guildhall/events';
import type { HandlerContext } from '../context.ts';
import { hasPermission, Permission } from '../permissions.ts';
import { parseKarmaTextCommand, type KarmaTextCommand } from './command.ts';
import { normaliseName, parseKarma } from './parse.ts';

/** Bounds on what one request may ask for. */
export const KarmaLimits = { maxLeaderboard: 25, defaultLeaderboard: 10, maxLookupSubjects: 10, historyPage: 15 };

type Refusal = 'self' | 'cooldown' | 'too_many_subjects';

/** What one message asks for, after the rules that need no database. */
interface Plan {
  ctx: HandlerContext<MessageCreated>;
  announce: boolean;
  cooldownSeconds: number;
  /** In message order: a change to try, or a refusal already decided. */
  items: ({ subject: KarmaSubject; delta: number } | { subject: KarmaSubject; reason: Refusal })[];
}

/**
 * Applies the karma in a batch of messages: parses each, refuses self-karma and subjects over the per-message cap,
 * then claims every giver->subject cooldown, moves every total and records every change with one statement each
 * for the whole batch. Each message still gets its own result with the totals as they stood after it.
 */
export async function handleKarmaMessages(messages: HandlerContext<MessageCreated>[]): Promise<void> {
  const plans: Plan[] = [];
  for (const ctx of messages) {
    const plan = await planMessage(ctx);
    if (plan) plans.push(plan);
  }
  const first = plans[0]?.ctx;
  if (!first) return;
  const db = first.db;

  const claims: CooldownClaim[] = plans.flatMap((plan) =>
    plan.cooldownSeconds === 0
      ? []
      : plan.items.flatMap((item) => ('delta' in item ? [claimOf(plan, item.subject)] : [])),
  );
  // One round trip: the cooldown claims, then every candidate change added to its total (which locks the totals and
  // reads them back). The few changes a cooldown refuses are taken back with the writes before the commit, so no
  // round trip waits for the claims' outcome.
  const candidates = plans.flatMap((plan) =>
    plan.items.flatMap((item) => ('delta' in item ? [{ plan, subject: item.subject, delta: item.delta }] : [])),
  );
  const deltaOf = (c: (typeof candidates)[number]) => ({
    guildId: c.plan.ctx.event.payload.guildId,
    ...c.subject,
    delta: c.delta,
  });
  const [wonClaims, finals] = await concurrently([
    () => claimKarmaCooldowns(db, claims),
    () => addKarmaMany(db, candidates.map(deltaOf)),
  ]);
  const won = new Set(wonClaims.map((c) => `${c.eventId} ${c.kind} ${c.key}`));
  const allowed = (plan: Plan, subject: KarmaSubject) =>
    plan.cooldownSeconds === 0 || won.has(`${plan.ctx.event.id} ${subject.kind} ${subject.key}`);
  const applied = candidates.filter((c) => allowed(c.plan, c.subject));
  const takenBack = candidates.filter((c) => !allowed(c.plan, c.subject));
  for (const plan of plans) {
    plan.items = plan.items.map((item) =>
      !('delta' in item) || allowed(plan, item.subject) ? item : { subject: item.subject, reason: 'cooldown' },
    );
  }
  await addKarmaTotals(
    db,
    takenBack.map((c) => ({ ...deltaOf(c), delta: -c.delta })),
    first.later,
  );
  await recordKarmaChanges(
    db,
    applied.map((a) => ({
      guildId: a.plan.ctx.event.payload.guildId,
      subject: a.subject,
      giverId: a.plan.ctx.event.payload.author.id,
      delta: a.delta,
      messageId: a.plan.ctx.event.payload.messageId,
      eventId: a.plan.ctx.event.id,
    })),
    first.later,
  );

  // The total a message saw is the batch's final total (what was read, less what is taken back) minus what later
  // messages of this batch added to the subject.
  const later = new Map<string, number>();
  for (const c of takenBack) {
    const key = karmaTotalKey(c.plan.ctx.event.payload.guildId, c.subject);
    later.set(key, (later.get(key) ?? 0) + c.delta);
  }
  const totalAfter = new Map<(typeof applied)[number], number>();
  for (const a of [...applied].reverse()) {
    const key = karmaTotalKey(a.plan.ctx.event.payload.guildId, a.subject);
    const after = later.get(key) ?? 0;
    totalAfter.set(a, (finals.get(key) ?? 0) - after);
    later.set(key, after + a.delta);
  }
  const appliedByPlan = new Map<Plan, typeof applied>();
  for (const a of applied) appliedByPlan.set(a.plan, [...(appliedByPlan.get(a.plan) ?? []), a]);

  for (const plan of plans) {
    const { payload } = plan.ctx.event;
    plan.ctx.emit('karma.points.changed', {
      guildId: payload.guildId,
      giverId: payload.author.id,
      replyTo: { kind: 'message', channelId: payload.channelId, messageId: payload.messageId },
      announce: plan.announce,
      changes: (appliedByPlan.get(plan) ?? []).map((a) => ({
        subject: a.subject,
        delta: a.delta,
        total: totalAfter.get(a) ?? a.delta,
      })),
      refused: plan.items.flatMap((item) => ('reason' in item ? [item] : [])),
      cooldownSeconds: plan.cooldownSeconds,
    });
  }
}

function claimOf(plan: Plan, subject: KarmaSubject): CooldownClaim {
  const { payload } = plan.ctx.event;
  return {
    guildId: payload.guildId,
    giverId: payload.author.id,
    kind: subject.kind,
    key: subject.key,
    eventId: plan.ctx.event.id,
    seconds: plan.cooldownSeconds,
  };
}

/** Parses one message and applies the rules that need no database; text commands run right away. */
async function planMessage(ctx: HandlerContext<MessageCreated>): Promise<Plan | null> {
  const { payload } = ctx.event;
  if (payload.author.bot) return null;
  const textCommand = parseKarmaTextCommand(payload.content, payload.botUserId, KarmaLimits);
  if (textCommand) {
    const replyTo = { kind: 'message', channelId: payload.channelId, messageId: payload.messageId } as const;
    await runKarmaCommand(ctx, textCommand, replyTo, payload.guildId, payload.author);
    return null;
  }
  const parsed = parseKarma(payload.content);
  if (parsed.length === 0) return null;

  const settings = await ctx.karmaSettings(payload.guildId);
  const mentioned = new Map(payload.mentions.users.map((u) => [u.id, u]));
  const selfName = normaliseName(payload.author.displayName)?.key;
  const plan: Plan = { ctx, announce: settings.announce, cooldownSeconds: settings.cooldownSeconds, items: [] };
  let accepted = 0;
  for (const change of parsed) {
    const subject: KarmaSubject = {
      kind: change.kind,
      key: change.key,
      display: change.kind === 'member' ? (mentioned.get(change.key)?.displayName ?? change.display) : change.display,
    };
    const isSelf =
      change.kind === 'member' ? change.key === payload.author.id : selfName !== undefined && change.key === selfName;
    if (isSelf) plan.items.push({ subject, reason: 'self' });
    else if (accepted >= settings.maxSubjects) plan.items.push({ subject, reason: 'too_many_subjects' });
    else {
      accepted++;
      // One point per subject per message: `a++ a++` is one vote, as the cooldown allows one change per giver.
      plan.items.push({ subject, delta: Math.sign(change.delta) });
    }
  }
  return plan;
}

/** Handles `/karma …` slash commands. */
export async function handleKarmaSlashCommand(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const { payload } = ctx.event;
  const { subcommand, options } = payload.command;
  const replyTo = payload.replyTo;
  const reject = (code: 'invalid' | 'forbidden' | 'not_found' | 'conflict', message: string) =>
    ctx.emit('command.request.rejected', { guildId: payload.guildId, replyTo, code, message });

  switch (subcommand) {
    case 'get': {
      const names = typeof options['names'] === 'string' ? options['names'] : '';
      const subjects = splitSubjects(names, payload.users);
      if (subjects.length === 0)
        return reject('invalid', 'Name at least one thing to look up, e.g. `/karma get alice`.');
      if (subjects.length > KarmaLimits.maxLookupSubjects)
        return reject('invalid', `Look up at most ${KarmaLimits.maxLookupSubjects} names at once.`);
      return runKarmaCommand(ctx, { kind: 'lookup', subjects }, replyTo, payload.guildId, payload.actor);
    }
    case 'top':
    case 'bottom': {
      const limit = options['count'] ?? KarmaLimits.defaultLeaderboard;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > KarmaLimits.maxLeaderboard)
        return reject('invalid', `Pick a count from 1 to ${KarmaLimits.maxLeaderboard}.`);
      return runKarmaCommand(
        ctx,
        { kind: 'leaderboard', direction: subcommand, limit },
        replyTo,
        payload.guildId,
        payload.actor,
      );
    }
    case 'announce': {
      const enabled = options['enabled'];
      if (typeof enabled !== 'boolean') return reject('invalid', 'Say `enabled: True` or `enabled: False`.');
      return runKarmaCommand(ctx, { kind: 'announce', enabled }, replyTo, payload.guildId, payload.actor);
    }
    case 'history': {
      if (!hasPermission(payload.actor, Permission.ManageGuild))
        return reject('forbidden', 'Only members with **Manage Server** can see karma history.');
      const name = typeof options['name'] === 'string' ? options['name'] : '';
      const subject = name ? (splitSubjects(name, payload.users)[0] ?? null) : null;
      const rows = await karmaHistory(ctx.db, payload.guildId, subject, KarmaLimits.historyPage);
      ctx.emit('karma.history.listed', {
        guildId: payload.guildId,
        replyTo,
        entries: rows.map((r) => ({
          id: r.id,
          subject: { kind: r.subject_kind, key: r.subject_key, display: r.display },
          giverId: r.giver_id,
          delta: r.delta,
          messageId: r.message_id,
          at: new Date(r.created_at).toISOString(),
          revertedAt: r.reverted_at === null ? null : new Date(r.reverted_at).toISOString(),
        })),
      });
      return;
    }
    case 'revert': {
      if (!hasPermission(payload.actor, Permission.ManageGuild))
        return reject('forbidden', 'Only members with **Manage Server** can revert karma changes.');
      const id = options['id'];
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
        return reject('invalid', 'Give the number of a change from `/karma history`.');
      const result = await revertKarmaChange(ctx.db, payload.guildId, String(id), payload.actor.id);
      if (result === null) return reject('not_found', `There is no karma change #${id} in this server.`);
      if (result === 'already') return reject('conflict', `Karma change #${id} was already reverted.`);
      ctx.emit('karma.change.reverted', {
        guildId: payload.guildId,
        replyTo,
        changeId: String(id),
        subject: result.subject,
        delta: result.delta,
        total: result.total,
      });
      return;
    }
    default:
      return reject('invalid', 'Unknown `/karma` subcommand. Try `/karma get`, `top`, `bottom` or `announce`.');
  }
}

/** Runs a karma command, whichever form (slash or mention) it came in. */
async function runKarmaCommand(
  ctx: HandlerContext,
  command: KarmaTextCommand,
  replyTo: ReplyTarget,
  guildId: string,
  actor: MessageCreated['payload']['author'],
): Promise<void> {
  switch (command.kind) {
    case 'invalid':
      ctx.emit('command.request.rejected', { guildId, replyTo, code: 'invalid', message: command.reason });
      return;
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
      return;
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
      return;
    }
    case 'announce': {
      if (!hasPermission(actor, Permission.ManageGuild)) {
        ctx.emit('command.request.rejected', {
          guildId,
          replyTo,
          code: 'forbidden',
          message: 'Only members with **Manage Server** can turn karma announcements on or off.',
        });
        return;
      }
      await updateKarmaSettings(ctx.db, guildId, { announce: command.enabled });
      ctx.settingsChanged(guildId);
      ctx.emit('karma.announce.updated', { guildId, replyTo, enabled: command.enabled });
      return;
    }
  }
}

function subjectId(s: SubjectKey): string {
  return `${s.kind}:${s.key}`;
}

/** Splits a slash-command `names` option the same way the mention form does. */
function splitSubjects(text: string, users: CommandInvoked['payload']['users']) {
  const parsed = parseKarmaTextCommand(`<@0> karma ${text}`, '0', KarmaLimits);
  if (!parsed || parsed.kind !== 'lookup') return [];
  return parsed.subjects.map((s) =>
    s.kind === 'member' ? { ...s, display: users[s.key]?.displayName ?? s.display } : s,
  );
}
