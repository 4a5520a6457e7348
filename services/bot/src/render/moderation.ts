import {
  casesCommand,
  type CaseReasonCode,
  type ModCase,
  type ModCaseRecorded,
  type ModCaseShown,
  type ModCasesListed,
  type ModCasesListedV1,
  type ModReasonUpdated,
  type ModSettingsUpdated,
  type RefusalCode,
  type RefusalOf,
} from '@guildhall/events';
import type { APIEmbed } from 'discord-api-types/v10';
import { commandText } from '../i18n/commands.ts';
import { commandsIn, type Text } from '../i18n/index.ts';
import { embed, fitRows, type EmbedKind } from './embed.ts';
import { failureText } from './failures.ts';
import { channelMention, embedBody, inlineCode, mention, quote, timestamp, type MessageBody } from './format.ts';
import type { Voice } from './voice.ts';

/** Why Guildhall opened an automatic case, worded (the audit log says it the same way). */
export function caseReasonText(reason: CaseReasonCode, text: Text): string {
  const m = text.m.moderation;
  switch (reason.code) {
    case 'moderation.antispam.messages':
      return m.reasonAntispam({
        why: m.spamMessages({ messages: reason.messages, window: text.duration(reason.seconds) }),
      });
    case 'moderation.antispam.mentions':
      return m.reasonAntispam({ why: m.spamMentions({ mentions: reason.mentions, limit: reason.limit }) });
    case 'moderation.escalation':
      return m.reasonEscalation({ warns: reason.warns, days: reason.days, lastCase: String(reason.lastCase) });
    case 'moderation.tempban.expired':
      return m.reasonTempbanExpired({ banCase: String(reason.banCase) });
  }
}

/** A case's reason as shown: the moderator's words (escaped), Guildhall's code worded, or that none was given. */
function reasonOf(c: Pick<ModCase, 'reason' | 'reasonCode'>, text: Text): string {
  if (c.reasonCode) return caseReasonText(c.reasonCode, text);
  return c.reason ? quote(c.reason, 1000) : text.m.moderation.noReason();
}

/** How a case went: done (a purge with its counts), failed and why, or still waiting for Discord. */
function outcomeOf(c: ModCase, text: Text): string {
  const m = text.m.moderation;
  if (c.status === 'pending') return m.pending();
  if (c.status === 'failed') {
    // A case from before failures were codes words Discord's own text.
    const why = c.failure ? failureText(c.failure, text) : quote(c.error ?? '', 300);
    return m.failed({ why });
  }
  if (c.action !== 'purge') return m.done();
  const deleted = c.detail['deleted'] ?? 0;
  const pinned = c.detail['skippedPinned'] ?? 0;
  const old = c.detail['skippedTooOld'] ?? 0;
  const asked = c.purgeCount ?? deleted;
  const lines = [m.purgeDeleted({ deleted, asked })];
  if (pinned > 0) lines.push(m.purgePinned({ count: pinned }));
  if (old > 0) lines.push(m.purgeTooOld({ count: old }));
  if (deleted + pinned + old < asked) lines.push(m.purgeFound({ found: deleted + pinned + old }));
  return lines.join('\n');
}

/** The colour of a case: done, failed, or waiting. */
function kindOf(c: ModCase): EmbedKind {
  return c.status === 'succeeded' ? 'success' : c.status === 'failed' ? 'refusal' : 'info';
}

/** How long a timed case lasts, and when it ends or ended (a Discord timestamp: each reader's own clock). */
function durationOf(c: ModCase, text: Text): string | null {
  const m = text.m.moderation;
  if (c.durationSeconds === null) return c.action === 'ban' ? m.permanent() : null;
  const duration = text.duration(c.durationSeconds);
  if (c.endedAt) return m.durationEnded({ duration, when: timestamp(c.endedAt) });
  if (c.expiresAt) return m.durationEnds({ duration, when: timestamp(c.expiresAt) });
  return duration;
}

/** One case in full: number, action, target, moderator, duration, reason and outcome. */
export function caseEmbed(c: ModCase, text: Text): APIEmbed {
  const m = text.m.moderation;
  const fields: { name: string; value: string; inline?: boolean }[] = [];
  if (c.target) fields.push({ name: m.member(), value: mention(c.target.id), inline: true });
  else if (c.channelId) fields.push({ name: m.channel(), value: channelMention(c.channelId), inline: true });
  const moderator = mention(c.moderator.id);
  fields.push({ name: m.moderator(), value: c.automatic ? m.automatic({ moderator }) : moderator, inline: true });
  const duration = durationOf(c, text);
  if (duration !== null) fields.push({ name: m.duration(), value: duration, inline: true });
  if (c.deleteMessageDays)
    fields.push({ name: m.deletedMessages(), value: m.deletedDays({ days: c.deleteMessageDays }), inline: true });
  // A purge has no reason unless a moderator gave it one later (/reason).
  if (c.action !== 'purge' || c.reason) fields.push({ name: m.reason(), value: reasonOf(c, text) });
  fields.push({ name: m.outcome(), value: outcomeOf(c, text) });
  return embed({
    kind: kindOf(c),
    title: m.caseTitle({ number: String(c.number), action: c.action }),
    fields,
    timestamp: new Date(c.createdAt),
  });
}

/** A settled case, both as the moderator's answer and as the mod-log post (each in its reader's language). */
export function renderCaseRecorded(p: Pick<ModCaseRecorded['payload'], 'case'>, { text }: Voice): MessageBody {
  return embedBody(caseEmbed(p.case, text));
}

/** One case looked up by number. */
export function renderCaseShown(p: ModCaseShown['payload'], { text }: Voice): MessageBody {
  return embedBody(caseEmbed(p.case, text));
}

