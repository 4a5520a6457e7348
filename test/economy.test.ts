import type { BotApp } from '@guildhall/bot/app';
import type { CoreApp } from '@guildhall/core/app';
import type { HumanUser } from '@guildhall/discord-emulator';
import {
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIEmbed,
} from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// Issue 9 item 1 through the real bot, core and the emulator: the shop and level rewards never hand out a privileged
// role, whether it was privileged when an owner tried to set it up, became so after it was listed (core re-checks at
// purchase time), or became so while the purchase or level-up was under way (the bot re-checks before adding it).

let stack: Stack;
let core: CoreApp;
let bot: BotApp;

beforeAll(async () => {
  stack = await Stack.create();
  core = await stack.startCore();
  bot = await stack.startBot();
}, 30_000);
afterAll(async () => {
  await stack?.close();
});

type Options = APIApplicationCommandInteractionDataOption[];
const sub = (name: string, options: APIApplicationCommandInteractionDataBasicOption[] = []): Options => [
  { type: 1, name, options },
];
const role = (value: string) => ({ type: 8, name: 'role', value }) as const;

/** Runs a slash command; resolves with the interaction id once the bot has answered it (or `until` holds). */
async function run(
  user: HumanUser,
  name: string,
  options: Options,
  locale?: string,
): Promise<{ id: string; embed: APIEmbed | undefined; ephemeral: boolean }> {
  const id = await stack.invoke(user, stack.seed.channels.general, name, options, locale);
  const done = await stack.emu.waitForInteractionResponse(
    id,
    (r) => r.followups.length > 0 || (r.state === 'replied' && r.original?.loading === false),
    15_000,
  );
  // A refusal of a public command is an ephemeral follow-up; anything else edits the original response.
  const answer = done.followups[0] ?? done.original;
  expect(answer?.pingedNobody).toBe(true);
  return { id, embed: answer?.api.embeds[0], ephemeral: answer?.ephemeral ?? false };
}

/** How many times the bot asked Discord to give a member a role. */
function roleAdds(userId: string, roleId: string): number {
  return stack.emu.requests({ method: 'PUT' }).filter((r) => r.path.endsWith(`/members/${userId}/roles/${roleId}`))
    .length;
}

function hasRole(userId: string, roleId: string): boolean {
  return stack.emu.model.member(stack.seed.guildId, userId).roles.includes(roleId);
}

/** Gives a role dangerous permissions as a server owner would, through Discord's REST. */
async function makeDangerous(roleId: string, permissions: bigint): Promise<void> {
  const res = await fetch(`${stack.emu.apiBase}/v10/guilds/${stack.seed.guildId}/roles/${roleId}`, {
    method: 'PATCH',
    headers: { authorization: stack.seed.users.owner.token, 'content-type': 'application/json' },
    body: JSON.stringify({ permissions: String(permissions) }),
  });
  expect(res.status).toBe(200);
  // The bot's re-check reads its gateway cache: wait until GUILD_ROLE_UPDATE reached it.
  await expect
    .poll(() => bot.client.guilds.cache.get(stack.seed.guildId)?.roles.cache.get(roleId)?.permissions.bitfield)
    .toBe(permissions);
}

it('refuses to list @Moderator in the shop, saying why, in the owner’s language', async () => {
  const { owner } = stack.seed.users;
  const listing = sub('shop-add', [role(stack.seed.roles.moderator), { type: 3, name: 'price', value: '50' }]);
  const refused = await run(owner, 'economy', listing);
  expect(refused.ephemeral).toBe(true);
  expect(refused.embed).toMatchObject({ color: 0xed4245 });
  expect(refused.embed?.description).toBe(
    'That role carries **Manage Server**, **Manage Roles**, **Manage Messages**, **Ban Members**, **Kick Members**, ' +
      'and **Timeout Members**, too powerful for Guildhall to hand out.',
  );
  const german = await run(owner, 'economy', listing, 'de');
  expect(german.embed?.description).toMatch(
    /^Diese Rolle hat \*\*Server verwalten\*\*, .+ – zu mächtig, als dass Guildhall sie vergeben dürfte\.$/,
  );
  const shop = await run(owner, 'shop', []);
  expect(shop.embed).toMatchObject({ title: 'Shop', description: 'Nothing is for sale yet.' });
}, 30_000);

it('refunds a purchase Discord refuses, telling the buyer why in their language', async () => {
  const { owner, alice } = stack.seed.users;
  const { regular } = stack.seed.roles;
  const listed = await run(
    owner,
    'economy',
    sub('shop-add', [role(regular), { type: 3, name: 'price', value: '100' }]),
  );
  expect(listed.ephemeral).toBe(true);
  await run(
    owner,
    'economy',
    sub('grant', [
      { type: 6, name: 'member', value: alice.id },
      { type: 3, name: 'amount', value: '250' },
    ]),
  );
  const shop = await run(alice, 'shop', []);
  expect(shop.embed).toMatchObject({
    title: 'Shop',
    description: `\`1.\` <@&${regular}> — 🪙 **100** coins`,
    footer: { text: 'Buy one with /buy.' },
  });

  stack.emu.failNext({ method: 'PUT', route: /roles/, status: 403 });
  const buy = await stack.invoke(alice, stack.seed.channels.general, 'buy', [role(regular)], 'de');
  const answer = await stack.emu.waitForInteractionResponse(
    buy,
    (r) => r.original?.api.embeds[0]?.title === 'Kauf erstattet',
    20_000,
  );
  expect(answer.original?.api.embeds[0]?.description).toBe(
    `<@${alice.id}>, Guildhall konnte dir <@&${regular}> nicht geben: Guildhall fehlt dafür eine Berechtigung, oder ` +
      'seine Rolle steht nicht hoch genug.\nDeine 🪙 **100** coins hast du zurück. Kontostand: 🪙 **250** coins.',
  );
  expect(hasRole(alice.id, regular)).toBe(false);
}, 30_000);

