import type { AuditReason } from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { auditBought } from './economy.ts';
import { truncate } from './format.ts';
import { caseReasonText } from './moderation.ts';

/** Discord's limit on an audit-log reason. */
const MaxAuditReason = 512;

type AuditTexts = { readonly [C in AuditReason['code']]: (r: Extract<AuditReason, { code: C }>, text: Text) => string };

/** Every audit code's wording: a code without one fails `tsc` here. */
const auditTexts: AuditTexts = {
  'economy.shop.bought': (r, t) => auditBought(r, t),
  'levels.reward': (r, t) => t.m.audit.levelsReward({ level: r.level }),
  'welcome.autorole': (_, t) => t.m.audit.welcomeAutorole(),
  'temprole.granted': (r, t) => t.m.audit.temproleGranted({ duration: t.duration(r.seconds), by: r.grantedBy }),
  'temprole.expired': (r, t) => t.m.audit.temproleExpired({ duration: t.duration(r.seconds) }),
  'moderation.case': (r, t) =>
    t.m.audit.moderationCase({
      number: String(r.number),
      moderator: r.moderator,
      reason: r.reason,
      given: r.reason ? 'yes' : 'no',
    }),
  'moderation.case.automatic': (r, t) =>
    t.m.audit.moderationCaseAutomatic({ number: String(r.number), reason: caseReasonText(r.reason, t) }),
  'moderation.antispam.deleted': (r, t) => caseReasonText(r.reason, t),
};

/** The audit-log reason of an action, worded in a language and cut to Discord's 512 characters. */
export function auditText(reason: AuditReason, text: Text): string {
  const say = auditTexts[reason.code] as (r: AuditReason, t: Text) => string;
  return truncate(say(reason, text), MaxAuditReason);
}
