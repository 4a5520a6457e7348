import type { KarmaSubject } from '@guildhall/events';
import { envelope } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { renderCommandRejected } from '../src/render/command-rejected.ts';
import { duration, MaxContentLength, NoPings } from '../src/render/format.ts';
import { renderResult } from '../src/render/index.ts';
import { renderKarmaAnnounceUpdated } from '../src/render/karma-announce.ts';
import { renderKarmaHistoryListed } from '../src/render/karma-history.ts';
import { renderKarmaLeaderboardListed } from '../src/render/karma-leaderboard.ts';
import { renderKarmaPointsChanged } from '../src/render/karma-points.ts';
import { renderKarmaChangeReverted } from '../src/render/karma-revert.ts';
import { renderKarmaTotalsListed } from '../src/render/karma-totals.ts';

const guildId = '100000000000000001';
const messageTarget = { kind: 'message', channelId: '100000000000000002', messageId: '100000000000000003' } as const;
const interactionTarget = {
  kind: 'interaction',
  channelId: '100000000000000002',
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const noCache = { guild: () => undefined };
const name = (display: string): KarmaSubject => ({ kind: 'name', key: display.toLowerCase(), display });
const member = (id: string): KarmaSubject => ({ kind: 'member', key: id, display: 'Bob' });

const points = (over: Partial<Parameters<typeof renderKarmaPointsChanged>[0]> = {}) =>
  renderKarmaPointsChanged({
    guildId,
    giverId: '200000000000000001',
    replyTo: messageTarget,
    announce: true,
    changes: [],
    refused: [],
    cooldownSeconds: 60,
    ...over,
  });

describe('karma.points.changed', () => {
  it('lists each change with the new total; members as mentions that ping no one', () => {
    const out = points({
      changes: [
        { subject: name('pizza'), delta: 1, total: 3 },
        { subject: member('200000000000000002'), delta: -1, total: -2 },
      ],
    });
    expect(out).toEqual({ content: '**pizza** +1 → 3\n<@200000000000000002> -1 → -2', allowed_mentions: NoPings });
    expect(out?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('explains refusals briefly: self, cooldown with its length, too many subjects', () => {
    const out = points({
      changes: [{ subject: name('tea'), delta: 1, total: 1 }],
      refused: [
        { subject: name('alice'), reason: 'self' },
        { subject: name('coffee'), reason: 'cooldown' },
        { subject: name('a6'), reason: 'too_many_subjects' },
        { subject: name('a7'), reason: 'too_many_subjects' },
      ],
      cooldownSeconds: 90,
    });
    expect(out?.content).toBe(
      [
        '**tea** +1 → 1',
        "You can't change your own karma.",
        'Too soon for **coffee**: you can change each once every 90 seconds.',
        'Too many names in one message; skipped **a6**, **a7**.',
      ].join('\n'),
    );
  });

  it('says nothing when announcements are off or there is nothing to say', () => {
    expect(points({ announce: false, changes: [{ subject: name('x'), delta: 1, total: 1 }] })).toBeNull();
    expect(points()).toBeNull();
  });

  it('escapes markdown in names so a name cannot restyle the reply', () => {
    expect(points({ changes: [{ subject: name('**bold**_x_'), delta: 1, total: 1 }] })?.content).toBe(
      '**\\*\\*bold\\*\\*\\_x\\_** +1 → 1',
    );
  });
});

describe('karma.leaderboard.listed', () => {
  it('is numbered and ranked under a title', () => {
    const out = renderKarmaLeaderboardListed({
      guildId,
      replyTo: interactionTarget,
      direction: 'top',
      entries: [
        { rank: 1, subject: name('pizza'), total: 5 },
        { rank: 2, subject: member('200000000000000002'), total: 3 },
      ],
    });
    expect(out.content).toBe('**Highest karma**\n1. **pizza**: 5\n2. <@200000000000000002>: 3');
    expect(out.allowed_mentions).toEqual(NoPings);
  });

  it('fits 2000 characters whatever the names', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      rank: i + 1,
      subject: name(`${'long name '.repeat(25)}${i}`),
      total: 1000 - i,
    }));
    const out = renderKarmaLeaderboardListed({ guildId, replyTo: interactionTarget, direction: 'bottom', entries });
    expect(out.content.length).toBeLessThanOrEqual(MaxContentLength);
    expect(out.content.startsWith('**Lowest karma**\n1. ')).toBe(true);
    expect(out.content).toMatch(/…and \d+ more$/);
  });

  it('says so when the board is empty', () => {
    const out = renderKarmaLeaderboardListed({ guildId, replyTo: interactionTarget, direction: 'top', entries: [] });
    expect(out.content).toContain('Nobody has karma yet');
  });
});

