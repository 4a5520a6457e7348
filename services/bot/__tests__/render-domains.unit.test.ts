import { envelope } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import { renderReminderDelivered } from '../src/render/reminders.ts';
import { renderBirthdayAnnounced } from '../src/render/birthdays.ts';

const guildId = '100000000000000001';
const channelId = '100000000000000002';
const alice = { id: '200000000000000001', displayName: 'Alice' };
const cache: RenderContext = {
  guild: () => ({ name: 'Guildhall Playground', memberCount: 1234 }),
  now: () => new Date(),
};
const at = '2026-01-01T00:00:00.000Z';
const en = { text: textFor('en'), now: new Date(at) };

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

  it('a birthday pings only the birthday member', () => {
    const out = renderBirthdayAnnounced({ guildId, channelId, user: alice, month: 3, day: 14 }, en);
    expect(out.allowed_mentions).toEqual({ parse: [], replied_user: false, users: [alice.id] });
  });
});

describe('renderResult destinations', () => {
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
