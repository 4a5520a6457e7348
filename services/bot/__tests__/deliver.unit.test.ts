import type { InteractionTarget } from '@guildhall/events';
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { NoPings, type MessageBody } from '../src/render/format.ts';
import { deliver } from '../src/results/deliver.ts';

const target: InteractionTarget = {
  kind: 'interaction',
  channelId: '100000000000000002',
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
};
const message: MessageBody = { embeds: [{ description: 'No.' }], allowed_mentions: NoPings };
const original = Routes.webhookMessage(target.applicationId, target.token, '@original');
const unknownMessage = () =>
  new DiscordAPIError({ code: 10008, message: 'Unknown Message' }, 10008, 404, 'DELETE', original, {
    body: undefined,
    files: undefined,
  });

/** A REST stand-in that records calls; the original response exists until it is deleted (or is gone from the start). */
function fakeRest(originalGone = false) {
  const calls: { method: string; route: string; options: unknown }[] = [];
  let gone = originalGone;
  const rest = {
    post: async (route: string, options: unknown) => void calls.push({ method: 'POST', route, options }),
    patch: async (route: string, options: unknown) => void calls.push({ method: 'PATCH', route, options }),
    delete: async (route: string, options: unknown) => {
      calls.push({ method: 'DELETE', route, options });
      if (gone) throw unknownMessage();
      gone = true;
    },
  } as unknown as REST;
  return { rest, calls };
}

describe('deliver to an interaction', () => {
  it('edits the deferred response with a public answer', async () => {
    const { rest, calls } = fakeRest();
    await deliver(rest, { to: { kind: 'reply', target }, message }, 'r1');
    expect(calls).toEqual([{ method: 'PATCH', route: original, options: { body: message, auth: false } }]);
  });

  it('edits a response deferred ephemerally, private answer or not', async () => {
    const { rest, calls } = fakeRest();
    await deliver(
      rest,
      { to: { kind: 'reply', target: { ...target, ephemeral: true } }, message, private: true },
      'r1',
    );
    expect(calls.map((c) => c.method)).toEqual(['PATCH']);
  });

  it('turns a refusal of a public command into an ephemeral follow-up once the public placeholder is deleted', async () => {
    const { rest, calls } = fakeRest();
    await deliver(rest, { to: { kind: 'reply', target }, message, private: true }, 'r1');
    expect(calls).toEqual([
      { method: 'DELETE', route: original, options: { auth: false } },
      {
        method: 'POST',
        route: `/webhooks/${target.applicationId}/${target.token}`,
        options: { body: { ...message, flags: 64 }, auth: false },
      },
    ]);
  });

  it('still tells the invoker on a redelivery that finds the placeholder already gone', async () => {
    const { rest, calls } = fakeRest(true);
    await deliver(rest, { to: { kind: 'reply', target }, message, private: true }, 'r1');
    expect(calls.map((c) => c.method)).toEqual(['DELETE', 'POST']);
  });

  it('replies to a message as usual: a message reply cannot be private', async () => {
    const { rest, calls } = fakeRest();
    const messageTarget = { kind: 'message', channelId: '2', messageId: '3' } as const;
    await deliver(rest, { to: { kind: 'reply', target: messageTarget }, message, private: true }, 'r1');
    expect(calls).toMatchObject([
      { method: 'POST', route: '/channels/2/messages', options: { body: { enforce_nonce: true } } },
    ]);
  });
});
