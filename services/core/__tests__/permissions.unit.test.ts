import type { CommandInvoked } from '@guildhall/events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  assignableRoleRefusal,
  hasPermission,
  hasPermissionBits,
  isModerator,
  privilegedRoleOf,
  rewardRoleRefusal,
} from '../src/shared/permissions/permissions.ts';

const bits = (...names: (keyof typeof PermissionFlagsBits)[]) => ({
  permissions: String(names.reduce((all, name) => all | PermissionFlagsBits[name], 0n)),
});

describe('hasPermission', () => {
  it("reads Discord's bits by their discord-api-types names; Administrator implies every permission", () => {
    expect(hasPermission(bits('ManageGuild'), 'ManageGuild')).toBe(true);
    expect(hasPermission(bits('KickMembers'), 'BanMembers')).toBe(false);
    expect(hasPermission(bits('Administrator'), 'BanMembers')).toBe(true);
    expect(hasPermission({ permissions: '0' }, 'ManageGuild')).toBe(false);
  });

  it('needs every bit of a combined field', () => {
    const wanted = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles;
    expect(hasPermissionBits(bits('ManageGuild'), wanted)).toBe(false);
    expect(hasPermissionBits(bits('ManageGuild', 'ManageRoles'), wanted)).toBe(true);
  });

  it('counts any moderation permission as a moderator', () => {
    expect(isModerator(bits('ManageMessages'))).toBe(true);
    expect(isModerator(bits('ManageGuild'))).toBe(false);
  });
});

describe('assignableRoleRefusal', () => {
  const guildId = '100';
  const mod = '2';
  const owner = '1';
  const payload = (roles: Record<string, { position: number; managed: boolean }>, actorId = mod) =>
    ({
      guildId,
      actor: { id: actorId },
      guildOwnerId: owner,
      botHighestRolePosition: 10,
      members: { [owner]: { highestRolePosition: 0 }, [mod]: { highestRolePosition: 5 } },
      roles,
    }) as unknown as CommandInvoked['payload'];

  it('allows a role below both the invoker and the bot', () => {
    expect(assignableRoleRefusal(payload({ r: { position: 3, managed: false } }), 'r')).toBeNull();
  });

  it('refuses managed roles, @everyone, and roles at or above the invoker or the bot, as codes', () => {
    expect(assignableRoleRefusal(payload({ r: { position: 3, managed: true } }), 'r')).toEqual({
      code: 'role.managed',
    });
    expect(assignableRoleRefusal(payload({ [guildId]: { position: 0, managed: false } }), guildId)).toEqual({
      code: 'role.everyone',
    });
    expect(assignableRoleRefusal(payload({ r: { position: 5, managed: false } }), 'r')).toEqual({
      code: 'role.above_invoker',
    });
    expect(assignableRoleRefusal(payload({ r: { position: 10, managed: false } }, owner), 'r')).toEqual({
      code: 'role.above_bot',
    });
  });

  it('refuses when the bot sent no facts about the role', () => {
    expect(assignableRoleRefusal(payload({}), 'r')).toEqual({ code: 'role.unknown' });
  });
});

describe('privilegedRoleOf and rewardRoleRefusal', () => {
  const guildId = '100';
  const admin = '2';
  type Facts = { position: number; managed: boolean; permissions?: string };
  const payload = (roles: Record<string, Facts>, over: Partial<CommandInvoked['payload']> = {}) =>
    ({
      guildId,
      actor: { id: admin },
      guildOwnerId: '1',
      botHighestRolePosition: 10,
      members: { [admin]: { highestRolePosition: 5 } },
      roles,
      ...over,
    }) as unknown as CommandInvoked['payload'];
  const plain = { position: 3, managed: false, permissions: '0' };

  it('allow a plain role below the bot (and, to set it up, below the admin)', () => {
    expect(privilegedRoleOf(payload({ r: plain }), 'r')).toBeNull();
    expect(rewardRoleRefusal(payload({ r: plain }), 'r')).toBeNull();
  });

  it('refuse each kind of privileged role with its code, whoever asks', () => {
    const cases: [Facts | undefined, string, unknown][] = [
      [
        { ...plain, permissions: bits('Administrator').permissions },
        'r',
        { code: 'role.dangerous', permissions: ['Administrator'] },
      ],
      [
        { ...plain, permissions: bits('ManageMessages', 'MentionEveryone', 'SendMessages').permissions },
        'r',
        { code: 'role.dangerous', permissions: ['ManageMessages', 'MentionEveryone'] },
      ],
      [{ ...plain, managed: true }, 'r', { code: 'role.managed' }],
      [{ ...plain, position: 10 }, 'r', { code: 'role.above_bot' }],
      [plain, guildId, { code: 'role.everyone' }],
      // The bot sent no facts, or no permissions (an older bot): nothing to judge by.
      [undefined, 'r', { code: 'role.unknown' }],
      [{ position: 3, managed: false }, 'r', { code: 'role.unknown' }],
    ];
    for (const [facts, roleId, refusal] of cases) {
      const p = payload(facts ? { [roleId]: facts } : {}, { guildOwnerId: admin });
      expect(privilegedRoleOf(p, roleId)).toEqual(refusal);
      expect(rewardRoleRefusal(p, roleId)).toEqual(refusal);
    }
    expect(privilegedRoleOf(payload({ r: plain }, { botHighestRolePosition: undefined }), 'r')).toEqual({
      code: 'role.unknown',
    });
  });

  it('to set a role up, also refuse one the admin could not give by hand', () => {
    const high = payload({ r: { ...plain, position: 5 } });
    expect(privilegedRoleOf(high, 'r')).toBeNull();
    expect(rewardRoleRefusal(high, 'r')).toEqual({ code: 'role.above_invoker' });
  });
});
