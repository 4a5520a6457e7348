import type { MarkdownContext } from '../../src/playground/markdown.ts';
import { renderMarkdown } from '../../src/playground/markdown.ts';
import type {
  FailedEvent,
  MentionNames,
  PlaygroundGuild,
  PlaygroundMember,
  PlaygroundMessage,
} from '../../src/playground/protocol.ts';
import { el, hex } from './dom.ts';
import type { Attrs } from './dom.ts';

const LOCALE_KEY = 'guildhall-playground.locale';

/** Everything the page knows; renderers read it, event handlers change it and re-render. */
export const state = {
  guild: null as PlaygroundGuild | null,
  locales: [] as string[],
  channelId: null as string | null,
  /** Who the viewer is chatting as: messages are shown as that member sees them. */
  memberId: null as string | null,
  /** The viewer's client language, sent as `X-Discord-Locale` (kept in localStorage). */
  locale: localStorage.getItem(LOCALE_KEY) ?? 'en-US',
  messages: new Map<string, PlaygroundMessage>(),
  failures: [] as (FailedEvent & { at: number })[],
  /** Ephemeral messages the viewer dismissed (client-side only, as on Discord). */
  dismissed: new Set<string>(),
  /** Component clicks waiting for the bot: interaction id → the message and component. */
  pendingClicks: new Map<string, { messageId: string; customId: string }>(),
};

/** Changes and remembers the viewer's language. */
export function setLocale(locale: string): void {
  state.locale = locale;
  localStorage.setItem(LOCALE_KEY, locale);
}

export const memberById = (id: string): PlaygroundMember | undefined => state.guild?.members.find((m) => m.id === id);
export const currentMember = (): PlaygroundMember | undefined =>
  state.memberId ? memberById(state.memberId) : undefined;
export const roleById = (id: string): PlaygroundGuild['roles'][number] | undefined =>
  state.guild?.roles.find((r) => r.id === id);
export const channelById = (id: string | null): PlaygroundGuild['channels'][number] | undefined =>
  state.guild?.channels.find((c) => c.id === id);

/** "10:42 PM" (or "22:42") in the viewer's locale. */
export function clock(at: number): string {
  return new Date(at).toLocaleTimeString(state.locale, { hour: '2-digit', minute: '2-digit' });
}

/** Discord's message timestamp: "Today at 10:42 PM", else the date and time. */
export function stamp(at: number): string {
  const date = new Date(at);
  const time = clock(at);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (date.toDateString() === today.toDateString()) return `Today at ${time}`;
  if (date.toDateString() === yesterday.toDateString()) return `Yesterday at ${time}`;
  return `${date.toLocaleDateString(state.locale)} ${time}`;
}

/** The colour of a member's highest coloured role, as Discord paints names. */
export function nameColor(userId: string): string | null {
  const role = memberById(userId)
    ?.roleIds.map(roleById)
    .find((r) => r?.color);
  return role ? hex(role.color) : null;
}

/** When a member's timeout ends, if it has not yet. */
export function timedOutUntil(member: PlaygroundMember | undefined): number | null {
  const until = member?.timedOutUntil ? Date.parse(member.timedOutUntil) : 0;
  return until > Date.now() ? until : null;
}

function markdownContext(mentions: MentionNames | undefined): MarkdownContext {
  return {
    user: (id) => mentions?.users[id] ?? memberById(id)?.name,
    role: (id) => mentions?.roles[id] ?? roleById(id),
    channel: (id) => mentions?.channels[id] ?? channelById(id)?.name,
    locale: state.locale,
  };
}

/** Discord markdown rendered into a new element (the renderer escapes everything before adding markup). */
export function markdown<K extends keyof HTMLElementTagNameMap>(
  text: string,
  mentions: MentionNames | undefined,
  tag: K,
  attrs: Attrs = {},
): HTMLElementTagNameMap[K] {
  const node = el(tag, attrs);
  node.innerHTML = renderMarkdown(text, markdownContext(mentions));
  return node;
}
