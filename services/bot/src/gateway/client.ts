import { Client, GatewayIntentBits, Options, type WebSocketOptions } from 'discord.js';
import type { ShardPlan } from './shards.ts';

/**
 * The discord.js client with only the intents Guildhall needs (guilds, guild messages, message content,
 * members) and caches bounded so memory stays flat on large guilds: messages are not kept at all (replies go
 * by id), members and users are capped (the bot's own entry always stays) and swept. `ws` carries the gateway
 * session keeping (sessions/index.ts).
 */
export function createClient(apiBase: string, plan: ShardPlan, ws: WebSocketOptions = {}): Client {
  return new Client({
    ws,
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMembers,
    ],
    ...plan,
    rest: { api: apiBase },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      ThreadMemberManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      StageInstanceManager: 0,
      GuildMemberManager: { maxSize: 2_000, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 5_000, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      guildMembers: { interval: 3_600, filter: () => (member) => member.id !== member.client.user.id },
      users: { interval: 3_600, filter: () => (user) => user.id !== user.client.user.id },
    },
  });
}
