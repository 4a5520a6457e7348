import { envelope, type ActionFailure, type CommandInvoked, type Refusal, type ResultEvent } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { levelForXp } from '../src/features/levels/formula.ts';
import { xpForMessage } from '../src/features/levels/xp.ts';
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

const admin = { id: '310000000000000009', displayName: 'Admin', permissions: String(1n << 5n) };
const erin = { id: '310000000000000001', displayName: 'Erin' };
const frank = { id: '310000000000000002', displayName: 'Frank' };
const roleLevel1 = '310000000000000501';
const roleLevel2 = '310000000000000502';
const announcements = '310000000000000700';
const modLog = '310000000000000701';
const banMembers = String(1n << 2n);

type RoleFacts = NonNullable<CommandInvoked['payload']['roles']>;
const role = (position: number, permissions = '0', managed = false) => ({ position, permissions, managed });
/** `/levels-config reward-set` as the bot sends it: the role's facts and the hierarchy (the admin owns the guild). */
function rewardSet(level: number, roleId: string, facts: RoleFacts = { [roleId]: role(2) }): CommandInvoked {
  return command('levels-config', 'reward-set', { level, role: roleId }, admin, {
    roles: facts,
    botHighestRolePosition: 10,
    guildOwnerId: admin.id,
  });
}

async function send(req: CommandInvoked): Promise<ResultEvent> {
  await h.publish(req);
  const [result] = await h.resultsOf(req);
  if (!result) throw new Error('no result');
  return result;
}

