import type { UserRef } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { checkPermission, checkTarget, type RankInfo } from '../src/features/moderation/checks.ts';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';

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

describe('checkPermission', () => {
  it('needs the matching permission, or Administrator', () => {
    expect(checkPermission({ permissions: String(Permission.BanMembers) }, 'ban')).toBeNull();
    expect(checkPermission({ permissions: String(Permission.Administrator) }, 'kick')).toBeNull();
    expect(checkPermission({ permissions: String(Permission.KickMembers) }, 'ban')?.message).toBe(
      'You need the **Ban Members** permission to ban.',
    );
    expect(checkPermission({ permissions: '0' }, 'timeout')?.code).toBe('forbidden');
  });
});

describe('checkTarget', () => {
  it.each([
    ['self', mod, user(mod.id), 'You cannot warn yourself.'],
    ['the bot', mod, user(bot), 'Guildhall will not warn itself.'],
    ['the owner', mod, user(owner), 'Nobody can warn the server owner.'],
    ['an equal', mod, user('4', 'Eve'), "Eve's highest role is not below yours, so you cannot warn them."],
    ['a non-member', mod, user('77', 'Gone'), 'Gone is not a member of this server.'],
  ])('refuses %s', (_, actor, target, message) => {
    expect(checkTarget('warn', actor, target, bot, ranks)?.message).toBe(message);
  });

  it('lets a higher moderator act, and the owner act on anyone below the bot', () => {
    expect(checkTarget('kick', mod, user('3'), bot, ranks)).toBeNull();
    expect(checkTarget('kick', { id: owner }, user('4'), bot, ranks)).toBeNull();
  });

  it('refuses targets at or above the bot even for the owner', () => {
    expect(checkTarget('ban', { id: owner }, user('5', 'Top'), bot, ranks)?.message).toBe(
      "Top's highest role is not below Guildhall's; move Guildhall's role above theirs first.",
    );
  });

  it('lets a ban name someone outside the guild, with no hierarchy', () => {
    expect(checkTarget('ban', mod, user('77'), bot, ranks)).toBeNull();
    expect(checkTarget('timeout', mod, user('77'), bot, ranks)?.code).toBe('not_found');
  });

  it('refuses when the bot sent no role positions', () => {
    expect(checkTarget('warn', mod, user('3'), bot, { botUserId: bot })?.message).toMatch(/could not check/);
  });
});
