import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { DangerousPermissions, privilegedRoleRefusal, RoleRefusal, type RoleFacts } from '../src/index.ts';

const guild = { guildId: '100', botHighestRolePosition: 10 };
const role = (over: Partial<RoleFacts> = {}): RoleFacts => ({
  id: '200',
  permissions: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.AddReactions),
  managed: false,
  position: 3,
  ...over,
});

describe('privilegedRoleRefusal', () => {
  it('lets an ordinary role below the bot be handed out', () => {
    expect(privilegedRoleRefusal(role(), guild)).toBeNull();
  });

  it('refuses @everyone, managed roles and roles at or above the bot, in that order', () => {
    expect(privilegedRoleRefusal(role({ id: guild.guildId, managed: true }), guild)).toEqual({ code: 'role.everyone' });
    expect(privilegedRoleRefusal(role({ managed: true, position: 20 }), guild)).toEqual({ code: 'role.managed' });
    expect(privilegedRoleRefusal(role({ position: 10 }), guild)).toEqual({ code: 'role.above_bot' });
    expect(privilegedRoleRefusal(role({ position: 11 }), guild)).toEqual({ code: 'role.above_bot' });
  });

  it.each(DangerousPermissions)('refuses a role carrying %s, naming it', (name) => {
    const permissions = String(PermissionFlagsBits[name] | PermissionFlagsBits.SendMessages);
    expect(privilegedRoleRefusal(role({ permissions }), guild)).toEqual({
      code: 'role.dangerous',
      permissions: [name],
    });
  });

  it('names every dangerous permission a role carries, and the refusal is a valid code', () => {
    const permissions = String(PermissionFlagsBits.Administrator | PermissionFlagsBits.BanMembers);
    const refusal = privilegedRoleRefusal(role({ permissions }), guild);
    expect(refusal).toEqual({ code: 'role.dangerous', permissions: ['Administrator', 'BanMembers'] });
    expect(RoleRefusal.safeParse(refusal).success).toBe(true);
  });

  it('covers every permission Discord asks two-factor authentication for', () => {
    // Discord's "(T)" permissions: they need 2FA on a guild with MFA on.
    const twoFactor = [
      'KickMembers',
      'BanMembers',
      'Administrator',
      'ManageChannels',
      'ManageGuild',
      'ManageMessages',
      'ManageRoles',
      'ManageWebhooks',
      'ManageThreads',
      'ManageGuildExpressions',
      'ModerateMembers',
      'ViewCreatorMonetizationAnalytics',
    ] as const;
    for (const name of twoFactor) expect(DangerousPermissions).toContain(name);
  });
});