it('refunds a purchase whose role was made dangerous while it was under way, and never adds the role', async () => {
  const { alice } = stack.seed.users;
  const { regular } = stack.seed.roles;
  // One add so far: the one Discord refused above.
  const addsBefore = roleAdds(alice.id, regular);
  expect(addsBefore).toBe(1);
  // Alice buys while core is down: her request waits in the queue, carrying Regular as it was then (harmless).
  await core.stop();
  const buy = await stack.invoke(alice, stack.seed.channels.general, 'buy', [role(regular)]);
  await stack.until('the purchase to wait for core', async () => (await stack.queueDepth('core')) === 1);
  // Meanwhile the owner gives Regular the power to ban. Core, back, judges the request by its facts and debits;
  // the bot checks the role again before adding it, declines, and core refunds.
  await makeDangerous(regular, PermissionFlagsBits.BanMembers);
  core = await stack.startCore();

  const answer = await stack.emu.waitForInteractionResponse(
    buy,
    (r) => r.original?.api.embeds[0]?.title === 'Purchase refunded',
    20_000,
  );
  expect(answer.ephemeral).toBe(false);
  expect(answer.original?.pingedNobody).toBe(true);
  expect(answer.original?.api.embeds[0]).toMatchObject({
    color: 0xed4245,
    description:
      `<@${alice.id}>, Guildhall couldn't give you <@&${regular}>: That role carries **Ban Members**, too powerful ` +
      'for Guildhall to hand out.\nYour 🪙 **100** coins went back to you. Balance: 🪙 **250** coins.',
  });
  expect(hasRole(alice.id, regular)).toBe(false);
  // The bot never even asked Discord to add it.
  expect(roleAdds(alice.id, regular)).toBe(addsBefore);
  const balance = await run(alice, 'balance', []);
  expect(balance.embed?.description).toBe(`<@${alice.id}> has 🪙 **250** coins.`);

  // Now that the role is dangerous, core refuses the next purchase itself, before taking any money; in German here.
  const again = await run(alice, 'buy', [role(regular)], 'de');
  expect(again.ephemeral).toBe(true);
  expect(again.embed?.description).toBe(
    'Diese Rolle hat **Mitglieder bannen** – zu mächtig, als dass Guildhall sie vergeben dürfte.',
  );
  const after = await run(alice, 'balance', [], 'de');
  expect(after.embed).toMatchObject({ title: 'Kontostand', description: `<@${alice.id}> hat 🪙 **250** coins.` });
  expect(hasRole(alice.id, regular)).toBe(false);
}, 60_000);

it('skips a level reward made dangerous after it was set, and tells the mod log why', async () => {
  const { owner, bob } = stack.seed.users;
  const { artist } = stack.seed.roles;
  await run(owner, 'modconfig', sub('logchannel', [{ type: 7, name: 'channel', value: stack.seed.channels.modLog }]));
  const set = await run(
    owner,
    'levels-config',
    sub('reward-set', [{ type: 4, name: 'level', value: 1 }, role(artist)]),
  );
  expect(set.embed?.fields?.find((f) => f.name === 'Role rewards')?.value).toBe(`Level 1: <@&${artist}>`);
  // One message is worth a level.
  await run(
    owner,
    'levels-config',
    sub('xp', [
      { type: 4, name: 'min', value: 150 },
      { type: 4, name: 'max', value: 150 },
    ]),
  );
  await makeDangerous(artist, PermissionFlagsBits.ManageMessages | PermissionFlagsBits.MentionEveryone);

  const posted = await stack.post(bob, stack.seed.channels.general, 'hello, levels');
  const announced = await stack.replyTo(posted.id);
  expect(announced.content).toContain(`<@${bob.id}> reached level **1**!`);
  const notice = await stack.emu.waitForMessage(
    (m) => m.channelId === stack.seed.channels.modLog && m.api.embeds[0]?.title === 'Level reward not given',
    15_000,
  );
  expect(notice.pingedNobody).toBe(true);
  expect(notice.api.embeds[0]?.description).toBe(
    `<@${bob.id}> reached level 1, but <@&${artist}> was not added: That role carries **Manage Messages** and ` +
      '**Mention @everyone, @here and All Roles**, too powerful for Guildhall to hand out.',
  );
  expect(hasRole(bob.id, artist)).toBe(false);
}, 30_000);
