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
/** Seeds the "Guildhall Playground" guild and its members. */
export { MODERATOR_PERMISSIONS, seedPlayground } from './playground/seed.ts';
/** Ids and tokens returned by `seedPlayground`. */
export type { PlaygroundSeed } from './playground/seed.ts';
/** The playground page's HTML, for serving it elsewhere. */
export { PLAYGROUND_HTML } from './playground/page.ts';
/** Recorded requests, messages and emulator events. */
export type { Actor, EmulatorEvent, RecordedMessage, RecordedRequest } from './recorder.ts';
/** A failure forced with `emu.failNext`. */
export type { FailRule } from './http.ts';
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
export { ApiError, Errors } from './errors.ts';
/** Discord's error body types. */
export type { DiscordErrorBody, ErrorTree, FieldError } from './errors.ts';
/** Mention parsing and Discord's ping rules. */
export { computePinged, parseMentions } from './mentions.ts';
/** Permission helpers (role bits, hierarchy). */
export { ALL_PERMISSIONS, highestRolePosition, memberPermissions } from './permissions.ts';
/** Slash-command text parsing against registered definitions. */
export { parseSlash, tokenize } from './slash.ts';
/** Slash parser types. */
export type { SlashParseResult, SlashResolver } from './slash.ts';
/** Snowflake helpers. */
export { isoTimestamp, shardOf, snowflake, snowflakeTime } from './snowflake.ts';
