import {
  concurrently,
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
  // The economy lock and the read of the account ids share a round trip. The lock is the first statement, and
  // missing accounts are only inserted after it, so it still comes before any account's. (Only the first time a
  // guild uses the economy, when its settings row is inserted too, may the two inserts go in either order; a
  // deadlock that causes is rolled back and the batch run again.)
  const [settings, ids] = await concurrently([
    () => lockEconomy(db, guildId),
    () =>
      ensureAccounts(
        db,
        guildId,
        members.map((m) => ({ userId: m.id, displayName: m.displayName })),
      ),
  ]);
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
