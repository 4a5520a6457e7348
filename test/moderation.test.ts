import type { CoreApp } from '@guildhall/core/app';
import { createDatabase, type Database, type Kysely } from '@guildhall/db';
import type { HumanUser } from '@guildhall/discord-emulator';
import type { APIApplicationCommandInteractionDataOption, APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// Moderation end to end: the real bot and core against the emulator, where the bot and core must agree on what a
// purge deletes (issue 9.4) and whom an unban names (issue 9.5), and cases are listed by page (issue 9.6).

let stack: Stack;
let core: CoreApp;
let db: Kysely<Database>;

beforeAll(async () => {
  stack = await Stack.create();
  core = await stack.startCore();
  await stack.startBot();
  db = createDatabase(stack.scratchDb.url, { poolSize: 2 });
  await command(stack.seed.users.owner, stack.seed.channels.modLog, 'modconfig', [
    { type: 1, name: 'logchannel', options: [{ type: 7, name: 'channel', value: stack.seed.channels.modLog }] },
  ]);
}, 30_000);
afterAll(async () => {
  await db?.destroy();
  await stack?.close();
});

/** Runs a slash command and waits for its (original) answer. */
async function command(
  user: HumanUser,
  channelId: string,
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
) {
  const id = await stack.invoke(user, channelId, name, options);
  return stack.emu.waitForInteractionResponse(id, undefined, 15_000);
}

/** An embed's fields as `name: value` lines. */
const fieldsOf = (e: APIEmbed | undefined) => (e?.fields ?? []).map((f) => `${f.name}: ${f.value}`);

/** The bot's case posts in #mod-log. */
const modLog = () =>
  stack.emu
    .messages(stack.seed.channels.modLog)
    .filter((m) => m.authorId === stack.bot.userId)
    .flatMap((m) => m.api.embeds);

const caseRows = async () =>
  db.selectFrom('mod_cases').select(['case_number', 'action', 'target_id', 'status']).orderBy('case_number').execute();

describe('/purge', () => {
  it('deletes exactly the N messages before the command, keeps pinned and too-old ones, and says so', async () => {
    const { alice, bob, mod } = stack.seed.users;
    const channel = stack.emu.createChannel(stack.seed.guildId, { name: 'purge-test' }).id;
    const day = 86_400_000;
    const ancient = [21, 20].map((days, i) =>
      stack.emu.seedMessage({
        channelId: channel,
        authorId: alice.id,
        content: `old ${i}`,
        createdAt: Date.now() - days * day,
      }),
    );
    const recent = [];
    for (const n of [1, 2, 3, 4, 5]) recent.push(await stack.post(n % 2 ? alice : bob, channel, `before ${n}`));
    // A moderator pins one, the way a client does.
    const pinnedId = recent[1]?.id ?? '';
    const pin = await fetch(`${stack.emu.apiBase}/v10/channels/${channel}/pins/${pinnedId}`, {
      method: 'PUT',
      headers: { authorization: mod.token },
    });
    expect(pin.status).toBe(204);

    // Core is away while the command waits in its queue, so messages posted after the command are there before the
    // purge runs: only the command's own id can keep them safe.
    await core.stop();
    const id = await stack.invoke(mod, channel, 'purge', [{ type: 4, name: 'count', value: 6 }]);
    await stack.until('the command to wait for core', async () => (await stack.queueDepth('core')) >= 1);
    const after = [await stack.post(alice, channel, 'after 1'), await stack.post(bob, channel, 'after 2')];
    core = await stack.startCore();

    const answer = await stack.emu.waitForInteractionResponse(
      id,
      (r) => fieldsOf(r.original?.api.embeds[0]).some((f) => f.startsWith('Outcome: ') && !f.includes('Waiting')),
      20_000,
    );
    // The six before the command: five recent ones (one pinned) and the newer of the two old ones.
    const gone = (messageId: string) => stack.emu.model.messages.get(messageId)?.deleted;
    expect(recent.map((m) => gone(m.id))).toEqual([true, false, true, true, true]);
    expect(ancient.map((m) => gone(m.id))).toEqual([false, false]);
    expect(after.map((m) => gone(m.id))).toEqual([false, false]);
    // The command's own answer survives, privately, and says what happened.
    expect(answer.ephemeral).toBe(true);
    expect(answer.original?.deleted).toBe(false);
    const outcome = [
      'Outcome: 4 messages deleted (asked: the last 6)',
      '1 pinned message kept (pinned messages are never purged)',
      '1 message older than 14 days kept (Discord cannot bulk-delete them)',
    ].join('\n');
    expect(fieldsOf(answer.original?.api.embeds[0])).toEqual([
      `Channel: <#${channel}>`,
      `Moderator: <@${mod.id}>`,
      outcome,
    ]);
    // The mod log has the true count too.
    await stack.until('the purge in the mod log', () => modLog().some((e) => / · Purge$/.test(e.title ?? '')));
    expect(fieldsOf(modLog().find((e) => / · Purge$/.test(e.title ?? '')))).toContain(outcome);
    const purge = (await caseRows()).find((c) => c.action === 'purge');
    expect(purge?.status).toBe('succeeded');
  }, 60_000);
});

describe('/unban', () => {
  it('suggests banned users while the moderator types, and unbans the one picked (by id) or named', async () => {
    const { mod, carol, dave } = stack.seed.users;
    // Banned outside Guildhall (by hand in Discord): the ban list is Discord's, not Guildhall's cases.
    stack.emu.ban(stack.seed.guildId, carol.id);
    stack.emu.ban(stack.seed.guildId, dave.id);
    const typing = stack.emu.autocomplete(mod.id, stack.seed.channels.general, '/unban user:car', 'user');
    expect(await stack.emu.waitForAutocomplete(typing, 10_000)).toEqual([{ name: 'Carol (@carol)', value: carol.id }]);

    const picked = await command(mod, stack.seed.channels.general, 'unban', [
      { type: 3, name: 'user', value: carol.id },
    ]);
    const card = picked.original?.api.embeds[0];
    expect(card?.title).toMatch(/^Case #\d+ · Unban$/);
    expect(fieldsOf(card)).toEqual(expect.arrayContaining([`Member: <@${carol.id}>`, 'Outcome: Done']));
    const guild = stack.emu.model.guild(stack.seed.guildId);
    expect(guild.bans.has(carol.id)).toBe(false);

    await command(mod, stack.seed.channels.general, 'unban', [{ type: 3, name: 'user', value: '@dave' }]);
    expect(guild.bans.has(dave.id)).toBe(false);
    expect((await caseRows()).filter((c) => c.action === 'unban').map((c) => c.target_id)).toEqual([carol.id, dave.id]);
  }, 30_000);

  it('refuses someone who is not banned, politely and only to the moderator, without a case', async () => {
    const { mod, bob } = stack.seed.users;
    const before = await caseRows();
    const id = await stack.invoke(mod, stack.seed.channels.general, 'unban', [
      { type: 3, name: 'user', value: `<@${bob.id}>` },
    ]);
    const refused = await stack.emu.waitForInteractionResponse(id, (r) => r.followups.length > 0, 15_000);
    expect(refused.followups[0]?.ephemeral).toBe(true);
    expect(refused.followups[0]?.api.embeds[0]?.description).toBe(
      `Nobody called \`<@${bob.id}>\` is on this server's ban list. Pick someone from the suggestions, or give their user id.`,
    );
    // No case, and Discord was never asked to lift a ban that is not there.
    expect(await caseRows()).toEqual(before);
    expect(stack.emu.requests({ method: 'DELETE', route: new RegExp(`/bans/${bob.id}$`) })).toEqual([]);
  }, 30_000);
});

describe('/cases', () => {
  it('lists the guild’s latest cases without a member, with the way to older ones', async () => {
    const { mod, alice } = stack.seed.users;
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      await command(mod, stack.seed.channels.general, 'warn', [
        { type: 6, name: 'member', value: alice.id },
        { type: 3, name: 'reason', value: `warning ${n}` },
      ]);
    const total = (await caseRows()).length;
    // More than a page, so there is an older one to ask for.
    expect(total).toBeGreaterThan(10);
    const list = await command(mod, stack.seed.channels.general, 'cases', []);
    const e = list.original?.api.embeds[0];
    expect(e?.title).toBe('Latest cases');
    const numbers = (e?.description ?? '').split('\n').map((row) => Number(/^`#(\d+)`/.exec(row)?.[1]));
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => total - i));
    expect(e?.footer?.text).toBe(`${total} cases in all · older ones: /cases before:${total - 9}`);
    const older = await command(mod, stack.seed.channels.general, 'cases', [
      { type: 4, name: 'before', value: total - 9 },
    ]);
    const rows = (older.original?.api.embeds[0]?.description ?? '').split('\n');
    expect(rows.map((row) => Number(/^`#(\d+)`/.exec(row)?.[1]))).toEqual(
      Array.from({ length: Math.min(10, total - 10) }, (_, i) => total - 10 - i),
    );
  }, 60_000);
});
