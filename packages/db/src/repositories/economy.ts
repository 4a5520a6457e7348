import { sql, type Selectable } from 'kysely';
import { readRows, roundTrip, writeNowOrLater, writeThenRead, type WriteSink, type Tx } from '../unit-of-work.ts';
import type { EconomySettingsTable, LedgerReasonColumn } from '../schema.ts';

// Amounts travel as bigint and are bound as bigint: mysql2 inlines a bigint as an exact integer literal, whereas a
// string compared with or added to a BIGINT column would be converted to a double and lose precision.

/** Largest balance an account may hold (10^18), so balances and ledger sums also fit a signed BIGINT. */
export const MaxBalance = 10n ** 18n;

/** A guild's economy settings, with defaults filled in. */
export interface EconomySettings {
  currencyName: string;
  currencySymbol: string;
  /** Paid per message, at most once per earnCooldownSeconds per member; 0 turns earning off. */
  earnAmount: bigint;
  earnCooldownSeconds: number;
  dailyAmount: bigint;
}

/** Settings a guild has before anyone changes them (the column defaults). */
export const DefaultEconomySettings: EconomySettings = {
  currencyName: 'coins',
  currencySymbol: '🪙',
  earnAmount: 1n,
  earnCooldownSeconds: 60,
  dailyAmount: 100n,
};

/** Reads a guild's economy settings; a guild with no row has the defaults. */
export async function getEconomySettings(db: Tx, guildId: string): Promise<EconomySettings> {
  const row = await db.selectFrom('economy_settings').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
  return row ? economySettingsOf(row) : DefaultEconomySettings;
}

/** The settings an economy_settings row holds. */
export function economySettingsOf(
  row: Omit<Selectable<EconomySettingsTable>, 'guild_id' | 'updated_at'>,
): EconomySettings {
  return {
    currencyName: row.currency_name,
    currencySymbol: row.currency_symbol,
    earnAmount: BigInt(row.earn_amount),
    earnCooldownSeconds: Number(row.earn_cooldown_seconds),
    dailyAmount: BigInt(row.daily_amount),
  };
}

/**
 * Locks the guild's economy (its settings row, created if missing) for the rest of the transaction and returns
 * its settings. Commands that move money take this lock before any account lock: core applies a batch of events in
 * one transaction, so one transaction may lock many accounts across many events, and ordering each event's locks by
 * id cannot order them across the batch. One guild-wide lock taken first can, so batches queue instead of
 * deadlocking, and each batch still commits all its changes at once. (Earning per message only credits, with one
 * ordered statement, and does without it; see services/core/src/economy/earn.ts.)
 */
export async function lockEconomy(db: Tx, guildId: string): Promise<EconomySettings> {
  // readRows: the lock can share a round trip with the reads that go with it (see lockMembers in core).
  const read = async () =>
    (await readRows(db, db.selectFrom('economy_settings').selectAll().where('guild_id', '=', guildId).forUpdate()))[0];
  let row = await read();
  if (!row) {
    await db.insertInto('economy_settings').ignore().values({ guild_id: guildId }).execute();
    row = await read();
  }
  if (!row) throw new Error(`economy settings of guild ${guildId} vanished`);
  return economySettingsOf(row);
}

