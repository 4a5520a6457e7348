import type { Tx } from '../unit-of-work.ts';

/** How a guild greets new members; channelId null means no greeting. */
export interface WelcomeSettings {
  channelId: string | null;
  template: string | null;
  autoRoleId: string | null;
}

/** Reads a guild's welcome settings; a guild with no row greets nobody. */
export async function getWelcomeSettings(db: Tx, guildId: string): Promise<WelcomeSettings> {
  const row = await db
    .selectFrom('welcome_settings')
    .select(['channel_id', 'template', 'auto_role_id'])
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return { channelId: row?.channel_id ?? null, template: row?.template ?? null, autoRoleId: row?.auto_role_id ?? null };
}

/** Changes some of a guild's welcome settings, creating its row if needed. */
export async function updateWelcomeSettings(db: Tx, guildId: string, changes: Partial<WelcomeSettings>): Promise<void> {
  const values = {
    ...(changes.channelId !== undefined && { channel_id: changes.channelId }),
    ...(changes.template !== undefined && { template: changes.template }),
    ...(changes.autoRoleId !== undefined && { auto_role_id: changes.autoRoleId }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('welcome_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}
