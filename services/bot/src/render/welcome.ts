import { renderWelcome, type WelcomeMemberGreeted, type WelcomeSettingsUpdated } from '@guildhall/events';
import { body, channelMention, grouped, mention, pinging, quote, roleMention, type MessageBody } from './format.ts';

/** What the bot knows of a guild from its gateway cache, for the template's `{server}` and `{count}`. */
export interface GuildFacts {
  name: string;
  memberCount: number;
  /** The guild's preferred language (Discord's locale), for answers no member's language decides. */
  preferredLocale?: string;
}

/**
 * A greeting from the guild's template. It pings the new member and no one else: whatever the template says
 * (`@everyone`, a role, another member), only `{user}` notifies.
 */
export function renderMemberGreeted(p: WelcomeMemberGreeted['payload'], guild: GuildFacts | undefined): MessageBody {
  const text = renderWelcome(p.template, {
    user: mention(p.user.id),
    server: guild ? guild.name : 'the server',
    count: guild ? grouped(guild.memberCount) : '?',
  });
  return pinging(p.user.id, text);
}

/** The welcome settings after a change (or just shown). */
export function renderWelcomeSettings(p: WelcomeSettingsUpdated['payload']): MessageBody {
  const s = p.settings;
  return body(
    [
      p.changed.length > 0 ? '**Welcome settings updated**' : '**Welcome settings**',
      `Greeting: ${s.channelId ? `in ${channelMention(s.channelId)}` : 'off'}`,
      `Message: ${s.template ? quote(s.template, 1000) : '(default)'}`,
      `Auto-role: ${s.autoRoleId ? roleMention(s.autoRoleId) : 'none'}`,
    ].join('\n'),
  );
}