async function handled(request: { id: string }): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await h.db.selectFrom('inbox').select('event_id').where('event_id', '=', request.id).executeTakeFirst())) {
    if (Date.now() > deadline) throw new Error('request was not handled in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('levels through core', () => {
  it('lets only Manage Server configure, and validates', async () => {
    const denied = await send(command('levels-config', 'show', {}, erin));
    expect(refusalIn(denied)).toEqual({ code: 'permission.missing', permission: 'ManageGuild' });
    const inverted = await send(command('levels-config', 'xp', { min: 50, max: 10 }, admin));
    expect(refusalIn(inverted)).toEqual({ code: 'levels.xp.range', min: 50, max: 10 });
    // Against the current maximum (25 by default).
    const aboveMax = await send(command('levels-config', 'xp', { min: 30 }, admin));
    expect(refusalIn(aboveMax)).toEqual({ code: 'levels.xp.range', min: 30, max: 25 });
    const nothing = await send(command('levels-config', 'xp', {}, admin));
    expect(refusalIn(nothing)).toEqual({ code: 'levels.xp.nothing' });
    const outOfRange = await send(command('levels-config', 'xp', { max: 5000 }, admin));
    expect(refusalIn(outOfRange)).toMatchObject({ code: 'option.invalid', option: 'max' });
    const bot = await send(
      command('rank', null, { member: ids.bot }, erin, {
        users: { [ids.bot]: { id: ids.bot, displayName: 'Bot', bot: true } },
      }),
    );
    expect(refusalIn(bot)).toEqual({ code: 'levels.member.bot' });

    await send(rewardSet(1, roleLevel1));
    await send(rewardSet(2, roleLevel2));
    const xp = await send(command('levels-config', 'xp', { min: 200, max: 200, cooldown: 3600 }, admin));
    expect(xp).toMatchObject({
      type: 'levels.settings.updated',
      payload: {
        changed: ['xpRange', 'cooldownSeconds'],
        settings: {
          xpMin: 200,
          xpMax: 200,
          cooldownSeconds: 3600,
          announce: true,
          announceChannelId: null,
          rewards: [
            { level: 1, roleId: roleLevel1 },
            { level: 2, roleId: roleLevel2 },
          ],
        },
      },
    });
  });

  it('awards XP once per cooldown, announces the level-up and requests the role reward', async () => {
    const first = message('hi all', erin);
    await h.publish(first);
    const results = await h.resultsOf(first, 2);
    const action = results.find((r) => r.type === 'discord.action.requested');
    expect(action?.payload).toMatchObject({
      actionId: `levels:${erin.id}:1:${roleLevel1}`,
      action: {
        kind: 'role.add',
        userId: erin.id,
        roleId: roleLevel1,
        audit: { code: 'levels.reward', level: 1 },
        refuseIfPrivileged: true,
      },
    });
    const reached = results.find((r) => r.type === 'levels.level.reached');
    expect(reached?.payload).toEqual({
      guildId: ids.guild,
      member: { id: erin.id, displayName: 'Erin' },
      previousLevel: 0,
      level: 1,
      xp: 200,
      announceTo: { kind: 'message', channelId: ids.channel, messageId: first.payload.messageId },
      rolesAwarded: [roleLevel1],
    });

    const second = message('still here', erin);
    await h.publish(second);
    await handled(second);
    expect(h.results.filter((r) => r.causationId === second.id)).toEqual([]);

    const rank = await send(command('rank', null, {}, erin));
    expect(rank).toMatchObject({
      type: 'levels.rank.shown',
      payload: { rank: 1, standing: { xp: 200, level: 1, xpIntoLevel: 100, xpForNextLevel: 155 } },
    });
  });

  it('announces in the configured channel, skips rewards already held, and ranks', async () => {
    const on = await send(command('levels-config', 'announce', { enabled: true, channel: announcements }, admin));
    expect(on).toMatchObject({ payload: { settings: { announce: true, announceChannelId: announcements } } });
    await send(command('levels-config', 'xp', { min: 10, max: 300, cooldown: 0 }, admin));

    // Frank already holds the level 1 role; messages (each paid, cooldown 0) take him past level 2.
    let total = 0;
    const requested: string[] = [];
    for (let i = 0; total < 255; i++) {
      const req = message(`message ${i}`, frank);
      req.payload.author.roleIds = [roleLevel1];
      const before = levelForXp(total);
      total += xpForMessage(req.id, 10, 300);
      await h.publish(req);
      await handled(req);
      if (levelForXp(total) === before) {
        expect(h.results.filter((r) => r.causationId === req.id)).toEqual([]);
        continue;
      }
      const isLevelUp = (r: ResultEvent) => r.causationId === req.id && r.type === 'levels.level.reached';
      await h.waitFor((rs) => rs.some(isLevelUp));
      const reached = h.results.find(isLevelUp);
      if (reached?.type !== 'levels.level.reached') throw new Error('no level-up');
      expect(reached.payload).toMatchObject({
        previousLevel: before,
        level: levelForXp(total),
        xp: total,
        announceTo: { kind: 'channel', channelId: announcements },
      });
      requested.push(...reached.payload.rolesAwarded);
    }
    expect(requested).toEqual([roleLevel2]);

    const board = await send(command('levels', null, { count: 5 }, erin));
    expect(board.type).toBe('levels.leaderboard.listed');
    if (board.type === 'levels.leaderboard.listed') {
      expect(board.payload.entries.map((e) => [e.rank, e.member.displayName, e.xp])).toEqual([
        [1, 'Frank', total],
        [2, 'Erin', 200],
      ]);
    }
    const off = await send(command('levels-config', 'announce', { enabled: false }, admin));
    expect(off).toMatchObject({ payload: { settings: { announce: false, announceChannelId: null } } });
    const removed = await send(command('levels-config', 'reward-remove', { level: 7 }, admin));
    expect(refusalIn(removed)).toEqual({ code: 'levels.reward.not_found', level: 7 });
  });

  it('refuses a privileged role as a reward, saying why', async () => {
    const mods = '310000000000000503';
    const cases: [CommandInvoked, Refusal][] = [
      [rewardSet(3, mods, { [mods]: role(4, banMembers) }), { code: 'role.dangerous', permissions: ['BanMembers'] }],
      [rewardSet(3, mods, { [mods]: role(2, '0', true) }), { code: 'role.managed' }],
      [rewardSet(3, mods, { [mods]: role(10) }), { code: 'role.above_bot' }],
      [rewardSet(3, ids.guild), { code: 'role.everyone' }],
      [command('levels-config', 'reward-set', { level: 3, role: mods }, admin), { code: 'role.unknown' }],
    ];
    for (const [req, refusal] of cases) expect(refusalIn(await send(req))).toEqual(refusal);
    const shown = await send(command('levels-config', 'show', {}, admin));
    expect(shown).toMatchObject({ payload: { changed: [], settings: { rewards: [{ level: 1 }, { level: 2 }] } } });
  });

  it('tells the mod log why a reward role was not given (the bot re-checked it)', async () => {
    await h.db.insertInto('mod_settings').values({ guild_id: ids.guild, log_channel_id: modLog }).execute();
    const failure: ActionFailure = { code: 'role.dangerous', permissions: ['Administrator'] };
    const declined = envelope('gateway.action.completed', 1, {
      guildId: ids.guild,
      actionId: `levels:${erin.id}:2:${roleLevel2}`,
      kind: 'role.add',
      ok: false,
      error: { status: 0, code: 0, message: 'declined: role.dangerous' },
      failure,
      detail: {},
    });
    await h.publish(declined);
    const failed = await h.resultOf(declined, 'levels.reward.failed');
    expect(failed.payload).toEqual({
      guildId: ids.guild,
      memberId: erin.id,
      level: 2,
      roleId: roleLevel2,
      failure,
      logChannelId: modLog,
    });
    // A success, and an outcome in the format before this one, need nobody's attention.
    const quiet = [
      { ...declined.payload, actionId: `levels:${erin.id}:1:${roleLevel1}`, ok: true, error: null },
      { ...declined.payload, actionId: `levels:${declined.id}:2` },
    ].map((payload) => envelope('gateway.action.completed', 1, payload));
    for (const event of quiet) {
      await h.publish(event);
      await handled(event);
      expect(h.results.filter((r) => r.causationId === event.id)).toEqual([]);
    }
  });
});
