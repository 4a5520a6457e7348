import { envelope, type ActionCompleted, type RequestEvent, type ResultEvent } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { command, CoreHarness, ids, message, refusalIn } from './harness.ts';
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

function completed(
  actionId: string,
  ok: boolean,
  extra: Partial<Pick<ActionCompleted['payload'], 'detail' | 'failure' | 'error'>> = {},
): ActionCompleted {
  return envelope('gateway.action.completed', 1, {
    guildId: ids.guild,
    actionId,
    kind: 'test',
    ok,
    error: ok ? null : { status: 403, code: 50013, message: 'Missing Permissions' },
    detail: {},
    ...extra,
  });
}

async function rejection(req: RequestEvent) {
  await h.publish(req);
  return refusalIn(await h.resultOf(req, 'command.request.rejected'));
}

/** Publishes a command that opens a case with a Discord side and returns the requested action. */
async function requestAction(req: RequestEvent) {
  await h.publish(req);
  return (await h.resultOf(req, 'discord.action.requested')).payload;
}

async function settled(report: ActionCompleted) {
  await h.publish(report);
  return (await h.resultOf(report, 'moderation.case.recorded')).payload;
}

/** The cases stored for a member, oldest first, with the columns that hold codes. */
function storedCases(targetId: string) {
  return h.db
    .selectFrom('mod_cases')
    .select(['case_number', 'action', 'automatic', 'reason', 'reason_code', 'reason_params', 'failure'])
    .where('target_id', '=', targetId)
    .orderBy('case_number')
    .execute();
}

/** The page of cases a /cases request listed (v2, the version core emits). */
async function casesListed(req: RequestEvent) {
  await h.publish(req);
  const listed = await h.resultOf(req, 'moderation.cases.listed');
  if (listed.version !== 2) throw new Error(`expected moderation.cases.listed v2, got v${listed.version}`);
  return listed.payload;
}

const caseCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('mod_cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('moderation through core', () => {
  it('sets the mod-log channel, then a warn is case #1, recorded at once and posted there', async () => {
    const config = modCommand('modconfig', { channel: logChannel }, admin, [], { subcommand: 'logchannel' });
    await h.publish(config);
    expect((await h.resultOf(config, 'moderation.settings.updated')).payload.settings.logChannelId).toBe(logChannel);

    const req = modCommand('warn', { member: member.id, reason: ' be nice ' }, mod, [member]);
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
    expect(r.case.reasonCode).toBeUndefined();
  });

  it('a ban asks the bot with a typed audit reason, and the case records its report once', async () => {
    const target = memberNo(1);
    const req = modCommand('ban', { member: target.id, duration: '1d', delete_days: 2, reason: 'raid' }, mod, [target]);
    const action = await requestAction(req);
    expect(action.actionId).toMatch(/^mod:\d+$/);
    expect(action.action).toEqual({
      kind: 'member.ban',
      userId: target.id,
      deleteMessageSeconds: 2 * 86_400,
      reason: '',
      audit: { code: 'moderation.case', number: 2, moderator: 'Mod', reason: 'raid' },
    });
    const r = await settled(completed(action.actionId, true));
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

  it('records why an action failed as a code: the bot’s, or Discord’s status and code from an older bot', async () => {
    const first = memberNo(2);
    const kick = await requestAction(modCommand('kick', { member: first.id }, mod, [first]));
    const coded = await settled(
      completed(kick.actionId, false, { failure: { code: 'discord.rejected', status: 403, discordCode: 50013 } }),
    );
    expect(coded.case).toMatchObject({
      action: 'kick',
      status: 'failed',
      failure: { code: 'discord.rejected', status: 403, discordCode: 50013 },
      error: 'Missing Permissions',
    });

    const second = memberNo(5);
    const again = await requestAction(modCommand('kick', { member: second.id }, mod, [second]));
    const old = await settled(
      completed(again.actionId, false, { error: { status: 404, code: 10007, message: 'Unknown Member' } }),
    );
    expect(old.case.failure).toEqual({ code: 'discord.rejected', status: 404, discordCode: 10007 });
    expect(JSON.parse((await storedCases(second.id))[0]?.failure ?? 'null')).toEqual(old.case.failure);
  });

  it('a purge deletes the messages before the command, and the case keeps what the bot counted', async () => {
    const req = modCommand('purge', { count: 50 }, mod);
    const purge = await requestAction(req);
    // The command's interaction id bounds the purge: neither its answer nor later messages are older than it.
    expect(purge.action).toEqual({
      kind: 'messages.purge',
      channelId: ids.channel,
      count: 50,
      before: req.payload.replyTo.kind === 'interaction' ? req.payload.replyTo.interactionId : undefined,
    });
    const done = await settled(
      completed(purge.actionId, true, { detail: { deleted: 40, skippedTooOld: 9, skippedPinned: 1 } }),
    );
    expect(done.case).toMatchObject({ action: 'purge', channelId: ids.channel, purgeCount: 50, target: null });
    expect(done.case.detail).toEqual({ deleted: 40, skippedTooOld: 9, skippedPinned: 1 });
    expect(done.replyTo).toEqual(req.payload.replyTo);
  });

  it('times out with an until 28 days at most ahead; durations are refused with their bounds', async () => {
    const target = memberNo(3);
    const action = await requestAction(modCommand('timeout', { member: target.id, duration: '1h30m' }, mod, [target]));
    if (action.action.kind !== 'member.timeout') throw new Error('expected a timeout');
    expect(Date.parse(action.action.until ?? '') - Date.now()).toBeGreaterThan(5_300_000);
    expect(await rejection(modCommand('timeout', { member: target.id, duration: '29d' }, mod, [target]))).toEqual({
      code: 'duration.too_long',
      option: 'duration',
      maxSeconds: 28 * 86_400,
    });
    expect(await rejection(modCommand('timeout', { member: target.id, duration: 'soon' }, mod, [target]))).toEqual({
      code: 'duration.invalid',
      option: 'duration',
      input: 'soon',
    });
    expect(await rejection(modCommand('ban', { member: target.id, duration: '2y' }, mod, [target]))).toMatchObject({
      code: 'duration.invalid',
    });
  });

  it('refuses missing permission, hierarchy, self, owner, the bot and non-members with codes', async () => {
    const gone = { id: '399999999999999999', displayName: 'Gone', position: 0 };
    const cases: [Parameters<typeof modCommand>, object][] = [
      [
        ['ban', { member: member.id }, { ...peer, permissions: String(Permission.KickMembers) }, [member]],
        { code: 'permission.missing', permission: 'BanMembers' },
      ],
      [
        ['kick', { member: peer.id }, mod, [peer]],
        { code: 'moderation.target.above_you', action: 'kick', userId: peer.id },
      ],
      [['warn', { member: mod.id, reason: 'x' }, mod, [mod]], { code: 'moderation.target.self', action: 'warn' }],
      [['ban', { member: owner.id }, admin, [owner]], { code: 'moderation.target.owner', action: 'ban' }],
      [
        [
          'timeout',
          { member: ids.bot, duration: '1m' },
          mod,
          [{ id: ids.bot, displayName: 'Guildhall', position: 10 }],
        ],
        { code: 'moderation.target.bot', action: 'timeout' },
      ],
      [
        [
          'kick',
          { member: admin.id },
          { ...owner, permissions: String(Permission.Administrator) },
          [{ ...admin, position: 12 }],
        ],
        { code: 'moderation.target.above_bot', action: 'kick', userId: admin.id },
      ],
      [
        ['kick', { member: gone.id }, mod, [], { outsiders: [gone] }],
        { code: 'moderation.target.not_member', action: 'kick', userId: gone.id },
      ],
      [
        ['warn', { member: member.id, reason: 'x' }, mod, [member], { omitRanks: true }],
        { code: 'moderation.ranks.unverifiable' },
      ],
      [['warn', { member: member.id, reason: '   ' }, mod, [member]], { code: 'moderation.reason.required' }],
      [
        ['warn', { member: member.id }, mod, [member]],
        { code: 'option.invalid', option: 'reason', problem: { kind: 'missing' } },
      ],
    ];
    const before = await caseCount();
    for (const [args, refusal] of cases) expect(await rejection(modCommand(...args))).toEqual(refusal);
    expect(await caseCount()).toBe(before);
  });

  it('lists a member’s cases, changes a reason, and refuses unknown cases and non-moderators', async () => {
    const listed = await casesListed(modCommand('cases', { member: member.id }, mod, [member]));
    expect(listed).toMatchObject({ target: { id: member.id, displayName: 'Member' }, total: 1, nextBefore: null });
    expect(listed.cases.map((c) => c.number)).toEqual([1]);

    const change = modCommand('reason', { number: 1, text: 'be kind' }, mod);
    await h.publish(change);
    const updated = (await h.resultOf(change, 'moderation.reason.updated')).payload;
    expect(updated).toMatchObject({ previousReason: 'be nice', logChannelId: logChannel, case: { reason: 'be kind' } });

    expect(await rejection(modCommand('case', { number: 999 }, mod))).toEqual({
      code: 'moderation.case.not_found',
      number: 999,
    });
    const nosy = command('cases', null, { member: member.id }, { id: member.id });
    expect(await rejection(nosy)).toEqual({
      code: 'moderation.moderator_only',
      anyOf: ['ModerateMembers', 'KickMembers', 'BanMembers', 'ManageMessages'],
    });
  });

  it('escalates the third warning within the window to a one-hour timeout, with the reason as a code', async () => {
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
    const warned = results.find((r) => r.type === 'moderation.case.recorded');
    const lastCase = warned?.type === 'moderation.case.recorded' ? warned.payload.case.number : -1;
    const why = { code: 'moderation.escalation', warns: 3, days: 7, lastCase };
    expect(action.payload.action).toMatchObject({
      reason: '',
      audit: { code: 'moderation.case.automatic', number: lastCase + 1, reason: why },
    });
    const escalation = await settled(completed(action.payload.actionId, true));
    expect(escalation.case).toMatchObject({
      action: 'timeout',
      automatic: true,
      durationSeconds: 3_600,
      reason: '',
      reasonCode: why,
      moderator: { id: ids.bot },
    });
    expect(escalation.replyTo).toBeNull();
    // Stored as a code and its numbers, not as a sentence.
    const stored = (await storedCases(target.id)).at(-1);
    expect(stored).toMatchObject({ action: 'timeout', automatic: 1, reason: '', reason_code: 'moderation.escalation' });
    expect(JSON.parse(stored?.reason_params ?? '{}')).toEqual({ warns: 3, days: 7, lastCase });
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
    const tooMany = { code: 'moderation.antispam.messages', messages: 3, seconds: 30 };
    const deletion = fourthResults.find((r) => r.type === 'discord.action.requested');
    expect(deletion?.type === 'discord.action.requested' && deletion.payload).toMatchObject({
      actionId: `spam:${fourth.payload.messageId}`,
      action: {
        kind: 'message.delete',
        channelId: fourth.payload.channelId,
        messageId: fourth.payload.messageId,
        reason: '',
        audit: { code: 'moderation.antispam.deleted', reason: tooMany },
      },
      replyTo: null,
    });
    const warned = fourthResults.find((r) => r.type === 'moderation.case.recorded');
    expect(warned?.type === 'moderation.case.recorded' && warned.payload.case).toMatchObject({
      action: 'warn',
      automatic: true,
      reason: '',
      reasonCode: tooMany,
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
    expect(r?.payload.case.reasonCode).toEqual({ code: 'moderation.antispam.mentions', mentions: 5, limit: 4 });
    // Only the fourth message crossed the limit; the fifth is in the same window and opens nothing once applied.
    await expect
      .poll(() => h.db.selectFrom('inbox').select('event_id').where('event_id', '=', fifth.id).executeTakeFirst())
      .toBeDefined();
    expect(await storedCases(spammer.id)).toHaveLength(1);
  });
});

describe('/unban', () => {
  const banned = { id: '700000000000000001', displayName: 'Banned', bot: false };

  it('unbans the user the bot found in the ban list', async () => {
    const req = modCommand('unban', { user: 'Banned', reason: 'served' }, mod, [], {
      payload: { banned: { user: banned } },
    });
    const action = await requestAction(req);
    expect(action.action).toMatchObject({ kind: 'member.unban', userId: banned.id, audit: { reason: 'served' } });
    const r = await settled(completed(action.actionId, true));
    expect(r.case).toMatchObject({
      action: 'unban',
      target: { id: banned.id, displayName: 'Banned' },
      reason: 'served',
    });
  });

  it('refuses someone not in the ban list, or a ban list the bot could not read, without opening a case', async () => {
    const before = await caseCount();
    const notBanned = modCommand('unban', { user: '@alice' }, mod, [], { payload: { banned: { user: null } } });
    expect(await rejection(notBanned)).toEqual({ code: 'moderation.unban.not_banned', input: '@alice' });
    const unread = modCommand('unban', { user: '1234' }, mod);
    expect(await rejection(unread)).toEqual({ code: 'moderation.bans.unverifiable' });
    expect(await caseCount()).toBe(before);
  });
});

describe('/cases without a member', () => {
  it('lists the guild’s latest cases newest first, a page at a time, with the way to the next page', async () => {
    const total = await caseCount();
    const page = await casesListed(modCommand('cases', {}, mod));
    expect(page).toMatchObject({ target: null, total });
    expect(page.cases.map((c) => c.number)).toEqual(Array.from({ length: 10 }, (_, i) => total - i));
    expect(page.nextBefore).toBe(total - 9);

    const pages = [page.cases.map((c) => c.number)];
    for (let before = page.nextBefore; before !== null;) {
      const listed = await casesListed(modCommand('cases', { before }, mod));
      pages.push(listed.cases.map((c) => c.number));
      before = listed.nextBefore;
    }
    // Every case once, in order, and the last page says there is no other.
    expect(pages.flat()).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(pages.at(-1)?.length).toBeLessThanOrEqual(10);
  });
});
