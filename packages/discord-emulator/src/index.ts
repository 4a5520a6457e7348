/** Starts the emulator, and the emulator class with its seeding, acting and observing helpers. */
export { Emulator, startEmulator } from './emulator.ts';
/** Option and result types of the emulator API. */
export type {
  CreateBotOptions,
  EmulatorOptions,
  HumanUser,
  InteractionResponseView,
  RequestFilter,
} from './emulator.ts';
/** Seeds the "Guildhall Playground" guild and its members; the persistent playground of `pnpm start`. */
export {
  MODERATOR_PERMISSIONS,
  PLAYGROUND_SLOTS,
  openPlayground,
  seedPlayground,
  wirePlayground,
} from './playground/seed.ts';
/** Ids and tokens returned by `seedPlayground`, and its options. */
export type { OpenPlaygroundOptions, PlaygroundSeed, SeedPlaygroundOptions } from './playground/seed.ts';
/** Stable playground ids across restarts. */
export { loadPlaygroundIdentity, savePlaygroundIdentity, seededId } from './playground/ids.ts';
/** What the playground keeps across restarts. */
export type { PlaygroundIdentity } from './playground/ids.ts';
/** Discord's embed and component limits, and the validators the emulator applies. */
export { EMBED_LIMITS, embedSize, normalizeEmbeds } from './shapes/embeds.ts';
export { COMPONENT_LIMITS, findComponent, normalizeComponents } from './shapes/components.ts';
/** An action row of buttons or a select, as messages store it. */
export type { MessageActionRow } from './shapes/components.ts';
/** Discord locales: validation and localization lookup with Discord's fallbacks. */
export { asLocale, localized } from './locales.ts';
/** Recorded requests, messages and emulator events. */
export type { Actor, EmulatorEvent, RecordedMessage, RecordedRequest } from './recorder.ts';
/** Discord's OAuth2 flow (`emu.oauth`): a registered application's logins. */
export type { OAuthApp, OAuthServer } from './oauth.ts';
/** A failure forced with `emu.failNext`. */
export type { FailRule } from './http.ts';
/** A gateway IDENTIFY as the emulator saw it. */
export type { IdentifyRecord } from './gateway.ts';
/** Rate-limit configuration. */
export type { BucketLimit, RateLimitOptions } from './ratelimit.ts';
/** The in-memory world and its record types. */
export { Model, DEFAULT_EVERYONE_PERMISSIONS } from './model.ts';
/** Record types of the in-memory world. */
export type {
  BotRecord,
  ChannelRecord,
  CreateGuildOptions,
  CreateRoleOptions,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  Pinged,
} from './model.ts';
/** Interaction records and states. */
export type { InteractionRecord, InteractionState } from './services/interactions.ts';
/** Fields `emu.updateMember` accepts. */
export type { MemberPatch } from './services/members.ts';
/** Discord's error shape and the emulator's error helpers. */
export { ApiError, Errors, FormErrors } from './errors.ts';
/** Discord's error body types. */
export type { DiscordErrorBody, ErrorTree, FieldError, FieldPath } from './errors.ts';
/** Mention parsing and Discord's ping rules. */
export { computePinged, parseMentions } from './mentions.ts';
/** Permission helpers (role bits, hierarchy). */
export { ALL_PERMISSIONS, highestRolePosition, memberPermissions } from './permissions.ts';
/** Slash-command text parsing against registered definitions. */
export { parseSlash, tokenize } from './slash.ts';
/** Slash parser types. */
export type { SlashParseOptions, SlashParseResult, SlashResolver } from './slash.ts';
/** Snowflake helpers. */
export { isoTimestamp, shardOf, snowflake, snowflakeTime } from './snowflake.ts';
