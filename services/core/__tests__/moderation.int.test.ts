import { envelope, type ActionCompleted, type ResultEvent } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { command, CoreHarness, ids, legacyIn, message } from './harness.ts';
import { memberNo, modCommand, people } from './moderation-fixtures.ts';

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

const { mod, owner, peer, member, admin } = people;
const logChannel = '100000000000000077';

function completed(actionId: string, ok: boolean, detail: Record<string, number> = {}): ActionCompleted {
  return envelope('gateway.action.completed', 1, {
    guildId: ids.guild,
    actionId,
    kind: 'test',
    ok,
    error: ok ? null : { status: 403, code: 50013, message: 'Missing Permissions' },
    detail,
  });
}

async function rejection(req: Parameters<CoreHarness['publish']>[0]) {
  await h.publish(req);
  return legacyIn(await h.resultOf(req, 'command.request.rejected'));
}

/** Publishes a command that opens a case with a Discord side and returns the requested action. */
async function requestAction(req: Parameters<CoreHarness['publish']>[0]) {
  await h.publish(req);
  return (await h.resultOf(req, 'discord.action.requested')).payload;
}

async function settled(actionId: string, ok: boolean, detail: Record<string, number> = {}) {
  const report = completed(actionId, ok, detail);
  await h.publish(report);
  return (await h.resultOf(report, 'moderation.case.recorded')).payload;
}

