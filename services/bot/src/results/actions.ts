import {
  privilegedRoleRefusal,
  type AuditReason,
  type ActionCompleted,
  type ActionRequested,
  type DiscordAction,
  type RoleFacts,
  type RoleRefusal,
} from '@guildhall/events';
import type { APIMessage } from 'discord-api-types/v10';
import { RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import { snowflakeTime } from '../ids.ts';
import { DiscordRefusedError, type Call } from './rest-errors.ts';

type Outcome = Pick<ActionCompleted['payload'], 'ok' | 'error' | 'detail' | 'failure'>;

/** What the bot sees of a role and of its own highest role right now; role null when the guild has no such role. */
export type RoleLookup = (
  guildId: string,
  roleId: string,
) => Promise<{ role: RoleFacts | null; botHighestRolePosition: number }>;

/** Words an action's audit-log reason in its guild's language. */
export type AuditWords = (guildId: string, reason: AuditReason) => string;

/** The bot itself declined an action (a privileged role): an outcome like Discord's refusals, with a code. */
class DeclinedError extends Error {
  override readonly name = 'DeclinedError';
  constructor(readonly refusal: RoleRefusal) {
    super(`declined: ${refusal.code}`);
  }
}

/** Bulk delete refuses messages older than two weeks; a minute of margin covers clock skew. */
const BulkDeleteMaxAgeMs = 14 * 24 * 3_600_000 - 60_000;

/**
 * Carries out a side effect core asked for and says how it went. A refusal by Discord (missing permission,
 * unknown member) is an outcome, not an error: core records it or compensates. An unreachable Discord throws, so
 * the request waits.
 */
export async function executeAction(
  rest: REST,
  request: ActionRequested['payload'],
  call: Call,
  roles: RoleLookup,
  audit: AuditWords,
  now: () => number = Date.now,
): Promise<Outcome> {
  try {
    const detail = await perform(rest, request, call, roles, audit, now);
    return { ok: true, error: null, detail };
  } catch (err) {
    if (err instanceof DeclinedError) {
      // `error` keeps the v1 shape for a core that predates `failure`: no HTTP status, no Discord code.
      return { ok: false, error: { status: 0, code: 0, message: err.message }, failure: err.refusal, detail: {} };
    }
    if (!(err instanceof DiscordRefusedError)) throw err;
    return {
      ok: false,
      error: { status: err.status, code: err.code, message: err.message.slice(0, 1000) },
      failure: { code: 'discord.rejected', status: err.status, discordCode: err.code },
      detail: {},
    };
  }
}

/**
 * The privileged-role rule, checked again right before a role is added: the role may have been edited (given
 * Administrator, moved above the bot) since core decided to hand it out.
 */
async function checkPrivileged(roles: RoleLookup, guildId: string, roleId: string): Promise<void> {
  const { role, botHighestRolePosition } = await roles(guildId, roleId);
  const refusal: RoleRefusal | null = role
    ? privilegedRoleRefusal(role, { guildId, botHighestRolePosition })
    : { code: 'role.unknown' };
  if (refusal) throw new DeclinedError(refusal);
}

async function perform(
  rest: REST,
  { guildId, actionId, action, replyTo }: ActionRequested['payload'],
  call: Call,
  roles: RoleLookup,
  audit: AuditWords,
  now: () => number,
): Promise<Record<string, number>> {
  // A typed reason is worded here; a legacy one is core's English as it came.
  const reason = (a: { reason: string; audit?: AuditReason | undefined }) => {
    const text = a.audit ? audit(guildId, a.audit) : a.reason;
    return text ? { reason: text } : {};
  };
  switch (action.kind) {
    case 'role.add':
      if (action.refuseIfPrivileged) await checkPrivileged(roles, guildId, action.roleId);
      await call(() => rest.put(Routes.guildMemberRole(guildId, action.userId, action.roleId), reason(action)));
      return {};
    case 'role.remove':
      await call(() => rest.delete(Routes.guildMemberRole(guildId, action.userId, action.roleId), reason(action)));
      return {};
    case 'member.ban':
      await call(() =>
        rest.put(Routes.guildBan(guildId, action.userId), {
          body: { delete_message_seconds: action.deleteMessageSeconds },
          ...reason(action),
        }),
      );
      return {};
    case 'member.unban':
      await call(() => rest.delete(Routes.guildBan(guildId, action.userId), reason(action)));
      return {};
    case 'member.kick':
      await call(() => rest.delete(Routes.guildMember(guildId, action.userId), reason(action)));
      return {};
    case 'member.timeout':
      await call(() =>
        rest.patch(Routes.guildMember(guildId, action.userId), {
          body: { communication_disabled_until: action.until },
          ...reason(action),
        }),
      );
      return {};
    case 'member.nickname':
      await call(() => rest.patch(Routes.guildMember(guildId, action.userId), { body: { nick: action.nickname } }));
      return {};
    case 'message.delete':
      try {
        await call(() => rest.delete(Routes.channelMessage(action.channelId, action.messageId), reason(action)));
      } catch (err) {
        // Already deleted (by its author, a moderator, or this very action before a crash): the goal is met.
        if (!(err instanceof DiscordRefusedError && err.code === RESTJSONErrorCodes.UnknownMessage)) throw err;
      }
      return {};
    case 'messages.purge': {
      // Only messages older than the command, so neither later chat nor the command's own response is deleted.
      // Core names the command (`before`); a core that predates it may have put the command in `replyTo`.
      const before =
        action.before ??
        (replyTo?.kind === 'interaction'
          ? replyTo.interactionId
          : replyTo?.kind === 'message'
            ? replyTo.messageId
            : undefined);
      return purge(rest, actionId, action, before, call, now);
    }
  }
}

/** What a purge chose to delete and what it left, once it had looked at the channel. */
interface PurgePlan {
  doomed: string[];
  skippedTooOld: number;
  skippedPinned: number;
}

/**
 * The plans of recent purges by actionId. A purge run again (Discord or the broker failed half-way, and the action
 * is retried) must delete the messages it chose the first time, not the ones that have become "the last N" since
 * those were deleted; a redelivery to a restarted bot cannot know them and looks again.
 */
const purgePlans = new Map<string, PurgePlan>();
const MaxPurgePlans = 256;

/**
 * Deletes the `count` messages right before `before`, except pinned ones (a purge clears chat, not what moderators
 * chose to keep) and those older than 14 days (Discord bulk-deletes only younger ones): both are left in place and
 * counted. Fewer than `count` are looked at only when the channel has no more.
 */
async function purge(
  rest: REST,
  actionId: string,
  action: Extract<DiscordAction, { kind: 'messages.purge' }>,
  before: string | undefined,
  call: Call,
  now: () => number,
): Promise<Record<string, number>> {
  let plan = purgePlans.get(actionId);
  if (!plan) {
    plan = await planPurge(rest, action, before, call, now);
    purgePlans.set(actionId, plan);
    const [oldest] = purgePlans.keys();
    if (purgePlans.size > MaxPurgePlans && oldest !== undefined) purgePlans.delete(oldest);
  }
  const { doomed, skippedTooOld, skippedPinned } = plan;
  for (let i = 0; i < doomed.length; i += 100) {
    const chunk = doomed.slice(i, i + 100);
    const [only] = chunk;
    // Bulk delete takes 2 to 100 messages (ids already gone count but do no harm); a lone one is deleted on its own.
    if (chunk.length === 1 && only) {
      try {
        await call(() => rest.delete(Routes.channelMessage(action.channelId, only)));
      } catch (err) {
        if (!(err instanceof DiscordRefusedError && err.code === RESTJSONErrorCodes.UnknownMessage)) throw err;
      }
    } else {
      await call(() => rest.post(Routes.channelBulkDelete(action.channelId), { body: { messages: chunk } }));
    }
  }
  return { deleted: doomed.length, skippedTooOld, skippedPinned };
}

/** Looks at the `count` messages before `before` and sorts them into those to delete and those to keep. */
async function planPurge(
  rest: REST,
  action: Extract<DiscordAction, { kind: 'messages.purge' }>,
  before: string | undefined,
  call: Call,
  now: () => number,
): Promise<PurgePlan> {
  const plan: PurgePlan = { doomed: [], skippedTooOld: 0, skippedPinned: 0 };
  let seen = 0;
  let cursor = before;
  while (seen < action.count) {
    const limit = Math.min(100, action.count - seen);
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { before: cursor } : {}) });
    const page = (await call(() => rest.get(Routes.channelMessages(action.channelId), { query }))) as APIMessage[];
    for (const message of page.slice(0, limit)) {
      seen++;
      if (message.pinned) plan.skippedPinned++;
      else if (now() - snowflakeTime(message.id) > BulkDeleteMaxAgeMs) plan.skippedTooOld++;
      else plan.doomed.push(message.id);
    }
    const last = page.at(-1);
    if (!last || page.length < limit) break;
    cursor = last.id;
  }
  return plan;
}
