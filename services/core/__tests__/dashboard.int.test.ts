import { getPublicPages, presentGuild } from '@guildhall/db';
import {
  decodeEvent,
  envelope,
  webResultsPattern,
  type GuildhallSettingsChanged,
  type ResultEvent,
  type WebTarget,
} from '@guildhall/events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, ids, refusalIn } from './harness.ts';

// The web dashboard's side of core (docs/adr/0018-web-dashboard.md): settings changes invoked from the web, their
// answers routed to the replica that asked, every settings change in the mod-log, the guild directory.
let h: CoreHarness;
let core: CoreApp;
/** What reached the queue a dashboard replica named `wtest` would bind. */
const replicaQueue: { routingKey: string; event: ResultEvent }[] = [];

const web: WebTarget = { kind: 'web', replica: 'wtest' };
const admin = { id: '200000000000000002', displayName: 'Admin', permissions: String(PermissionFlagsBits.ManageGuild) };
const member = { id: '200000000000000001', displayName: 'Member' };
const logChannel = '100000000000000077';

beforeAll(async () => {
  h = await CoreHarness.create();
  core = await h.startCore();
  const ch = await h.broker.channel();
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, h.broker.topology.exchanges.results, webResultsPattern('wtest'));
  await ch.consume(
    queue,
    (msg) => {
      if (msg) replicaQueue.push({ routingKey: msg.fields.routingKey, event: decodeEvent('result', msg.content) });
    },
    { noAck: true },
  );
  // The guild has a mod-log, set the way an admin sets it.
  const set = command('modconfig', 'logchannel', { channel: logChannel }, admin);
  await h.publish(set);
  await h.resultsOf(set, 2);
});
afterAll(async () => {
  await core.stop();
  await h.close();
});

/** The mod-log entry a request caused, if any (waiting for `count` results first). */
async function modLogOf(request: Parameters<CoreHarness['resultsOf']>[0], count: number) {
  const results = await h.resultsOf(request, count);
  return results.find((r) => r.type === 'guildhall.settings.changed') as GuildhallSettingsChanged | undefined;
}

describe('settings changes from the web dashboard', () => {
  it('are applied like the slash command, and answered on the replica’s own routing key', async () => {
    const req = command('economy', 'settings', { currency_name: 'gems' }, admin, { replyTo: web });
    await h.publish(req);
    const answer = await h.resultOf(req, 'economy.settings.updated');
    expect(answer.payload).toMatchObject({ replyTo: web, settings: { currency: { name: 'gems' } } });
    await expect.poll(() => replicaQueue.map((r) => r.event.id)).toContain(answer.id);
    expect(replicaQueue.find((r) => r.event.id === answer.id)?.routingKey).toBe(`web.wtest.economy.settings.updated`);
  });

  it('are refused with the slash command’s own refusals', async () => {
    // A form field that is not a boolean reaches core as text, as a mistyped option would.
    const req = command('karma', 'announce', { enabled: 'maybe' }, admin, { replyTo: web });
    await h.publish(req);
    const [refused] = await h.resultsOf(req);
    expect(refused?.payload).toMatchObject({ replyTo: web });
    expect(refusalIn(refused)).toEqual({
      code: 'option.invalid',
      option: 'enabled',
      problem: { kind: 'type', expected: 'boolean' },
    });
    await expect.poll(() => replicaQueue.some((r) => r.event.id === refused?.id)).toBe(true);
  });

  it('may be nothing but settings changes: anything else from the web is refused before any feature runs', async () => {
    for (const [name, sub] of [
      ['karma', 'top'],
      ['purge', null],
      ['remind', 'list'],
    ] as const) {
      const req = command(name, sub, name === 'purge' ? { count: 5 } : {}, admin, { replyTo: web });
      await h.publish(req);
      const results = await h.resultsOf(req);
      expect(results.map((r) => r.type)).toEqual(['command.request.rejected']);
      expect(refusalIn(results[0])).toEqual({ code: 'command.not_on_web', command: name, subcommand: sub });
    }
  });

  it('results answered on Discord keep their type as routing key (the bot’s queue binds everything)', async () => {
    const req = command('karma', 'top', {}, member);
    await h.publish(req);
    const shown = await h.resultOf(req, 'karma.leaderboard.listed');
    expect(replicaQueue.some((r) => r.event.id === shown.id)).toBe(false);
  });
});

