import type { APIAllowedMentions } from 'discord-api-types/v10';
import { AllowedMentionsTypes } from 'discord-api-types/v10';
import { formError } from './errors.ts';
import type { Pinged } from './model.ts';

/** Mentions written in message content. */
export interface ParsedMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** Finds `<@id>`, `<@!id>`, `<@&id>`, `@everyone` and `@here` in content, in order, without duplicates. */
export function parseMentions(content: string): ParsedMentions {
  const users = new Set<string>();
  const roles = new Set<string>();
  for (const m of content.matchAll(/<@(!|&)?(\d{15,25})>/g)) {
    const id = m[2];
    if (id === undefined) continue;
    if (m[1] === '&') roles.add(id);
    else users.add(id);
  }
  return { users: [...users], roles: [...roles], everyone: /@(everyone|here)\b/.test(content) };
}

/** What the sender is allowed to ping and who it replies to. */
export interface PingContext {
  content: string;
  allowedMentions: APIAllowedMentions | undefined;
  /** Author of the message being replied to, if this is a reply. */
  repliedUserId: string | undefined;
  /** The author holds MENTION_EVERYONE (or is in a DM), so @everyone and any role may ping. */
  canMentionEveryone: boolean;
  isMentionableRole: (roleId: string) => boolean;
  isUser: (userId: string) => boolean;
}

/** Rejects allowed_mentions the way Discord does (parse + explicit list of the same kind). */
export function validateAllowedMentions(am: APIAllowedMentions | undefined): void {
  if (!am) return;
  const parse = am.parse ?? [];
  if (parse.includes(AllowedMentionsTypes.User) && am.users?.length) {
    throw formError(
      ['allowed_mentions'],
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      'parse:["users"] and users: [ids] are mutually exclusive.',
    );
  }
  if (parse.includes(AllowedMentionsTypes.Role) && am.roles?.length) {
    throw formError(
      ['allowed_mentions'],
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      'parse:["roles"] and roles: [ids] are mutually exclusive.',
    );
  }
}

/**
 * Who a message notifies under Discord's rules: without allowed_mentions everything in the content
 * pings (and a reply pings the replied-to author); with it, only what `parse`/`users`/`roles` allow,
 * and the replied-to author only with `replied_user: true`.
 */
export function computePinged(ctx: PingContext): Pinged {
  const parsed = parseMentions(ctx.content);
  const am = ctx.allowedMentions;
  const parse = am ? (am.parse ?? []) : ['users', 'roles', 'everyone'];
  const userAllowed = (id: string): boolean => parse.includes('users') || (am?.users ?? []).includes(id);
  const roleAllowed = (id: string): boolean => parse.includes('roles') || (am?.roles ?? []).includes(id);
  const users = parsed.users.filter((id) => ctx.isUser(id) && userAllowed(id));
  const repliedPings = am ? am.replied_user === true : true;
  if (ctx.repliedUserId !== undefined && repliedPings && !users.includes(ctx.repliedUserId))
    users.push(ctx.repliedUserId);
  const roles = parsed.roles.filter((id) => roleAllowed(id) && (ctx.canMentionEveryone || ctx.isMentionableRole(id)));
  const everyone = parsed.everyone && parse.includes('everyone') && ctx.canMentionEveryone;
  return { users, roles, everyone };
}
