import {
  addKarmaMany,
  addKarmaTotals,
  claimKarmaCooldowns,
  concurrently,
  karmaTotalKey,
  recordKarmaChanges,
  type CooldownClaim,
} from '@guildhall/db';
import { KarmaLimits, type KarmaSubject, type MessageCreated } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { runKarmaCommand } from './commands.ts';
import { normaliseName, parseKarma } from './parse.ts';
import { parseKarmaTextCommand } from './text-command.ts';

/** Why one subject of a message was not changed (karma.points.changed's `refused`). */
type SubjectRefusal = 'self' | 'cooldown' | 'too_many_subjects';

/** What one message asks for, after the rules that need no database. */
interface Plan {
  ctx: HandlerContext<MessageCreated>;
  announce: boolean;
  cooldownSeconds: number;
  /** In message order: a change to try, or a refusal already decided. */
  items: ({ subject: KarmaSubject; delta: number } | { subject: KarmaSubject; reason: SubjectRefusal })[];
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
