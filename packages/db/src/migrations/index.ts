import type { Migration } from 'kysely';
import * as inboxOutbox from './2026_11_22_0001_inbox_outbox.ts';
import * as guildSettings from './2026_11_22_0002_guild_settings.ts';
import * as karma from './2026_11_22_0003_karma.ts';

/** Every migration by name; names sort in the order they run. Add new files here. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_inbox_outbox': inboxOutbox,
  '2026_11_22_0002_guild_settings': guildSettings,
  '2026_11_22_0003_karma': karma,
};
