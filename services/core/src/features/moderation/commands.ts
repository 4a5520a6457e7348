import { getCaseByNumber, getModSettings, listCases, setCaseReason } from '@guildhall/db';
import type { CommandInvoked, UserRef } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { carryOut, caseView, MaxTimeoutSeconds, reloadCase } from './cases.ts';
import { isModerator } from '../../shared/permissions/permissions.ts';
import { checkPermission, checkTarget, type Refusal } from './checks.ts';
import { parseBoundedDuration } from '../../shared/durations/duration.ts';
import { idOption, intOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';

/** The longest temp-ban: a year (longer is a permanent ban). */
export const MaxBanSeconds = 365 * 86_400;

/** How many cases /cases lists. */
const casesPage = 10;

type Ctx = HandlerContext<CommandInvoked>;

/** Handles `/warn`, `/timeout`, `/kick`, `/ban`, `/unban`, `/purge`, `/case`, `/cases` and `/reason`. */
export async function handleModerationCommand(ctx: Ctx): Promise<void> {
  const name = ctx.event.payload.command.name;
  const refusal = await run(ctx, name);
  if (refusal) refuseLegacy(ctx, refusal.code, refusal.message);
}

async function run(ctx: Ctx, name: string): Promise<Refusal | null> {
  switch (name) {
    case 'warn':
    case 'timeout':
    case 'kick':
    case 'ban':
      return act(ctx, name);
    case 'unban':
      return unban(ctx);
    case 'purge':
      return purge(ctx);
    case 'case':
      return showCase(ctx);
    case 'cases':
      return showCases(ctx);
    case 'reason':
      return changeReason(ctx);
    default:
      return { code: 'invalid', message: `Guildhall does not know the moderation command \`/${name}\`.` };
  }
}

const botIdOf = (p: CommandInvoked['payload']) => p.botUserId ?? p.replyTo.applicationId;
const invalid = (message: string): Refusal => ({ code: 'invalid', message });
const maxReason = 512;
const tooLong = invalid(`Keep the reason within ${maxReason} characters.`);

/** The user named in an option, with their display name; null when the option is missing. */
function namedUser(p: CommandInvoked['payload'], option: string): UserRef | null {
  const id = idOption(p.command.options, option);
  if (id === undefined) return null;
  return p.users[id] ?? { id, displayName: id, bot: false };
}

async function act(ctx: Ctx, verb: 'warn' | 'timeout' | 'kick' | 'ban'): Promise<Refusal | null> {
  const p = ctx.event.payload;
  const denied = checkPermission(p.actor, verb);
  if (denied) return denied;
  const target = namedUser(p, 'member');
  if (!target) return invalid('Pick the member to act on.');
  const reason = stringOption(p.command.options, 'reason') ?? '';
  if (verb === 'warn' && reason === '') return invalid('Give a reason for the warning.');
  if (reason.length > maxReason) return tooLong;
  const wrong = checkTarget(verb, p.actor, target, botIdOf(p), p);
  if (wrong) return wrong;

  let durationSeconds: number | null = null;
  let deleteMessageDays: number | null = null;
  const durationText = stringOption(p.command.options, 'duration');
  if (verb === 'timeout') {
    if (durationText === undefined) return invalid('Say how long, e.g. `10m`, `1h30m` or `7d` (at most 28 days).');
    const parsed = parseBoundedDuration(durationText, MaxTimeoutSeconds);
    if (!parsed.ok) return invalid(parsed.message);
    durationSeconds = parsed.seconds;
  }
  if (verb === 'ban') {
    if (durationText !== undefined) {
      const parsed = parseBoundedDuration(durationText, MaxBanSeconds);
      if (!parsed.ok) return invalid(parsed.message);
      durationSeconds = parsed.seconds;
    }
    deleteMessageDays = intOption(p.command.options, 'delete_days') ?? 0;
    if (deleteMessageDays < 0 || deleteMessageDays > 7) return invalid('`delete_days` goes from 0 to 7.');
  }

  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: verb,
      target: { id: target.id, displayName: target.displayName },
      channelId: null,
      moderator: { id: p.actor.id, displayName: p.actor.displayName },
      automatic: false,
      reason,
      durationSeconds,
      deleteMessageDays,
      purgeCount: null,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
  return null;
}

async function unban(ctx: Ctx): Promise<Refusal | null> {
  const p = ctx.event.payload;
  const denied = checkPermission(p.actor, 'unban');
  if (denied) return denied;
  const target = namedUser(p, 'user');
  if (!target) return invalid('Pick the user to unban (a user id works).');
  if (target.id === p.actor.id) return invalid('You cannot unban yourself.');
  const reason = stringOption(p.command.options, 'reason') ?? '';
  if (reason.length > maxReason) return tooLong;
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: 'unban',
      target: { id: target.id, displayName: target.displayName },
      channelId: null,
      moderator: { id: p.actor.id, displayName: p.actor.displayName },
      automatic: false,
      reason,
      durationSeconds: null,
      deleteMessageDays: null,
      purgeCount: null,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
  return null;
}

async function purge(ctx: Ctx): Promise<Refusal | null> {
  const p = ctx.event.payload;
  const denied = checkPermission(p.actor, 'purge');
  if (denied) return denied;
  const count = intOption(p.command.options, 'count');
  if (count === undefined || count < 1 || count > 1000) return invalid('Purge between 1 and 1000 messages.');
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: 'purge',
      target: null,
      channelId: p.replyTo.channelId,
      moderator: { id: p.actor.id, displayName: p.actor.displayName },
      automatic: false,
      reason: '',
      durationSeconds: null,
      deleteMessageDays: null,
      purgeCount: count,
      replyTo: p.replyTo,
    },
    botIdOf(p),
  );
  return null;
}

