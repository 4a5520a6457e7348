import { z } from 'zod';
import { Snowflake } from '../envelope.ts';

/**
 * The longest display name events carry, in UTF-16 code units (so never more characters than that): every column
 * that stores one is VARCHAR(100). Discord's own limit is 32.
 */
export const DisplayNameMax = 100;

/** A Discord user as core needs to know them. */
export const UserRef = z.object({
  id: Snowflake,
  displayName: z.string().max(DisplayNameMax),
  bot: z.boolean(),
});
export type UserRef = z.infer<typeof UserRef>;

/** Whoever triggered a request: a guild member with their roles and effective permission bits. */
export const Actor = UserRef.extend({
  roleIds: z.array(Snowflake).max(250),
  /** Effective guild permissions as a decimal bitfield string (Discord's format). */
  permissions: z.string().regex(/^\d+$/),
});
export type Actor = z.infer<typeof Actor>;

/** Answer by replying to a message. */
export const MessageTarget = z.object({
  kind: z.literal('message'),
  channelId: Snowflake,
  messageId: Snowflake,
});
export type MessageTarget = z.infer<typeof MessageTarget>;

/**
 * Answer by editing an interaction's deferred response. The token is a 15-minute credential for this one
 * interaction; it travels with the event so any bot replica (or a restarted one) can answer.
 */
export const InteractionTarget = z.object({
  kind: z.literal('interaction'),
  channelId: Snowflake,
  interactionId: Snowflake,
  applicationId: Snowflake,
  token: z.string().min(1).max(500),
  // Optional (added for replies in the member's language and private answers; events without them stay valid and
  // are answered in the guild's language, publicly, as before). See docs/adr/0011-outcomes-as-data-and-one-feature-shape.md.
  /** The invoker's Discord client language (`de`, `en-US`, …): the first choice for the reply's language. */
  locale: z.string().max(16).optional(),
  /** The guild's preferred language: the second choice. */
  guildLocale: z.string().max(16).optional(),
  /** The bot deferred the response ephemerally, so only the invoker sees the answer. */
  ephemeral: z.boolean().optional(),
});
export type InteractionTarget = z.infer<typeof InteractionTarget>;

/**
 * Answer a member acting on the web dashboard (services/web): the result goes back to the dashboard replica that
 * published the request (the relay routes it by `replica`, see resultRoutingKey), which shows the applied state; the
 * bot posts nothing for it. Added with the dashboard (docs/adr/0018-web-dashboard.md): only the web service emits
 * requests with it, so core and the bot must be upgraded before the web service is deployed.
 */
export const WebTarget = z.object({
  kind: z.literal('web'),
  /** The dashboard replica waiting for the result: one word of a routing key. */
  replica: z.string().regex(/^[a-z0-9-]{1,40}$/),
});
export type WebTarget = z.infer<typeof WebTarget>;

/** Where a member invoked a command: on Discord (an interaction) or on the web dashboard. */
export const CommandTarget = z.discriminatedUnion('kind', [InteractionTarget, WebTarget]);
export type CommandTarget = z.infer<typeof CommandTarget>;

/** Where the bot should put its answer to a request (nowhere on Discord for a web target). */
export const ReplyTarget = z.discriminatedUnion('kind', [MessageTarget, InteractionTarget, WebTarget]);
export type ReplyTarget = z.infer<typeof ReplyTarget>;

/**
 * A karma subject: a free-text name (keyed case-insensitively) or a member keyed by id. The limits are the columns'
 * (`karma_subjects.subject_key` and `display`): a name's key and display are at most 64 code points, a member's
 * display is their display name.
 */
export const KarmaSubject = z.object({
  kind: z.enum(['name', 'member']),
  key: z.string().min(1).max(64),
  display: z.string().min(1).max(DisplayNameMax),
});
export type KarmaSubject = z.infer<typeof KarmaSubject>;
