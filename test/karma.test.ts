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

  it('answers /karma top through the interaction: deferred at once, then edited', async () => {
    const { alice, bob } = stack.seed.users;
    await stack.replyTo((await stack.post(bob, stack.seed.channels.karma, 'alice++')).id);
    const id = await stack.invoke(alice, stack.seed.channels.karma, 'karma', [
      { type: 1, name: 'top', options: [{ type: 4, name: 'count', value: 5 }] },
    ]);
    const response = await stack.emu.waitForInteractionResponse(id, undefined, 15_000);
    expect(response.state).toBe('replied');
    expect(response.callbackType).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(response.content).toBe(`**Highest karma**\n1. **alice**: 2\n2. <@${bob.id}>: 1\n3. **bob**: -1`);
    expect(response.original?.pingedNobody).toBe(true);
    const edit = await stack.emu.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(edit.body).toMatchObject({ allowed_mentions: noPings });
  });

  it('serves /readyz and counts what it did on /metrics', async () => {
    const base = `http://127.0.0.1:${bot.httpPort}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/guildhall_bot_results_total\{type="karma.points.changed",outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/guildhall_bot_gateway_events_total\{type="gateway.command.invoked"\} 1/);
  });
});