describe('the mod-log records who changed which setting', () => {
  it('on the web and with a slash command alike, with the options as given', async () => {
    const onWeb = command('karma', 'announce', { enabled: false }, admin, { replyTo: web });
    const onDiscord = command('karma', 'announce', { enabled: true }, admin);
    await h.publish(onWeb);
    await h.publish(onDiscord);
    const [fromWeb, fromDiscord] = [await modLogOf(onWeb, 2), await modLogOf(onDiscord, 2)];
    expect(fromWeb?.payload).toEqual({
      guildId: ids.guild,
      logChannelId: logChannel,
      actor: { id: admin.id, displayName: 'Admin' },
      via: 'web',
      command: 'karma',
      subcommand: 'announce',
      options: { enabled: false },
    });
    expect(fromDiscord?.payload).toMatchObject({ via: 'discord', options: { enabled: true } });
    // The entry goes to the bot (it posts it), not to the dashboard replica.
    expect(replicaQueue.some((r) => r.event.id === fromWeb?.id)).toBe(false);
  });

  it('not when the change was refused, nor when the command only showed the settings', async () => {
    const refused = command('karma', 'announce', { enabled: false }, member);
    const shown = command('economy', 'settings', {}, admin);
    // A request after them: once its answer is in, anything they caused is in too (the relay publishes in order).
    const after = command('karma', 'top', {}, member);
    await h.publish(refused);
    await h.publish(shown);
    await h.publish(after);
    await h.resultsOf(after);
    expect((await h.resultsOf(refused)).map((r) => r.type)).toEqual(['command.request.rejected']);
    expect((await h.resultsOf(shown)).map((r) => r.type)).toEqual(['economy.settings.updated']);
  });

  it('with the new mod-log channel when the change is the mod-log channel', async () => {
    const moved = command('modconfig', 'logchannel', { channel: '100000000000000078' }, admin);
    await h.publish(moved);
    expect((await modLogOf(moved, 2))?.payload.logChannelId).toBe('100000000000000078');
    const back = command('modconfig', 'logchannel', { channel: logChannel }, admin);
    await h.publish(back);
    await h.resultsOf(back, 2);
  });
});

describe('/guildhall public-pages', () => {
  it('needs Manage Server, and turns the dashboard’s public pages on and off', async () => {
    const denied = command('guildhall', 'public-pages', { enabled: true }, member);
    await h.publish(denied);
    expect(refusalIn((await h.resultsOf(denied))[0])).toEqual({
      code: 'permission.missing',
      permission: 'ManageGuild',
    });
    expect(await getPublicPages(h.db, ids.guild)).toBe(false);
    const on = command('guildhall', 'public-pages', { enabled: true }, admin, { replyTo: web });
    await h.publish(on);
    expect((await h.resultOf(on, 'guildhall.pages.updated')).payload.public).toBe(true);
    expect(await getPublicPages(h.db, ids.guild)).toBe(true);
    expect((await modLogOf(on, 2))?.payload).toMatchObject({ via: 'web', command: 'guildhall' });
  });
});

describe('the guild directory', () => {
  it('stores what the bot saw of a guild, newest first, and forgets it when the bot leaves', async () => {
    const guildId = '100000000000000555';
    const synced = (name: string, at: string) =>
      envelope('gateway.guild.synced', 1, {
        guildId,
        name,
        icon: null,
        ownerId: admin.id,
        preferredLocale: 'de',
        memberCount: 300_000,
        botUserId: ids.bot,
        botHighestRolePosition: 4,
        roles: [{ id: '100000000000000556', name: 'Regular', position: 1, managed: false, permissions: '0', color: 0 }],
        channels: [{ id: '100000000000000557', name: 'general', position: 0 }],
        observedAt: at,
      });
    const newer = synced('Newer', '2026-06-01T10:00:02.000Z');
    await h.publish(newer);
    await h.publish(synced('Older', '2026-06-01T10:00:01.000Z'));
    await expect.poll(async () => (await presentGuild(h.db, guildId))?.name).toBe('Newer');
    expect(await presentGuild(h.db, guildId)).toMatchObject({ memberCount: 300_000, roles: [{ name: 'Regular' }] });
    await h.publish(envelope('gateway.guild.left', 1, { guildId, observedAt: '2026-06-01T10:00:03.000Z' }));
    await expect.poll(async () => presentGuild(h.db, guildId)).toBeUndefined();
  });
});
