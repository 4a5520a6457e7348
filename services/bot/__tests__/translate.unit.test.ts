import { ApplicationCommandOptionType, PermissionsBitField, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandInvoked, hierarchy, type GuildView } from '../src/gateway/translate.ts';

const guildId = '100000000000000001';
const user = (id: string, displayName: string, bot = false) => ({ id, displayName, bot });

/** The parts of a raw (uncached-guild) interaction the translation reads. */
function interaction(options: unknown[], subcommand: string | null, group: string | null = null) {
  return {
    id: '1300000000000000000',
    createdTimestamp: 1_730_000_000_000,
    guildId,
    channelId: '100000000000000002',
    applicationId: '100000000000000009',
    token: 'interaction-token',
    locale: 'de',
    guildLocale: 'en-US',
    commandName: 'economy',
    user: user('200000000000000001', 'Alice'),
    member: { nick: 'Ally', roles: ['300000000000000001', guildId] },
    memberPermissions: new PermissionsBitField(PermissionsBitField.Flags.ManageGuild),
    options: {
      data: options,
      getSubcommand: () => subcommand,
      getSubcommandGroup: () => group,
    },
  } as unknown as ChatInputCommandInteraction<'raw'>;
}

describe('commandInvoked', () => {
  it('flattens options under the subcommand; user options become ids plus a users entry', async () => {
    const event = await commandInvoked(
      interaction(
        [
          {
            name: 'grant',
            type: ApplicationCommandOptionType.Subcommand,
            options: [
              {
                name: 'member',
                type: ApplicationCommandOptionType.User,
                value: '200000000000000002',
                user: user('200000000000000002', 'Bob'),
                member: { nick: 'Bobby' },
              },
              { name: 'amount', type: ApplicationCommandOptionType.Integer, value: 50 },
            ],
          },
        ],
        'grant',
      ),
      null,
    );
    expect(event.type).toBe('gateway.command.invoked');
    expect(event.payload.command).toEqual({
      name: 'economy',
      group: null,
      subcommand: 'grant',
      options: { member: '200000000000000002', amount: 50 },
    });
    expect(event.payload.users).toEqual({
      '200000000000000002': { id: '200000000000000002', displayName: 'Bobby', bot: false },
    });
    expect(event.payload.actor).toEqual({
      id: '200000000000000001',
      displayName: 'Ally',
      bot: false,
      roleIds: ['300000000000000001'],
      permissions: String(PermissionsBitField.Flags.ManageGuild),
    });
    // Without a cached guild there is nothing to rank by: core refuses moderation then.
    expect(event.payload.members).toBeUndefined();
    expect(event.payload.replyTo).toEqual({
      kind: 'interaction',
      channelId: '100000000000000002',
      interactionId: '1300000000000000000',
      applicationId: '100000000000000009',
      token: 'interaction-token',
      locale: 'de',
      guildLocale: 'en-US',
      ephemeral: false,
    });
  });

  it('says how the bot deferred, so a private answer stays private', async () => {
    const event = await commandInvoked(interaction([], null), null, { ephemeral: true });
    expect(event.payload.replyTo).toMatchObject({ ephemeral: true, locale: 'de' });
  });

  it('gives the same interaction the same event id, so a replayed dispatch is applied once', async () => {
    const a = await commandInvoked(interaction([], null), null);
    const b = await commandInvoked(interaction([], null), null);
    expect(a.id).toBe(b.id);
    expect(a.correlationId).toBe(a.id);
  });
});

const alice = '200000000000000001';
const bob = '200000000000000002';
const stranger = '200000000000000003';
const botId = '200000000000000009';
const ownerId = '200000000000000010';

/** A guild where alice ranks 5, bob 2, the bot 7; anyone else is not a member. */
function guild(positions: Record<string, number> = { [alice]: 5, [bob]: 2, [botId]: 7 }): GuildView & {
  lookups: string[];
} {
  const lookups: string[] = [];
  return {
    ownerId,
    botUserId: botId,
    lookups,
    highestRolePosition: (id) => {
      lookups.push(id);
      return Promise.resolve(positions[id] ?? null);
    },
  };
}

describe('command context for moderation', () => {
  it('ranks the invoker and every named member, and gives the owner and the bot’s own rank', async () => {
    const event = await commandInvoked(
      interaction(
        [
          {
            name: 'member',
            type: ApplicationCommandOptionType.User,
            value: bob,
            user: user(bob, 'Bob'),
            member: { nick: null },
          },
        ],
        null,
      ),
      guild(),
    );
    expect(event.payload).toMatchObject({
      members: { [alice]: { highestRolePosition: 5 }, [bob]: { highestRolePosition: 2 } },
      guildOwnerId: ownerId,
      botUserId: botId,
      botHighestRolePosition: 7,
    });
  });

  it('gives each named member’s permissions, so core can tell a moderator from a member (temporary roles)', async () => {
    const named = (id: string, permissions: string) => ({
      name: id === bob ? 'member' : 'other',
      type: ApplicationCommandOptionType.User,
      value: id,
      user: user(id, id),
      member: { nick: null, permissions },
    });
    const event = await commandInvoked(
      interaction([named(bob, String(PermissionsBitField.Flags.ManageMessages)), named(stranger, '0')], null),
      guild(),
    );
    expect(event.payload.members).toEqual({
      [alice]: { highestRolePosition: 5 },
      [bob]: { highestRolePosition: 2, permissions: String(PermissionsBitField.Flags.ManageMessages) },
    });
  });

  it('leaves out a named user who is not a member (a ban may name one)', async () => {
    const out = await hierarchy(guild(), [alice, stranger]);
    expect(out.members).toEqual({ [alice]: { highestRolePosition: 5 } });
  });

  it('looks each user up once, even when named twice', async () => {
    const g = guild();
    await hierarchy(g, [alice, bob, alice]);
    expect(g.lookups).toEqual([alice, bob, botId]);
  });

  it('omits members when a lookup fails, so core refuses rather than judge on missing ranks', async () => {
    const failing: GuildView = { ...guild(), highestRolePosition: () => Promise.reject(new Error('unreachable')) };
    const out = await hierarchy(failing, [alice]);
    expect(out).toEqual({ guildOwnerId: ownerId, botUserId: botId });
  });

  it('passes role options’ position, managed flag and permissions (the privileged-role rule reads them)', async () => {
    const event = await commandInvoked(
      interaction(
        [
          {
            name: 'role',
            type: ApplicationCommandOptionType.Role,
            value: '300000000000000002',
            role: { id: '300000000000000002', position: 4, managed: false, permissions: '8' },
          },
          {
            name: 'other',
            type: ApplicationCommandOptionType.Role,
            value: '300000000000000003',
            role: {
              id: '300000000000000003',
              position: 2,
              managed: true,
              permissions: new PermissionsBitField(PermissionsBitField.Flags.KickMembers),
            },
          },
        ],
        null,
      ),
      guild(),
    );
    expect(event.payload.roles).toEqual({
      '300000000000000002': { position: 4, managed: false, permissions: '8' },
      '300000000000000003': { position: 2, managed: true, permissions: '2' },
    });
    expect(event.payload.command.options).toEqual({ role: '300000000000000002', other: '300000000000000003' });
  });
});
