import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { karmaTotals } from '@guildhall/db';
import type { CommandInvoked, KarmaPointsChanged, MessageCreated, Refusal } from '@guildhall/events';
import type { CoreApp } from '../src/app.ts';
import { requestHandlers } from '../src/handlers.ts';
import { createCoreMetrics } from '../src/metrics.ts';
import { Pipeline } from '../src/pipeline.ts';
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

const alice = { id: '200000000000000001', displayName: 'Alice' };
const bob = { id: '200000000000000002', displayName: 'Bob' };
const admin = { id: '200000000000000003', displayName: 'Admin', permissions: String(1n << 5n) };

describe('karma through core', () => {
  it('applies, nets and reports new totals', async () => {
    const req = message('pizza++ (ice cream)++ PIZZA++ taxes-- nothing here', alice);
    await h.publish(req);
    const result = await h.resultOf(req, 'karma.points.changed');
    expect(result.payload.changes).toEqual([
      { subject: { kind: 'name', key: 'pizza', display: 'pizza' }, delta: 1, total: 1 },
      { subject: { kind: 'name', key: 'ice cream', display: 'ice cream' }, delta: 1, total: 1 },
      { subject: { kind: 'name', key: 'taxes', display: 'taxes' }, delta: -1, total: -1 },
    ]);
    expect(result.payload.replyTo).toEqual({
      kind: 'message',
      channelId: req.payload.channelId,
      messageId: req.payload.messageId,
    });
    expect(result.correlationId).toBe(req.correlationId);
  });

  it('refuses self-karma by mention and by name, and the cooldown per giver and subject', async () => {
    const first = message(`<@${alice.id}>++ alice++ coffee++`, alice);
    await h.publish(first);
    const r1 = await h.resultOf(first, 'karma.points.changed');
    expect(r1.payload.refused.map((r) => r.reason)).toEqual(['self', 'self']);
    expect(r1.payload.changes.map((c) => c.subject.key)).toEqual(['coffee']);

    const again = message('coffee++', alice);
    await h.publish(again);
    const r2 = await h.resultOf(again, 'karma.points.changed');
    expect(r2.payload.changes).toEqual([]);
    expect(r2.payload.refused).toEqual([
      { subject: { kind: 'name', key: 'coffee', display: 'coffee' }, reason: 'cooldown' },
    ]);

    const other = message('coffee++', bob);
    await h.publish(other);
    expect((await h.resultOf(other, 'karma.points.changed')).payload.changes[0]?.total).toBe(2);
  });

  it('in one batch, reports each message the totals after it and takes back what a cooldown refuses', async () => {
    const pipeline = new Pipeline(h.db, requestHandlers, h.log, createCoreMetrics());
    const guildId = '900000000000000001';
    const batch = [
      message('brew++ scone++', alice, { guildId }),
      message('brew++', alice, { guildId }),
      message('brew++ scone--', bob, { guildId }),
      message('scone++', alice, { guildId }),
    ];
    const { rows } = await pipeline.apply(batch.map((event) => ({ event, redelivered: false })));
    const results = rows.map((r) => JSON.parse(r.body) as KarmaPointsChanged);
    const seen = batch.map((req) => results.find((r) => r.causationId === req.id)?.payload);
    const changes = seen.map((p) => p?.changes.map((c) => [c.subject.key, c.delta, c.total]));
    expect(changes).toEqual([
      [
        ['brew', 1, 1],
        ['scone', 1, 1],
      ],
      [],
      [
        ['brew', 1, 2],
        ['scone', -1, 0],
      ],
      [],
    ]);
    expect(seen.map((p) => p?.refused.map((r) => `${r.subject.key}:${r.reason}`))).toEqual([
      [],
      ['brew:cooldown'],
      [],
      ['scone:cooldown'],
    ]);
    const stored = await karmaTotals(h.db, guildId, [
      { kind: 'name', key: 'brew' },
      { kind: 'name', key: 'scone' },
    ]);
    expect(stored.map((t) => [t.key, t.total])).toEqual([
      ['brew', 2],
      ['scone', 0],
    ]);
  });

  it('caps subjects per message and keys members by id', async () => {
    const req = message(`a1++ a2++ <@${bob.id}>++ a4++ a5++ a6++ a7++`, alice, {
      mentions: { users: [{ id: bob.id, displayName: 'Bob', bot: false }], roleIds: [], everyone: false },
    });
    await h.publish(req);
    const r = await h.resultOf(req, 'karma.points.changed');
    expect(r.payload.changes).toHaveLength(5);
    expect(r.payload.changes[2]?.subject).toEqual({ kind: 'member', key: bob.id, display: 'Bob' });
    expect(r.payload.refused.map((x) => x.reason)).toEqual(['too_many_subjects', 'too_many_subjects']);
  });

  it('ignores bots and messages with no karma', async () => {
    const fromBot = message('pizza++', { id: '200000000000000099', bot: true });
    const plain = message('just chatting', alice);
    const marker = message('marker++', bob);
    await h.publish(fromBot);
    await h.publish(plain);
    await h.publish(marker);
    await h.resultOf(marker, 'karma.points.changed');
    expect(h.results.filter((r) => r.causationId === fromBot.id || r.causationId === plain.id)).toEqual([]);
  });

  it('answers lookups, boards and the mention form; unknown names show 0', async () => {
    const lookup = command('karma', 'get', { names: 'pizza Nobody' }, alice);
    await h.publish(lookup);
    const r = await h.resultOf(lookup, 'karma.totals.listed');
    expect(r.payload.entries.map((e) => [e.subject.display, e.total])).toEqual([
      ['pizza', 1],
      ['Nobody', 0],
    ]);

    const top = message(`<@${'100000000000000009'}> top 2`, bob);
    await h.publish(top);
    const board = await h.resultOf(top, 'karma.leaderboard.listed');
    expect(board.payload.entries.map((e) => e.rank)).toEqual([1, 2]);
    expect(board.payload.entries[0]?.subject.key).toBe('coffee');

    const tooMany = command('karma', 'top', { count: 26 }, bob);
    await h.publish(tooMany);
    expect(refusalIn(await h.resultOf(tooMany, 'command.request.rejected'))).toEqual({
      code: 'option.invalid',
      option: 'count',
      problem: { kind: 'range', min: 1, max: 25 },
    });
  });

  it('refuses with codes and numbers, answering the form the command came in', async () => {
    const refusals: [MessageCreated | CommandInvoked, Refusal][] = [
      [command('karma', 'get', { names: 'a b c d e f g h i j k' }, bob), { code: 'karma.lookup.too_many', max: 10 }],
      [command('karma', 'get', { names: '<@&5>' }, bob), { code: 'karma.name.mention' }],
      [command('karma', 'get', { names: '(ice cream' }, bob), { code: 'karma.lookup.unclosed' }],
      [command('karma', 'get', {}, bob), { code: 'option.invalid', option: 'names', problem: { kind: 'missing' } }],
      [
        command('karma', 'top', { count: 'five' }, bob),
        { code: 'option.invalid', option: 'count', problem: { kind: 'type', expected: 'number' } },
      ],
      [command('karma', 'sideways', {}, bob), { code: 'command.unknown', command: 'karma', subcommand: 'sideways' }],
      [message(`<@${ids.bot}> bottom 30`, bob), { code: 'karma.leaderboard.count', direction: 'bottom', max: 25 }],
      [message(`<@${ids.bot}> announce maybe`, bob), { code: 'karma.announce.value' }],
      [message(`<@${ids.bot}> announce off`, bob), { code: 'permission.missing', permission: 'ManageGuild' }],
    ];
    await Promise.all(refusals.map(([req]) => h.publish(req)));
    for (const [req, refusal] of refusals) {
      const result = await h.resultOf(req, 'command.request.rejected');
      expect(refusalIn(result)).toEqual(refusal);
      const replyTo = result.payload.replyTo;
      expect(replyTo).toEqual(
        req.type === 'gateway.message.created'
          ? { kind: 'message', channelId: ids.channel, messageId: req.payload.messageId }
          : req.payload.replyTo,
      );
    }
  });

  it('checks Manage Server for announce, then goes silent', async () => {
    const denied = command('karma', 'announce', { enabled: false }, alice);
    await h.publish(denied);
    expect(refusalIn(await h.resultOf(denied, 'command.request.rejected'))).toEqual({
      code: 'permission.missing',
      permission: 'ManageGuild',
    });

    const off = command('karma', 'announce', { enabled: false }, admin);
    await h.publish(off);
    expect((await h.resultOf(off, 'karma.announce.updated')).payload.enabled).toBe(false);

    const quiet = message('tea++', bob);
    await h.publish(quiet);
    expect((await h.resultOf(quiet, 'karma.points.changed')).payload.announce).toBe(false);
  });

  it('keeps a history an admin can revert', async () => {
    const list = command('karma', 'history', { name: 'coffee' }, admin);
    await h.publish(list);
    const history = await h.resultOf(list, 'karma.history.listed');
    expect(history.payload.entries.map((e) => e.giverId).sort()).toEqual([alice.id, bob.id].sort());
    const id = Number(history.payload.entries[0]?.id);

    const revert = command('karma', 'revert', { id }, admin);
    await h.publish(revert);
    expect((await h.resultOf(revert, 'karma.change.reverted')).payload.total).toBe(1);

    const twice = command('karma', 'revert', { id }, admin);
    await h.publish(twice);
    expect(refusalIn(await h.resultOf(twice, 'command.request.rejected'))).toEqual({
      code: 'karma.revert.already',
      changeId: String(id),
    });

    const missing = command('karma', 'revert', { id: 999_999 }, admin);
    await h.publish(missing);
    expect(refusalIn(await h.resultOf(missing, 'command.request.rejected'))).toEqual({
      code: 'karma.revert.not_found',
      changeId: '999999',
    });
  });

  it('numbers changes per guild, so a guild reverts its own first change as id 1', async () => {
    // This suite's guild has many changes by now; a second guild's first change is still #1 there.
    const guildId = '900000000000000002';
    const first = message('oolong++', alice, { guildId });
    await h.publish(first);
    await h.resultOf(first, 'karma.points.changed');
    const list = command('karma', 'history', {}, admin, { guildId });
    await h.publish(list);
    expect((await h.resultOf(list, 'karma.history.listed')).payload.entries.map((e) => e.id)).toEqual(['1']);
    const revert = command('karma', 'revert', { id: 1 }, admin, { guildId });
    await h.publish(revert);
    const reverted = await h.resultOf(revert, 'karma.change.reverted');
    expect(reverted.payload).toMatchObject({ changeId: '1', subject: { key: 'oolong' }, total: 0 });
  });

  it('rejects unknown commands politely', async () => {
    const req = command('frobnicate', null, {}, alice);
    await h.publish(req);
    expect(refusalIn(await h.resultOf(req, 'command.request.rejected'))).toEqual({
      code: 'command.unknown',
      command: 'frobnicate',
      subcommand: null,
    });
  });

  it('applies a redelivered request once', async () => {
    const req = message('dup++', alice);
    await h.publish(req);
    await h.publish(req);
    await h.resultOf(req, 'karma.points.changed');
    const check = command('karma', 'get', { names: 'dup' }, alice);
    await h.publish(check);
    expect((await h.resultOf(check, 'karma.totals.listed')).payload.entries[0]?.total).toBe(1);
    expect(h.results.filter((r) => r.causationId === req.id)).toHaveLength(1);
  });
});
