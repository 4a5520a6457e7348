import { ApplicationCommandOptionType, PermissionsBitField, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandInvoked } from '../src/gateway/translate.ts';

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
  it('flattens options under the subcommand; user options become ids plus a users entry', () => {
    const event = commandInvoked(
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
    expect(event.payload.replyTo).toEqual({
      kind: 'interaction',
      channelId: '100000000000000002',
      interactionId: '1300000000000000000',
      applicationId: '100000000000000009',
      token: 'interaction-token',
    });
  });

  it('gives the same interaction the same event id, so a replayed dispatch is applied once', () => {
    const a = commandInvoked(interaction([], null));
    const b = commandInvoked(interaction([], null));
    expect(a.id).toBe(b.id);
    expect(a.correlationId).toBe(a.id);
  });
});
