import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '@guildhall/bot/app';
import { Stack } from './harness/stack.ts';

let stack: Stack;
let bot: BotApp;

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startCore();
  bot = await stack.startBot();
});
afterAll(async () => {
  await stack?.close();
});

const noPings = { parse: [], replied_user: false };

/** An interaction's token, which the bot's webhook calls for it carry in their path. */
function tokenOf(interactionId: string): string {
  return stack.emu.core.interactions.get(interactionId)?.token ?? interactionId;
}

describe('karma through the real bot, core and the Discord emulator', () => {
  it('replies to "alice++ bob--" with the new totals, as a reply to that message', async () => {
    const { carol } = stack.seed.users;
    const posted = await stack.post(carol, stack.seed.channels.general, 'alice++ bob--');
    const reply = await stack.replyTo(posted.id);
    expect(reply.content).toBe('**alice** +1 → 1\n**bob** -1 → -1');
    expect(reply.channelId).toBe(stack.seed.channels.general);
    expect(reply.allowedMentions).toEqual(noPings);
    expect(reply.pingedNobody).toBe(true);
    // The request is recorded once answered, just after the message appears.
    const sent = await stack.emu.waitForRequest((r) => r.actor.kind === 'bot' && r.method === 'POST');
    expect(sent.body).toMatchObject({ enforce_nonce: true, message_reference: { message_id: posted.id } });
    expect(String((sent.body as { nonce: string }).nonce)).toHaveLength(24);
  });

  it('pings no one for "@everyone++", "<@&role>++" and a member’s karma', async () => {
    const { carol, bob } = stack.seed.users;
    const text = `@everyone++ <@&${stack.seed.roles.moderator}>++ <@${bob.id}>++`;
    const posted = await stack.post(carol, stack.seed.channels.general, text);
    const reply = await stack.replyTo(posted.id);
    expect(reply.content).toBe(`<@${bob.id}> +1 → 1`);
    expect(reply.allowedMentions).toEqual(noPings);
    expect(reply.pingedNobody).toBe(true);
    expect(reply.pinged).toMatchObject({ everyone: false });
  });

  it('answers /karma top through the interaction: deferred in public at once, then edited into an embed', async () => {
    const { alice, bob } = stack.seed.users;
    await stack.replyTo((await stack.post(bob, stack.seed.channels.karma, 'alice++')).id);
    const id = await stack.invoke(alice, stack.seed.channels.karma, 'karma', [
      { type: 1, name: 'top', options: [{ type: 4, name: 'count', value: 5 }] },
    ]);
    const response = await stack.emu.waitForInteractionResponse(id, undefined, 15_000);
    expect(response.state).toBe('replied');
    expect(response.callbackType).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(response.ephemeral).toBe(false);
    expect(response.original?.pingedNobody).toBe(true);
    const edit = await stack.emu.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && r.path.includes(tokenOf(id)),
    );
    expect(edit.body).toMatchObject({
      allowed_mentions: noPings,
      embeds: [
        {
          color: 0x5865f2,
          title: 'Highest karma',
          description: `\`1.\` **alice** — 2\n\`2.\` <@${bob.id}> — 1\n\`3.\` **bob** — -1`,
          footer: { text: '3 entries' },
        },
      ],
    });
  });

  it('refuses a public command to the invoker alone: an ephemeral follow-up, the public placeholder deleted', async () => {
    const { carol } = stack.seed.users;
    const id = await stack.invoke(carol, stack.seed.channels.karma, 'karma', [
      { type: 1, name: 'get', options: [{ type: 3, name: 'names', value: `<@&${stack.seed.roles.moderator}>` }] },
    ]);
    const response = await stack.emu.waitForInteractionResponse(
      id,
      (r) => r.followups.length > 0 && r.original?.deleted === true,
      15_000,
    );
    expect(response.callbackType).toBe(5);
    expect(response.followups).toHaveLength(1);
    expect(response.followups[0]?.ephemeral).toBe(true);
    // Nobody but the invoker ever saw the refusal: the public placeholder was deleted still empty.
    expect(response.original?.api.embeds).toEqual([]);
    const followUp = await stack.emu.waitForRequest(
      (r) => r.method === 'POST' && r.route.includes('/webhooks/') && r.path.includes(tokenOf(id)),
    );
    expect(followUp.body).toMatchObject({
      flags: 64,
      embeds: [
        {
          color: 0xed4245,
          description: "Roles, channels, @everyone and @here don't have karma; name a person or a thing instead.",
        },
      ],
    });
  });

  it('answers a private command privately from the start: deferred ephemerally', async () => {
    const { carol } = stack.seed.users;
    const id = await stack.invoke(carol, stack.seed.channels.karma, 'karma', [{ type: 1, name: 'history' }]);
    const response = await stack.emu.waitForInteractionResponse(id, undefined, 15_000);
    expect(response.ephemeral).toBe(true);
    expect(response.followups).toEqual([]);
    const edit = await stack.emu.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && r.path.includes(tokenOf(id)),
    );
    expect(edit.body).toMatchObject({
      embeds: [{ description: 'You need the **Manage Server** permission for that.' }],
    });
  });

  it('answers in the member’s language: a German board and a German refusal', async () => {
    const { dave } = stack.seed.users;
    const top = await stack.invoke(dave, stack.seed.channels.karma, 'karma', [{ type: 1, name: 'top' }], 'de');
    const board = await stack.emu.waitForInteractionResponse(top, undefined, 15_000);
    expect(board.original?.api.embeds[0]).toMatchObject({ title: 'Höchstes Karma', footer: { text: '3 Einträge' } });
    const get = await stack.invoke(
      dave,
      stack.seed.channels.karma,
      'karma',
      [{ type: 1, name: 'get', options: [{ type: 3, name: 'names', value: 'a b c d e f g h i j k' }] }],
      'de',
    );
    const refused = await stack.emu.waitForInteractionResponse(get, (r) => r.followups.length > 0, 15_000);
    expect(refused.followups[0]?.ephemeral).toBe(true);
    expect(refused.followups[0]?.api.embeds[0]?.description).toBe('Schlag höchstens 10 Namen auf einmal nach.');
  });

  it('registered every command with its German name and description', () => {
    const put = stack.emu.requests({ method: 'PUT' }).find((r) => r.path.endsWith('/commands'));
    const karma = (put?.body as { name: string; name_localizations: Record<string, string> }[]).find(
      (c) => c.name === 'karma',
    );
    expect(karma).toMatchObject({
      name_localizations: { de: 'karma' },
      description_localizations: { de: 'Karma: nachschlagen, Ranglisten und Verwaltung' },
    });
  });

  it('serves /readyz and counts what it did on /metrics', async () => {
    const base = `http://127.0.0.1:${bot.httpPort}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/guildhall_bot_results_total\{type="karma.points.changed",outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/guildhall_bot_gateway_events_total\{type="gateway.command.invoked"\} [1-9]/);
  });
});
