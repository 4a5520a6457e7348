import type { Selectable } from 'kysely';
import type { Tx } from '../unit-of-work.ts';
import type { GuildSettingsTable } from '../schema.ts';

/** A guild's karma settings, with defaults filled in. */
export interface KarmaSettings {
  announce: boolean;
  cooldownSeconds: number;
  maxSubjects: number;
}

/** Settings a guild has before anyone changes them. */
export const DefaultKarmaSettings: KarmaSettings = { announce: true, cooldownSeconds: 60, maxSubjects: 5 };

/** Reads a guild's karma settings; a guild with no row has the defaults. */
export async function getKarmaSettings(db: Tx, guildId: string): Promise<KarmaSettings> {
  const row = await db
    .selectFrom('guild_settings')
    .select(['karma_announce', 'karma_cooldown_seconds', 'karma_max_subjects'])
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row ? karmaSettingsOf(row) : DefaultKarmaSettings;
}

/** The karma settings a guild_settings row holds. */
export function karmaSettingsOf(
  row: Pick<Selectable<GuildSettingsTable>, 'karma_announce' | 'karma_cooldown_seconds' | 'karma_max_subjects'>,
): KarmaSettings {
  return {
    announce: Number(row.karma_announce) === 1,
    cooldownSeconds: Number(row.karma_cooldown_seconds),
    maxSubjects: Number(row.karma_max_subjects),
  };
}

/** Changes some of a guild's karma settings, creating its row if needed. */
export async function updateKarmaSettings(db: Tx, guildId: string, changes: Partial<KarmaSettings>): Promise<void> {
  const values = {
    ...(changes.announce !== undefined && { karma_announce: changes.announce ? 1 : 0 }),
    ...(changes.cooldownSeconds !== undefined && { karma_cooldown_seconds: changes.cooldownSeconds }),
    ...(changes.maxSubjects !== undefined && { karma_max_subjects: changes.maxSubjects }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('guild_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}
