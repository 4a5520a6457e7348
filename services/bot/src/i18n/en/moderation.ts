import { msg } from '../message.ts';

/** An action's name, as a case title names it (`action` is a ModAction). */
const actionNames =
  'warn {Warning} timeout {Timeout} kick {Kick} ban {Ban} unban {Unban} purge {Purge} other {{action}}';
/** An action as a verb, for refusals (`action` is a ModMemberAction). */
const verbs = 'warn {warn} timeout {time out} kick {kick} ban {ban} other {act on}';

/** Moderation's cases, lists, settings and refusals. */
export const moderation = {
  caseTitle: msg<{ number: string; action: string }>(`Case #{number} · {action, select, ${actionNames}}`),
  member: msg('Member'),
  channel: msg('Channel'),
  moderator: msg('Moderator'),
  automatic: msg<{ moderator: string }>('{moderator} (automatic)'),
  duration: msg('Duration'),
  permanent: msg('Permanent'),
  durationEnds: msg<{ duration: string; when: string }>('{duration}, ends {when}'),
  durationEnded: msg<{ duration: string; when: string }>('{duration}, ended {when}'),
  deletedMessages: msg('Their messages deleted'),
  deletedDays: msg<{ days: number }>('Of the last {days, plural, one {# day} other {# days}}'),
  reason: msg('Reason'),
  noReason: msg('No reason given'),
  outcome: msg('Outcome'),
  done: msg('Done'),
  pending: msg('Waiting for Discord'),
  failed: msg<{ why: string }>('Failed. {why}'),
  purgeDeleted: msg<{ deleted: number; asked: number }>(
    '{deleted, plural, =0 {No message} one {# message} other {# messages}} deleted (asked: the last {asked, number})',
  ),
  purgeFound: msg<{ found: number }>(
    'Only {found, plural, =0 {no message was} one {# message was} other {# messages were}} there before the command',
  ),
  purgePinned: msg<{ count: number }>(
    '{count, plural, one {# pinned message} other {# pinned messages}} kept (pinned messages are never purged)',
  ),
  purgeTooOld: msg<{ count: number }>(
    '{count, plural, one {# message} other {# messages}} older than 14 days kept (Discord cannot bulk-delete them)',
  ),
  reasonAntispam: msg<{ why: string }>('Anti-spam: {why}'),
  spamMessages: msg<{ messages: number; window: string }>(
    'more than {messages, plural, one {# message} other {# messages}} within {window}',
  ),
  spamMentions: msg<{ mentions: number; limit: number }>(
    '{mentions, plural, one {# mention} other {# mentions}} in one message (the limit is {limit, number})',
  ),
  reasonEscalation: msg<{ warns: number; days: number; lastCase: string }>(
    '{warns, plural, one {# warning} other {# warnings}} within {days, plural, one {# day} other {# days}} (the last: case #{lastCase})',
  ),
  reasonTempbanExpired: msg<{ banCase: string }>('The temporary ban of case #{banCase} ran out'),
  casesTitleMember: msg<{ name: string }>('Cases of {name}'),
  casesTitleGuild: msg('Latest cases'),
  casesRow: msg<{ number: string; action: string; subject: string; moderator: string; when: string }>(
    `\`#{number}\` **{action, select, ${actionNames}}** {subject} by {moderator}, {when}`,
  ),
  casesRowFailed: msg<{ row: string }>('{row} · failed'),
  casesRowPending: msg<{ row: string }>('{row} · pending'),
  casesRowReason: msg<{ row: string; reason: string }>('{row} — {reason}'),
  casesEmpty: msg('No cases.'),
  casesTotal: msg<{ total: number }>('{total, plural, one {# case} other {# cases}} in all'),
  casesOlder: msg<{ total: number; command: string; next: string }>(
    '{total, plural, one {# case} other {# cases}} in all · older ones: {command} before:{next}',
  ),
  reasonChangedTitle: msg<{ number: string }>('Case #{number} · reason changed'),
  reasonWas: msg('Was'),
  reasonNow: msg('Now'),
  reasonChangedBy: msg('Changed by'),
  settingsTitle: msg<{ changed: string }>(
    '{changed, select, yes {Moderation settings updated} other {Moderation settings}}',
  ),
  modLog: msg('Mod log'),
  escalation: msg('Warn escalation'),
  escalationValue: msg<{ warns: number; days: number; action: string }>(
    '{warns, plural, one {# warning} other {# warnings}} within {days, plural, one {# day} other {# days}} → {action}',
  ),
  escalationAction: msg<{ action: string; duration: string }>(
    '{action, select, timeout {timeout for {duration}} kick {kick} ban {ban for {duration}} other {permanent ban}}',
  ),
  antiSpam: msg('Anti-spam'),
  antiSpamValue: msg<{ limits: string; action: string }>('{limits} → {action}'),
  spamMentionLimit: msg<{ mentions: number }>(
    'more than {mentions, plural, one {# mention} other {# mentions}} in one message',
  ),
  spamAction: msg<{ action: string; duration: string }>(
    '{action, select, timeout {timeout for {duration}} other {warning}}',
  ),
  targetSelf: msg<{ action: string }>(`You cannot {action, select, ${verbs}} yourself.`),
  targetBot: msg<{ action: string }>(`Guildhall will not {action, select, ${verbs}} itself.`),
  targetOwner: msg<{ action: string }>(`Nobody can {action, select, ${verbs}} the server owner.`),
  targetNotMember: msg<{ member: string }>('{member} is not a member of this server.'),
  targetAboveYou: msg<{ member: string; action: string }>(
    `{member}'s highest role is not below yours, so you cannot {action, select, ${verbs}} them.`,
  ),
  targetAboveBot: msg<{ member: string }>(
    "{member}'s highest role is not below Guildhall's; move Guildhall's role above theirs first.",
  ),
  ranksUnverifiable: msg('Guildhall could not check role positions for this command; try again.'),
  reasonRequired: msg('Give a reason: a few words will do.'),
  moderatorOnly: msg<{ permissions: string }>('Only moderators (with {permissions}) can see and change cases.'),
  caseNotFound: msg<{ number: string }>('There is no case #{number} in this server.'),
  notBanned: msg<{ input: string }>(
    "Nobody called {input} is on this server's ban list. Pick someone from the suggestions, or give their user id.",
  ),
  bansUnverifiable: msg('Guildhall could not read the ban list just now; try again in a moment.'),
} as const;
