import {
  applyBalanceChange,
  concurrently,
  ensureAccounts,
  lockAccounts,
  lockEconomy,
  renameAccount,
  type EconomySettings,
  type BalanceChange,
  type LockedAccount,
  type Tx,
} from '@guildhall/db';
import type { HandlerContext } from '../../context.ts';

/**
 * Moving money, the one way every feature does it: lock the guild's economy, then the members' accounts (in id
 * order, opening missing ones), then change balances under those locks, each change with its ledger row.
 *
 *     const accounts = await lockBalances(ctx, guildId, [from, to]);
 *     if (accounts.of(from.id).balance < amount) return refusal;
 *     await accounts.change(from.id, -amount, { reason: 'transfer', counterpartyId: to.id });
 */
export class LockedBalances {
  constructor(
    private readonly ctx: HandlerContext,
    private readonly guildId: string,
    /** The guild's economy settings, read under its lock. */
    readonly settings: EconomySettings,
    /** The database clock when the accounts were locked. */
    readonly now: Date,
    private readonly byUser: ReadonlyMap<string, LockedAccount>,
  ) {}

  /** The locked account of a member passed to lockBalances; its absence is a bug, not bad input. */
  of(userId: string): LockedAccount {
    return accountOf(this.byUser, userId);
  }

  /**
   * Changes a locked member's balance by `delta` and writes the ledger row, correlated with the event. Returns the
   * new balance, or null when a debit exceeds the balance or a credit would pass MaxBalance (nothing changed).
   */
  async change(
    userId: string,
    delta: bigint,
    entry: { reason: BalanceChange['reason']; counterpartyId: string | null },
    options: { daily?: { at: Date; streak: number }; uncapped?: boolean } = {},
  ): Promise<bigint | null> {
    const account = this.of(userId);
    return applyBalanceChange(
      this.ctx.db,
      {
        guildId: this.guildId,
        userId,
        accountId: account.id,
        delta,
        reason: entry.reason,
        counterpartyId: entry.counterpartyId,
        correlationId: this.ctx.event.id,
      },
      { lockedBalance: account.balance, ...options },
    );
  }
}

/** Locks the guild's economy and the members' accounts for the rest of the event's transaction (see LockedBalances). */
export async function lockBalances(
  ctx: HandlerContext,
  guildId: string,
  members: readonly { id: string; displayName: string }[],
): Promise<LockedBalances> {
  const { settings, now, byUser } = await lockMembers(ctx.db, guildId, members);
  return new LockedBalances(ctx, guildId, settings, now, byUser);
}

/**
 * Locks the guild's economy, then finds or opens the accounts of members and locks them in id order for the rest
 * of the transaction; display names that changed since they were last seen are refreshed. Returns the settings
 * (read under the lock), each account by user id, and the DB clock.
 */
async function lockMembers(
  db: Tx,
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

function accountOf(byUser: ReadonlyMap<string, LockedAccount>, userId: string): LockedAccount {
  const account = byUser.get(userId);
  if (!account) throw new Error(`account of ${userId} was not locked`);
  return account;
}
