import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget, UserRef } from './common.ts';
import { refusal as coded } from './refusals.ts';

/** Placeholders a welcome template may use. */
export const WelcomePlaceholders = ['user', 'server', 'count'] as const;

/** What a welcome template's placeholders stand for when the bot renders it. */
export interface WelcomeValues {
  /** The member's mention (`<@id>`): the only ping a greeting may carry. */
  user: string;
  server: string;
  count: string;
}

/** The longest a rendered greeting may be (Discord's message limit). */
export const MaxGreetingLength = 2000;

/** Fills `{user}`, `{server}` and `{count}` in a welcome template, cut to Discord's message limit. */
export function renderWelcome(template: string, values: WelcomeValues): string {
  const text = template.replace(/\{(user|server|count)\}/g, (_, name: keyof WelcomeValues) => values[name]);
  return text.length > MaxGreetingLength ? `${text.slice(0, MaxGreetingLength - 1)}…` : text;
}

/** A new member should be greeted. */
export const WelcomeMemberGreeted = defineEvent(
  'welcome.member.greeted',
  1,
  "A member joined a guild with greetings on; the bot renders the template (renderWelcome) in the guild's welcome channel, pinging only the member.",
  z.object({
    guildId: Snowflake,
    channelId: Snowflake,
    user: UserRef,
    template: z.string().min(1).max(1000),
  }),
);
export type WelcomeMemberGreeted = z.infer<typeof WelcomeMemberGreeted>;

/** A guild's welcome settings, as shown after a change. */
export const WelcomeSettingsView = z.object({
  channelId: Snowflake.nullable(),
  template: z.string().max(1000),
  autoRoleId: Snowflake.nullable(),
});

/** A guild changed (or looked at) its welcome settings. */
export const WelcomeSettingsUpdated = defineEvent(
  'welcome.settings.updated',
  1,
  'A guild changed or looked at its welcome settings; changed lists what changed (empty when only shown).',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    settings: WelcomeSettingsView,
    changed: z.array(z.enum(['channel', 'template', 'autoRole'])).max(3),
  }),
);
export type WelcomeSettingsUpdated = z.infer<typeof WelcomeSettingsUpdated>;

/** Why the welcome feature acted on Discord, for the audit log. */
export const welcomeAuditReasons = [
  /** A new member got the guild's auto-role. */
  coded('welcome.autorole'),
] as const;
