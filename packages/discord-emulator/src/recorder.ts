import type { APIAllowedMentions, APIMessage } from 'discord-api-types/v10';
import type { MessageRecord, Pinged } from './model.ts';
import type { InteractionRecord } from './services/interactions.ts';

/** Who made a request: a bot (by its token), a human user token, or nobody (webhook/interaction-token routes). */
export type Actor =
  { kind: 'bot'; userId: string; applicationId: string } | { kind: 'user'; userId: string } | { kind: 'none' };

/** One HTTP request to the REST API, as received and answered. */
export interface RecordedRequest {
  id: number;
  at: number;
  method: string;
  /** Path after the `/api[/vN]` prefix, e.g. `/channels/1/messages`. */
  path: string;
  /** The route template, e.g. `POST /channels/:channel_id/messages`. */
  route: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body), exactly as sent, including `allowed_mentions` and `nonce`. */
  body: unknown;
  actor: Actor;
  status: number;
  response: unknown;
  /** Set when the emulator answered 429. */
  rateLimited: false | 'route' | 'global';
  /** Set when the response was forced by `failNext`. */
  forced: boolean;
}

/** A message as tests see it: current content plus what was asked for and who actually got pinged. */
export interface RecordedMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  authorBot: boolean;
  content: string;
  flags: number;
  nonce: string | number | undefined;
  /** Id of the message this one replies to. */
  replyTo: string | undefined;
  /** `allowed_mentions` exactly as the sender sent it (undefined when absent). */
  allowedMentions: APIAllowedMentions | undefined;
  /** Who Discord would have notified. */
  pinged: Pinged;
  /** True when nobody (no user, no role, no @everyone) was notified. */
  pingedNobody: boolean;
  ephemeral: boolean;
  /** Deferred interaction response still "thinking". */
  loading: boolean;
  edited: boolean;
  deleted: boolean;
  interactionId: string | undefined;
  /** The Discord API shape of the message. */
  api: APIMessage;
}

/** Things that happen in the emulator, for waiters and the playground feed. */
export type EmulatorEvent =
  | { type: 'message_create' | 'message_update'; message: MessageRecord }
  | { type: 'message_delete'; channelId: string; messageId: string }
  | { type: 'interaction_create' | 'interaction_update' | 'interaction_failed'; interaction: InteractionRecord }
  | { type: 'request'; request: RecordedRequest }
  | { type: 'guild_update'; guildId: string }
  | { type: 'gateway_session'; sessionId: string; state: 'started' | 'resumed' | 'disconnected' | 'ended' };

/** Keeps requests and fans events out to listeners (waiters, the playground feed). */
export class Recorder {
  readonly requests: RecordedRequest[] = [];
  private readonly listeners = new Set<(event: EmulatorEvent) => void>();
  private nextRequestId = 1;

  emit(event: EmulatorEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  on(listener: (event: EmulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(request: Omit<RecordedRequest, 'id'>): RecordedRequest {
    const full = { ...request, id: this.nextRequestId++ };
    this.requests.push(full);
    this.emit({ type: 'request', request: full });
    return full;
  }

  /** Resolves with the first truthy `check()` result, re-checking after every event; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs: number, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first) return resolve(first);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`discord-emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const off = this.on(() => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        off();
        resolve(value);
      });
    });
  }
}
