import { envelope, type ModCase } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { MaxContentLength, NoPings } from '../src/render/format.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import { renderCaseRecorded, renderCasesListed } from '../src/render/moderation.ts';
import { renderReminderDelivered } from '../src/render/reminders.ts';
import { renderBirthdayAnnounced } from '../src/render/birthdays.ts';
import { renderMemberGreeted } from '../src/render/welcome.ts';

const guildId = '100000000000000001';
const channelId = '100000000000000002';
const logChannelId = '100000000000000007';
const alice = { id: '200000000000000001', displayName: 'Alice' };
const bob = { id: '200000000000000002', displayName: 'Bob @everyone' };
const mod = { id: '200000000000000003', displayName: 'Mod' };
const interactionTarget = {
  kind: 'interaction',
  channelId,
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const cache: RenderContext = {
  guild: () => ({ name: 'Guildhall Playground', memberCount: 1234 }),
  now: () => new Date(),
};
const at = '2026-01-01T00:00:00.000Z';
const en = { text: textFor('en'), now: new Date(at) };

function modCase(over: Partial<ModCase> = {}): ModCase {
  return {
    number: 7,
    action: 'ban',
    target: bob,
    channelId: null,
    moderator: mod,
    automatic: false,
    reason: 'spam **links** @everyone',
    durationSeconds: 86_400,
    expiresAt: '2026-01-02T00:00:00.000Z',
    endedAt: null,
    deleteMessageDays: 1,
    purgeCount: null,
    status: 'succeeded',
    error: null,
    detail: {},
    createdAt: at,
    ...over,
  };
}

describe('moderation', () => {
  it('shows a case with number, action, target, moderator, reason (escaped), duration and outcome', () => {
    const out = renderCaseRecorded({ case: modCase() });
    expect(out.content).toContain('**Case #7** · Ban · <@200000000000000002>');
    expect(out.content).toContain('Moderator: <@200000000000000003>');
    expect(out.content).toContain('Reason: spam \\*\\*links\\*\\* @everyone');
    expect(out.content).toContain('Duration: 24 hours');
    expect(out.content).toContain('Outcome: done');
    expect(out.allowed_mentions).toEqual(NoPings);
  });

  it('gives Discord’s error when the action failed', () => {
    const out = renderCaseRecorded({ case: modCase({ status: 'failed', error: 'Missing Permissions' }) });
    expect(out.content).toContain('Outcome: **failed**: Missing Permissions');
  });

  it('says how many messages a purge deleted and how many were too old', () => {
    const out = renderCaseRecorded({
      case: modCase({
        action: 'purge',
        target: null,
        channelId,
        durationSeconds: null,
        expiresAt: null,
        purgeCount: 50,
        detail: { deleted: 42, skippedTooOld: 8 },
      }),
    });
    expect(out.content).toContain('Purge · <#100000000000000002>');
    expect(out.content).toContain('42 messages deleted, 8 skipped as older than 14 days');
  });

  it('fits ten long cases in 2000 characters', () => {
    const cases = Array.from({ length: 10 }, (_, i) => modCase({ number: i + 1, reason: 'r'.repeat(512) }));
    const out = renderCasesListed({ guildId, replyTo: interactionTarget, target: bob, total: 40, cases });
    expect(out.content?.length).toBeLessThanOrEqual(MaxContentLength);
  });
});

describe('pings where the ping is the point', () => {
  it('a reminder pings its owner and nobody else', () => {
    const out = renderReminderDelivered(
      {
        guildId,
        userId: alice.id,
        reminder: { id: '12', channelId, text: 'call <@200000000000000002> @everyone', dueAt: at, createdAt: at },
      },
      en,
    );
    expect(out.content).toMatch(/^⏰ <@200000000000000001>, you asked me to remind you: call <@200000000000000002>/);
    expect(out.allowed_mentions).toEqual({ parse: [], replied_user: false, users: [alice.id] });
  });

  it('a welcome fills {user}, {server} and {count} and pings only the new member', () => {
    const out = renderMemberGreeted(
      {
        guildId,
        channelId,
        user: { ...alice, bot: false },
        template: 'Hi {user}, welcome to {server}! Member #{count}. @everyone <@&300000000000000001>',
      },
      { name: 'Guildhall Playground', memberCount: 1234 },
    );
    expect(out.content).toBe(
      'Hi <@200000000000000001>, welcome to Guildhall Playground! Member #1,234. @everyone <@&300000000000000001>',
    );
    expect(out.allowed_mentions).toEqual({ parse: [], replied_user: false, users: [alice.id] });
  });

  it('a birthday pings only the birthday member', () => {
    const out = renderBirthdayAnnounced({ guildId, channelId, user: alice, month: 3, day: 14 }, en);
    expect(out.allowed_mentions).toEqual({ parse: [], replied_user: false, users: [alice.id] });
  });
});

describe('renderResult destinations', () => {
  it('answers the moderator and posts to the mod log, as two outputs', () => {
    const event = envelope('moderation.case.recorded', 1, {
      guildId,
      replyTo: interactionTarget,
      logChannelId,
      case: modCase(),
    });
    const outs = renderResult(event, cache);
    expect(outs.map((o) => o.to)).toEqual([
      { kind: 'reply', target: interactionTarget },
      { kind: 'channel', channelId: logChannelId, tag: 'modlog' },
    ]);
  });

  it('posts an automatic case only to the mod log, and nothing without one', () => {
    const auto = envelope('moderation.case.recorded', 1, {
      guildId,
      replyTo: null,
      logChannelId,
      case: modCase({ automatic: true }),
    });
    expect(renderResult(auto, cache).map((o) => o.to.kind)).toEqual(['channel']);
    const nowhere = envelope('moderation.case.recorded', 1, { ...auto.payload, logChannelId: null });
    expect(renderResult(nowhere, cache)).toEqual([]);
  });

  it('greets in the welcome channel with the server facts from the cache', () => {
    const event = envelope('welcome.member.greeted', 1, {
      guildId,
      channelId,
      user: { ...alice, bot: false },
      template: '{user} is #{count} in {server}',
    });
    const [out] = renderResult(event, cache);
    expect(out?.to).toEqual({ kind: 'channel', channelId, tag: 'welcome' });
    expect(out?.message.content).toBe('<@200000000000000001> is #1,234 in Guildhall Playground');
  });

  it('announces a level-up in its channel, in reply to the message, or not at all', () => {
    const base = { guildId, member: alice, previousLevel: 1, level: 2, xp: 300, rolesAwarded: [] };
    const inChannel = envelope('levels.level.reached', 1, {
      ...base,
      announceTo: { kind: 'channel' as const, channelId },
    });
    expect(renderResult(inChannel, cache)[0]?.to).toEqual({ kind: 'channel', channelId, tag: 'levelup' });
    const target = { kind: 'message', channelId, messageId: '100000000000000008' } as const;
    const inReply = envelope('levels.level.reached', 1, { ...base, announceTo: target });
    expect(renderResult(inReply, cache)[0]?.to).toEqual({ kind: 'reply', target });
    expect(renderResult(envelope('levels.level.reached', 1, { ...base, announceTo: null }), cache)).toEqual([]);
  });

  it('posts a due reminder in the reminder’s channel', () => {
    const event = envelope('reminder.entry.delivered', 1, {
      guildId,
      userId: alice.id,
      reminder: { id: '1', channelId, text: 'tea', dueAt: at, createdAt: at },
    });
    expect(renderResult(event, cache)[0]?.to).toEqual({ kind: 'channel', channelId, tag: 'reminder' });
  });
});
