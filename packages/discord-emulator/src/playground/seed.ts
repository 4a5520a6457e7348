import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Emulator, HumanUser } from '../emulator.ts';

/** Ids and tokens of everything {@link seedPlayground} creates. */
export interface PlaygroundSeed {
  guildId: string;
  channels: { general: string; karma: string; modLog: string };
  roles: { everyone: string; member: string; moderator: string; bot: string };
  users: { alice: HumanUser; bob: HumanUser; carol: HumanUser; mod: HumanUser; owner: HumanUser };
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
 * Creates "Guildhall Playground": #general, #karma, #mod-log; roles Member < Moderator < the bot's
 * own role; members alice, bob, carol (Member), mod (Moderator), owner; and adds the given bot.
 */
export function seedPlayground(emu: Emulator, opts: { botUserId: string }): PlaygroundSeed {
  const owner = emu.createUser({ username: 'owner', globalName: 'Owner' });
  const guild = emu.createGuild({ name: 'Guildhall Playground', ownerId: owner.id });
  const member = emu.createRole(guild.id, { name: 'Member', position: 1, color: 0x5865f2 });
  const moderator = emu.createRole(guild.id, {
    name: 'Moderator',
    position: 2,
    color: 0xed4245,
    permissions: MODERATOR_PERMISSIONS,
    hoist: true,
  });
  const botName = emu.model.user(opts.botUserId).username;
  const botRole = emu.createRole(guild.id, {
    name: botName,
    position: 3,
    permissions: MODERATOR_PERMISSIONS | PermissionFlagsBits.ManageNicknames | PermissionFlagsBits.EmbedLinks,
  });
  const general = emu.createChannel(guild.id, { name: 'general', topic: 'Say hi' });
  const karma = emu.createChannel(guild.id, { name: 'karma', topic: 'Thank people with /karma' });
  const modLog = emu.createChannel(guild.id, { name: 'mod-log', topic: 'Moderation actions' });
  const human = (username: string, roleId: string): HumanUser => {
    const user = emu.createUser({ username, globalName: username[0]?.toUpperCase() + username.slice(1) });
    emu.addMember(guild.id, user.id, { roles: [roleId] });
    return user;
  };
  const users = {
    alice: human('alice', member.id),
    bob: human('bob', member.id),
    carol: human('carol', member.id),
    mod: human('mod', moderator.id),
    owner,
  };
  emu.addMember(guild.id, opts.botUserId, { roles: [botRole.id] });
  return {
    guildId: guild.id,
    channels: { general: general.id, karma: karma.id, modLog: modLog.id },
    roles: { everyone: guild.id, member: member.id, moderator: moderator.id, bot: botRole.id },
    users,
    botUserId: opts.botUserId,
  };
}
