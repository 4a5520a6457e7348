import type { Logger } from '@guildhall/runtime';
import { Events, type Client, type Guild, type Message } from 'discord.js';
import type { ShardSession } from './shard-session.ts';
import { snowflakeAt, type ChannelCursor, type PendingBackfill } from './state.ts';
import { collectWork } from './work.ts';

/** How far back and how much a backfill reads (BACKFILL_MAX_AGE_MS, BACKFILL_MAX_MESSAGES). */
export interface BackfillLimits {
  /** Messages older than this are not read back. */
  maxAgeMs: number;
  /** At most this many messages per channel. */
  maxMessages: number;
}

/** Discord's page size for channel history. */
const PageSize = 100;

const byId = (a: Message, b: Message) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

/**
 * Reads back what a shard's previous session saw but did not hand over, when Discord refused to resume it:
 * channel by channel, from the last message handed over (or, for a channel with no cursor whose newest message is
 * after the old session's last sign of life, from then), oldest first, up to the new session's READY, within the
 * limits. Each message goes through the same listener as a live one (so it becomes an ordinary
 * gateway.message.created, whose id derives from the message id: core's inbox drops what was already handed
 * over), a page at a time, and the channel's progress is persisted after each page, so a crash resumes the
 * backfill where it stopped. One request at a time: discord.js's REST client (or the shared proxy) paces them
 * within Discord's limits.
 */
export async function runBackfill(
  client: Client<true>,
  session: ShardSession,
  limits: BackfillLimits,
  log: Logger,
): Promise<void> {
  for (let record = session.backfill; record; record = session.backfill) {
    const channels = channelsToRead(session, record);
    log.info({ shardId: session.shardId, channels: channels.size }, 'backfilling what the last session missed');
    let read = 0;
    for (const [channelId, cursor] of channels) {
      try {
        read += await backfillChannel(client, session, record, channelId, cursor, limits);
      } catch (err) {
        // A channel deleted or closed to the bot meanwhile: nothing more can be read there.
        log.warn({ err, channelId }, 'could not backfill a channel; skipping it');
      }
      session.backfilled(record, channelId, null);
    }
    log.info({ shardId: session.shardId, messages: read }, 'backfill done');
    session.backfillFinished(record);
  }
}

/** The channels with cursors, and those whose newest message (at the new session's start) is after the floor. */
function channelsToRead(session: ShardSession, record: PendingBackfill): Map<string, ChannelCursor> {
  const channels = new Map(Object.entries(record.channels));
  for (const guild of Object.values(session.guilds)) {
    if (!('channels' in guild)) continue;
    for (const channel of [...guild.channels, ...guild.threads]) {
      const newest = 'last_message_id' in channel ? channel.last_message_id : null;
      if (!channels.has(channel.id) && newest && BigInt(newest) > BigInt(record.floor)) {
        channels.set(channel.id, { guildId: guild.id, lastMessageId: record.floor });
      }
    }
  }
  return channels;
}

async function backfillChannel(
  client: Client<true>,
  session: ShardSession,
  record: PendingBackfill,
  channelId: string,
  cursor: ChannelCursor,
  limits: BackfillLimits,
): Promise<number> {
  const channel = client.channels.cache.get(channelId);
  // Only channels of this shard's guilds are in the cache (after a shard-count change, others are someone else's).
  if (!channel?.isTextBased() || channel.isDMBased()) return 0;
  const oldest = snowflakeAt(Date.now() - limits.maxAgeMs);
  let after = BigInt(cursor.lastMessageId) > BigInt(oldest) ? cursor.lastMessageId : oldest;
  let read = 0;
  while (read < limits.maxMessages) {
    const limit = Math.min(PageSize, limits.maxMessages - read);
    const page = await channel.messages.fetch({ after, limit, cache: false });
    const messages = [...page.values()].filter((m) => BigInt(m.id) < BigInt(record.until)).sort(byId);
    if (messages.length === 0) return read;
    await cacheAuthors(channel.guild, messages);
    const work: Promise<unknown>[] = [];
    collectWork(
      (w) => work.push(w),
      () => {
        for (const message of messages) client.emit(Events.MessageCreate, message);
      },
    );
    await Promise.all(work);
    read += messages.length;
    after = messages[messages.length - 1]?.id ?? after;
    session.backfilled(record, channelId, { guildId: cursor.guildId, lastMessageId: after });
    // A short page, or one cut at `until`, is the end of what there is to read.
    if (page.size < limit || messages.length < page.size) return read;
  }
  return read;
}

/**
 * History has no member objects (MESSAGE_CREATE does): the authors are fetched into the member cache, over the
 * gateway in one request, so the messages carry their authors' roles and permissions like live ones.
 */
async function cacheAuthors(guild: Guild, messages: Message[]): Promise<void> {
  const missing = [...new Set(messages.filter((m) => !m.webhookId).map((m) => m.author.id))].filter(
    (id) => !guild.members.cache.has(id),
  );
  if (missing.length > 0) await guild.members.fetch({ user: missing });
}
