import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPlayground, PLAYGROUND_SLOTS, seededId, snowflakeTime, startEmulator } from '../src/index.ts';
import type { Emulator } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'playground-identity-'));
const running: Emulator[] = [];

afterAll(async () => {
  await Promise.all(running.map((emu) => emu.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** One "start" of the playground: a new emulator process, seeded from the identity file. */
async function start(file: string, fresh = false) {
  const emu = await startEmulator();
  running.push(emu);
  return { emu, ...openPlayground(emu, { token: 'playground-bot-token', identityFile: file, fresh }) };
}

/** Every seeded id of one start, for comparing two starts. */
function ids(run: Awaited<ReturnType<typeof start>>): string[] {
  const { seed, bot } = run;
  return [
    seed.guildId,
    ...Object.values(seed.channels),
    ...Object.values(seed.roles),
    ...Object.values(seed.users).map((u) => u.id),
    bot.userId,
    bot.applicationId,
  ];
}

describe('the persistent playground', () => {
  it('keeps the guild, channels, roles, members and bot ids across restarts', async () => {
    const file = join(dir, 'same.json');
    const first = await start(file);
    const second = await start(file);
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(ids(first).length - 2); // the everyone role is the guild id; app id = bot id
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      createdAt: first.identity.createdAt,
      preferredLocale: 'en-US',
    });
    // Real-looking snowflakes: minted at the guild's creation, never colliding with the emulator's own ids.
    expect(snowflakeTime(first.seed.guildId)).toBe(first.identity.createdAt);
    expect(first.seed.channels.modLog).toBe(seededId(first.identity, PLAYGROUND_SLOTS.modLog));
    const posted = first.emu.postAsUser(first.seed.users.alice.id, first.seed.channels.general, 'hi');
    expect(ids(first)).not.toContain(posted.id);
  });

  it('starts a new guild with new ids when asked to start fresh, and remembers that one', async () => {
    const file = join(dir, 'fresh.json');
    const old = await start(file);
    const fresh = await start(file, true);
    expect(ids(fresh).some((id) => ids(old).includes(id))).toBe(false);
    expect(ids(await start(file))).toEqual(ids(fresh));
  });

  it('starts fresh when the file is missing or unreadable', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    const run = await start(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ createdAt: run.identity.createdAt });
  });

  it("remembers the guild's preferred_locale when it changes", async () => {
    const file = join(dir, 'locale.json');
    const first = await start(file);
    const res = await fetch(`${first.emu.apiBase}/v10/guilds/${first.seed.guildId}`, {
      method: 'PATCH',
      headers: { authorization: first.seed.users.owner.token, 'content-type': 'application/json' },
      body: JSON.stringify({ preferred_locale: 'de' }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ preferredLocale: 'de' });
    const second = await start(file);
    expect(second.emu.model.guild(second.seed.guildId).preferredLocale).toBe('de');
  });
});
