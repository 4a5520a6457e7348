import type { KarmaSubject } from '@guildhall/events';
import type { APIEmbed } from 'discord-api-types/v10';
import { escapeMarkdown } from 'discord.js';

/** Discord's limit on a message's content. */
export const MaxContentLength = 2000;

/**
 * Mentions that ping no one: user-supplied text (names, displays) must never notify `@everyone`, a role or a
 * member, and replies do not ping the author of the message they answer.
 */
export const NoPings = { parse: [], replied_user: false } as const;

/** Allowed mentions of a message: none, or exactly the one member the message is for. */
export interface AllowedMentions {
  parse: readonly never[];
  replied_user: false;
  users?: string[];
}

/** What a renderer produces: the body of a message create or edit. */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  allowed_mentions: AllowedMentions;
}

/** A message body with mentions disabled, cut to Discord's length limit. */
export function body(content: string): MessageBody {
  return { content: truncate(content, MaxContentLength), allowed_mentions: NoPings };
}

/** A message of one embed (built with render/embed.ts), mentions disabled. */
export function embedBody(embed: APIEmbed): MessageBody {
  return { embeds: [embed], allowed_mentions: NoPings };
}

/**
 * A message body that pings exactly one member (a reminder's owner, a new member, a birthday member), where the
 * ping is the point; every other mention in it, user-supplied text included, stays silent.
 */
export function pinging(userId: string, content: string): MessageBody {
  return { content: truncate(content, MaxContentLength), allowed_mentions: { ...NoPings, users: [userId] } };
}

/** Joins lines under a header, dropping trailing lines (and saying how many) so the whole fits in 2000 chars. */
export function fitLines(
  header: string[],
  lines: string[],
  footer: string[] = [],
  more: (left: number) => string,
): string {
  const fixed = [...header, ...footer].join('\n').length;
  const kept: string[] = [];
  let used = fixed;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const tail = left > 0 ? `\n${more(left)}` : '';
    if (used + 1 + line.length + tail.length > MaxContentLength) {
      kept.push(more(lines.length - i));
      break;
    }
    kept.push(line);
    used += 1 + line.length;
  }
  return [...header, ...kept, ...footer].join('\n');
}

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A subject as shown: a member as a `<@id>` mention (rendered as their name, pinging no one), a name in bold. */
export function subjectLabel(subject: KarmaSubject): string {
  if (subject.kind === 'member') return `<@${subject.key}>`;
  return `**${escapeMarkdown(truncate(subject.display, 100))}**`;
}

/** A Discord timestamp tag: every reader sees it in their own time zone (`R` = relative, "3 hours ago"). */
export function timestamp(iso: string, style: 'R' | 'f' = 'R'): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
}

/** A member as shown: a `<@id>` mention, which Discord renders as their name (pinging no one unless allowed). */
export function mention(id: string): string {
  return `<@${id}>`;
}

/** A role as shown: a `<@&id>` mention, rendered as the role's name. */
export function roleMention(id: string): string {
  return `<@&${id}>`;
}

/** A channel as shown: a `<#id>` link. */
export function channelMention(id: string): string {
  return `<#${id}>`;
}

/** User-supplied text quoted safely: markdown escaped, cut to `max` characters. */
export function quote(text: string, max = 500): string {
  return escapeMarkdown(truncate(text, max));
}

/** Text as inline code that user text cannot break out of (a backtick in it becomes a quote). */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** A whole number given as decimal digits, grouped by thousands: `1234567` -> `1,234,567`. */
export function grouped(digits: string | number): string {
  const s = String(digits);
  const negative = s.startsWith('-');
  const abs = negative ? s.slice(1) : s;
  return `${negative ? '-' : ''}${abs.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}
