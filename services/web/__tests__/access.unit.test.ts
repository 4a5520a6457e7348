import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { canManage, MemberAccess } from '../src/access.ts';
import { DiscordUnavailableError, TokenRevokedError, type MemberGuild } from '../src/discord.ts';

const grant = { accessToken: 't', expiresAt: Number.MAX_SAFE_INTEGER };
const guild = (permissions: bigint, owner = false): MemberGuild => ({
  id: '1',
  name: 'g',
  icon: null,
  owner,
  permissions,
});

/** A stand-in for Discord's users/@me/guilds whose answers the test sets, counting the calls. */
function discord() {
  const d = {
    calls: 0,
    answer: (): Promise<MemberGuild[]> => Promise.resolve([guild(PermissionFlagsBits.ManageGuild)]),
    guilds: () => {
      d.calls++;
      return d.answer();
    },
  };
  return d;
}

describe("a member's permissions", () => {
  it('are asked of Discord again once older than the TTL, and not before', async () => {
    let now = 0;
    const d = discord();
    const access = new MemberAccess(d, 30_000, 120_000, () => now);
    await access.guilds('u', grant);
    now = 29_999;
    await access.guilds('u', grant);
    expect(d.calls).toBe(1);
    d.answer = () => Promise.resolve([guild(0n)]);
    now = 30_000;
    const fresh = await access.guilds('u', grant);
    expect(d.calls).toBe(2);
    expect(canManage(fresh.get('1') as MemberGuild)).toBe(false);
  });

  it('are asked once for many pages loading at the same time', async () => {
    const d = discord();
    const access = new MemberAccess(d, 30_000);
    await Promise.all(Array.from({ length: 10 }, () => access.guilds('u', grant)));
    expect(d.calls).toBe(1);
  });

  it('while Discord does not answer: the last list within the grace, then an error, never a guess', async () => {
    let now = 0;
    const d = discord();
    const access = new MemberAccess(d, 30_000, 120_000, () => now);
    await access.guilds('u', grant);
    d.answer = () => Promise.reject(new DiscordUnavailableError('429'));
    now = 119_999;
    expect((await access.guilds('u', grant)).size).toBe(1);
    now = 120_000;
    await expect(access.guilds('u', grant)).rejects.toBeInstanceOf(DiscordUnavailableError);
    // A member never seen gets the error at once.
    await expect(access.guilds('other', grant)).rejects.toBeInstanceOf(DiscordUnavailableError);
  });

  it('a revoked token is not covered by the grace', async () => {
    let now = 0;
    const d = discord();
    const access = new MemberAccess(d, 30_000, 120_000, () => now);
    await access.guilds('u', grant);
    d.answer = () => Promise.reject(new TokenRevokedError('401'));
    now = 30_000;
    await expect(access.guilds('u', grant)).rejects.toBeInstanceOf(TokenRevokedError);
  });

  it('Manage Server, Administrator or owning the guild allow changing its settings', () => {
    expect(canManage(guild(PermissionFlagsBits.ManageGuild))).toBe(true);
    expect(canManage(guild(PermissionFlagsBits.Administrator))).toBe(true);
    expect(canManage(guild(0n, true))).toBe(true);
    expect(canManage(guild(PermissionFlagsBits.ManageMessages | PermissionFlagsBits.BanMembers))).toBe(false);
  });
});
