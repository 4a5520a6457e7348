import { MessageFlags } from 'discord-api-types/v10';
import type { Gateway } from './gateway.ts';
import type { MessageRecord, Model } from './model.ts';
import type { RateLimiter } from './ratelimit.ts';
import type { RecordedMessage, Recorder } from './recorder.ts';
import type { InteractionRecord } from './services/interactions.ts';

/** Shared state the REST handlers and services work on. */
export interface Core {
  model: Model;
  gateway: Gateway;
  recorder: Recorder;
  limiter: RateLimiter;
  interactions: Map<string, InteractionRecord>;
  /** `authorId:nonce` to the message it created, for `enforce_nonce`. */
  nonces: Map<string, { messageId: string; at: number }>;
  config: CoreConfig;
}

/** Timings that tests may shorten. */
export interface CoreConfig {
  /** How long a bot has to answer an interaction before it "fails" (Discord: 3 s). */
  interactionTimeoutMs: number;
  /** How long an interaction token works for edits and follow-ups (Discord: 15 minutes). */
  interactionTokenLifetimeMs: number;
  /** How long a nonce is remembered for `enforce_nonce` (Discord: "a few minutes"). */
  nonceWindowMs: number;
  /** Base URL of the HTTP server, for attachment URLs. */
  baseUrl: () => string;
  /** WebSocket URL handed out by `GET /gateway/bot`. */
  gatewayUrl: () => string;
  /** `shards` recommended by `GET /gateway/bot`. */
  recommendedShards: number;
}

/** The test-facing view of a stored message. */
export function viewMessage(core: Core, m: MessageRecord): RecordedMessage {
  const author = core.model.users.get(m.authorId);
  const pinged = { users: [...m.pinged.users], roles: [...m.pinged.roles], everyone: m.pinged.everyone };
  return {
    id: m.id,
    channelId: m.channelId,
    guildId: m.guildId,
    authorId: m.authorId,
    authorBot: author?.bot ?? false,
    content: m.content,
    flags: m.flags,
    nonce: m.nonce,
    replyTo: m.reference?.message_id,
    allowedMentions: m.allowedMentions,
    pinged,
    pingedNobody: pinged.users.length === 0 && pinged.roles.length === 0 && !pinged.everyone,
    ephemeral: (m.flags & MessageFlags.Ephemeral) !== 0,
    loading: (m.flags & MessageFlags.Loading) !== 0,
    edited: m.editedAt !== null,
    deleted: m.deleted,
    interactionId: m.interactionId,
    api: core.model.messageJSON(m.id),
  };
}
