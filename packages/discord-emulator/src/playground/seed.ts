import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Locale } from 'discord-api-types/v10';
import type { Emulator, HumanUser, InteractionResponseView } from '../emulator.ts';
import type { BotRecord } from '../model.ts';
import type { PlaygroundIdentity } from './ids.ts';
import { loadPlaygroundIdentity, savePlaygroundIdentity, seededId } from './ids.ts';

/** Ids and tokens of everything {@link seedPlayground} creates. */
export interface PlaygroundSeed {
  guildId: string;
  channels: { general: string; karma: string; modLog: string };
  roles: { everyone: string; member: string; regular: string; artist: string; moderator: string; bot: string };
  users: {
    alice: HumanUser;
    bob: HumanUser;
    carol: HumanUser;
    dave: HumanUser;
    mod: HumanUser;
    owner: HumanUser;
  };
  botUserId: string;
}

/** Moderator's bits: ban, kick, timeout, manage guild/roles/messages. */
export const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageMessages;

/**
 * Slot of each seeded thing in {@link seededId}. Append only: a slot that changed meaning would hand an old guild's
 * rows in MySQL to something else after an upgrade.
 */
export const PLAYGROUND_SLOTS = {
  guild: 0,
  member: 1,
  moderator: 2,
  botRole: 3,
  regular: 4,
  artist: 5,
  general: 10,
  karma: 11,
  modLog: 12,
  owner: 20,
  alice: 21,
  bob: 22,
  carol: 23,
  mod: 24,
  dave: 25,
  bot: 30,
} as const;

/** Options for {@link seedPlayground}. */
export interface SeedPlaygroundOptions {
  botUserId: string;
  /** Derive every id from this identity (stable across restarts); fresh random ids when absent. */
  identity?: PlaygroundIdentity | undefined;
}

/**
 * Creates "Guildhall Playground": #general, #karma, #mod-log; roles Member < Regular < Artist < Moderator < the
 * bot's own role (Regular and Artist are plain roles the bot may hand out, for role commands); members alice, bob,
 * carol (Member), dave (Member, Regular, Artist), mod (Moderator), owner; and adds the given bot.
 */
export function seedPlayground(emu: Emulator, opts: SeedPlaygroundOptions): PlaygroundSeed {
  const { identity } = opts;
  const id = (slot: keyof typeof PLAYGROUND_SLOTS): { id?: string } =>
    identity ? { id: seededId(identity, PLAYGROUND_SLOTS[slot]) } : {};
  const owner = emu.createUser({ ...id('owner'), username: 'owner', globalName: 'Owner' });
  const guild = emu.createGuild({
    ...id('guild'),
    name: 'Guildhall Playground',
    ownerId: owner.id,
    ...(identity ? { preferredLocale: identity.preferredLocale } : {}),
  });
  const member = emu.createRole(guild.id, { ...id('member'), name: 'Member', position: 1, color: 0x5865f2 });
  const regular = emu.createRole(guild.id, { ...id('regular'), name: 'Regular', position: 2, color: 0x57f287 });
  const artist = emu.createRole(guild.id, { ...id('artist'), name: 'Artist', position: 3, color: 0xeb459e });
  const moderator = emu.createRole(guild.id, {
    ...id('moderator'),
    name: 'Moderator',
    position: 4,
    color: 0xed4245,
    permissions: MODERATOR_PERMISSIONS,
    hoist: true,
  });
  const botName = emu.model.user(opts.botUserId).username;
  const botRole = emu.createRole(guild.id, {
    ...id('botRole'),
    name: botName,
    position: 5,
    permissions: MODERATOR_PERMISSIONS | PermissionFlagsBits.ManageNicknames | PermissionFlagsBits.EmbedLinks,
  });
  const general = emu.createChannel(guild.id, { ...id('general'), name: 'general', topic: 'Say hi' });
  const karma = emu.createChannel(guild.id, { ...id('karma'), name: 'karma', topic: 'Thank people with /karma' });
  const modLog = emu.createChannel(guild.id, { ...id('modLog'), name: 'mod-log', topic: 'Moderation actions' });
  const human = (username: keyof typeof PLAYGROUND_SLOTS, roleIds: string[]): HumanUser => {
    const user = emu.createUser({
      ...id(username),
      username,
      globalName: username[0]?.toUpperCase() + username.slice(1),
    });
    emu.addMember(guild.id, user.id, { roles: roleIds });
    return user;
  };
  const users = {
    alice: human('alice', [member.id]),
    bob: human('bob', [member.id]),
    carol: human('carol', [member.id]),
    dave: human('dave', [member.id, regular.id, artist.id]),
    mod: human('mod', [moderator.id]),
    owner,
  };
  emu.addMember(guild.id, opts.botUserId, { roles: [botRole.id] });
  return {
    guildId: guild.id,
    channels: { general: general.id, karma: karma.id, modLog: modLog.id },
    roles: {
      everyone: guild.id,
      member: member.id,
      regular: regular.id,
      artist: artist.id,
      moderator: moderator.id,
      bot: botRole.id,
    },
    users,
    botUserId: opts.botUserId,
  };
}

/** Options for {@link openPlayground}. */
export interface OpenPlaygroundOptions {
  /** The bot's token (without `Bot `). */
  token: string;
  username?: string;
  /** Where the identity lives, e.g. `.playground/identity.json`. */
  identityFile: string;
  /** Start a new guild (new ids) instead of the saved one. */
  fresh?: boolean;
}

/**
 * The persistent playground: the bot and the seeded guild with the ids saved in `identityFile` (so karma,
 * balances and cases in MySQL still belong to the guild after a restart), or a new guild when `fresh` or when
 * there is no file yet. A change of the guild's `preferred_locale` is saved too.
 */
export function openPlayground(
  emu: Emulator,
  opts: OpenPlaygroundOptions,
): { bot: BotRecord; seed: PlaygroundSeed; identity: PlaygroundIdentity } {
  const identity = loadPlaygroundIdentity(opts.identityFile, { fresh: opts.fresh ?? false });
  const botId = seededId(identity, PLAYGROUND_SLOTS.bot);
  const bot = emu.createBot({
    id: botId,
    username: opts.username ?? 'Guildhall',
    token: opts.token,
    applicationId: botId,
  });
  const seed = seedPlayground(emu, { botUserId: bot.userId, identity });
  emu.on((event) => {
    if (event.type !== 'guild_update' || event.guildId !== seed.guildId) return;
    const locale: Locale = emu.model.guild(seed.guildId).preferredLocale;
    if (locale === identity.preferredLocale) return;
    identity.preferredLocale = locale;
    savePlaygroundIdentity(opts.identityFile, identity);
  });
  return { bot, seed, identity };
}

/**
 * Points Guildhall's mod-log at #mod-log the way a server owner would: the owner runs `/modconfig logchannel
 * channel:#mod-log` there (a real interaction the bot answers; nothing is written behind core's back). Idempotent,
 * so it runs on every start. Rejects when the bot does not answer or the command is not registered.
 */
export async function wirePlayground(
  emu: Emulator,
  seed: PlaygroundSeed,
  timeoutMs = 15_000,
): Promise<InteractionResponseView> {
  const id = emu.runSlash(seed.users.owner.id, seed.channels.modLog, '/modconfig logchannel channel:#mod-log');
  const response = await emu.waitForInteractionResponse(id, undefined, timeoutMs);
  if (response.state === 'failed') throw new Error('the bot did not answer /modconfig logchannel in time');
  return response;
}
