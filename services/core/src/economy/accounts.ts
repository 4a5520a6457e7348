import {
  ensureAccounts,
  lockAccounts,
  lockEconomy,
  renameAccount,
  type Database,
  type EconomySettings,
  type Kysely,
  type LockedAccount,
} from '@guildhall/db';

/**
 * Locks the guild's economy, then finds or opens the accounts of members and locks them in id order for the rest
 * of the transaction; display names that changed since they were last seen are refreshed. Returns the settings
 * (read under the lock), each account by user id, and the DB clock.
 */
export async function lockMembers(
  db: Kysely<Database>,
  guildId: string,
  members: readonly { id: string; displayName: string }[],
): Promise<{ settings: EconomySettings; now: Date; byUser: Map<string, LockedAccount> }> {
  const settings = await lockEconomy(db, guildId);
  const ids = await ensureAccounts(
    db,
    guildId,
    members.map((m) => ({ userId: m.id, displayName: m.displayName })),
  );
  const { now, accounts } = await lockAccounts(db, [...new Set(ids.values())]);
  const byUser = new Map(accounts.map((a) => [a.userId, a]));
  for (const member of members) {
    const account = byUser.get(member.id);
    // A display name equal to the id means "not known here" and never overwrites a real one.
    if (account && account.displayName !== member.displayName && member.displayName !== member.id) {
      await renameAccount(db, account.id, member.displayName);
      account.displayName = member.displayName;
    }
  }
  return { settings, now, byUser };
}

/** The account of a member locked by lockMembers; its absence is a bug, not bad input. */
export function accountOf(byUser: ReadonlyMap<string, LockedAccount>, userId: string): LockedAccount {
  const account = byUser.get(userId);
  if (!account) throw new Error(`account of ${userId} was not locked`);
  return account;
}
