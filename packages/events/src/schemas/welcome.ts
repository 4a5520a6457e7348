import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget, UserRef } from './common.ts';
import { refusal, refusal as coded } from './refusals.ts';

/** Placeholders a welcome template may use. */
export const WelcomePlaceholders = ['user', 'server', 'count'] as const;

/** Bounds on a welcome template: its length, and how many placeholders it may use (so a greeting stays short). */
export const WelcomeLimits = { maxLength: 1000, maxPlaceholders: 5 } as const;

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

/** Why a welcome command was refused (command.request.rejected's `reason`). */
export const welcomeRefusals = [
  /** A template names a placeholder other than {user}, {server} and {count}; `name` is the first such (cut to 32). */
  refusal('welcome.template.placeholder', { name: z.string().max(32) }),
  /** A template uses more placeholders than allowed. */
  refusal('welcome.template.too_many', { max: z.number().int().positive() }),
] as const;

/**
 * A welcome template as `/welcome set message:` takes it: known placeholders only, and not too many of them. A
 * failure carries its refusal (option.parsed), which core passes on to the member.
 */
export const WelcomeTemplate = z.string().transform((typed, ctx) => {
  const template = typed.trim();
  if (template === '') {
    // Only spaces: said as the option's length bounds.
    ctx.addIssue({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, input: typed });
    return z.NEVER;
  }
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  const unknown = used.find((name) => !(WelcomePlaceholders as readonly string[]).includes(name));
  if (unknown !== undefined) {
    ctx.addIssue({
      code: 'custom',
      params: { refusal: { code: 'welcome.template.placeholder', name: unknown.slice(0, 32) } },
    });
    return z.NEVER;
  }
  if (used.length > WelcomeLimits.maxPlaceholders) {
    ctx.addIssue({
      code: 'custom',
      params: { refusal: { code: 'welcome.template.too_many', max: WelcomeLimits.maxPlaceholders } },
    });
    return z.NEVER;
  }
  return template;
});

/** A new member should be greeted (v1, retired: core emits v2, which leaves the default greeting to the bot). */
export const WelcomeMemberGreetedV1 = defineEvent(
  'welcome.member.greeted',
  1,
  "RETIRED (core emits v2): a member joined a guild with greetings on; the bot renders the template (renderWelcome) in the guild's welcome channel, pinging only the member.",
  z.object({
    guildId: Snowflake,
    channelId: Snowflake,
    user: UserRef,
    template: z.string().min(1).max(WelcomeLimits.maxLength),
  }),
);
export type WelcomeMemberGreetedV1 = z.infer<typeof WelcomeMemberGreetedV1>;

/** A new member should be greeted. */
export const WelcomeMemberGreeted = defineEvent(
  'welcome.member.greeted',
  2,
  "A member joined a guild with greetings on; the bot posts the guild's template (renderWelcome), or with template null its own default greeting in the guild's language, in the welcome channel, pinging only the member.",
  z.object({
    guildId: Snowflake,
    channelId: Snowflake,
    user: UserRef,
    template: z.string().min(1).max(WelcomeLimits.maxLength).nullable(),
  }),
);
export type WelcomeMemberGreeted = z.infer<typeof WelcomeMemberGreeted>;

/** A guild's welcome settings, as shown after a change. */
export const WelcomeSettingsView = z.object({
  channelId: Snowflake.nullable(),
  /** The guild's own template; '' when it greets with the bot's default greeting (in the guild's language). */
  template: z.string().max(WelcomeLimits.maxLength),
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
