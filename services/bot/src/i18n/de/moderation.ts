import type { moderation as en } from '../en/moderation.ts';
import type { Translation } from '../message.ts';

const actionNames =
  'warn {Verwarnung} timeout {Timeout} kick {Kick} ban {Bann} unban {Entbannung} purge {Aufräumen} other {{action}}';
/** The verb at the end of a German sentence ("… nicht verwarnen"). */
const verbs = 'warn {verwarnen} timeout {in den Timeout schicken} kick {kicken} ban {bannen} other {belangen}';

export const moderation: Translation<typeof en> = {
  caseTitle: `Fall #{number} · {action, select, ${actionNames}}`,
  member: 'Mitglied',
  channel: 'Kanal',
  moderator: 'Moderiert von',
  automatic: '{moderator} (automatisch)',
  duration: 'Dauer',
  permanent: 'Dauerhaft',
  durationEnds: '{duration}, endet {when}',
  durationEnded: '{duration}, endete {when}',
  deletedMessages: 'Ihre Nachrichten gelöscht',
  deletedDays: 'Der letzten {days, plural, one {# Tag} other {# Tage}}',
  reason: 'Grund',
  noReason: 'Kein Grund angegeben',
  outcome: 'Ergebnis',
  done: 'Erledigt',
  pending: 'Wartet auf Discord',
  failed: 'Fehlgeschlagen. {why}',
  purgeDeleted:
    '{deleted, plural, =0 {Keine Nachricht} one {# Nachricht} other {# Nachrichten}} gelöscht (verlangt: die letzten {asked, number})',
  purgeFound:
    'Vor dem Befehl {found, plural, =0 {war keine Nachricht} one {war nur # Nachricht} other {waren nur # Nachrichten}} da',
  purgePinned:
    '{count, plural, one {# angeheftete Nachricht} other {# angeheftete Nachrichten}} behalten (angeheftete Nachrichten werden nie gelöscht)',
  purgeTooOld:
    '{count, plural, one {# Nachricht} other {# Nachrichten}} älter als 14 Tage behalten (Discord kann sie nicht gesammelt löschen)',
  reasonAntispam: 'Antispam: {why}',
  spamMessages: 'mehr als {messages, plural, one {# Nachricht} other {# Nachrichten}} innerhalb von {window}',
  spamMentions:
    '{mentions, plural, one {# Erwähnung} other {# Erwähnungen}} in einer Nachricht (die Grenze ist {limit, number})',
  reasonEscalation:
    '{warns, plural, one {# Verwarnung} other {# Verwarnungen}} innerhalb von {days, plural, one {# Tag} other {# Tagen}} (die letzte: Fall #{lastCase})',
  reasonTempbanExpired: 'Der befristete Bann aus Fall #{banCase} ist abgelaufen',
  casesTitleMember: 'Fälle von {name}',
  casesTitleGuild: 'Neueste Fälle',
  casesRow: `\`#{number}\` **{action, select, ${actionNames}}** {subject} von {moderator}, {when}`,
  casesRowFailed: '{row} · fehlgeschlagen',
  casesRowPending: '{row} · ausstehend',
  casesRowReason: '{row} — {reason}',
  casesEmpty: 'Keine Fälle.',
  casesTotal: '{total, plural, one {# Fall} other {# Fälle}} insgesamt',
  casesOlder: '{total, plural, one {# Fall} other {# Fälle}} insgesamt · ältere: {command} before:{next}',
  reasonChangedTitle: 'Fall #{number} · Grund geändert',
  reasonWas: 'Vorher',
  reasonNow: 'Jetzt',
  reasonChangedBy: 'Geändert von',
  settingsTitle: '{changed, select, yes {Moderationseinstellungen geändert} other {Moderationseinstellungen}}',
  modLog: 'Mod-Log',
  escalation: 'Eskalation nach Verwarnungen',
  escalationValue:
    '{warns, plural, one {# Verwarnung} other {# Verwarnungen}} innerhalb von {days, plural, one {# Tag} other {# Tagen}} → {action}',
  escalationAction:
    '{action, select, timeout {Timeout für {duration}} kick {Kick} ban {Bann für {duration}} other {dauerhafter Bann}}',
  antiSpam: 'Antispam',
  antiSpamValue: '{limits} → {action}',
  spamMentionLimit: 'mehr als {mentions, plural, one {# Erwähnung} other {# Erwähnungen}} in einer Nachricht',
  spamAction: '{action, select, timeout {Timeout für {duration}} other {Verwarnung}}',
  targetSelf: `Du kannst dich nicht selbst {action, select, ${verbs}}.`,
  targetBot: `Guildhall wird sich nicht selbst {action, select, ${verbs}}.`,
  targetOwner: `Niemand kann die Person, der der Server gehört, {action, select, ${verbs}}.`,
  targetNotMember: '{member} ist kein Mitglied dieses Servers.',
  targetAboveYou: `Die höchste Rolle von {member} steht nicht unter deiner, also kannst du {member} nicht {action, select, ${verbs}}.`,
  targetAboveBot:
    'Die höchste Rolle von {member} steht nicht unter der von Guildhall; schieb die Rolle von Guildhall zuerst darüber.',
  ranksUnverifiable: 'Guildhall konnte die Rollen-Reihenfolge für diesen Befehl nicht prüfen; versuch es noch einmal.',
  reasonRequired: 'Gib einen Grund an – ein paar Worte genügen.',
  moderatorOnly: 'Nur Moderatorinnen und Moderatoren (mit {permissions}) können Fälle sehen und ändern.',
  caseNotFound: 'Auf diesem Server gibt es keinen Fall #{number}.',
  notBanned:
    'Niemand namens {input} steht auf der Bannliste dieses Servers. Wähl jemanden aus den Vorschlägen oder gib die Nutzer-ID an.',
  bansUnverifiable: 'Guildhall konnte die Bannliste gerade nicht lesen; versuch es gleich noch einmal.',
};
