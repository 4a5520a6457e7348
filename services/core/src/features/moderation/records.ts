import { getCaseByNumber, getModSettings, listCases, setCaseReason } from '@guildhall/db';
import {
  caseCommand,
  casesCommand,
  CasesPageSize,
  NoSubcommand,
  reasonCommand,
  type OptionsFor,
  type Refusal,
} from '@guildhall/events';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { isModerator, ModeratorPermissions } from '../../shared/permissions/permissions.ts';
import { caseView, reasonCodeOf, reloadCase } from './cases.ts';

/**
 * `/case`, `/cases` and `/reason`: reading and annotating cases, open to anyone with any moderation permission (which
 * one `requires` cannot say, so each checks it first).
 */
export const recordCommands = [
  command(caseCommand, { [NoSubcommand]: moderatorsOnly(showCase) }),
  command(casesCommand, { [NoSubcommand]: moderatorsOnly(showCases) }),
  command(reasonCommand, { [NoSubcommand]: moderatorsOnly(changeReason) }),
];

const notModerator: Refusal = { code: 'moderation.moderator_only', anyOf: [...ModeratorPermissions] };

function moderatorsOnly<O>(
  run: (ctx: CommandContext, options: O) => Answer,
): (ctx: CommandContext, options: O) => Answer {
  return (ctx, options) => (isModerator(ctx.event.payload.actor) ? run(ctx, options) : Promise.resolve(notModerator));
}

async function showCase(ctx: CommandContext, { number }: OptionsFor<typeof caseCommand, ''>): Answer {
  const p = ctx.event.payload;
  const row = await getCaseByNumber(ctx.db, p.guildId, number);
  if (!row) return { code: 'moderation.case.not_found', number };
  ctx.emit('moderation.case.shown', { guildId: p.guildId, replyTo: p.replyTo, case: caseView(row) });
}

/** The guild's latest cases, or a member's, a page at a time (`before` a case number for older ones). */
async function showCases(ctx: CommandContext, { member, before }: OptionsFor<typeof casesCommand, ''>): Answer {
  const p = ctx.event.payload;
  const page = await listCases(ctx.db, p.guildId, { targetId: member ?? null, before: before ?? null }, CasesPageSize);
  const named = member === undefined ? undefined : p.users[member];
  ctx.emit('moderation.cases.listed', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    target: member === undefined ? null : { id: member, displayName: named?.displayName ?? member },
    total: page.total,
    cases: page.cases.map(caseView),
    nextBefore: page.nextBefore,
  });
}

/** A moderator's words replace a case's reason (an automatic case's code included); the mod log hears of it. */
async function changeReason(ctx: CommandContext, { number, text }: OptionsFor<typeof reasonCommand, ''>): Answer {
  const p = ctx.event.payload;
  const reason = text.trim();
  if (reason === '') return { code: 'moderation.reason.required' };
  const row = await getCaseByNumber(ctx.db, p.guildId, number);
  if (!row) return { code: 'moderation.case.not_found', number };
  await setCaseReason(ctx.db, row.id, reason);
  const settings = await getModSettings(ctx.db, p.guildId);
  const previousCode = reasonCodeOf(row);
  ctx.emit('moderation.reason.updated', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    logChannelId: settings.logChannelId,
    case: caseView(await reloadCase(ctx, row.id)),
    previousReason: row.reason,
    ...(previousCode && { previousReasonCode: previousCode }),
    editor: { id: p.actor.id, displayName: p.actor.displayName },
  });
}
