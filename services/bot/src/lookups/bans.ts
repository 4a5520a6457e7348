/**
 * A guild's ban list, for the options declared `option.bannedUser` (`/unban user:`): Discord's user option cannot
 * name someone who is no longer a member, so the bot suggests banned users while the option is typed
 * (autocomplete) and, when the command comes, resolves the text (an id, a mention or a name) to the banned user it
 * names. Suggesting is not a decision, so it is answered here, from Discord, without asking core; whether the user
 * is banned is a fact the request carries (`banned`) for core to decide on.
 */
import { commandSpec, subcommandOf, type CommandInvoked, type UserRef } from '@guildhall/events';
import type { APIApplicationCommandOptionChoice, APIBan, APIUser } from 'discord-api-types/v10';
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';

/** A banned user as the ban list shows them. */
export interface BannedUser {
  id: string;
  username: string;
  globalName: string | null;
}

/** What the bot reads of a guild's ban list (a seam, so tests need no Discord). */
export interface BanList {
  /** The banned user with this id, or null when they are not banned. */
  find(userId: string): Promise<BannedUser | null>;
  /** The banned users, in Discord's order (by user id), at most `max` of them. */
  list(max: number): Promise<BannedUser[]>;
}

/** How many bans a name is looked for in (ten of Discord's pages): a name beyond them needs the user's id. */
export const MaxBansSearched = 10_000;

/** Discord's largest page of bans. */
const BanPage = 1000;

/** The choices Discord shows at most. */
const MaxChoices = 25;

function bannedUser(user: APIUser): BannedUser {
  return { id: user.id, username: user.username, globalName: user.global_name ?? null };
}

/** A guild's ban list through Discord's REST API. */
export function banList(rest: REST, guildId: string): BanList {
  return {
    async find(userId) {
      try {
        return bannedUser(((await rest.get(Routes.guildBan(guildId, userId))) as APIBan).user);
      } catch (err) {
        if (err instanceof DiscordAPIError && NotBanned.has(Number(err.code))) return null;
        throw err;
      }
    },
    async list(max) {
      const out: BannedUser[] = [];
      for (let after: string | undefined; out.length < max;) {
        const query = new URLSearchParams({ limit: String(BanPage), ...(after !== undefined && { after }) });
        const page = (await rest.get(Routes.guildBans(guildId), { query })) as APIBan[];
        out.push(...page.map((ban) => bannedUser(ban.user)));
        const last = page.at(-1);
        if (!last || page.length < BanPage) break;
        after = last.user.id;
      }
      return out.slice(0, max);
    },
  };
}

const NotBanned = new Set<number>([RESTJSONErrorCodes.UnknownBan, RESTJSONErrorCodes.UnknownUser]);

/** The user id a text names by itself: a bare id or a mention. */
function idIn(text: string): string | undefined {
  return /^<@!?(\d{17,20})>$/.exec(text)?.[1] ?? (/^\d{17,20}$/.test(text) ? text : undefined);
}

/** A banned user as the request names them. */
function userRef(user: BannedUser): UserRef {
  return { id: user.id, displayName: (user.globalName ?? user.username).slice(0, 100), bot: false };
}

/**
 * The banned user a text names, or null when it names nobody banned: an id or a mention is looked up directly; a
 * name (with or without `@`) must be a banned user's username (unique on Discord), or else the display name of
 * exactly one banned user.
 */
export async function resolveBanned(bans: BanList, text: string): Promise<UserRef | null> {
  const typed = text.trim();
  const id = idIn(typed);
  if (id !== undefined) {
    const found = await bans.find(id);
    return found && userRef(found);
  }
  const name = typed.replace(/^@/, '').toLowerCase();
  if (name === '') return null;
  const all = await bans.list(MaxBansSearched);
  const byUsername = all.find((u) => u.username.toLowerCase() === name);
  if (byUsername) return userRef(byUsername);
  const byDisplayName = all.filter((u) => u.globalName?.toLowerCase() === name);
  return byDisplayName.length === 1 && byDisplayName[0] ? userRef(byDisplayName[0]) : null;
}

/**
 * What Discord shows while a ban-list option is typed: banned users whose name or id contains the text, those that
 * start with it first, each as "Display name (@username)" with the id as the value (which resolveBanned takes).
 */
export async function suggestBanned(
  bans: BanList,
  typed: string,
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const text = typed.trim().replace(/^@/, '').toLowerCase();
  const all = await bans.list(MaxBansSearched);
  const rank = (u: BannedUser): number => {
    const names = [u.username.toLowerCase(), u.globalName?.toLowerCase() ?? ''];
    if (text === '' || u.id.startsWith(text) || names.some((n) => n.startsWith(text))) return 0;
    return names.some((n) => n.includes(text)) ? 1 : 2;
  };
  return all
    .map((user) => ({ user, rank: rank(user) }))
    .filter((u) => u.rank < 2)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MaxChoices)
    .map(({ user }) => ({
      name: `${user.globalName ?? user.username} (@${user.username})`.slice(0, 100),
      value: user.id,
    }));
}

/** The lookup an option is declared with (`bans`), if any. */
export function lookupOf(command: string, subcommand: string | null, option: string): 'bans' | undefined {
  const spec = commandSpec(command);
  const declared = spec && subcommandOf(spec, subcommand)?.options;
  return declared && Object.hasOwn(declared, option) ? declared[option]?.lookup : undefined;
}

/**
 * `banned` for a request: each ban-list option's text resolved against the ban list; undefined when the command has
 * none. Throws when the ban list cannot be read.
 */
export async function bannedFor(
  command: CommandInvoked['payload']['command'],
  bans: BanList,
): Promise<CommandInvoked['payload']['banned']> {
  let banned: NonNullable<CommandInvoked['payload']['banned']> | undefined;
  for (const [name, value] of Object.entries(command.options)) {
    if (typeof value !== 'string' || lookupOf(command.name, command.subcommand, name) !== 'bans') continue;
    banned ??= {};
    banned[name] = await resolveBanned(bans, value);
  }
  return banned;
}
