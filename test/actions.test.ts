import { decodeEvent, envelope, type ActionCompleted, type DiscordAction } from '@guildhall/events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let stack: Stack;

beforeAll(async () => {
  // No core: the test reads the bot's reports straight off core's queue.
  stack = await Stack.create();
  await stack.startBot();
});
afterAll(async () => {
  await stack?.close();
});

/** Asks the bot for an action as core would, and returns the outcome it reports. */
async function act(actionId: string, action: DiscordAction): Promise<ActionCompleted['payload']> {
  const broker = await stack.broker();
  await broker.publish(
    'result',
    envelope('discord.action.requested', 1, { guildId: stack.seed.guildId, actionId, action, replyTo: null }),
  );
  const ch = await broker.channel();
  try {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const msg = await ch.get(broker.topology.queues.core, { noAck: true });
      if (msg) {
        const event = decodeEvent('request', msg.content);
        if (event.type === 'gateway.action.completed' && event.payload.actionId === actionId) return event.payload;
      } else {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`no outcome for ${actionId}`);
  } finally {
    await ch.close();
  }
}

it('adds a role on request and reports success', async () => {
  const { users, roles, guildId } = stack.seed;
  const outcome = await act('test:role', {
    kind: 'role.add',
    userId: users.carol.id,
    roleId: roles.moderator,
    reason: 'e2e',
  });
  expect(outcome).toMatchObject({ ok: true, error: null, kind: 'role.add' });
  expect(stack.emu.model.guilds.get(guildId)?.members.get(users.carol.id)?.roles).toContain(roles.moderator);
});

it('reports Discord’s refusal (a 4xx) as a failed outcome and keeps serving', async () => {
  const refused = await act('test:ban-owner', {
    kind: 'member.ban',
    userId: stack.seed.users.owner.id,
    deleteMessageSeconds: 0,
    reason: 'e2e',
  });
  expect(refused).toMatchObject({ ok: false, kind: 'member.ban', error: { status: 403, code: 50013 } });
  const nick = await act('test:nick', { kind: 'member.nickname', userId: stack.seed.users.bob.id, nickname: 'Bobby' });
  expect(nick.ok).toBe(true);
});
