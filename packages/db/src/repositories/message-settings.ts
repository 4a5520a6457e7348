import { sql } from 'kysely';
import { readRows, type Tx } from '../unit-of-work.ts';
import { DefaultEconomySettings, economySettingsOf, type EconomySettings } from './economy.ts';
import { DefaultLevelSettings, levelSettingsOf, type LevelSettings } from './levels.ts';
import { DefaultModSettings, modSettingsOf, type ModSettings } from './moderation.ts';
import { DefaultKarmaSettings, karmaSettingsOf, type KarmaSettings } from './settings.ts';

/** Every setting the features that react to posted messages need, for one guild, with defaults filled in. */
export interface MessageSettings {
  karma: KarmaSettings;
  moderation: ModSettings;
  levels: LevelSettings;
  economy: EconomySettings;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A LEFT JOINed row, or null when the join matched nothing; a matched row has a value in every NOT NULL column. */
function matched<T>(present: string | null, row: Nullable<T>): T | null {
  return present === null ? null : (row as T);
}

/**
 * The message features' settings of many guilds in ONE statement (a message batch pays one round trip, not one per
 * feature and guild): the guild ids as a derived table, LEFT JOINed to each settings table. A guild without a row
 * in a table has that feature's defaults, as each feature's own getter gives.
 */
export async function getMessageSettings(db: Tx, guildIds: readonly string[]): Promise<Map<string, MessageSettings>> {
  const ids = [...new Set(guildIds)];
  if (ids.length === 0) return new Map();
  const guilds = sql.join(
    ids.map((id) => sql`SELECT ${id} AS guild_id`),
    sql` UNION ALL `,
  );
  const rows = await readRows(
    db,
    db
      .selectFrom(sql<{ guild_id: string }>`(${guilds})`.as('g'))
      .leftJoin('guild_settings as k', 'k.guild_id', 'g.guild_id')
      .leftJoin('mod_settings as m', 'm.guild_id', 'g.guild_id')
      .leftJoin('level_settings as l', 'l.guild_id', 'g.guild_id')
      .leftJoin('economy_settings as e', 'e.guild_id', 'g.guild_id')
      .select(['g.guild_id', 'k.guild_id as karma_row', 'k.karma_announce', 'k.karma_cooldown_seconds'])
      .select(['k.karma_max_subjects', 'm.guild_id as mod_row', 'm.log_channel_id', 'm.warn_threshold'])
      .select(['m.warn_window_days', 'm.warn_action', 'm.warn_action_seconds', 'm.spam_messages', 'm.spam_seconds'])
      .select(['m.spam_mentions', 'm.spam_action', 'm.spam_timeout_seconds', 'l.guild_id as level_row', 'l.xp_min'])
      .select(['l.xp_max', 'l.cooldown_seconds', 'l.announce', 'l.announce_channel_id', 'e.guild_id as economy_row'])
      .select(['e.currency_name', 'e.currency_symbol', 'e.earn_amount', 'e.earn_cooldown_seconds', 'e.daily_amount']),
  );
  return new Map(
    rows.map((r) => {
      const karma = matched<Parameters<typeof karmaSettingsOf>[0]>(r.karma_row, r);
      const moderation = matched<Parameters<typeof modSettingsOf>[0]>(r.mod_row, r);
      const levels = matched<Parameters<typeof levelSettingsOf>[0]>(r.level_row, r);
      const economy = matched<Parameters<typeof economySettingsOf>[0]>(r.economy_row, r);
      return [
        r.guild_id,
        {
          karma: karma ? karmaSettingsOf(karma) : DefaultKarmaSettings,
          moderation: moderation ? modSettingsOf(moderation) : DefaultModSettings,
          levels: levels ? levelSettingsOf(levels) : DefaultLevelSettings,
          economy: economy ? economySettingsOf(economy) : DefaultEconomySettings,
        },
      ];
    }),
  );
}