/** Changes some of a guild's economy settings, creating its row if needed. */
export async function updateEconomySettings(db: Tx, guildId: string, changes: Partial<EconomySettings>): Promise<void> {
  const values = {
    ...(changes.currencyName !== undefined && { currency_name: changes.currencyName }),
    ...(changes.currencySymbol !== undefined && { currency_symbol: changes.currencySymbol }),
    ...(changes.earnAmount !== undefined && { earn_amount: sql<string>`${changes.earnAmount}` }),
    ...(changes.earnCooldownSeconds !== undefined && { earn_cooldown_seconds: changes.earnCooldownSeconds }),
    ...(changes.dailyAmount !== undefined && { daily_amount: sql<string>`${changes.dailyAmount}` }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('economy_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** A guild member as the economy records them. */
export interface EconomyMember {
  userId: string;
  displayName: string;
}

/** An account as read under its row lock. */
export interface LockedAccount {
  id: string;
  userId: string;
  displayName: string;
  balance: bigint;
  dailyLastAt: Date | null;
  dailyStreak: number;
}

/**
 * Account ids of members (user id -> account id), creating the missing accounts. Existing rows are read without
 * locking them, so the caller can then lock accounts in id order (lockAccounts) and never deadlock on the order.
 */
export async function ensureAccounts(
  db: Tx,
  guildId: string,
  members: readonly EconomyMember[],
): Promise<Map<string, string>> {
  const userIds = members.map((m) => m.userId);
  const ids = await accountIds(db, guildId, userIds, false);
  const missing = members.filter((m) => !ids.has(m.userId));
  if (missing.length === 0) return ids;
  await db
    .insertInto('economy_accounts')
    .ignore()
    .values(missing.map((m) => ({ guild_id: guildId, user_id: m.userId, display_name: m.displayName })))
    .execute();
  // A locking read sees rows other transactions committed after this one's snapshot (it lost the insert race).
  for (const [userId, id] of await accountIds(
    db,
    guildId,
    missing.map((m) => m.userId),
    true,
  ))
    ids.set(userId, id);
  return ids;
}

async function accountIds(
  db: Tx,
  guildId: string,
  userIds: readonly string[],
  latest: boolean,
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  let query = db
    .selectFrom('economy_accounts')
    .select(['id', 'user_id'])
    .where('guild_id', '=', guildId)
    .where('user_id', 'in', userIds);
  if (latest) query = query.modifyEnd(sql`LOCK IN SHARE MODE`);
  const rows = await readRows(db, query);
  return new Map(rows.map((r) => [r.user_id, r.id]));
}

/**
 * Locks accounts for this transaction in ascending id order (the one order every transaction uses, so two
 * transfers between the same accounts queue instead of deadlocking) and returns them with the database's clock.
 * Take lockEconomy first.
 */
export async function lockAccounts(
  db: Tx,
  accountIds: readonly string[],
): Promise<{ now: Date; accounts: LockedAccount[] }> {
  if (accountIds.length === 0) return { now: await dbNow(db), accounts: [] };
  const rows = await db
    .selectFrom('economy_accounts')
    .select(['id', 'user_id', 'display_name', 'balance', 'daily_last_at', 'daily_streak'])
    .select(sql<Date>`CURRENT_TIMESTAMP(3)`.as('now'))
    .where('id', 'in', [...accountIds].sort(compareIds))
    .orderBy('id')
    .forUpdate()
    .execute();
  const now = rows[0]?.now ?? (await dbNow(db));
  return {
    now: new Date(now),
    accounts: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      displayName: r.display_name,
      balance: BigInt(r.balance),
      dailyLastAt: r.daily_last_at === null ? null : new Date(r.daily_last_at),
      dailyStreak: Number(r.daily_streak),
    })),
  };
}

/** Orders decimal id strings numerically. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

async function dbNow(db: Tx): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT CURRENT_TIMESTAMP(3) AS now`.execute(db);
  return rows[0]?.now ?? new Date();
}

/** Keeps the display name shown on leaderboards fresh. */
export async function renameAccount(db: Tx, accountId: string, displayName: string): Promise<void> {
  await db.updateTable('economy_accounts').set({ display_name: displayName }).where('id', '=', accountId).execute();
}

/** One balance change, as the ledger records it. */
export interface BalanceChange {
  guildId: string;
  userId: string;
  accountId: string;
  /** Positive credits, negative debits; never zero. */
  delta: bigint;
  reason: LedgerReasonColumn;
  /** The other member of a transfer, the admin of a grant/take, the role of a purchase/refund. */
  counterpartyId: string | null;
  /** The id of the event that caused the change. */
  correlationId: string;
}

/** Conditions and side effects that ride on the same atomic UPDATE as a balance change. */
export interface BalanceChangeOptions {
  /** Pay only if the member's last paid message is at least this old (by the DB clock), and restart the cooldown. */
  earnCooldownSeconds?: number;
  /** Record a daily claim at this time with this streak. */
  daily?: { at: Date; streak: number };
  /** Skip the MaxBalance check (refunds must always go through; the column still has room above MaxBalance). */
  uncapped?: boolean;
  /** The balance as read by lockAccounts in this transaction, which spares reading it again. */
  lockedBalance?: bigint;
}

/**
 * Applies a change with one conditional UPDATE (a debit only if the balance covers it, a credit only if it stays
 * under MaxBalance, an earn only if its cooldown has passed) and writes its ledger row in the same transaction.
 * Returns the new balance, or null when the condition failed and nothing changed.
 */
export async function applyBalanceChange(
  db: Tx,
  change: BalanceChange,
  options: BalanceChangeOptions = {},
): Promise<bigint | null> {
  if (change.delta === 0n) throw new Error('a balance change must not be zero');
  const debit = change.delta < 0n;
  const magnitude = debit ? -change.delta : change.delta;
  let update = db
    .updateTable('economy_accounts')
    .set({ balance: debit ? sql<string>`balance - ${magnitude}` : sql<string>`balance + ${magnitude}` })
    .where('id', '=', change.accountId);
  if (debit) update = update.where(sql<boolean>`balance >= ${magnitude}`);
  else if (!options.uncapped) update = update.where(sql<boolean>`balance <= ${MaxBalance - magnitude}`);
  if (options.earnCooldownSeconds !== undefined) {
    update = update
      .set({ last_earn_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
      .where(
        sql<boolean>`(last_earn_at IS NULL OR last_earn_at <= CURRENT_TIMESTAMP(3) - INTERVAL ${options.earnCooldownSeconds} SECOND)`,
      );
  }
  if (options.daily) update = update.set({ daily_last_at: options.daily.at, daily_streak: options.daily.streak });
  const ledger = (balance: bigint) =>
    db.insertInto('economy_ledger').values({
      guild_id: change.guildId,
      user_id: change.userId,
      delta: sql<string>`${change.delta}`,
      balance_after: sql<string>`${balance}`,
      reason: change.reason,
      counterparty_id: change.counterpartyId,
      correlation_id: change.correlationId,
    });

  const locked = options.lockedBalance;
  if (locked !== undefined && options.earnCooldownSeconds === undefined) {
    // The row is locked at this balance (lockAccounts), so the condition is decided here and the UPDATE and its ledger
    // row go in one round trip. The UPDATE keeps its condition as a guard: if it changes nothing, the lock did not
    // hold what it promised, and throwing rolls the ledger row back with everything else.
    const allowed = debit ? locked >= magnitude : options.uncapped === true || locked <= MaxBalance - magnitude;
    if (!allowed) return null;
    const [updated] = await roundTrip(db, [update, ledger(locked + change.delta)]);
    if (updated?.numAffectedRows !== 1n) throw new Error(`balance of account ${change.accountId} moved under its lock`);
    return locked + change.delta;
  }

  const result = await update.executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  // The row is locked by this UPDATE until commit, so the new balance is exactly this.
  const balance = BigInt(
    (
      await db
        .selectFrom('economy_accounts')
        .select('balance')
        .where('id', '=', change.accountId)
        .executeTakeFirstOrThrow()
    ).balance,
  );
  await ledger(balance).execute();
  return balance;
}

/** A member's claim on the per-message earning, on behalf of the event of their message. */
export interface EarnClaim {
  guildId: string;
  userId: string;
  /** Used only when the claim opens the member's account. */
  displayName: string;
  /** A claim of an amount that is not positive or exceeds MaxBalance is never paid. */
  amount: bigint;
  cooldownSeconds: number;
  eventId: string;
}

const memberKey = (c: Pick<EarnClaim, 'guildId' | 'userId'>) => `${c.guildId}\u0000${c.userId}`;

/**
 * Pays per-message earnings as claims, three statements in two round trips whatever the number of members and
 * guilds. One upsert opens
 * missing accounts already credited and credits an existing account only if its earn cooldown has passed (by the DB
 * clock) and the credit keeps it at most MaxBalance, recording the winning event on the row; a read then finds the
 * claims that won with their balances, and one INSERT writes their ledger rows (run now or handed to `later`, which
 * must run it in this transaction: the balance and its ledger rows commit together). Of two claims on one account (racing
 * from another replica) exactly one wins: the row lock serialises them and the second sees the first's cooldown.
 * Rows are locked in (guild, member) order, so earning batches queue rather than deadlock. Returns the paid claims
 * with each account's balance after.
 */
export async function claimEarnings(
  db: Tx,
  claims: readonly EarnClaim[],
  later?: WriteSink,
): Promise<{ claim: EarnClaim; balance: bigint }[]> {
  // An amount out of range could never be paid (and MaxBalance - amount must not underflow the unsigned column).
  const payable = claims.filter((c) => c.amount > 0n && c.amount <= MaxBalance);
  const sorted = [...new Map(payable.map((c) => [memberKey(c), c])).values()].sort((a, b) =>
    memberKey(a) < memberKey(b) ? -1 : 1,
  );
  if (sorted.length === 0) return [];
  const cooldowns = [...new Map(sorted.map((c) => [c.guildId, c.cooldownSeconds]))];
  const cooldown = sql`CASE guild_id ${sql.join(
    cooldowns.map(([guildId, seconds]) => sql`WHEN ${guildId} THEN ${seconds}`),
    sql` `,
  )} END`;
  // VALUES(balance) is the claim's amount. Assignments run left to right: the event id changes only if the claim
  // wins, and the balance and cooldown follow it.
  const won = sql<boolean>`last_earn_event_id = VALUES(last_earn_event_id)`;
  const claim = db
    .insertInto('economy_accounts')
    .values(
      sorted.map((c) => ({
        guild_id: c.guildId,
        user_id: c.userId,
        display_name: c.displayName,
        balance: sql<string>`${c.amount}`,
        last_earn_at: sql<Date>`CURRENT_TIMESTAMP(3)`,
        last_earn_event_id: c.eventId,
      })),
    )
    .onDuplicateKeyUpdate({
      last_earn_event_id: sql<string>`IF((last_earn_at IS NULL OR last_earn_at <= CURRENT_TIMESTAMP(3) - INTERVAL ${cooldown} SECOND) AND balance + VALUES(balance) <= ${MaxBalance}, VALUES(last_earn_event_id), last_earn_event_id)`,
      balance: sql<string>`IF(${won}, balance + VALUES(balance), balance)`,
      last_earn_at: sql<Date>`IF(${won}, VALUES(last_earn_at), last_earn_at)`,
    });
  const byGuild = new Map<string, string[]>();
  for (const c of sorted) byGuild.set(c.guildId, [...(byGuild.get(c.guildId) ?? []), c.userId]);
  // This transaction wrote every winning row and still holds its lock, so a plain read sees its balance as it is.
  const read = db
    .selectFrom('economy_accounts')
    .select(['guild_id', 'user_id', 'balance', 'last_earn_event_id'])
    .where((eb) =>
      eb.or(
        [...byGuild].map(([guildId, userIds]) => eb.and([eb('guild_id', '=', guildId), eb('user_id', 'in', userIds)])),
      ),
    );
  const rows = await writeThenRead(db, claim, read);
  const rowOf = new Map(rows.map((r) => [memberKey({ guildId: r.guild_id, userId: r.user_id }), r]));
  const paid = sorted.flatMap((claim) => {
    const row = rowOf.get(memberKey(claim));
    return row && row.last_earn_event_id === claim.eventId ? [{ claim, balance: BigInt(row.balance) }] : [];
  });
  if (paid.length === 0) return [];
  const ledger = db.insertInto('economy_ledger').values(
    paid.map(({ claim, balance }) => ({
      guild_id: claim.guildId,
      user_id: claim.userId,
      delta: sql<string>`${claim.amount}`,
      balance_after: sql<string>`${balance}`,
      reason: 'earn' as const,
      counterparty_id: null,
      correlation_id: claim.eventId,
    })),
  );
  await writeNowOrLater(db, ledger, later);
  return paid;
}

/** A member's account as shown to them: balance, daily streak and display name (null when they have none). */
export async function getAccount(
  db: Tx,
  guildId: string,
  userId: string,
): Promise<{ id: string; displayName: string; balance: bigint; dailyStreak: number } | null> {
  const row = await db
    .selectFrom('economy_accounts')
    .select(['id', 'display_name', 'balance', 'daily_streak'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    displayName: row.display_name,
    balance: BigInt(row.balance),
    dailyStreak: Number(row.daily_streak),
  };
}

/** A member's place on the guild's leaderboard: one more than the number of richer members. */
export async function balanceRank(db: Tx, guildId: string, balance: bigint): Promise<number> {
  const row = await db
    .selectFrom('economy_accounts')
    .select(db.fn.countAll<string>().as('n'))
    .where('guild_id', '=', guildId)
    .where(sql<boolean>`balance > ${balance}`)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** The richest members of a guild; ties broken by user id so the order is stable. Empty accounts are left out. */
export async function economyLeaderboard(
  db: Tx,
  guildId: string,
  limit: number,
): Promise<{ userId: string; displayName: string; balance: bigint }[]> {
  const rows = await db
    .selectFrom('economy_accounts')
    .select(['user_id', 'display_name', 'balance'])
    .where('guild_id', '=', guildId)
    .where(sql<boolean>`balance > 0`)
    .orderBy('balance', 'desc')
    .orderBy('user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, balance: BigInt(r.balance) }));
}

/** A balance change, with the member's display name. Amounts are decimal strings (BIGINT). */
export interface LedgerEntry {
  id: string;
  userId: string;
  displayName: string;
  delta: string;
  balanceAfter: string;
  reason: LedgerReasonColumn;
  counterpartyId: string | null;
  correlationId: string;
  createdAt: Date;
}

/** The most recent ledger rows of a guild, or of one member, newest first. */
export async function economyHistory(
  db: Tx,
  guildId: string,
  userId: string | null,
  limit: number,
): Promise<LedgerEntry[]> {
  let query = db
    .selectFrom('economy_ledger as l')
    .innerJoin('economy_accounts as a', (join) =>
      join.onRef('a.guild_id', '=', 'l.guild_id').onRef('a.user_id', '=', 'l.user_id'),
    )
    .selectAll('l')
    .select('a.display_name')
    .where('l.guild_id', '=', guildId);
  if (userId !== null) query = query.where('l.user_id', '=', userId);
  const rows = await query.orderBy('l.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    delta: r.delta,
    balanceAfter: r.balance_after,
    reason: r.reason,
    counterpartyId: r.counterparty_id,
    correlationId: r.correlation_id,
    createdAt: new Date(r.created_at),
  }));
}

/** A role for sale. */
export interface ShopItemRecord {
  roleId: string;
  price: bigint;
  description: string;
}

/** Puts a role up for sale, or changes its price and description. */
export async function putShopItem(db: Tx, guildId: string, item: ShopItemRecord): Promise<void> {
  const values = { price: sql<string>`${item.price}`, description: item.description };
  await db
    .insertInto('economy_shop_items')
    .values({ guild_id: guildId, role_id: item.roleId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** Takes a role off sale; returns the item, or null when it was not for sale. */
export async function removeShopItem(db: Tx, guildId: string, roleId: string): Promise<ShopItemRecord | null> {
  const item = await getShopItem(db, guildId, roleId);
  if (!item) return null;
  await db.deleteFrom('economy_shop_items').where('guild_id', '=', guildId).where('role_id', '=', roleId).execute();
  return item;
}

/** One item of a guild's shop, or null. */
export async function getShopItem(db: Tx, guildId: string, roleId: string): Promise<ShopItemRecord | null> {
  const row = await db
    .selectFrom('economy_shop_items')
    .select(['role_id', 'price', 'description'])
    .where('guild_id', '=', guildId)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return row ? { roleId: row.role_id, price: BigInt(row.price), description: row.description } : null;
}

/** A guild's shop, cheapest first. */
export async function listShopItems(db: Tx, guildId: string, limit: number): Promise<ShopItemRecord[]> {
  const rows = await db
    .selectFrom('economy_shop_items')
    .select(['role_id', 'price', 'description'])
    .where('guild_id', '=', guildId)
    .orderBy('price')
    .orderBy('role_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ roleId: r.role_id, price: BigInt(r.price), description: r.description }));
}

/** Records a debited purchase awaiting the bot's report; returns its id. */
export async function createPurchase(
  db: Tx,
  purchase: { guildId: string; userId: string; roleId: string; price: bigint; replyTo: string; eventId: string },
): Promise<string> {
  const result = await db
    .insertInto('economy_purchases')
    .values({
      guild_id: purchase.guildId,
      user_id: purchase.userId,
      role_id: purchase.roleId,
      price: sql<string>`${purchase.price}`,
      reply_to: purchase.replyTo,
      event_id: purchase.eventId,
    })
    .executeTakeFirstOrThrow();
  return String(result.insertId);
}

/** A role purchase: debited at once, settled when the bot reports the role add. */
export interface Purchase {
  id: string;
  guildId: string;
  userId: string;
  roleId: string;
  price: bigint;
  status: 'pending' | 'done' | 'refunded';
  /** JSON text of where to tell the member how it went. */
  replyTo: string;
  eventId: string;
}

/**
 * Settles a pending purchase of a guild as done or refunded. Returns the purchase, or null when there is none
 * pending under that id in that guild (unknown, or already settled by an earlier report): the caller then does
 * nothing, so a repeated report never refunds twice.
 */
export async function settlePurchase(
  db: Tx,
  guildId: string,
  purchaseId: string,
  status: 'done' | 'refunded',
): Promise<Purchase | null> {
  const result = await db
    .updateTable('economy_purchases')
    .set({ status, settled_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('id', '=', purchaseId)
    .where('guild_id', '=', guildId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  const row = await db.selectFrom('economy_purchases').selectAll().where('id', '=', purchaseId).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    guildId: row.guild_id,
    userId: row.user_id,
    roleId: row.role_id,
    price: BigInt(row.price),
    status: row.status,
    replyTo: row.reply_to,
    eventId: row.event_id,
  };
}
