import { envelope, type ActionCompleted, type CommandInvoked, type Refusal, type UserRef } from '@guildhall/events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, ids, message, refusalIn } from './harness.ts';

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
const coins = { name: 'coins', symbol: '🪙' };

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
    expect(refusalIn(denied)).toEqual({ code: 'permission.missing', permission: 'ManageGuild' });

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
    const format = (form: string) => ({ code: 'economy.amount.format', option: 'amount', form });
    const refusals: [CommandInvoked, Refusal][] = [
      [withMember('give', null, alice, { amount: '5' }, alice), { code: 'economy.give.self' }],
      [withMember('give', null, botUser, { amount: '5' }, alice), { code: 'economy.member.bot' }],
      [
        withMember('give', null, bob, { amount: '0' }, alice),
        { code: 'economy.amount.too_small', option: 'amount', min: 1 },
      ],
      [withMember('give', null, bob, { amount: '-5' }, alice), format('negative') as Refusal],
      [withMember('give', null, bob, { amount: '1e9' }, alice), format('exponent') as Refusal],
      [withMember('give', null, bob, { amount: '0x10' }, alice), format('hex') as Refusal],
      [withMember('give', null, bob, { amount: '1.5' }, alice), format('decimal') as Refusal],
      [
        withMember('give', null, bob, { amount: '9999999999999999999999' }, alice),
        { code: 'economy.amount.too_large', option: 'amount', max: '1000000000000000' },
      ],
      [withMember('give', null, bob, { amount: 'abc' }, alice), format('other') as Refusal],
      [withMember('give', null, bob, { amount: '' }, alice), format('other') as Refusal],
      [
        withMember('give', null, bob, { amount: '1001' }, alice),
        { code: 'economy.funds.insufficient', currency: coins, balance: '1000', amount: '1001' },
      ],
    ];
    await Promise.all(refusals.map(([req]) => h.publish(req)));
    for (const [req, refusal] of refusals) {
      const [result] = await h.resultsOf(req);
      expect(refusalIn(result)).toEqual(refusal);
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

  it('refuses a give the recipient cannot hold, and a take of more than the member has', async () => {
    const rich = { id: '300000000000000005', displayName: 'Rich' };
    const max = '1000000000000000000';
    // A balance at the maximum, put there directly: no command may move more than 10^15 at once.
    await h.db
      .insertInto('economy_accounts')
      .values({ guild_id: ids.guild, user_id: rich.id, display_name: rich.displayName, balance: max })
      .execute();
    await h.db
      .insertInto('economy_ledger')
      .values({
        guild_id: ids.guild,
        user_id: rich.id,
        delta: max,
        balance_after: max,
        reason: 'grant',
        counterparty_id: admin.id,
        correlation_id: 'seed',
      })
      .execute();
    const full = await send(withMember('give', null, rich, { amount: '1' }, alice));
    expect(refusalIn(full)).toEqual({ code: 'economy.balance.full', memberId: rich.id, max });
    const granted = await send(withMember('economy', 'grant', rich, { amount: '1' }, admin));
    expect(refusalIn(granted)).toEqual({ code: 'economy.balance.full', memberId: rich.id, max });
    const take = await send(withMember('economy', 'take', carol, { amount: '50' }, admin));
    expect(refusalIn(take)).toEqual({
      code: 'economy.take.exceeds_balance',
      currency: coins,
      memberId: carol.id,
      balance: '10',
    });
    const bot = await send(withMember('balance', null, botUser, {}, alice));
    expect(refusalIn(bot)).toEqual({ code: 'economy.member.bot' });
    expect(await balanceOf(alice.id)).toBe(700n);
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
    const nextClaimAt = paid[0]?.type === 'economy.daily.claimed' ? paid[0].payload.nextClaimAt : '';
    for (const r of refused) expect(refusalIn(r)).toEqual({ code: 'economy.daily.claimed', nextClaimAt });
    expect(await balanceOf(carol.id)).toBe(110n);
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('validates and applies settings', async () => {
    const bad = await send(command('economy', 'settings', { earn_amount: '1.5' }, admin));
    expect(refusalIn(bad)).toEqual({ code: 'economy.amount.format', option: 'earn_amount', form: 'decimal' });
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
    await send(command('economy', 'settings', { daily_amount: '0' }, admin));
    expect(refusalIn(await send(command('daily', null, {}, bob)))).toEqual({ code: 'economy.daily.off' });
    const back = await send(command('economy', 'settings', { daily_amount: '100' }, admin));
    expect(back).toMatchObject({ payload: { changed: ['dailyAmount'], settings: { dailyAmount: '100' } } });
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
  const moderator = '300000000000000501';
  const integration = '300000000000000502';
  const high = '300000000000000503';
  const banKick = String((1n << 2n) | (1n << 1n));
  const administrator = String(1n << 3n);
  const gems = { name: 'gems', symbol: '💎' };
  /** The bot's highest role sits at 10; the admin's at 5 unless they own the server. */
  const botTop = 10;

  type RoleFacts = NonNullable<CommandInvoked['payload']['roles']>;
  /** The facts the bot sends with a role option: each role as the interaction resolved it, and the hierarchy. */
  function withRoles(roles: RoleFacts, over: Partial<CommandInvoked['payload']> = {}) {
    return {
      roles,
      botHighestRolePosition: botTop,
      guildOwnerId: admin.id,
      members: { [admin.id]: { highestRolePosition: 5 } },
      ...over,
    };
  }
  const role = (position: number, permissions = '0', managed = false) => ({ position, permissions, managed });
  const shopAdd = (roleId: string, facts: RoleFacts, over: Partial<CommandInvoked['payload']> = {}) =>
    command('economy', 'shop-add', { role: roleId, price: '200', description: 'Shiny' }, admin, withRoles(facts, over));
  const buy = (actor: Parameters<typeof command>[3], facts: RoleFacts = { [vip]: role(3) }) =>
    command('buy', null, { role: vip }, actor, withRoles(facts));

  function completed(actionId: string, outcome: Pick<ActionCompleted['payload'], 'ok' | 'failure'>): ActionCompleted {
    return envelope('gateway.action.completed', 1, {
      guildId: ids.guild,
      actionId,
      kind: 'role.add',
      ...outcome,
      // A bot that predates `failure` sends only Discord's error.
      error: outcome.ok ? null : { status: 403, code: 50013, message: 'Missing Permissions' },
      detail: {},
    });
  }

  it('refuses to list a privileged role, saying why', async () => {
    const cases: [CommandInvoked, Refusal][] = [
      [
        shopAdd(moderator, { [moderator]: role(4, banKick) }),
        { code: 'role.dangerous', permissions: ['BanMembers', 'KickMembers'] },
      ],
      [shopAdd(integration, { [integration]: role(2, '0', true) }), { code: 'role.managed' }],
      [shopAdd(high, { [high]: role(botTop) }), { code: 'role.above_bot' }],
      [shopAdd(ids.guild, { [ids.guild]: role(0) }), { code: 'role.everyone' }],
      // Not the owner, and the role sits at or above the admin's own highest role.
      [shopAdd(vip, { [vip]: role(5) }, { guildOwnerId: bob.id }), { code: 'role.above_invoker' }],
      // No facts to judge the role by: not listed.
      [command('economy', 'shop-add', { role: vip, price: '200' }, admin), { code: 'role.unknown' }],
    ];
    for (const [req, refusal] of cases) expect(refusalIn(await send(req))).toEqual(refusal);
    const list = await send(command('shop', null, {}, bob));
    expect(list).toMatchObject({ type: 'economy.shop.listed', payload: { items: [] } });
  });

  it('sells roles, refunds when the role add fails and tells the member why, settles once', async () => {
    const add = await send(shopAdd(vip, { [vip]: role(3) }));
    expect(add).toMatchObject({
      type: 'economy.shop.updated',
      payload: { change: 'added', item: { roleId: vip, price: '200', description: 'Shiny' } },
    });
    const list = await send(command('shop', null, {}, bob));
    expect(list).toMatchObject({ payload: { items: [{ roleId: vip, price: '200', description: 'Shiny' }] } });

    const poor = await send(buy(carol));
    expect(refusalIn(poor)).toEqual({
      code: 'economy.funds.insufficient',
      currency: gems,
      balance: '110',
      amount: '200',
    });

    const bought = buy(alice);
    const requested = await send(bought);
    expect(requested).toMatchObject({
      type: 'discord.action.requested',
      payload: {
        action: {
          kind: 'role.add',
          userId: alice.id,
          roleId: vip,
          reason: '',
          audit: { code: 'economy.shop.bought', price: '200', currency: gems },
          refuseIfPrivileged: true,
        },
      },
    });
    if (requested.type !== 'discord.action.requested') throw new Error('expected an action');
    expect(requested.payload.actionId).toMatch(/^shop:\d+$/);
    expect(await balanceOf(alice.id)).toBe(500n);

    // The bot reports that Discord refused the role add, twice (a redelivery or a retry), as a bot that predates
    // `failure` would: the refund says why from Discord's error.
    const failed = completed(requested.payload.actionId, { ok: false });
    await h.publish(failed);
    const refund = await h.resultOf(failed, 'economy.purchase.refunded');
    expect(refund).toMatchObject({ version: 2 });
    expect(refund.payload).toMatchObject({
      replyTo: bought.payload.replyTo,
      member: { id: alice.id },
      roleId: vip,
      price: '200',
      balance: '700',
      failure: { code: 'discord.rejected', status: 403, discordCode: 50013 },
      currency: gems,
    });
    const again = completed(requested.payload.actionId, { ok: false });
    await h.publish(again);
    await handled(again);
    expect(h.results.filter((r) => r.causationId === again.id)).toEqual([]);
    expect(await balanceOf(alice.id)).toBe(700n);

    const bought2 = buy(alice);
    const requested2 = await send(bought2);
    if (requested2.type !== 'discord.action.requested') throw new Error('expected an action');
    const ok = completed(requested2.payload.actionId, { ok: true });
    await h.publish(ok);
    const done = await h.resultOf(ok, 'economy.purchase.completed');
    expect(done.payload).toMatchObject({ replyTo: bought2.payload.replyTo, balance: '500', price: '200' });

    const owned = await send(buy({ ...alice, roleIds: [vip] }));
    expect(refusalIn(owned)).toEqual({ code: 'economy.shop.owned', roleId: vip });
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('checks the role again at purchase time, and refunds what the bot declined, with its reason', async () => {
    // Edited after it was listed: the /buy request carries the role as it is now.
    const dangerous = await send(buy(bob, { [vip]: role(3, administrator) }));
    expect(refusalIn(dangerous)).toEqual({ code: 'role.dangerous', permissions: ['Administrator'] });
    const moved = await send(buy(bob, { [vip]: role(botTop + 1) }));
    expect(refusalIn(moved)).toEqual({ code: 'role.above_bot' });
    expect(await balanceOf(bob.id)).toBe(290n);

    // Edited after core decided: the bot's re-check refuses, and the buyer gets the price back and the reason.
    const bought = buy(bob);
    const requested = await send(bought);
    if (requested.type !== 'discord.action.requested') throw new Error('expected an action');
    expect(await balanceOf(bob.id)).toBe(90n);
    const declined = completed(requested.payload.actionId, {
      ok: false,
      failure: { code: 'role.dangerous', permissions: ['BanMembers'] },
    });
    await h.publish(declined);
    const refund = await h.resultOf(declined, 'economy.purchase.refunded');
    expect(refund.payload).toMatchObject({
      replyTo: bought.payload.replyTo,
      balance: '290',
      failure: { code: 'role.dangerous', permissions: ['BanMembers'] },
    });
    expect(await balanceOf(bob.id)).toBe(290n);
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('takes a role off sale', async () => {
    const removed = await send(command('economy', 'shop-remove', { role: vip }, admin));
    expect(removed).toMatchObject({ type: 'economy.shop.updated', payload: { change: 'removed' } });
    const gone = await send(buy(bob));
    expect(refusalIn(gone)).toEqual({ code: 'economy.shop.not_for_sale', roleId: vip });
    const again = await send(command('economy', 'shop-remove', { role: vip }, admin));
    expect(refusalIn(again)).toEqual({ code: 'economy.shop.not_for_sale', roleId: vip });
  });
});
