import type { ActionRequested } from '@guildhall/events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordAPIError, HTTPError, type REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { executeAction, type AuditWords, type RoleLookup } from '../src/results/actions.ts';
import { callDiscord, DiscordRefusedError, DiscordUnavailableError, type Call } from '../src/results/rest-errors.ts';

const fast = { attempts: 3, initialMs: 1, maxMs: 2 };
const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'PUT', '/x', { body: undefined, files: undefined });
const refused = () => {
  const err = new Error('connect ECONNREFUSED 127.0.0.1:1');
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(err, { code: 'ECONNREFUSED' }) });
};

describe('callDiscord', () => {
  it('gives up at once on a 4xx, with Discord’s status and code', async () => {
    const seen: string[] = [];
    let calls = 0;
    const err = await callDiscord(
      async () => {
        calls++;
        throw apiError(403, 50013, 'Missing Permissions');
      },
      (s) => seen.push(s),
      fast,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordRefusedError);
    expect(err).toMatchObject({ status: 403, code: 50013 });
    expect(calls).toBe(1);
    expect(seen).toEqual(['403']);
  });

  it('retries a 5xx a bounded number of times, then reports it as final', async () => {
    let calls = 0;
    const err = await callDiscord(
      async () => {
        calls++;
        throw new HTTPError(502, 'Bad Gateway', 'POST', '/x', { body: undefined, files: undefined });
      },
      () => undefined,
      fast,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502 });
    expect(calls).toBe(3);
  });

  it('succeeds when a retry does', async () => {
    let calls = 0;
    const out = await callDiscord(
      async () => {
        if (++calls < 2) throw Object.assign(new Error('timed out'), { name: 'AbortError' });
        return 'ok';
      },
      () => undefined,
      fast,
    );
    expect(out).toBe('ok');
  });

  it('treats an unreachable Discord as an outage to wait out', async () => {
    await expect(
      callDiscord(
        () => Promise.reject(refused()),
        () => undefined,
        fast,
      ),
    ).rejects.toBeInstanceOf(DiscordUnavailableError);
  });

  it('rethrows bugs as they are', async () => {
    await expect(
      callDiscord(
        () => Promise.reject(new RangeError('bug')),
        () => undefined,
        fast,
      ),
    ).rejects.toThrow(RangeError);
  });
});

/** A REST stand-in that records calls and answers GETs from a list of pages. */
function fakeRest(pages: { id: string; pinned?: boolean }[][] = []) {
  const calls: { method: string; route: string; options: unknown }[] = [];
  const record =
    (method: string) =>
    async (route: string, options?: unknown): Promise<unknown> => {
      calls.push({ method, route, options });
      return method === 'GET' ? (pages.shift() ?? []) : undefined;
    };
  const rest = {
    get: record('GET'),
    put: record('PUT'),
    post: record('POST'),
    patch: record('PATCH'),
    delete: record('DELETE'),
  } as unknown as REST;
  return { rest, calls };
}

const direct: Call = (fn) => fn();
/** For actions that must not look at roles. */
const noRoles: RoleLookup = () => Promise.reject(new Error('no role lookup expected'));
/** Audit reasons worded as `<guild>:<code>`, to see they are worded per guild. */
const words: AuditWords = (guild, reason) => `${guild}:${reason.code}`;
const guildId = '100000000000000001';
let actions = 0;
/** A request for an action, each with an actionId of its own. */
const request = (action: ActionRequested['payload']['action'], replyTo: ActionRequested['payload']['replyTo'] = null) =>
  ({ guildId, actionId: `mod:${++actions}`, action, replyTo }) as ActionRequested['payload'];

/** A snowflake made at `ms`. */
const idAt = (ms: number, n = 0) => ((BigInt(ms - 1_420_070_400_000) << 22n) + BigInt(n)).toString();

