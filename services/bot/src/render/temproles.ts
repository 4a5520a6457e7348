import type { RefusalCode, RefusalOf, TempRoleGranted, TempRoleGrantedV1 } from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { embed } from './embed.ts';
import { body, embedBody, mention, roleMention, timestamp, type MessageBody } from './format.ts';
import { failureText } from './failures.ts';
import type { Voice } from './voice.ts';

/**
 * A temporary role grant: the member has the role for how long and until when, or (a red card) why it could not be
 * given: Discord's refusal, or the bot's own when it found the role privileged right before adding it.
 */
export function renderTempRoleGranted(
  p: TempRoleGranted['payload'] | TempRoleGrantedV1['payload'],
  { text }: Voice,
): MessageBody {
  const t = text.m.temproles;
  const user = mention(p.user.id);
  const role = roleMention(p.roleId);
  // v1 (queued before an upgrade) has no failure code: Discord refused it, reason unknown.
  const failure =
    'failure' in p ? p.failure : p.ok ? null : ({ code: 'discord.rejected', status: 0, discordCode: 0 } as const);
  if (failure)
    return embedBody(
      embed({ kind: 'refusal', description: t.failed({ user, role, reason: failureText(failure, text) }) }),
    );
  return body(t.granted({ user, role, duration: text.duration(p.durationSeconds), at: timestamp(p.expiresAt, 'f') }));
}

/** Temporary roles' refusals, worded. */
export const temproleRefusals: {
  [C in Extract<RefusalCode, `temprole.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'temprole.member.not_member': (r, t) => t.m.temproles.notMember({ user: mention(r.userId) }),
};
