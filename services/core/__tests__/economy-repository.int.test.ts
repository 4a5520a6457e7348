import {
  applyBalanceChange,
  claimEarnings,
  createDatabase,
  createPurchase,
  ensureAccounts,
  lockAccounts,
  lockLevelMembers,
  MaxBalance,
  migrateToLatest,
  saveXpAwards,
  settlePurchase,
  type BalanceChange,
  type Database,
  type Kysely,
} from '@guildhall/db';
import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url, { poolSize: 8 });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

const guild = '330000000000000001';

async function account(userId: string): Promise<string> {
  const ids = await ensureAccounts(db, guild, [{ userId, displayName: userId }]);
  const id = ids.get(userId);
  if (!id) throw new Error('no account');
  return id;
}

function change(userId: string, accountId: string, delta: bigint): BalanceChange {
  return { guildId: guild, userId, accountId, delta, reason: 'grant', counterpartyId: null, correlationId: 'e' };
}

describe('economy repository', () => {
  it('opens each account once when many transactions race to create it', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.transaction().execute((trx) => ensureAccounts(trx, guild, [{ userId: 'racer', displayName: 'R' }])),
      ),
    );
    expect(new Set(results.map((m) => m.get('racer'))).size).toBe(1);
  });

  it('keeps amounts near 10^18 exact, caps credits at MaxBalance and never debits below zero', async () => {
    const id = await account('rich');
    expect(await applyBalanceChange(db, change('rich', id, MaxBalance - 1n))).toBe(MaxBalance - 1n);
    expect(await applyBalanceChange(db, change('rich', id, 2n))).toBeNull();
    expect(await applyBalanceChange(db, change('rich', id, 1n))).toBe(MaxBalance);
    expect(await applyBalanceChange(db, change('rich', id, -(MaxBalance + 1n)))).toBeNull();
    expect(await applyBalanceChange(db, change('rich', id, -(MaxBalance - 3n)))).toBe(3n);
    expect(await applyBalanceChange(db, change('rich', id, 10n), { uncapped: true })).toBe(13n);
    const ledger = await db
      .selectFrom('economy_ledger')
      .select(['delta', 'balance_after'])
      .where('user_id', '=', 'rich')
      .execute();
    expect(ledger.map((r) => [r.delta, r.balance_after])).toEqual([
      ['999999999999999999', '999999999999999999'],
      ['1', '1000000000000000000'],
      ['-999999999999999997', '3'],
      ['10', '13'],
    ]);
  });

  it('pays per-message earnings once per cooldown, by the DB clock', async () => {
    const id = await account('chatty');
    const claim = (eventId: string) => ({
      guildId: guild,
      userId: 'chatty',
      displayName: 'chatty',
      amount: 5n,
      cooldownSeconds: 60,
      eventId,
    });
    const pay = (eventId: string) => db.transaction().execute((trx) => claimEarnings(trx, [claim(eventId)]));
    const paid = await Promise.all([pay('m1'), pay('m2'), pay('m3')]);
    expect(paid.flat().map((p) => p.balance)).toEqual([5n]);
    const row = await db.selectFrom('economy_accounts').select('balance').where('id', '=', id).executeTakeFirst();
    expect(row?.balance).toBe('5');
  });

  it('opens accounts as it pays them, never lifts a balance over MaxBalance, and ledgers every payment', async () => {
    const rich = await account('earn-rich');
    await applyBalanceChange(db, change('earn-rich', rich, MaxBalance - 2n));
    const claims = ['earn-rich', 'earn-new'].map((userId) => ({
      guildId: guild,
      userId,
      displayName: userId,
      amount: 3n,
      cooldownSeconds: 0,
      eventId: `e-${userId}`,
    }));
    const paid = await db.transaction().execute((trx) => claimEarnings(trx, claims));
    expect(paid.map((p) => [p.claim.userId, p.balance])).toEqual([['earn-new', 3n]]);
    const ledger = await db
      .selectFrom('economy_ledger')
      .select(['user_id', 'delta', 'balance_after', 'correlation_id'])
      .where('reason', '=', 'earn')
      .where('user_id', 'in', ['earn-rich', 'earn-new'])
      .execute();
    expect(ledger).toEqual([{ user_id: 'earn-new', delta: '3', balance_after: '3', correlation_id: 'e-earn-new' }]);
    const again = await db.transaction().execute((trx) => claimEarnings(trx, claims.slice(1)));
    expect(again.map((p) => p.balance)).toEqual([6n]);
  });

  it('locks accounts in id order', async () => {
    const a = await account('order-a');
    const b = await account('order-b');
    const { accounts } = await lockAccounts(db, [b, a]);
    expect(accounts.map((x) => x.id)).toEqual([a, b].sort((x, y) => Number(x) - Number(y)));
  });

  it('settles a purchase once', async () => {
    const id = await createPurchase(db, {
      guildId: guild,
      userId: 'buyer',
      roleId: '5',
      price: 10n,
      replyTo: '{}',
      eventId: 'e',
    });
    const settled = await Promise.all([
      settlePurchase(db, guild, id, 'refunded'),
      settlePurchase(db, guild, id, 'done'),
    ]);
    expect(settled.filter((s) => s !== null)).toHaveLength(1);
    expect(await settlePurchase(db, guild, '999999', 'done')).toBeNull();
  });
});

describe('levels repository', () => {
  it('awards XP to ready members only and restarts their cooldown', async () => {
    const members = [
      { userId: 'b', displayName: 'B' },
      { userId: 'a', displayName: 'A' },
    ];
    const first = await db.transaction().execute(async (trx) => {
      const locked = await lockLevelMembers(trx, guild, members, 60);
      await saveXpAwards(
        trx,
        guild,
        locked.filter((m) => m.ready).map((m) => ({ userId: m.userId, xp: m.userId === 'a' ? 120 : 20, level: 1 })),
      );
      return locked;
    });
    expect(first.map((m) => [m.userId, m.ready])).toEqual([
      ['a', true],
      ['b', true],
    ]);
    const second = await lockLevelMembers(db, guild, members, 60);
    expect(second.map((m) => [m.userId, m.xp, m.level, m.ready])).toEqual([
      ['a', 120, 1, false],
      ['b', 20, 1, false],
    ]);
  });
});