describe('executeAction', () => {
  it('bans with the delete window and the audit-log reason', async () => {
    const { rest, calls } = fakeRest();
    const out = await executeAction(
      rest,
      request({ kind: 'member.ban', userId: '2', deleteMessageSeconds: 3600, reason: 'spam' }),
      direct,
      noRoles,
      words,
    );
    expect(out).toEqual({ ok: true, error: null, detail: {} });
    expect(calls).toEqual([
      {
        method: 'PUT',
        route: `/guilds/${guildId}/bans/2`,
        options: { body: { delete_message_seconds: 3600 }, reason: 'spam' },
      },
    ]);
  });

  it('times out through communication_disabled_until', async () => {
    const { rest, calls } = fakeRest();
    const until = '2030-01-01T00:00:00.000Z';
    await executeAction(
      rest,
      request({ kind: 'member.timeout', userId: '2', until, reason: '' }),
      direct,
      noRoles,
      words,
    );
    expect(calls[0]).toEqual({
      method: 'PATCH',
      route: `/guilds/${guildId}/members/2`,
      options: { body: { communication_disabled_until: until } },
    });
  });

  it('reports Discord’s refusal as a failed outcome', async () => {
    const { rest } = fakeRest();
    const failing: Call = () => Promise.reject(new DiscordRefusedError(403, 50013, 'Missing Permissions'));
    const out = await executeAction(
      rest,
      request({ kind: 'member.kick', userId: '2', reason: '' }),
      failing,
      noRoles,
      words,
    );
    expect(out).toEqual({
      ok: false,
      error: { status: 403, code: 50013, message: 'Missing Permissions' },
      failure: { code: 'discord.rejected', status: 403, discordCode: 50013 },
      detail: {},
    });
  });

  it('deletes a message, and counts one already gone (Unknown Message) as done', async () => {
    const { rest, calls } = fakeRest();
    const action = { kind: 'message.delete', channelId: '7', messageId: '8', reason: 'Anti-spam' } as const;
    expect(await executeAction(rest, request(action), direct, noRoles, words)).toEqual({
      ok: true,
      error: null,
      detail: {},
    });
    expect(calls).toEqual([{ method: 'DELETE', route: '/channels/7/messages/8', options: { reason: 'Anti-spam' } }]);
    const gone: Call = () => Promise.reject(new DiscordRefusedError(404, 10008, 'Unknown Message'));
    expect(await executeAction(rest, request(action), gone, noRoles, words)).toMatchObject({ ok: true });
    const denied: Call = () => Promise.reject(new DiscordRefusedError(403, 50013, 'Missing Permissions'));
    expect(await executeAction(rest, request(action), denied, noRoles, words)).toMatchObject({
      ok: false,
      error: { code: 50013 },
    });
  });

  it('lets an outage through, so the action waits', async () => {
    const { rest } = fakeRest();
    const down: Call = () => Promise.reject(new DiscordUnavailableError('down'));
    await expect(
      executeAction(rest, request({ kind: 'role.add', userId: '2', roleId: '3', reason: '' }), down, noRoles, words),
    ).rejects.toBeInstanceOf(DiscordUnavailableError);
  });

  it('purges the messages before the command it names, keeping pinned ones and counting what it kept', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const page = [
      { id: idAt(now - 1_000, 5) },
      { id: idAt(now - 2_000, 4), pinned: true },
      { id: idAt(now - 3_000, 3) },
      { id: idAt(now - 15 * 86_400_000, 2) },
    ];
    const { rest, calls } = fakeRest([page]);
    const command = idAt(now, 9);
    const out = await executeAction(
      rest,
      request({ kind: 'messages.purge', channelId: '5', count: 4, before: command }),
      direct,
      noRoles,
      words,
      () => now,
    );
    expect(out).toEqual({ ok: true, error: null, detail: { deleted: 2, skippedTooOld: 1, skippedPinned: 1 } });
    expect(
      calls.map((c) => [c.method, c.route, String((c.options as { query?: URLSearchParams }).query ?? '')]),
    ).toEqual([
      ['GET', '/channels/5/messages', `limit=4&before=${command}`],
      ['POST', '/channels/5/messages/bulk-delete', ''],
    ]);
    expect(calls[1]?.options).toEqual({ body: { messages: [page[0]?.id, page[2]?.id] } });
  });

  it('deletes, when a purge is run again after a failure half-way, the messages it chose, not older ones', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const chosen = [{ id: idAt(now - 1_000, 3) }, { id: idAt(now - 2_000, 2) }];
    const older = [{ id: idAt(now - 3_000, 1) }, { id: idAt(now - 4_000, 0) }];
    // After the first run deleted the chosen two, the channel's "last two" would be the older ones.
    const { rest, calls } = fakeRest([chosen, older]);
    // The first bulk delete goes through, then the connection drops before the bot hears so.
    let posts = 0;
    const flaky: Call = async (fn) => {
      const out = await fn();
      if (calls.at(-1)?.method === 'POST' && ++posts === 1) throw new DiscordUnavailableError('gone after deleting');
      return out;
    };
    const purge = request({ kind: 'messages.purge', channelId: '5', count: 2, before: idAt(now, 9) });
    await expect(executeAction(rest, purge, flaky, noRoles, words, () => now)).rejects.toBeInstanceOf(
      DiscordUnavailableError,
    );
    expect(await executeAction(rest, purge, flaky, noRoles, words, () => now)).toEqual({
      ok: true,
      error: null,
      detail: { deleted: 2, skippedTooOld: 0, skippedPinned: 0 },
    });
    const deletes = calls.filter((c) => c.method === 'POST').map((c) => c.options);
    expect(deletes).toEqual([
      { body: { messages: chosen.map((m) => m.id) } },
      { body: { messages: chosen.map((m) => m.id) } },
    ]);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('purges before the command, bulk-deleting recent messages and counting the too-old ones', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const recent = Array.from({ length: 100 }, (_, i) => ({ id: idAt(now - 60_000, 200 - i) }));
    const old = [{ id: idAt(now - 15 * 86_400_000, 2) }, { id: idAt(now - 16 * 86_400_000, 1) }];
    const { rest, calls } = fakeRest([recent, [{ id: idAt(now - 120_000) }, ...old]]);
    const replyTo = {
      kind: 'interaction',
      channelId: '5',
      interactionId: '999',
      applicationId: '6',
      token: 't',
    } as const;
    const out = await executeAction(
      rest,
      request({ kind: 'messages.purge', channelId: '5', count: 103 }, replyTo),
      direct,
      noRoles,
      words,
      () => now,
    );
    expect(out).toEqual({ ok: true, error: null, detail: { deleted: 101, skippedTooOld: 2, skippedPinned: 0 } });
    const gets = calls.filter((c) => c.method === 'GET');
    expect(String((gets[0]?.options as { query: URLSearchParams }).query)).toBe('limit=100&before=999');
    expect(String((gets[1]?.options as { query: URLSearchParams }).query)).toBe(`limit=3&before=${recent[99]?.id}`);
    const deletes = calls.filter((c) => c.method !== 'GET');
    expect(deletes.map((c) => c.route)).toEqual([
      '/channels/5/messages/bulk-delete',
      `/channels/5/messages/${idAt(now - 120_000)}`,
    ]);
  });
});

