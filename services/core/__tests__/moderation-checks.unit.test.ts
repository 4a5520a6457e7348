import type { UserRef } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { checkTarget, type RankInfo } from '../src/features/moderation/checks.ts';

const bot = '900';
const owner = '1';
const mod = { id: '2' };
const user = (id: string, displayName = `user${id}`): UserRef => ({ id, displayName, bot: false });
const ranks: RankInfo = {
  guildOwnerId: owner,
  botUserId: bot,
  botHighestRolePosition: 10,
  members: {
    [owner]: { highestRolePosition: 0 },
    [mod.id]: { highestRolePosition: 5 },
    '3': { highestRolePosition: 1 },
    '4': { highestRolePosition: 5 },
    '5': { highestRolePosition: 12 },
    [bot]: { highestRolePosition: 10 },
  },
};

describe('checkTarget', () => {
  it.each([
    ['self', user(mod.id), { code: 'moderation.target.self', action: 'warn' }],
    ['the bot', user(bot), { code: 'moderation.target.bot', action: 'warn' }],
    ['the owner', user(owner), { code: 'moderation.target.owner', action: 'warn' }],
    ['an equal', user('4', 'Eve'), { code: 'moderation.target.above_you', action: 'warn', userId: '4' }],
    ['a non-member', user('77', 'Gone'), { code: 'moderation.target.not_member', action: 'warn', userId: '77' }],
  ])('refuses %s with a code naming the action (and the member)', (_, target, refusal) => {
    expect(checkTarget('warn', mod, target, bot, ranks)).toEqual(refusal);
  });

  it('lets a higher moderator act, and the owner act on anyone below the bot', () => {
    expect(checkTarget('kick', mod, user('3'), bot, ranks)).toBeNull();
    expect(checkTarget('kick', { id: owner }, user('4'), bot, ranks)).toBeNull();
  });

  it('refuses targets at or above the bot even for the owner', () => {
    expect(checkTarget('ban', { id: owner }, user('5', 'Top'), bot, ranks)).toEqual({
      code: 'moderation.target.above_bot',
      action: 'ban',
      userId: '5',
    });
  });

  it('lets a ban name someone outside the guild, with no hierarchy', () => {
    expect(checkTarget('ban', mod, user('77'), bot, ranks)).toBeNull();
    expect(checkTarget('timeout', mod, user('77'), bot, ranks)?.code).toBe('moderation.target.not_member');
  });

  it('refuses when the bot sent no role positions', () => {
    expect(checkTarget('warn', mod, user('3'), bot, { botUserId: bot })).toEqual({
      code: 'moderation.ranks.unverifiable',
    });
  });
});
