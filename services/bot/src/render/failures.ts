import type { ActionFailure, RoleRefusal } from '@guildhall/events';
import { RESTJSONErrorCodes } from 'discord.js';
import type { Text } from '../i18n/index.ts';

/**
 * Why an action Guildhall asked for did not happen (a gateway.action.completed `failure`), worded: the role rule's
 * sentences (shared with the refusals of the same codes) and Discord's refusals, the common ones said plainly.
 */

/** The privileged-role rule's sentences: the same words whether core refused a command or the bot an action. */
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

/** Discord's JSON error codes worth saying in words. */
const DiscordCodes: ReadonlyMap<number, 'permissions' | 'member' | 'role'> = new Map([
  [RESTJSONErrorCodes.MissingPermissions, 'permissions'],
  [RESTJSONErrorCodes.UnknownMember, 'member'],
  [RESTJSONErrorCodes.UnknownUser, 'member'],
  [RESTJSONErrorCodes.UnknownRole, 'role'],
]);

/** A failed action's reason in a language. */
export function actionFailureText(failure: ActionFailure, text: Text): string {
  if (failure.code !== 'discord.rejected') {
    const say = roleRefusalTexts[failure.code] as (r: RoleRefusal, t: Text) => string;
    return say(failure, text);
  }
  // A bot that predates typed failures reported neither status nor code.
  const kind = DiscordCodes.get(failure.discordCode) ?? (failure.status === 0 ? 'unknown' : 'other');
  return text.m.common.actionRejected({ kind, status: String(failure.status), code: String(failure.discordCode) });
}
