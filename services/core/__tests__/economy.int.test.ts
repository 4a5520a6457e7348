import { envelope, type ActionCompleted, type CommandInvoked, type UserRef } from '@guildhall/events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, ids, legacyIn, message } from './harness.ts';

let h: CoreHarness;
let core: CoreApp;

beforeAll(async () => {
  h = await CoreHarness.create();
  core = await h.startCore();
});
afterAll(async () => {
  await core.stop();
  await h.close();
});

const manageGuild = String(1n << 5n);
const alice = { id: '300000000000000001', displayName: 'Alice' };
const bob = { id: '300000000000000002', displayName: 'Bob' };
const carol = { id: '300000000000000003', displayName: 'Carol' };
const admin = { id: '300000000000000009', displayName: 'Admin', permissions: manageGuild };
const botUser = { id: '300000000000000099', displayName: 'SomeBot', bot: true };

function users(...members: { id: string; displayName: string; bot?: boolean }[]): Record<string, UserRef> {
  return Object.fromEntries(members.map((m) => [m.id, { id: m.id, displayName: m.displayName, bot: m.bot ?? false }]));
}

/** A command naming `target` in its `member` option. */
function withMember(
  name: string,
  sub: string | null,
  target: { id: string; displayName: string; bot?: boolean },
  options: CommandInvoked['payload']['command']['options'],
  actor: Parameters<typeof command>[3],
): CommandInvoked {
  return command(name, sub, { member: target.id, ...options }, actor, { users: users(target) });
}

async function send(req: CommandInvoked) {
  await h.publish(req);
  const [result] = await h.resultsOf(req);
  if (!result) throw new Error('no result');
  return result;
}

