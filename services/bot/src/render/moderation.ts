import type {
  ModAction,
  ModCase,
  ModCaseRecorded,
  ModCaseShown,
  ModCasesListed,
  ModReasonUpdated,
  ModSettingsUpdated,
} from '@guildhall/events';
import { body, channelMention, duration, fitLines, mention, quote, timestamp, type MessageBody } from './format.ts';

const ActionWords: Record<ModAction, string> = {
  warn: 'Warn',
  timeout: 'Timeout',
  kick: 'Kick',
  ban: 'Ban',
  unban: 'Unban',
  purge: 'Purge',
};

/** How a case went: done, failed with Discord's error, or still waiting for Discord. */
function outcome(c: ModCase): string {
  if (c.status === 'failed') return `**failed**: ${quote(c.error ?? 'Discord refused it', 300)}`;
  if (c.status === 'pending') return 'pending';
  if (c.action !== 'purge') return 'done';
  const deleted = c.detail['deleted'] ?? 0;
  const old = c.detail['skippedTooOld'] ?? 0;
  const skipped = old > 0 ? `, ${old} skipped as older than 14 days` : '';
  return `done: ${deleted} message${deleted === 1 ? '' : 's'} deleted${skipped}`;
}

/** One case in full: number, action, target, moderator, reason, duration and outcome. */
export function caseLines(c: ModCase): string[] {
  const subject = c.target ? mention(c.target.id) : c.channelId ? channelMention(c.channelId) : 'nobody';
  const lines = [`**Case #${c.number}** · ${ActionWords[c.action]} · ${subject}`];
  lines.push(`Moderator: ${mention(c.moderator.id)}${c.automatic ? ' (automatic)' : ''}`);
  lines.push(`Reason: ${c.reason ? quote(c.reason, 512) : '(none given)'}`);
  if (c.durationSeconds !== null) {
    const until = c.endedAt ? `ended ${timestamp(c.endedAt)}` : c.expiresAt ? `ends ${timestamp(c.expiresAt)}` : '';
    lines.push(`Duration: ${duration(c.durationSeconds)}${until ? ` (${until})` : ''}`);
  } else if (c.action === 'ban') {
    lines.push('Duration: permanent');
  }
  if (c.action === 'purge' && c.purgeCount !== null) lines.push(`Asked for: ${c.purgeCount} messages`);
  lines.push(`Outcome: ${outcome(c)}`);
  return lines;
}

/** A settled case, both as the moderator's answer and as the mod-log post. */
export function renderCaseRecorded(p: Pick<ModCaseRecorded['payload'], 'case'>): MessageBody {
  return body(caseLines(p.case).join('\n'));
}

/** One case looked up by number. */
export function renderCaseShown(p: ModCaseShown['payload']): MessageBody {
  return body(caseLines(p.case).join('\n'));
}

/** A member's recent cases, newest first, one line each. */
export function renderCasesListed(p: ModCasesListed['payload']): MessageBody {
  const title = `**Cases of ${mention(p.target.id)}** (${p.total} in all)`;
  if (p.cases.length === 0) return body(`${title}\nNo cases.`);
  const lines = p.cases.map((c) => {
    const failed = c.status === 'failed' ? ' (failed)' : c.status === 'pending' ? ' (pending)' : '';
    const length = c.durationSeconds !== null ? ` ${duration(c.durationSeconds)}` : '';
    return `\`#${c.number}\` ${timestamp(c.createdAt)} ${ActionWords[c.action]}${length}${failed} by ${mention(c.moderator.id)}: ${quote(c.reason || '(no reason)', 150)}`;
  });
  return body(fitLines([title], lines, ['See one in full with `/case <number>`.']));
}

/** A changed reason: who changed it, from what, to what. */
export function renderReasonUpdated(p: ModReasonUpdated['payload']): MessageBody {
  return body(
    [
      `**Case #${p.case.number}** reason changed by ${mention(p.editor.id)}.`,
      `Was: ${p.previousReason ? quote(p.previousReason, 512) : '(none)'}`,
      `Now: ${p.case.reason ? quote(p.case.reason, 512) : '(none)'}`,
    ].join('\n'),
  );
}

/** The moderation settings after a change (or just shown). */
export function renderModSettings(p: ModSettingsUpdated['payload']): MessageBody {
  const s = p.settings;
  const escalationAction =
    s.warnAction === 'ban' && s.warnActionSeconds === 0
      ? 'permanent ban'
      : `${s.warnAction}${s.warnActionSeconds > 0 && s.warnAction !== 'kick' ? ` for ${duration(s.warnActionSeconds)}` : ''}`;
  const escalation =
    s.warnThreshold === 0 ? 'off' : `${s.warnThreshold} warns within ${s.warnWindowDays} days → ${escalationAction}`;
  const limits = [
    s.spamMessages > 0 ? `more than ${s.spamMessages} messages in ${duration(s.spamSeconds)}` : null,
    s.spamMentions > 0 ? `more than ${s.spamMentions} mentions in one message` : null,
  ].filter((x) => x !== null);
  const spamAction = s.spamAction === 'timeout' ? `timeout for ${duration(s.spamTimeoutSeconds)}` : 'warn';
  return body(
    [
      p.changed ? '**Moderation settings updated**' : '**Moderation settings**',
      `Mod log: ${s.logChannelId ? channelMention(s.logChannelId) : 'off'}`,
      `Warn escalation: ${escalation}`,
      `Anti-spam: ${limits.length > 0 ? `${limits.join(' or ')} → ${spamAction}` : 'off'}`,
    ].join('\n'),
  );
}
