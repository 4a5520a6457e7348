import { ALL_PERMISSIONS, memberPermissions } from '@guildhall/discord-emulator';
import type { RESTGetAPICurrentUserGuildsResult } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, startWorld, type World } from './helpers.ts';

// Discord's OAuth2 authorization-code flow as a web app meets it (src/oauth.ts).
let world: World;
const secret = 'client-secret';
const redirectUri = 'http://127.0.0.1:9999/auth/callback';

beforeAll(async () => {
  world = await startWorld();
  world.emu.oauth.register({ clientId: APPLICATION_ID, clientSecret: secret, redirectUris: [redirectUri] });
});
afterAll(async () => {
  await world.emu.close();
});

function authorizeQuery(over: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: APPLICATION_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'identify guilds',
    state: 'the-state',
    ...over,
  });
}

/** The member picks who they are on the consent page: the redirect Discord would send the browser to. */
async function consent(userId: string, over: Record<string, string> = {}): Promise<URL> {
  const res = await fetch(`${world.emu.url}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery(over)), user_id: userId }),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function exchange(code: string, over: Record<string, string> = {}, auth = `${APPLICATION_ID}:${secret}`) {
  const res = await fetch(`${world.emu.apiBase}/v10/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...over }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function tokenFor(userId: string, scope = 'identify guilds'): Promise<string> {
  const code = (await consent(userId, { scope })).searchParams.get('code') ?? '';
  return String((await exchange(code)).body['access_token']);
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('the consent page', () => {
  it("lists the emulator's people to log in as, and refuses an unknown client, redirect or scope", async () => {
    const page = await fetch(`${world.emu.url}/oauth2/authorize?${authorizeQuery()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const name of ['alice', 'bob', 'owner']) expect(html).toContain(`data-username="${name}"`);
    for (const [key, value, error] of [
      ['client_id', '42', 'Unknown application'],
      ['redirect_uri', 'http://evil.example/cb', 'Invalid OAuth2 redirect_uri'],
      ['scope', 'identify bot.everything', 'Invalid scope'],
    ] as const) {
      const refused = await fetch(`${world.emu.url}/oauth2/authorize?${authorizeQuery({ [key]: value })}`);
      expect(refused.status, key).toBe(400);
      expect(await refused.text(), key).toContain(error);
    }
  });

  it('sends the code back with the state, or access_denied when the member cancels', async () => {
    const back = await consent(world.seed.users.alice.id);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('the-state');
    expect(back.searchParams.get('code')).toMatch(/^[\w-]{20}$/);
    const cancelled = await consent(world.seed.users.alice.id, { decision: 'cancel' });
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.searchParams.get('code')).toBeNull();
  });
});

describe('the token exchange', () => {
  it('takes a code once, with its redirect URI and the client secret', async () => {
    const code = (await consent(world.seed.users.bob.id)).searchParams.get('code') ?? '';
    expect(await exchange(code, {}, `${APPLICATION_ID}:wrong`)).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });
    // The failed attempt above was refused before the code was looked at: it still works once.
    const granted = await exchange(code);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 604800, scope: 'identify guilds' });
    expect((await exchange(code)).body).toMatchObject({ error: 'invalid_grant' });
    const another = (await consent(world.seed.users.bob.id)).searchParams.get('code') ?? '';
    expect((await exchange(another, { redirect_uri: 'http://127.0.0.1:9999/other' })).body).toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('what a bearer token reads', () => {
  it('users/@me: who granted it, with their language', async () => {
    const token = await tokenFor(world.seed.users.carol.id);
    const me = await fetch(`${world.emu.apiBase}/v10/users/@me`, bearer(token));
    expect(await me.json()).toMatchObject({ id: world.seed.users.carol.id, username: 'carol', locale: 'en-US' });
  });

  it("users/@me/guilds: the member's guilds with their permissions there (everything for the owner)", async () => {
    const { guildId, users } = world.seed;
    const guildsOf = async (userId: string) =>
      (await (
        await fetch(`${world.emu.apiBase}/v10/users/@me/guilds`, bearer(await tokenFor(userId)))
      ).json()) as RESTGetAPICurrentUserGuildsResult;
    expect(await guildsOf(users.owner.id)).toEqual([
      expect.objectContaining({ id: guildId, owner: true, permissions: ALL_PERMISSIONS.toString() }),
    ]);
    const [forAlice] = await guildsOf(users.alice.id);
    expect(forAlice).toMatchObject({ id: guildId, owner: false });
    expect(forAlice?.permissions).toBe(memberPermissions(world.emu.model, guildId, users.alice.id).toString());
    expect(BigInt(forAlice?.permissions ?? '0') & ALL_PERMISSIONS).not.toBe(ALL_PERMISSIONS);
  });

  it('only within its scopes, until revoked, and never as a user or bot token', async () => {
    const { users, channels } = world.seed;
    const identifyOnly = await tokenFor(users.dave.id, 'identify');
    expect((await fetch(`${world.emu.apiBase}/v10/users/@me/guilds`, bearer(identifyOnly))).status).toBe(401);
    expect((await fetch(`${world.emu.apiBase}/v10/users/@me`, bearer(identifyOnly))).status).toBe(200);
    const post = await fetch(`${world.emu.apiBase}/v10/channels/${channels.general}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${identifyOnly}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(post.status).toBe(401);
    world.emu.oauth.revoke(users.dave.id);
    expect((await fetch(`${world.emu.apiBase}/v10/users/@me`, bearer(identifyOnly))).status).toBe(401);
  });
});
