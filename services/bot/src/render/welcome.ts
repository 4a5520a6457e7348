import {
  renderWelcome,
  WelcomePlaceholders,
  type RefusalCode,
  type RefusalOf,
  type WelcomeMemberGreeted,
  type WelcomeMemberGreetedV1,
  type WelcomeSettingsUpdated,
} from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { embed } from './embed.ts';
import {
  channelMention,
  embedBody,
  inlineCode,
  mention,
  pinging,
  quote,
  roleMention,
  type MessageBody,
} from './format.ts';
import type { Voice } from './voice.ts';

/** What the bot knows of a guild from its gateway cache, for the template's `{server}` and `{count}`. */
export interface GuildFacts {
  name: string;
  memberCount: number;
  /** The guild's preferred language (Discord's locale), for answers no member's language decides. */
  preferredLocale?: string;
}

/**
 * A greeting: the guild's template, or without one Guildhall's own greeting in the guild's language. It pings the
 * new member and no one else: whatever the template says (`@everyone`, a role, another member), only `{user}`
 * notifies.
 */
export function renderMemberGreeted(
  p: WelcomeMemberGreeted['payload'] | WelcomeMemberGreetedV1['payload'],
  guild: GuildFacts | undefined,
  text: Text,
): MessageBody {
  const values = {
    user: mention(p.user.id),
    server: guild ? guild.name : text.m.welcome.someServer(),
    count: guild ? text.number(guild.memberCount) : '?',
  };
  const greeting = p.template === null ? text.m.welcome.defaultGreeting(values) : renderWelcome(p.template, values);
  return pinging(p.user.id, greeting);
}

/** The welcome settings after a change (or just shown). */
export function renderWelcomeSettings(p: WelcomeSettingsUpdated['payload'], { text }: Voice): MessageBody {
  const w = text.m.welcome;
  const s = p.settings;
  const preview = w.defaultGreeting({ user: '{user}', server: '{server}', count: '{count}' });
  return embedBody(
    embed({
      kind: p.changed.length > 0 ? 'success' : 'info',
      title: w.settingsTitle({ changed: p.changed.length > 0 ? 'yes' : 'no' }),
      fields: [
        {
          name: w.greeting(),
          value: s.channelId ? w.greetingIn({ channel: channelMention(s.channelId) }) : text.m.common.off(),
          inline: true,
        },
        { name: w.autoRole(), value: s.autoRoleId ? roleMention(s.autoRoleId) : w.none(), inline: true },
        {
          name: w.message(),
          value: s.template ? quote(s.template, 1000) : w.defaultMessage({ preview: quote(preview) }),
        },
      ],
    }),
  );
}

/** Welcome's refusals, worded. */
export const welcomeRefusals: {
  [C in Extract<RefusalCode, `welcome.${string}`>]: (r: RefusalOf<C>, text: Text) => string;
} = {
  'welcome.template.placeholder': (r, t) =>
    t.m.welcome.templatePlaceholder({
      name: inlineCode(`{${r.name}}`),
      placeholders: t.list(WelcomePlaceholders.map((name) => inlineCode(`{${name}}`))),
    }),
  'welcome.template.too_many': (r, t) => t.m.welcome.templateTooMany({ max: r.max }),
};
