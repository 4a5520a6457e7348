import type { HumanUser } from '@guildhall/discord-emulator';
import type { APIApplicationCommandInteractionDataOption, APIEmbed } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// The bot's answers to what core emits beyond karma: a temporary ban lifted by the scheduler, and cases posted to
// the mod log, through the real bot, core, scheduler and the emulator. (The shop's are in economy.test.ts.)

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startCore();
  await stack.startScheduler();
  await stack.startBot();
  // Cases go to #mod-log.
  await command(stack.seed.users.owner, 'modconfig', [
    { type: 1, name: 'logchannel', options: [{ type: 7, name: 'channel', value: stack.seed.channels.modLog }] },
  ]);
}, 30_000);
afterAll(async () => {
  await stack?.close();
});

/** Runs a slash command as `user` in #general and returns the bot's answer. */
async function command(
  user: HumanUser,
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
): Promise<string> {
  const id = await stack.invoke(user, stack.seed.channels.general, name, options);
  const response = await stack.emu.waitForInteractionResponse(id, undefined, 10_000);
  expect(response.original?.pingedNobody).toBe(true);
  return response.content ?? '';
}

/** The bot's posts in #mod-log, as their embeds (a case is one embed). */
function modLog(): APIEmbed[] {
  return stack.emu
    .messages(stack.seed.channels.modLog)
    .filter((m) => m.authorId === stack.bot.userId)
    .flatMap((m) => m.api.embeds);
}

/** An embed's fields as `name: value` lines. */
const fieldsOf = (e: APIEmbed | undefined) => (e?.fields ?? []).map((f) => `${f.name}: ${f.value}`);

it('bans for 2 seconds; the scheduler lifts it and both cases reach the mod log', async () => {
  const { mod, carol } = stack.seed.users;
  const guild = stack.emu.model.guilds.get(stack.seed.guildId);
  const id = await stack.invoke(mod, stack.seed.channels.general, 'ban', [
    { type: 6, name: 'member', value: carol.id },
    { type: 3, name: 'duration', value: '2s' },
    { type: 3, name: 'reason', value: 'cool off' },
  ]);
  const answer = await stack.emu.waitForInteractionResponse(id, undefined, 10_000);
  const [card] = answer.original?.api.embeds ?? [];
  expect(card?.title).toMatch(/^Case #\d+ · Ban$/);
  expect(fieldsOf(card)).toEqual(
    expect.arrayContaining([`Member: <@${carol.id}>`, 'Reason: cool off', 'Outcome: Done']),
  );
  expect(guild?.bans.has(carol.id)).toBe(true);
  await stack.until('the temp-ban to be lifted', () => !guild?.bans.has(carol.id), 15_000);
  await stack.until(
    'the unban case in the mod log',
    () => modLog().some((e) => / · Unban$/.test(e.title ?? '')),
    5_000,
  );
  const posts = modLog();
  const ban = posts.find((e) => / · Ban$/.test(e.title ?? ''));
  expect(fieldsOf(ban)).toEqual(expect.arrayContaining([`Member: <@${carol.id}>`]));
  expect(fieldsOf(ban).find((f) => f.startsWith('Duration: '))).toMatch(
    /^Duration: 2 seconds, (ends|ended) <t:\d+:R>$/,
  );
  const unban = posts.find((e) => / · Unban$/.test(e.title ?? ''));
  expect(fieldsOf(unban)).toEqual(
    expect.arrayContaining([
      `Member: <@${carol.id}>`,
      `Moderator: <@${stack.bot.userId}> (automatic)`,
      expect.stringMatching(/^Reason: The temporary ban of case #\d+ ran out$/),
    ]),
  );
}, 20_000);

it('posts a warn to the mod log and pings nobody', async () => {
  const { mod, bob } = stack.seed.users;
  await stack.invoke(mod, stack.seed.channels.general, 'warn', [
    { type: 6, name: 'member', value: bob.id },
    { type: 3, name: 'reason', value: 'be nice @everyone' },
  ]);
  const post = await stack.emu.waitForMessage(
    (m) => m.channelId === stack.seed.channels.modLog && / · Warning$/.test(m.api.embeds[0]?.title ?? ''),
    10_000,
  );
  expect(fieldsOf(post.api.embeds[0])).toEqual(
    expect.arrayContaining([`Member: <@${bob.id}>`, `Moderator: <@${mod.id}>`, 'Reason: be nice @everyone']),
  );
  expect(post.pingedNobody).toBe(true);
  expect(post.allowedMentions).toEqual({ parse: [], replied_user: false });
  expect(post.nonce).toBeTruthy();
}, 20_000);