describe('moderation through core', () => {
  it('sets the mod-log channel, then a warn is case #1, recorded at once and posted there', async () => {
    const config = modCommand('modconfig', { channel: logChannel }, admin, [], { subcommand: 'logchannel' });
    await h.publish(config);
    expect((await h.resultOf(config, 'moderation.settings.updated')).payload.settings.logChannelId).toBe(logChannel);

    const req = modCommand('warn', { member: member.id, reason: 'be nice' }, mod, [member]);
    await h.publish(req);
    const r = (await h.resultOf(req, 'moderation.case.recorded')).payload;
    expect(r.logChannelId).toBe(logChannel);
    expect(r.replyTo).toEqual(req.payload.replyTo);
    expect(r.case).toMatchObject({
      number: 1,
      action: 'warn',
      target: { id: member.id, displayName: 'Member' },
      moderator: { id: mod.id, displayName: 'Mod' },
      reason: 'be nice',
      status: 'succeeded',
      automatic: false,
    });
  });

  it('a ban asks the bot, and the case records its report once', async () => {
    const target = memberNo(1);
    const req = modCommand('ban', { member: target.id, duration: '1d', delete_days: 2, reason: 'raid' }, mod, [target]);
    const action = await requestAction(req);
    expect(action.actionId).toMatch(/^mod:\d+$/);
    expect(action.action).toEqual({
      kind: 'member.ban',
      userId: target.id,
      deleteMessageSeconds: 2 * 86_400,
      reason: 'Case #2 by Mod: raid',
    });
    const r = await settled(action.actionId, true);
    expect(r.replyTo).toEqual(req.payload.replyTo);
    expect(r.case).toMatchObject({ number: 2, action: 'ban', status: 'succeeded', durationSeconds: 86_400 });
    expect(Date.parse(r.case.expiresAt ?? '') - Date.parse(r.case.createdAt)).toBe(86_400_000);

    // A repeated report changes nothing and says nothing.
    const again = completed(action.actionId, false);
    await h.publish(again);
    const marker = modCommand('case', { number: 2 }, mod);
    await h.publish(marker);
    expect((await h.resultOf(marker, 'moderation.case.shown')).payload.case.status).toBe('succeeded');
    expect(h.results.filter((x) => x.causationId === again.id)).toEqual([]);
  });

  it('records a failed action with Discord’s error, and purge counts from the bot', async () => {
    const target = memberNo(2);
    const kick = await requestAction(modCommand('kick', { member: target.id }, mod, [target]));
    const failed = await settled(kick.actionId, false);
    expect(failed.case).toMatchObject({ action: 'kick', status: 'failed' });
    expect(failed.case.error).toBe('Missing Permissions (HTTP 403, code 50013)');

    const purge = await requestAction(modCommand('purge', { count: 50 }, mod));
    expect(purge.action).toEqual({ kind: 'messages.purge', channelId: ids.channel, count: 50 });
    const done = await settled(purge.actionId, true, { deleted: 41, skippedTooOld: 9 });
    expect(done.case).toMatchObject({ action: 'purge', channelId: ids.channel, purgeCount: 50, target: null });
    expect(done.case.detail).toEqual({ deleted: 41, skippedTooOld: 9 });
  });

  it('times out with an until 28 days at most ahead', async () => {
    const target = memberNo(3);
    const action = await requestAction(modCommand('timeout', { member: target.id, duration: '1h30m' }, mod, [target]));
    if (action.action.kind !== 'member.timeout') throw new Error('expected a timeout');
    expect(Date.parse(action.action.until ?? '') - Date.now()).toBeGreaterThan(5_300_000);
    const tooLong = await rejection(modCommand('timeout', { member: target.id, duration: '29d' }, mod, [target]));
    expect(tooLong).toMatchObject({ code: 'invalid', message: 'That is too long: at most 4w.' });
    const bad = await rejection(modCommand('timeout', { member: target.id, duration: 'soon' }, mod, [target]));
    expect(bad.message).toMatch(/not a duration/);
  });

  it('refuses missing permission, hierarchy, self, owner, the bot and non-members, saying why', async () => {
    const cases: [Parameters<typeof modCommand>, string, string][] = [
      [
        ['ban', { member: member.id }, { ...peer, permissions: String(Permission.KickMembers) }, [member]],
        'forbidden',
        'You need the **Ban Members** permission to ban.',
      ],
      [
        ['kick', { member: peer.id }, mod, [peer]],
        'forbidden',
        "Peer's highest role is not below yours, so you cannot kick them.",
      ],
      [['warn', { member: mod.id, reason: 'x' }, mod, [mod]], 'invalid', 'You cannot warn yourself.'],
      [['ban', { member: owner.id }, admin, [owner]], 'forbidden', 'Nobody can ban the server owner.'],
      [
        [
          'timeout',
          { member: ids.bot, duration: '1m' },
          mod,
          [{ id: ids.bot, displayName: 'Guildhall', position: 10 }],
        ],
        'invalid',
        'Guildhall will not time out itself.',
      ],
      [
        [
          'kick',
          { member: admin.id },
          { ...owner, permissions: String(Permission.Administrator) },
          [{ ...admin, position: 12 }],
        ],
        'forbidden',
        "Admin's highest role is not below Guildhall's; move Guildhall's role above theirs first.",
      ],
      [
        [
          'kick',
          { member: '399999999999999999' },
          mod,
          [],
          { outsiders: [{ id: '399999999999999999', displayName: 'Gone', position: 0 }] },
        ],
        'not_found',
        'Gone is not a member of this server.',
      ],
      [
        ['warn', { member: member.id, reason: 'x' }, mod, [member], { omitRanks: true }],
        'forbidden',
        'Guildhall could not check role positions for this command; try again.',
      ],
    ];
    for (const [args, code, text] of cases) {
      expect(await rejection(modCommand(...args))).toMatchObject({ code, message: text });
    }
  });

  it('lists cases of a member and changes a reason', async () => {
    const list = modCommand('cases', { member: member.id }, mod, [member]);
    await h.publish(list);
    const listed = (await h.resultOf(list, 'moderation.cases.listed')).payload;
    expect(listed.total).toBe(1);
    expect(listed.cases.map((c) => c.number)).toEqual([1]);

    const change = modCommand('reason', { number: 1, text: 'be kind' }, mod);
    await h.publish(change);
    const updated = (await h.resultOf(change, 'moderation.reason.updated')).payload;
    expect(updated).toMatchObject({ previousReason: 'be nice', logChannelId: logChannel, case: { reason: 'be kind' } });

    expect(await rejection(modCommand('case', { number: 999 }, mod))).toMatchObject({ code: 'not_found' });
    const nosy = command('cases', null, { member: member.id }, { id: member.id });
    expect(await rejection(nosy)).toMatchObject({ code: 'forbidden' });
  });

  it('escalates the third warning within the window to a one-hour timeout', async () => {
    const target = memberNo(4);
    for (const n of [1, 2]) {
      const w = modCommand('warn', { member: target.id, reason: `w${n}` }, mod, [target]);
      await h.publish(w);
      expect((await h.resultsOf(w, 1)).map((r) => r.type)).toEqual(['moderation.case.recorded']);
    }
    const third = modCommand('warn', { member: target.id, reason: 'w3' }, mod, [target]);
    await h.publish(third);
    const results = await h.resultsOf(third, 2);
    const action = results.find((r) => r.type === 'discord.action.requested');
    if (action?.type !== 'discord.action.requested' || action.payload.action.kind !== 'member.timeout')
      throw new Error(`expected an escalation timeout, got ${JSON.stringify(results)}`);
    expect(action.payload.action.reason).toMatch(/by Guildhall: 3 warnings within 7 days/);
    const escalation = await settled(action.payload.actionId, true);
    expect(escalation.case).toMatchObject({ action: 'timeout', automatic: true, durationSeconds: 3_600 });
    expect(escalation.replyTo).toBeNull();
  });

  it('anti-spam: the message over the limit is deleted and opens one automatic case; too many mentions too', async () => {
    const config = modCommand('modconfig', { messages: 3, seconds: 30, mentions: 4, action: 'warn' }, admin, [], {
      subcommand: 'antispam',
    });
    await h.publish(config);
    expect((await h.resultOf(config, 'moderation.settings.updated')).payload.settings).toMatchObject({
      spamMessages: 3,
      spamSeconds: 30,
      spamMentions: 4,
      spamAction: 'warn',
    });
    const spammer = { id: '500000000000000001', displayName: 'Spammer' };
    const sent = [1, 2, 3, 4, 5].map((n) => message(`hello ${n}`, spammer));
    const [, , , fourth, fifth] = sent;
    if (!fourth || !fifth) throw new Error('five messages');
    for (const m of sent) await h.publish(m);
    const fourthResults = await h.resultsOf(fourth, 2);
    const deletion = fourthResults.find((r) => r.type === 'discord.action.requested');
    expect(deletion?.type === 'discord.action.requested' && deletion.payload).toMatchObject({
      actionId: `spam:${fourth.payload.messageId}`,
      action: { kind: 'message.delete', channelId: fourth.payload.channelId, messageId: fourth.payload.messageId },
      replyTo: null,
    });
    const warned = fourthResults.find((r) => r.type === 'moderation.case.recorded');
    expect(warned?.type === 'moderation.case.recorded' && warned.payload.case).toMatchObject({
      action: 'warn',
      automatic: true,
      reason: 'Anti-spam: more than 3 messages within 30 seconds',
    });
    const mentions = message(
      'hi all',
      { id: '500000000000000002' },
      {
        mentions: {
          users: ['1', '2', '3', '4', '5'].map((n) => ({ id: `60000000000000000${n}`, displayName: n, bot: false })),
          roleIds: [],
          everyone: false,
        },
      },
    );
    await h.publish(mentions);
    const mentionResults = await h.resultsOf(mentions, 2);
    expect(mentionResults.map((x) => x.type)).toContain('discord.action.requested');
    const r = mentionResults.find(
      (x): x is Extract<ResultEvent, { type: 'moderation.case.recorded' }> => x.type === 'moderation.case.recorded',
    );
    expect(r?.payload.case.reason).toBe('Anti-spam: 5 mentions in one message (limit 4)');
    // Only the fourth message crossed the limit; the fifth (applied by now) is in the same window and opens nothing.
    const applied = () =>
      h.db.selectFrom('inbox').select('event_id').where('event_id', '=', fifth.id).executeTakeFirst();
    for (let i = 0; i < 100 && !(await applied()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const spamCases = await h.db
      .selectFrom('mod_cases')
      .select('case_number')
      .where('target_id', '=', spammer.id)
      .execute();
    expect(spamCases).toHaveLength(1);
  });

  it('welcome: greets from the template and asks for the auto-role', async () => {
    const set = command(
      'welcome',
      'set',
      { channel: '100000000000000088', message: 'Hi {user}, welcome to {server}!' },
      admin,
    );
    await h.publish(set);
    expect((await h.resultOf(set, 'welcome.settings.updated')).payload.settings.template).toBe(
      'Hi {user}, welcome to {server}!',
    );
    const role = '700000000000000001';
    const auto = command(
      'welcome',
      'autorole',
      { role },
      { ...admin, permissions: String(Permission.Administrator) },
      {
        members: { [admin.id]: { highestRolePosition: 8 } },
        roles: { [role]: { position: 2, managed: false } },
        guildOwnerId: owner.id,
        botHighestRolePosition: 10,
      },
    );
    await h.publish(auto);
    expect((await h.resultOf(auto, 'welcome.settings.updated')).payload.settings.autoRoleId).toBe(role);
    const bad = command('welcome', 'set', { channel: '100000000000000088', message: 'Hi {name}' }, admin);
    expect(await rejection(bad)).toMatchObject({ code: 'invalid' });

    const joined = envelope('gateway.member.joined', 1, {
      guildId: ids.guild,
      user: { id: '800000000000000001', displayName: 'Newbie', bot: false },
      joinedAt: new Date().toISOString(),
    });
    await h.publish(joined);
    const results = await h.resultsOf(joined, 2);
    expect(results.map((r) => r.type).sort()).toEqual(['discord.action.requested', 'welcome.member.greeted']);
    const greeted = results.find((r) => r.type === 'welcome.member.greeted');
    expect(greeted?.payload).toMatchObject({
      channelId: '100000000000000088',
      template: 'Hi {user}, welcome to {server}!',
    });
  });
});