describe('audit-log reasons', () => {
  it('words a typed reason for the guild, and passes a legacy one through', async () => {
    const { rest, calls } = fakeRest();
    const typed = request({
      kind: 'role.add',
      userId: '2',
      roleId: '3',
      reason: '',
      audit: { code: 'levels.reward', level: 5 },
    });
    await executeAction(rest, typed, direct, noRoles, words);
    await executeAction(rest, request({ kind: 'member.kick', userId: '2', reason: 'Case #1' }), direct, noRoles, words);
    await executeAction(rest, request({ kind: 'member.kick', userId: '2', reason: '' }), direct, noRoles, words);
    expect(calls.map((c) => c.options)).toEqual([{ reason: `${guildId}:levels.reward` }, { reason: 'Case #1' }, {}]);
  });
});

describe('the privileged-role re-check of role.add', () => {
  const add = (refuseIfPrivileged?: boolean) =>
    request({
      kind: 'role.add',
      userId: '2',
      roleId: '3',
      reason: '',
      ...(refuseIfPrivileged !== undefined && { refuseIfPrivileged }),
    });
  const seeing =
    (permissions: bigint, position = 2, managed = false): RoleLookup =>
    async () => ({ role: { id: '3', permissions: String(permissions), managed, position }, botHighestRolePosition: 5 });

  it('adds an ordinary role after looking at it', async () => {
    const { rest, calls } = fakeRest();
    const out = await executeAction(rest, add(true), direct, seeing(PermissionFlagsBits.SendMessages), words);
    expect(out).toEqual({ ok: true, error: null, detail: {} });
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual([`PUT /guilds/${guildId}/members/2/roles/3`]);
  });

  it('reports a typed failure instead of adding a role that became privileged', async () => {
    const { rest, calls } = fakeRest();
    const dangerous = PermissionFlagsBits.BanMembers | PermissionFlagsBits.ManageGuild;
    const out = await executeAction(rest, add(true), direct, seeing(dangerous), words);
    expect(out).toMatchObject({
      ok: false,
      failure: { code: 'role.dangerous', permissions: ['ManageGuild', 'BanMembers'] },
      error: { status: 0, code: 0 },
    });
    expect(await executeAction(rest, add(true), direct, seeing(0n, 5), words)).toMatchObject({
      failure: { code: 'role.above_bot' },
    });
    expect(await executeAction(rest, add(true), direct, seeing(0n, 1, true), words)).toMatchObject({
      failure: { code: 'role.managed' },
    });
    const gone: RoleLookup = async () => ({ role: null, botHighestRolePosition: 5 });
    expect(await executeAction(rest, add(true), direct, gone, words)).toMatchObject({
      failure: { code: 'role.unknown' },
    });
    expect(calls).toEqual([]);
  });

  it("does not look when the action does not ask (a moderator's temporary role, an older core)", async () => {
    const { rest, calls } = fakeRest();
    expect(await executeAction(rest, add(), direct, noRoles, words)).toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
  });
});