/**
 * One page of cases, newest first, one row each; the footer says how many there are and how to ask for older ones.
 * Renders v1 results (a member's, with no paging) too.
 */
export function renderCasesListed(
  p: ModCasesListed['payload'] | ModCasesListedV1['payload'],
  voice: Voice,
): MessageBody {
  const { text, now } = voice;
  const m = text.m.moderation;
  const next = 'nextBefore' in p ? p.nextBefore : null;
  const rows = p.cases.map((c) => {
    const subject = c.target ? mention(c.target.id) : c.channelId ? channelMention(c.channelId) : '';
    const row = m.casesRow({
      number: String(c.number),
      action: c.action,
      subject,
      moderator: mention(c.moderator.id),
      when: text.relative(c.createdAt, now),
    });
    const marked =
      c.status === 'failed' ? m.casesRowFailed({ row }) : c.status === 'pending' ? m.casesRowPending({ row }) : row;
    const reason = c.reasonCode ? caseReasonText(c.reasonCode, text) : c.reason ? quote(c.reason, 200) : null;
    return reason === null ? marked : m.casesRowReason({ row: marked, reason });
  });
  const cases = commandText(commandsIn(text.locale), casesCommand, null).path;
  return embedBody(
    embed({
      kind: 'info',
      title: p.target ? m.casesTitleMember({ name: p.target.displayName }) : m.casesTitleGuild(),
      description: rows.length === 0 ? m.casesEmpty() : fitRows(rows, (count) => text.m.common.more({ count })),
      footer:
        next === null
          ? m.casesTotal({ total: p.total })
          : m.casesOlder({ total: p.total, command: cases, next: String(next) }),
    }),
  );
}

/** A changed reason: which case, what it was, what it is now, and who changed it. */
export function renderReasonUpdated(p: ModReasonUpdated['payload'], { text }: Voice): MessageBody {
  const m = text.m.moderation;
  const was = { reason: p.previousReason, reasonCode: p.previousReasonCode };
  return embedBody(
    embed({
      kind: 'info',
      title: m.reasonChangedTitle({ number: String(p.case.number) }),
      fields: [
        { name: m.reasonWas(), value: reasonOf(was, text) },
        { name: m.reasonNow(), value: reasonOf(p.case, text) },
        { name: m.reasonChangedBy(), value: mention(p.editor.id), inline: true },
        ...(p.case.target ? [{ name: m.member(), value: mention(p.case.target.id), inline: true }] : []),
      ],
    }),
  );
}

/** The moderation settings after a change (or just shown). */
export function renderModSettings(p: ModSettingsUpdated['payload'], { text }: Voice): MessageBody {
  const m = text.m.moderation;
  const s = p.settings;
  const off = text.m.common.off();
  const escalationAction = m.escalationAction({
    action: s.warnAction === 'ban' && s.warnActionSeconds === 0 ? 'permanent' : s.warnAction,
    duration: text.duration(s.warnActionSeconds),
  });
  const escalation =
    s.warnThreshold === 0
      ? off
      : m.escalationValue({ warns: s.warnThreshold, days: s.warnWindowDays, action: escalationAction });
  const limits = [
    ...(s.spamMessages > 0 ? [m.spamMessages({ messages: s.spamMessages, window: text.duration(s.spamSeconds) })] : []),
    ...(s.spamMentions > 0 ? [m.spamMentionLimit({ mentions: s.spamMentions })] : []),
  ];
  const spamAction = m.spamAction({ action: s.spamAction, duration: text.duration(s.spamTimeoutSeconds) });
  return embedBody(
    embed({
      kind: p.changed ? 'success' : 'info',
      title: m.settingsTitle({ changed: p.changed ? 'yes' : 'no' }),
      fields: [
        { name: m.modLog(), value: s.logChannelId ? channelMention(s.logChannelId) : off },
        { name: m.escalation(), value: escalation },
        {
          name: m.antiSpam(),
          value:
            limits.length > 0 ? m.antiSpamValue({ limits: text.list(limits, 'disjunction'), action: spamAction }) : off,
        },
      ],
    }),
  );
}

/** Moderation's refusals, worded. */
export const moderationRefusals: {
  [C in Extract<RefusalCode, `moderation.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'moderation.target.self': (r, t) => t.m.moderation.targetSelf({ action: r.action }),
  'moderation.target.bot': (r, t) => t.m.moderation.targetBot({ action: r.action }),
  'moderation.target.owner': (r, t) => t.m.moderation.targetOwner({ action: r.action }),
  'moderation.target.not_member': (r, t) => t.m.moderation.targetNotMember({ member: mention(r.userId) }),
  'moderation.target.above_you': (r, t) =>
    t.m.moderation.targetAboveYou({ member: mention(r.userId), action: r.action }),
  'moderation.target.above_bot': (r, t) => t.m.moderation.targetAboveBot({ member: mention(r.userId) }),
  'moderation.ranks.unverifiable': (_, t) => t.m.moderation.ranksUnverifiable(),
  'moderation.reason.required': (_, t) => t.m.moderation.reasonRequired(),
  'moderation.moderator_only': (r, t) =>
    t.m.moderation.moderatorOnly({
      permissions: t.list(
        r.anyOf.map((p) => `**${t.m.permissions[p]()}**`),
        'disjunction',
      ),
    }),
  'moderation.case.not_found': (r, t) => t.m.moderation.caseNotFound({ number: String(r.number) }),
  'moderation.unban.not_banned': (r, t) => t.m.moderation.notBanned({ input: inlineCode(r.input) }),
  'moderation.bans.unverifiable': (_, t) => t.m.moderation.bansUnverifiable(),
};
