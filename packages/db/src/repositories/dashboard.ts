import type { Tx } from '../unit-of-work.ts';

/** Whether a guild's dashboard pages are public (off until an admin turns them on). */
export async function getPublicPages(db: Tx, guildId: string): Promise<boolean> {
  const row = await db
    .selectFrom('guild_settings')
    .select('public_pages')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return Number(row?.public_pages ?? 0) === 1;
}

/** Makes a guild's dashboard pages public or members-only, creating its settings row if needed. */
export async function setPublicPages(db: Tx, guildId: string, enabled: boolean): Promise<void> {
  const values = { public_pages: enabled ? 1 : 0 };
  await db
    .insertInto('guild_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}
