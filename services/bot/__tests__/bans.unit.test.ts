import { envelope } from '@guildhall/events';
import type { APIBan } from 'discord-api-types/v10';
import { DiscordAPIError, type REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  bannedFor,
  banList,
  resolveBanned,
  suggestBanned,
  type BanList,
  type BannedUser,
} from '../src/lookups/bans.ts';

const alice: BannedUser = { id: '200000000000000001', username: 'alice', globalName: 'Alice' };
const alina: BannedUser = { id: '200000000000000002', username: 'alina_x', globalName: 'Alina' };
const twinA: BannedUser = { id: '200000000000000003', username: 'sam1', globalName: 'Sam' };
const twinB: BannedUser = { id: '200000000000000004', username: 'sam2', globalName: 'Sam' };

/** A ban list in memory, counting how often it was read whole. */
function bans(users: BannedUser[]): BanList & { lists: number } {
  return {
    lists: 0,
    async find(id) {
      return users.find((u) => u.id === id) ?? null;
    },
    async list(max) {
      this.lists++;
      return users.slice(0, max);
    },
  };
}

describe('resolveBanned', () => {
  const list = bans([alice, alina, twinA, twinB]);

  it('finds a banned user by id or mention without reading the whole list', async () => {
    const fresh = bans([alice]);
    expect(await resolveBanned(fresh, alice.id)).toEqual({ id: alice.id, displayName: 'Alice', bot: false });
    expect(await resolveBanned(fresh, `<@${alice.id}>`)).toMatchObject({ id: alice.id });
    expect(await resolveBanned(fresh, `<@!${alice.id}>`)).toMatchObject({ id: alice.id });
    expect(await resolveBanned(fresh, '200000000000000099')).toBeNull();
    expect(fresh.lists).toBe(0);
  });

  it('finds one by username (with or without @, any case), or by a display name only one has', async () => {
    expect(await resolveBanned(list, '@ALICE')).toMatchObject({ id: alice.id });
    expect(await resolveBanned(list, 'alina')).toMatchObject({ id: alina.id });
    expect(await resolveBanned(list, ' sam2 ')).toMatchObject({ id: twinB.id });
    // Two banned users are called Sam: the name names neither.
    expect(await resolveBanned(list, 'Sam')).toBeNull();
    expect(await resolveBanned(list, 'bob')).toBeNull();
    expect(await resolveBanned(list, '@')).toBeNull();
  });
});

describe('suggestBanned', () => {
  it('suggests banned users whose name or id matches, those starting with the text first, the id as value', async () => {
    const list = bans([twinA, alina, alice]);
    expect(await suggestBanned(list, 'ali')).toEqual([
      { name: 'Alina (@alina_x)', value: alina.id },
      { name: 'Alice (@alice)', value: alice.id },
    ]);
    expect((await suggestBanned(list, 'ice')).map((c) => c.value)).toEqual([alice.id]);
    expect((await suggestBanned(list, '')).map((c) => c.value)).toEqual([twinA.id, alina.id, alice.id]);
    expect(await suggestBanned(list, 'zz')).toEqual([]);
  });

  it('offers at most 25 choices', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `30000000000000${1000 + i}`,
      username: `u${i}`,
      globalName: null,
    }));
    expect(await suggestBanned(bans(many), 'u')).toHaveLength(25);
  });
});

describe('bannedFor', () => {
  const command = (name: string, options: Record<string, string>) => ({ name, group: null, subcommand: null, options });

  it('resolves the ban-list options of a command by their names, and is absent for other commands', async () => {
    const list = bans([alice]);
    expect(await bannedFor(command('unban', { user: 'alice', reason: 'alice' }), list)).toEqual({
      user: { id: alice.id, displayName: 'Alice', bot: false },
    });
    expect(await bannedFor(command('unban', { user: 'nobody' }), list)).toEqual({ user: null });
    expect(await bannedFor(command('warn', { member: alice.id, reason: 'x' }), list)).toBeUndefined();
    // What the request then carries is valid against its schema.
    const invoked = envelope('gateway.command.invoked', 1, {
      guildId: '1',
      actor: { id: '2', displayName: 'Mod', bot: false, roleIds: [], permissions: '4' },
      replyTo: { kind: 'interaction', channelId: '3', interactionId: '4', applicationId: '5', token: 't' },
      command: command('unban', { user: 'alice' }),
      users: {},
      banned: { user: { id: alice.id, displayName: 'Alice', bot: false } },
    });
    expect(invoked.payload.banned?.['user']?.id).toBe(alice.id);
  });
});

describe('banList over REST', () => {
  const ban = (i: number): APIBan => ({
    reason: null,
    user: {
      id: String(400000000000000000n + BigInt(i)),
      username: `u${i}`,
      global_name: null,
      discriminator: '0',
      avatar: null,
    },
  });

  it('pages through the ban list after the last user id, and takes Unknown Ban as not banned', async () => {
    const queries: string[] = [];
    const pages = [Array.from({ length: 1000 }, (_, i) => ban(i)), [ban(1000)]];
    const rest = {
      get: async (route: string, options?: { query?: URLSearchParams }) => {
        if (route.endsWith('/bans/7'))
          throw new DiscordAPIError({ code: 10026, message: 'Unknown Ban' }, 10026, 404, 'GET', route, {
            body: undefined,
            files: undefined,
          });
        queries.push(String(options?.query));
        return pages.shift() ?? [];
      },
    } as unknown as REST;
    const list = banList(rest, '1');
    expect(await list.list(5_000)).toHaveLength(1001);
    expect(queries).toEqual(['limit=1000', `limit=1000&after=${ban(999).user.id}`]);
    expect(await list.find('7')).toBeNull();
  });
});
