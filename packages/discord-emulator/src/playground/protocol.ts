/**
 * What the playground server sends its page (`/playground/state`, `/playground/events`) and what the page posts back
 * to `/playground/*`. Types only, shared by the server (Node) and the page (browser), so neither side can drift.
 */
import type { APIEmbed } from 'discord-api-types/v10';

/** Names for the ids a message mentions, so the page can render `<@id>`, `<@&id>` and `<#id>` as chips. */
export interface MentionNames {
  users: Record<string, string>;
  roles: Record<string, { name: string; color: number }>;
  channels: Record<string, string>;
}

/** A unicode emoji on a button or select option. */
export interface ViewEmoji {
  name: string;
}

/** A button as the page draws it (Discord's styles: 1 primary, 2 secondary, 3 success, 4 danger, 5 link, 6 premium). */
export interface ViewButton {
  kind: 'button';
  style: number;
  label: string | null;
  emoji: ViewEmoji | null;
  /** null for link and premium buttons, which send no interaction. */
  customId: string | null;
  url: string | null;
  disabled: boolean;
}

/** One option of a string select. */
export interface ViewSelectOption {
  label: string;
  value: string;
  description: string | null;
  emoji: ViewEmoji | null;
  default: boolean;
}

/** A select menu: `string` lists its options; the others list the guild's members, roles or channels. */
export interface ViewSelect {
  kind: 'select';
  /** Discord's component type: 3 string, 5 user, 6 role, 7 mentionable, 8 channel. */
  type: number;
  customId: string;
  placeholder: string | null;
  minValues: number;
  maxValues: number;
  disabled: boolean;
  options: ViewSelectOption[];
}

/** One action row. */
export type ViewRow = (ViewButton | ViewSelect)[];

/** A message shaped for the playground page (mentions already turned into names). */
export interface PlaygroundMessage {
  id: string;
  channelId: string;
  authorId: string;
  /** Display name (nick, global name or username). */
  author: string;
  authorUsername: string;
  bot: boolean;
  /** Raw Discord markdown; the page renders it. */
  content: string;
  /** Embeds as Discord stores them (the page draws them like Discord's client). */
  embeds: APIEmbed[];
  /** Action rows of buttons and selects. */
  components: ViewRow[];
  /** Names for what the content and the embeds mention. */
  mentions: MentionNames;
  replyTo: { authorId: string; author: string; content: string; mentions: MentionNames; deleted: boolean } | null;
  /** A deferred interaction response still "thinking". */
  thinking: boolean;
  /** Edited, except an interaction's original response: Discord's client never marks that one edited. */
  edited: boolean;
  /** Only this user may see it (ephemeral interaction responses); null = everyone. */
  visibleTo: string | null;
  /** `/name` of the command this message answers, if any. */
  command: string | null;
  invokedBy: string | null;
  timestamp: number;
}

/** One option of a command as the page's command picker shows it, in the viewer's locale. */
export interface CommandOptionHint {
  /** The option's default name, as interactions carry it. */
  name: string;
  /** The name the viewer types and sees (localized when the command has a localization for their locale). */
  label: string;
  description: string;
  required: boolean;
  /** Discord's option type (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, ...). */
  type: number;
  /** Choice names in the viewer's locale. */
  choices: string[];
  /** The bot suggests values as the member types (APPLICATION_COMMAND_AUTOCOMPLETE). */
  autocomplete: boolean;
}

/** A runnable command path (`karma give`) with its options, for the command picker. */
export interface CommandHint {
  /** Default names, e.g. `karma give`. */
  path: string;
  /** What the viewer types and sees, e.g. `karma geben` in German when localized. */
  label: string;
  description: string;
  options: CommandOptionHint[];
}

/** A member of the guild with what the members panel shows. */
export interface PlaygroundMember {
  id: string;
  username: string;
  name: string;
  nick: string | null;
  bot: boolean;
  owner: boolean;
  roles: string[];
  roleIds: string[];
  timedOutUntil: string | null;
  /** The token the page sends as this member (null for bots). */
  token: string | null;
}

/** A user who is not a member (banned, or outside and able to rejoin). */
export interface PlaygroundPerson {
  id: string;
  username: string;
  name: string;
  bot: boolean;
  reason?: string | null;
}

/** The guild as the page shows it. */
export interface PlaygroundGuild {
  id: string;
  name: string;
  /** `preferred_locale`: the language replies fall back to. */
  preferredLocale: string;
  channels: { id: string; name: string; topic: string | null }[];
  roles: { id: string; name: string; color: number; hoist: boolean; position: number }[];
  members: PlaygroundMember[];
  bans: PlaygroundPerson[];
  outside: PlaygroundPerson[];
  /** Commands in the requested locale. */
  commands: CommandHint[];
}

/** `GET /playground/state?locale=…`. */
export interface PlaygroundState {
  guilds: PlaygroundGuild[];
  messages: PlaygroundMessage[];
  /** Every locale Discord supports, for the language pickers. */
  locales: string[];
  /** The web dashboard beside the playground (`emu.dashboardUrl`), when one runs. */
  dashboardUrl: string | null;
}

/** Server-sent `interaction` event: an interaction a member started, and where it stands. */
export interface InteractionEvent {
  id: string;
  kind: 'command' | 'component' | 'autocomplete';
  userId: string;
  channelId: string;
  state: 'pending' | 'deferred' | 'replied' | 'failed';
  /** The message a component sits on. */
  messageId: string | null;
  customId: string | null;
  /** An autocomplete's answer, names in the member's locale. */
  choices: { name: string; value: string | number }[] | null;
}

/** Server-sent `failed` event: the bot did not answer in time (Discord shows "The application did not respond"). */
export interface FailedEvent {
  id: string;
  kind: InteractionEvent['kind'];
  channelId: string;
  userId: string;
  command: string;
  messageId: string | null;
  text: string;
}

/** `POST /playground/parse`: slash text in the viewer's locale; `focused` asks for an autocomplete request body. */
export interface ParseRequest {
  channel_id: string;
  text: string;
  locale?: string;
  focused?: string;
}

/** `/playground/parse` answers with the body of `POST /api/v10/interactions`, or what is wrong with the text. */
export type ParseResponse = { ok: true; body: unknown } | { ok: false; error: string };
