import type { CommandInvoked } from '@guildhall/events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  assignableRoleRefusal,
  hasPermission,
  hasPermissionBits,
  isModerator,
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
