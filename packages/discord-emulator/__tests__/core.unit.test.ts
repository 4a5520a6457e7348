import { AllowedMentionsTypes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { computePinged, parseMentions, parseSlash, shardOf, snowflake, snowflakeTime, tokenize } from '../src/index.ts';
import { RateLimiter } from '../src/ratelimit.ts';

const ALICE = '111111111111111111';
const BOB = '222222222222222222';
const ROLE = '333333333333333333';

describe('snowflakes', () => {
  it('encode their creation time and increase', () => {
    const at = Date.UTC(2024, 0, 1);
    const a = snowflake(at);
    const b = snowflake(at);
    expect(snowflakeTime(a)).toBe(at);
    expect(BigInt(b)).toBeGreaterThan(BigInt(a));
    expect(shardOf(a, 1)).toBe(0);
  });
});

describe('mentions', () => {
  const base = {
    canMentionEveryone: false,
    isMentionableRole: () => true,
    isUser: () => true,
    repliedUserId: undefined,
  };

  it('parses users, nick mentions, roles and @everyone', () => {
    expect(parseMentions(`<@${ALICE}> <@!${BOB}> <@&${ROLE}> @everyone`)).toEqual({
      users: [ALICE, BOB],
      roles: [ROLE],
      everyone: true,
    });
  });

  it('follows allowed_mentions: parse [] pings nobody, not even the replied-to author', () => {
    const content = `<@${ALICE}> <@&${ROLE}> @everyone`;
    expect(computePinged({ ...base, content, allowedMentions: { parse: [] }, repliedUserId: BOB })).toEqual({
      users: [],
      roles: [],
      everyone: false,
    });
    expect(computePinged({ ...base, content, allowedMentions: undefined, repliedUserId: BOB })).toEqual({
      users: [ALICE, BOB],
      roles: [ROLE],
      everyone: false,
    });
    expect(
      computePinged({ ...base, content, allowedMentions: { users: [ALICE], replied_user: true }, repliedUserId: BOB })
        .users,
    ).toEqual([ALICE, BOB]);
    expect(
      computePinged({
        ...base,
        content,
        canMentionEveryone: true,
        allowedMentions: { parse: [AllowedMentionsTypes.Everyone] },
      }).everyone,
    ).toBe(true);
  });
});

describe('slash parser', () => {
  const karma = {
    id: '1',
    application_id: '2',
    version: '3',
    type: 1,
    name: 'karma',
    description: 'Karma',
    default_member_permissions: null,
    options: [
      {
        type: 1,
        name: 'top',
        description: 'Top',
        options: [{ type: 4, name: 'count', description: 'n', min_value: 1, max_value: 25 }],
      },
      {
        type: 1,
        name: 'give',
        description: 'Give',
        options: [
          { type: 6, name: 'user', description: 'Who', required: true },
          { type: 3, name: 'reason', description: 'Why' },
        ],
      },
    ],
  } as unknown as APIApplicationCommand;
  const resolve = {
    user: (t: string) => (t === '@bob' || t === 'bob' ? BOB : undefined),
    channel: () => undefined,
    role: () => undefined,
  };

  it('tokenizes quotes', () => {
    expect(tokenize('give reason:"being kind" @bob')).toEqual(['give', 'reason:being kind', '@bob']);
  });

  it('handles subcommands, positional and named options, and a trailing string', () => {
    expect(parseSlash('/karma top 5', [karma], resolve)).toMatchObject({
      ok: true,
      options: [{ name: 'top', options: [{ name: 'count', value: 5 }] }],
    });
    const give = parseSlash('/karma give @bob for the help', [karma], resolve);
    expect(give.ok && give.options).toEqual([
      {
        type: 1,
        name: 'give',
        options: [
          { type: 6, name: 'user', value: BOB },
          { type: 3, name: 'reason', value: 'for the help' },
        ],
      },
    ]);
    const named = parseSlash('/karma give reason:"thanks a lot" user:bob', [karma], resolve);
    expect(named.ok && named.options[0]).toMatchObject({
      options: [
        { name: 'user', value: BOB },
        { name: 'reason', value: 'thanks a lot' },
      ],
    });
    const unquoted = parseSlash('/karma give reason:thanks a lot user:bob', [karma], resolve);
    expect(unquoted.ok && unquoted.options[0]).toMatchObject({
      options: [
        { name: 'user', value: BOB },
        { name: 'reason', value: 'thanks a lot' },
      ],
    });
  });

  it('explains mistakes', () => {
    expect(parseSlash('/nope', [karma], resolve)).toEqual({
      ok: false,
      error: 'Unknown command /nope. Available: /karma.',
    });
    expect(parseSlash('/karma', [karma], resolve)).toEqual({
      ok: false,
      error: '/karma needs a subcommand: top, give.',
    });
    expect(parseSlash('/karma top lots', [karma], resolve)).toEqual({
      ok: false,
      error: 'Option "count" needs a whole number, got "lots".',
    });
    expect(parseSlash('/karma top 99', [karma], resolve)).toMatchObject({ ok: false });
    expect(parseSlash('/karma give', [karma], resolve)).toEqual({
      ok: false,
      error: 'Missing required option "user" (Who).',
    });
    expect(parseSlash('/karma give @zed', [karma], resolve)).toMatchObject({
      ok: false,
      error: expect.stringContaining('member'),
    });
  });
});

describe('rate limiter', () => {
  it('limits per route and major parameter, then resets', () => {
    const limiter = new RateLimiter({ routes: { 'POST /x/:channel_id': { limit: 2, windowMs: 1000 } } });
    const t = 1_000_000;
    expect(limiter.charge('bot', 'POST /x/:channel_id', 'channel:1', false, t).headers['x-ratelimit-remaining']).toBe(
      '1',
    );
    expect(limiter.charge('bot', 'POST /x/:channel_id', 'channel:1', false, t).limited).toBe(false);
    const limited = limiter.charge('bot', 'POST /x/:channel_id', 'channel:1', false, t + 250);
    expect(limited.limited).toBe('route');
    expect(limited.headers['retry-after']).toBe('0.750');
    expect(limiter.charge('bot', 'POST /x/:channel_id', 'channel:2', false, t).limited).toBe(false);
    expect(limiter.charge('bot', 'POST /x/:channel_id', 'channel:1', false, t + 1000).limited).toBe(false);
    expect(limiter.served.route).toBe(1);
  });

  it('applies a global per-token limit, except to interaction routes', () => {
    const limiter = new RateLimiter({ globalPerSecond: 2 });
    const t = 5_000_000;
    limiter.charge('bot', 'GET /a', 'global', false, t);
    limiter.charge('bot', 'GET /b', 'global', false, t);
    expect(limiter.charge('bot', 'GET /c', 'global', false, t).limited).toBe('global');
    expect(limiter.charge('bot', 'POST /interactions/:id/:token/callback', 'interaction:1', true, t).limited).toBe(
      false,
    );
  });
});
