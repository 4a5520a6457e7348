import { envelope, type CommandRejected, type WebTarget } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { NoPings } from '../src/render/format.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';

// What the bot says about the web dashboard's side of things: the mod-log entry of a settings change (in the
// guild's language), the public-pages switch, and nothing at all on Discord for an answer meant for the dashboard.
const guildId = '100000000000000001';
const logChannelId = '100000000000000007';
const web: WebTarget = { kind: 'web', replica: 'wabc' };
const guildIn = (preferredLocale: string): RenderContext => ({
  guild: () => ({ name: 'Guildhall Playground', memberCount: 12, preferredLocale }),
  now: () => new Date('2026-01-01T00:00:00Z'),
});

describe('a settings change in the mod-log', () => {
  const changed = (
    via: 'web' | 'discord',
    options: Record<string, string | number | boolean>,
    [command, subcommand] = ['economy', 'shop-add'],
  ) =>
    envelope('guildhall.settings.changed', 1, {
      guildId,
      logChannelId,
      actor: { id: '200000000000000001', displayName: 'Owner' },
      via,
      command: command ?? '',
      subcommand: subcommand ?? null,
      options,
    });

  it('says who changed which command where, each option as given: roles as mentions, text quoted, no pings', () => {
    const [out] = renderResult(
      changed('web', { role: '300000000000000001', price: '500', description: 'shiny `stuff` @everyone' }),
      guildIn('en-US'),
    );
    expect(out?.to).toEqual({ kind: 'channel', channelId: logChannelId, tag: 'modlog' });
    expect(out?.message.allowed_mentions).toEqual(NoPings);
    const embed = out?.message.embeds?.[0];
    expect(embed?.title).toBe('Settings changed');
    expect(embed?.description).toBe('<@200000000000000001> changed `/economy shop-add` on the web dashboard.');
    expect(embed?.fields).toEqual([
      { name: 'role', value: '<@&300000000000000001>', inline: true },
      { name: 'price', value: '`500`', inline: true },
      { name: 'description', value: "`shiny 'stuff' @everyone`", inline: true },
    ]);
  });

  it('speaks the guild’s language, with the command’s translated name', () => {
    const [out] = renderResult(changed('discord', { enabled: false }, ['karma', 'announce']), guildIn('de'));
    const embed = out?.message.embeds?.[0];
    expect(embed?.title).toBe('Einstellungen geändert');
    expect(embed?.description).toBe('<@200000000000000001> hat `/karma ankündigen` mit einem Slash-Befehl geändert.');
    expect(embed?.fields).toEqual([{ name: 'enabled', value: 'aus', inline: true }]);
    const [cleared] = renderResult(changed('web', {}, ['welcome', 'off']), guildIn('de'));
    expect(cleared?.message.embeds?.[0]?.description).toMatch(/im Web-Dashboard geändert\.\n\(ohne Optionen/);
  });

  it('is not posted when the guild has no mod-log', () => {
    const event = changed('web', { role: '300000000000000001' });
    expect(renderResult({ ...event, payload: { ...event.payload, logChannelId: null } }, guildIn('en'))).toEqual([]);
  });
});

describe('answers meant for the dashboard', () => {
  it('post nothing on Discord, refusals included', () => {
    const ctx = guildIn('en');
    expect(renderResult(envelope('karma.announce.updated', 1, { guildId, replyTo: web, enabled: true }), ctx)).toEqual(
      [],
    );
    const refusal: CommandRejected = envelope('command.request.rejected', 2, {
      guildId,
      replyTo: web,
      reason: { code: 'permission.missing', permission: 'ManageGuild' },
    });
    expect(renderResult(refusal, ctx)).toEqual([]);
  });
});

describe('/guildhall public-pages', () => {
  it('says what the switch means, in the member’s language', () => {
    const replyTo = {
      kind: 'interaction',
      channelId: '100000000000000002',
      interactionId: '100000000000000004',
      applicationId: '100000000000000005',
      token: 'tok',
      locale: 'de',
    } as const;
    const [on] = renderResult(
      envelope('guildhall.pages.updated', 1, { guildId, replyTo, public: true }),
      guildIn('en'),
    );
    expect(on?.message.content).toBe(
      'Die Seiten des Dashboards sind öffentlich: Jeder mit dem Link sieht die Bestenlisten dieses Servers.',
    );
  });
});