/** Waits until core has committed the handling of these requests (their inbox rows exist). */
async function handled(...requests: { id: string }[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await h.db
      .selectFrom('inbox')
      .select('event_id')
      .where(
        'event_id',
        'in',
        requests.map((r) => r.id),
      )
      .execute();
    if (rows.length === requests.length) return;
    if (Date.now() > deadline) throw new Error('requests were not handled in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function balanceOf(userId: string): Promise<bigint> {
  const row = await h.db
    .selectFrom('economy_accounts')
    .select('balance')
    .where('guild_id', '=', ids.guild)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return BigInt(row?.balance ?? 0);
}

/** Every account whose ledger rows do not sum to its balance (should be none). */
async function ledgerMismatches(): Promise<unknown[]> {
  const { rows } = await sql<{ user_id: string }>`
    SELECT a.user_id, a.balance, COALESCE(SUM(l.delta), 0) AS total
    FROM economy_accounts a
    LEFT JOIN economy_ledger l ON l.guild_id = a.guild_id AND l.user_id = a.user_id
    GROUP BY a.id
    HAVING a.balance <> total
  `.execute(h.db);
  return rows;
}

describe('economy through core', () => {
  it('lets only Manage Server grant, and grants', async () => {
    const denied = await send(withMember('economy', 'grant', alice, { amount: '1000' }, bob));
    expect(legacyIn(denied)).toMatchObject({ code: 'forbidden' });

    const granted = await send(withMember('economy', 'grant', alice, { amount: '1000' }, admin));
    expect(granted).toMatchObject({
      type: 'economy.balance.adjusted',
      payload: {
        kind: 'grant',
        amount: '1000',
        balance: '1000',
        member: { id: alice.id, displayName: 'Alice' },
        admin: { id: admin.id, displayName: 'Admin' },
        currency: { name: 'coins', symbol: '🪙' },
      },
    });
  });

  it('refuses bad gives: self, bots, garbage amounts, more than the balance (showing it)', async () => {
    const refusals: [CommandInvoked, RegExp][] = [
      [withMember('give', null, alice, { amount: '5' }, alice), /yourself/],
      [withMember('give', null, botUser, { amount: '5' }, alice), /Bots/],
      [withMember('give', null, bob, { amount: '0' }, alice), /at least 1/],
      [withMember('give', null, bob, { amount: '-5' }, alice), /negative/],
      [withMember('give', null, bob, { amount: '1e9' }, alice), /1e9/],
      [withMember('give', null, bob, { amount: '0x10' }, alice), /0x/],
      [withMember('give', null, bob, { amount: '1.5' }, alice), /whole number/],
      [withMember('give', null, bob, { amount: '9999999999999999999999' }, alice), /at most/],
      [withMember('give', null, bob, { amount: 'abc' }, alice), /digits/],
      [withMember('give', null, bob, { amount: '' }, alice), /whole number/],
      [withMember('give', null, bob, { amount: '1001' }, alice), /You have 🪙 1,000 coins/],
    ];
    await Promise.all(refusals.map(([req]) => h.publish(req)));
    for (const [req, text] of refusals) {
      const [result] = await h.resultsOf(req);
      expect(legacyIn(result).message).toMatch(text);
    }
    expect(await balanceOf(alice.id)).toBe(1000n);
  });

  it('moves money atomically and reports both balances', async () => {
    const result = await send(withMember('give', null, bob, { amount: '300' }, alice));
    expect(result).toMatchObject({
      type: 'economy.transfer.completed',
      payload: {
        from: { id: alice.id, displayName: 'Alice' },
        to: { id: bob.id, displayName: 'Bob' },
        amount: '300',
        fromBalance: '700',
        toBalance: '300',
      },
    });
    const shown = await send(withMember('balance', null, bob, {}, carol));
    expect(shown).toMatchObject({ type: 'economy.balance.shown', payload: { balance: '300', rank: 2 } });
    const none = await send(command('balance', null, {}, carol));
    expect(none).toMatchObject({ type: 'economy.balance.shown', payload: { balance: '0', rank: null } });
  });

  it('applies a redelivered give once', async () => {
    const req = withMember('give', null, carol, { amount: '10' }, bob);
    await h.publish(req);
    await h.publish(req);
    await h.resultsOf(req);
    const marker = await send(command('balance', null, {}, carol));
    expect(marker.payload).toMatchObject({ balance: '10' });
    expect(h.results.filter((r) => r.causationId === req.id)).toHaveLength(1);
  });

  it('ranks the leaderboard and keeps a ledger that sums to every balance', async () => {
    const board = await send(command('leaderboard', null, { count: 2 }, carol));
    expect(board.type).toBe('economy.leaderboard.listed');
    if (board.type === 'economy.leaderboard.listed') {
      expect(board.payload.entries.map((e) => [e.rank, e.member.displayName, e.balance])).toEqual([
        [1, 'Alice', '700'],
        [2, 'Bob', '290'],
      ]);
    }
    const history = await send(withMember('economy', 'history', bob, {}, admin));
    expect(history.type).toBe('economy.history.listed');
    if (history.type === 'economy.history.listed') {
      expect(history.payload.entries.map((e) => [e.reason, e.delta, e.balanceAfter, e.counterpartyId])).toEqual([
        ['transfer', '-10', '290', carol.id],
        ['transfer', '300', '300', alice.id],
      ]);
    }
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('pays 50 simultaneous /daily claims by one member exactly once', async () => {
    const claims = Array.from({ length: 50 }, () => command('daily', null, {}, carol));
    await Promise.all(claims.map((c) => h.publish(c)));
    const results = await Promise.all(claims.map(async (c) => (await h.resultsOf(c))[0]));
    const paid = results.filter((r) => r?.type === 'economy.daily.claimed');
    expect(paid).toHaveLength(1);
    expect(paid[0]?.payload).toMatchObject({ amount: '100', balance: '110', streak: 1 });
    const refused = results.filter((r) => r?.type === 'command.request.rejected');
    expect(refused).toHaveLength(49);
    expect(legacyIn(refused[0]).message).toMatch(/claim again in (23 h 59 min|24 h)/);
    expect(await balanceOf(carol.id)).toBe(110n);
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('validates and applies settings', async () => {
    const bad = await send(command('economy', 'settings', { earn_amount: '1.5' }, admin));
    expect(legacyIn(bad)).toMatchObject({ code: 'invalid' });
    const set = await send(
      command(
        'economy',
        'settings',
        { currency_name: 'gems', currency_symbol: '💎', earn_amount: '5', earn_cooldown: 3600 },
        admin,
      ),
    );
    expect(set).toMatchObject({
      type: 'economy.settings.updated',
      payload: {
        changed: ['currencyName', 'currencySymbol', 'earnAmount', 'earnCooldownSeconds'],
        settings: { currency: { name: 'gems', symbol: '💎' }, earnAmount: '5', earnCooldownSeconds: 3600 },
      },
    });
  });

  it('pays per message once per cooldown, and the cooldown survives a core restart', async () => {
    const dave = { id: '300000000000000004', displayName: 'Dave' };
    const earnRows = async () =>
      (
        await h.db
          .selectFrom('economy_ledger')
          .select(['delta'])
          .where('user_id', '=', dave.id)
          .where('reason', '=', 'earn')
          .execute()
      ).map((r) => r.delta);

    const first = message('hello there', dave);
    const second = message('and again', dave);
    await h.publish(first);
    await h.publish(second);
    await handled(first, second);
    expect(await earnRows()).toEqual(['5']);

    await core.stop();
    core = await h.startCore();
    const afterRestart = message('after the restart', dave);
    await h.publish(afterRestart);
    await handled(afterRestart);
    expect(await earnRows()).toEqual(['5']);
    expect(await balanceOf(dave.id)).toBe(5n);
    const fromBot = message('beep', botUser);
    await h.publish(fromBot);
    await handled(fromBot);
    expect(await balanceOf(botUser.id)).toBe(0n);
  });
});

describe('shop', () => {
  const vip = '300000000000000500';

  function completed(actionId: string, ok: boolean): ActionCompleted {
    return envelope('gateway.action.completed', 1, {
      guildId: ids.guild,
      actionId,
      kind: 'role.add',
      ok,
      error: ok ? null : { status: 403, code: 50013, message: 'Missing Permissions' },
      detail: {},
    });
  }

  it('sells roles, refunds when the role add fails and tells the member, settles once', async () => {
    const add = await send(command('economy', 'shop-add', { role: vip, price: '200', description: 'Shiny' }, admin));
    expect(add).toMatchObject({ type: 'economy.shop.updated', payload: { change: 'added' } });
    const list = await send(command('shop', null, {}, bob));
    expect(list).toMatchObject({ payload: { items: [{ roleId: vip, price: '200', description: 'Shiny' }] } });

    const poor = await send(command('buy', null, { role: vip }, { ...carol }));
    expect(legacyIn(poor)).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/costs 💎 200 gems and you have/),
    });

    const buy = command('buy', null, { role: vip }, alice);
    const requested = await send(buy);
    expect(requested).toMatchObject({
      type: 'discord.action.requested',
      payload: { action: { kind: 'role.add', userId: alice.id, roleId: vip } },
    });
    if (requested.type !== 'discord.action.requested') throw new Error('expected an action');
    expect(requested.payload.actionId).toMatch(/^shop:\d+$/);
    expect(await balanceOf(alice.id)).toBe(500n);

    // The bot reports that Discord refused the role add, twice (a redelivery or a retry).
    const failed = completed(requested.payload.actionId, false);
    await h.publish(failed);
    const refund = await h.resultOf(failed, 'economy.purchase.refunded');
    expect(refund.payload).toMatchObject({
      replyTo: buy.payload.replyTo,
      member: { id: alice.id },
      roleId: vip,
      price: '200',
      balance: '700',
      error: 'Missing Permissions',
      currency: { name: 'gems' },
    });
    const again = completed(requested.payload.actionId, false);
    await h.publish(again);
    await handled(again);
    expect(h.results.filter((r) => r.causationId === again.id)).toEqual([]);
    expect(await balanceOf(alice.id)).toBe(700n);

    const buy2 = command('buy', null, { role: vip }, alice);
    const requested2 = await send(buy2);
    if (requested2.type !== 'discord.action.requested') throw new Error('expected an action');
    const ok = completed(requested2.payload.actionId, true);
    await h.publish(ok);
    const done = await h.resultOf(ok, 'economy.purchase.completed');
    expect(done.payload).toMatchObject({ replyTo: buy2.payload.replyTo, balance: '500', price: '200' });

    const owned = await send(command('buy', null, { role: vip }, { ...alice, roleIds: [vip] }));
    expect(legacyIn(owned)).toMatchObject({ code: 'conflict' });
    const removed = await send(command('economy', 'shop-remove', { role: vip }, admin));
    expect(removed).toMatchObject({ type: 'economy.shop.updated', payload: { change: 'removed' } });
    const gone = await send(command('buy', null, { role: vip }, bob));
    expect(legacyIn(gone)).toMatchObject({ code: 'not_found' });
    expect(await ledgerMismatches()).toEqual([]);
  });
});