describe('the other karma results', () => {
  it('totals: one line per subject', () => {
    const out = renderKarmaTotalsListed({
      guildId,
      replyTo: interactionTarget,
      entries: [
        { subject: name('pizza'), total: 3 },
        { subject: name('unknown'), total: 0 },
      ],
    });
    expect(out.content).toBe('**pizza**: 3\n**unknown**: 0');
  });

  it('announce on and off', () => {
    expect(renderKarmaAnnounceUpdated({ guildId, replyTo: interactionTarget, enabled: true }).content).toContain(
      '**on**',
    );
    expect(renderKarmaAnnounceUpdated({ guildId, replyTo: interactionTarget, enabled: false }).content).toContain(
      '**off**',
    );
  });

  it('history: numbered entries, reverted ones struck out, with how to undo', () => {
    const out = renderKarmaHistoryListed({
      guildId,
      replyTo: interactionTarget,
      entries: [
        {
          id: '12',
          subject: name('pizza'),
          giverId: '200000000000000001',
          delta: 1,
          messageId: null,
          at: '2026-01-01T00:00:00.000Z',
          revertedAt: null,
        },
        {
          id: '11',
          subject: name('tea'),
          giverId: '200000000000000001',
          delta: -1,
          messageId: null,
          at: '2026-01-01T00:00:00.000Z',
          revertedAt: '2026-01-02T00:00:00.000Z',
        },
      ],
    });
    expect(out.content).toBe(
      [
        '**Recent karma changes**',
        '`#12` <t:1767225600:R> <@200000000000000001> gave **pizza** +1',
        '~~`#11` <t:1767225600:R> <@200000000000000001> gave **tea** -1~~ (reverted)',
        'Undo one with `/karma revert id:<number>`.',
      ].join('\n'),
    );
    expect(renderKarmaHistoryListed({ guildId, replyTo: interactionTarget, entries: [] }).content).toBe(
      'No karma changes to show.',
    );
  });

  it('revert: the undone change and the new total', () => {
    const out = renderKarmaChangeReverted({
      guildId,
      replyTo: interactionTarget,
      changeId: '12',
      subject: name('pizza'),
      delta: -1,
      total: 2,
    });
    expect(out.content).toBe('Reverted change `#12`: **pizza** -1 → 2');
  });

  it('rejections pass core’s sentence through, with no pings', () => {
    const out = renderCommandRejected({
      guildId,
      replyTo: interactionTarget,
      code: 'invalid',
      message: 'Pick a count from 1 to 25. @everyone',
    });
    expect(out).toEqual({ content: 'Pick a count from 1 to 25. @everyone', allowed_mentions: NoPings });
  });
});

describe('renderResult', () => {
  it('pairs the message with the result’s reply target', () => {
    const event = envelope('karma.announce.updated', 1, { guildId, replyTo: interactionTarget, enabled: true });
    const out = renderResult(event, noCache);
    expect(out).toMatchObject([{ to: { kind: 'reply', target: interactionTarget } }]);
  });

  it('is silent when the renderer has nothing to say', () => {
    const event = envelope('karma.points.changed', 1, {
      guildId,
      giverId: '200000000000000001',
      replyTo: messageTarget,
      announce: false,
      changes: [],
      refused: [],
      cooldownSeconds: 60,
    });
    expect(renderResult(event, noCache)).toEqual([]);
  });
});

describe('duration', () => {
  it('reads like speech', () => {
    expect(duration(1)).toBe('1 second');
    expect(duration(45)).toBe('45 seconds');
    expect(duration(60)).toBe('1 minute');
    expect(duration(7200)).toBe('2 hours');
    expect(duration(86_400)).toBe('1 day');
  });
});
