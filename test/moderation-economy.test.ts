import type { HumanUser } from '@guildhall/discord-emulator';
import type { APIApplicationCommandInteractionDataOption } from 'discord.js';
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

/** The bot's posts in #mod-log. */
function modLog(): string[] {
  return stack.emu
    .messages(stack.seed.channels.modLog)
    .filter((m) => m.authorId === stack.bot.userId)
    .map((m) => m.content);
}

it('bans for 2 seconds; the scheduler lifts it and both cases reach the mod log', async () => {
  const { mod, carol } = stack.seed.users;
  const guild = stack.emu.model.guilds.get(stack.seed.guildId);
  const answer = await command(mod, 'ban', [
    { type: 6, name: 'member', value: carol.id },
    { type: 3, name: 'duration', value: '2s' },
    { type: 3, name: 'reason', value: 'cool off' },
  ]);
  expect(answer).toMatch(/Case #\d+\*\* · Ban · <@\d+>/);
  expect(answer).toContain('Outcome: done');
  expect(guild?.bans.has(carol.id)).toBe(true);
  await stack.until('the temp-ban to be lifted', () => !guild?.bans.has(carol.id), 15_000);
  await stack.until('the unban case in the mod log', () => modLog().some((c) => c.includes('Unban')), 5_000);
  const posts = modLog();
  expect(
    posts.some((c) => c.includes(' · Ban · ') && c.includes(`<@${carol.id}>`) && c.includes('Duration: 2 seconds')),
  ).toBe(true);
  const unban = posts.find((c) => c.includes(' · Unban · '));
  expect(unban).toContain(`<@${carol.id}>`);
  expect(unban).toContain('(automatic)');
}, 20_000);

it('posts a warn to the mod log and pings nobody', async () => {
  const { mod, bob } = stack.seed.users;
  await command(mod, 'warn', [
    { type: 6, name: 'member', value: bob.id },
    { type: 3, name: 'reason', value: 'be nice @everyone' },
  ]);
  const post = await stack.emu.waitForMessage(
    (m) => m.channelId === stack.seed.channels.modLog && m.content.includes(' · Warn · '),
    10_000,
  );
  expect(post.content).toContain(`<@${bob.id}>`);
  expect(post.content).toContain(`Moderator: <@${mod.id}>`);
  expect(post.content).toContain('be nice @everyone');
  expect(post.pingedNobody).toBe(true);
  expect(post.allowedMentions).toEqual({ parse: [], replied_user: false });
  expect(post.nonce).toBeTruthy();
}, 20_000);
