import type { ActionFailure, RoleRefusal } from '@guildhall/events';
import type { Text } from '../i18n/index.ts';

/**
 * The privileged-role rule's sentences: refusals of a command (refusals.ts) and failures of a role add the bot
 * declined (below) say the same thing.
 */
export const roleRefusalTexts: {
  readonly [C in RoleRefusal['code']]: (r: Extract<RoleRefusal, { code: C }>, text: Text) => string;
} = {
  'role.everyone': (_, t) => t.m.common.roleEveryone(),
  'role.managed': (_, t) => t.m.common.roleManaged(),
  'role.above_bot': (_, t) => t.m.common.roleAboveBot(),
  'role.above_invoker': (_, t) => t.m.common.roleAboveInvoker(),
  'role.dangerous': (r, t) =>
    t.m.common.roleDangerous({
      permissions: t.list(r.permissions.map((p) => `**${t.m.permissions[p]()}**`)),
    }),
  'role.unknown': (_, t) => t.m.common.roleUnknown(),
};

/**
 * Why a Discord action Guildhall asked for was not carried out, as one sentence in a language: the privileged-role
 * rule the bot re-checked, or Discord's refusal by its error code.
 */
export function failureText(failure: ActionFailure, text: Text): string {
  if (failure.code === 'discord.rejected') {
    return text.m.common.actionRejected({ discordCode: String(failure.discordCode) });
  }
  const say = roleRefusalTexts[failure.code] as (r: RoleRefusal, t: Text) => string;
  return say(failure, text);
}