const notModerator: Refusal = {
  code: 'forbidden',
  message: 'Only moderators (Moderate Members, Kick Members, Ban Members or Manage Messages) can see cases.',
};

async function showCase(ctx: Ctx): Promise<Refusal | null> {
  const p = ctx.event.payload;
  if (!isModerator(p.actor)) return notModerator;
  const number = intOption(p.command.options, 'number');
  if (number === undefined || number < 1) return invalid('Give a case number, e.g. `/case 12`.');
  const row = await getCaseByNumber(ctx.db, p.guildId, number);
  if (!row) return { code: 'not_found', message: `There is no case #${number} in this server.` };
  ctx.emit('moderation.case.shown', { guildId: p.guildId, replyTo: p.replyTo, case: caseView(row) });
  return null;
}

async function showCases(ctx: Ctx): Promise<Refusal | null> {
  const p = ctx.event.payload;
  if (!isModerator(p.actor)) return notModerator;
  const target = namedUser(p, 'member');
  if (!target) return invalid('Pick the member whose cases to list.');
  const { total, cases } = await listCases(ctx.db, p.guildId, target.id, casesPage);
  ctx.emit('moderation.cases.listed', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    target: { id: target.id, displayName: target.displayName },
    total,
    cases: cases.map(caseView),
  });
  return null;
}

async function changeReason(ctx: Ctx): Promise<Refusal | null> {
  const p = ctx.event.payload;
  if (!isModerator(p.actor)) return { ...notModerator, message: 'Only moderators can change a case reason.' };
  const number = intOption(p.command.options, 'number');
  if (number === undefined || number < 1) return invalid('Give a case number, e.g. `/reason 12 spamming`.');
  const text = stringOption(p.command.options, 'text');
  if (text === undefined || text.length > maxReason)
    return invalid(`Give the new reason (at most ${maxReason} characters).`);
  const row = await getCaseByNumber(ctx.db, p.guildId, number);
  if (!row) return { code: 'not_found', message: `There is no case #${number} in this server.` };
  await setCaseReason(ctx.db, row.id, text);
  const settings = await getModSettings(ctx.db, p.guildId);
  ctx.emit('moderation.reason.updated', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    logChannelId: settings.logChannelId,
    case: caseView(await reloadCase(ctx, row.id)),
    previousReason: row.reason,
    editor: { id: p.actor.id, displayName: p.actor.displayName },
  });
  return null;
}
