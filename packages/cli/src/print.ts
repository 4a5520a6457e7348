import { renderResult } from '@guildhall/bot/render';
import type { ResultEvent } from '@guildhall/events';
import { redactSecrets } from '@guildhall/runtime';

/** What the CLI reads of a rendered message: its text and its embeds' text (structural, so it holds as renderers change). */
export interface RenderedText {
  content?: string | null;
  embeds?: readonly {
    title?: string | null;
    description?: string | null;
    fields?: readonly { name: string; value: string }[] | null;
  }[];
}

/** A message as one line: its content, then each embed's title, description and fields, separated by ` · `. */
export function flattenMessage(message: RenderedText): string {
  const parts: string[] = [];
  if (message.content) parts.push(message.content);
  for (const embed of message.embeds ?? []) {
    if (embed.title) parts.push(embed.title);
    if (embed.description) parts.push(embed.description);
    for (const field of embed.fields ?? []) parts.push(`${field.name}: ${field.value}`);
  }
  return parts.join(' · ').replace(/\s*\n\s*/g, ' / ');
}

/**
 * One line for a result event, as a person wants to read it: what the bot would say (rendered by the bot's own
 * renderer), or for a Discord action what it would do.
 */
export function describeResult(event: ResultEvent): string {
  if (event.type === 'discord.action.requested') {
    return `${event.type}: ${redactSecrets(JSON.stringify(event.payload.action))}`;
  }
  const said = renderResult(event, { guild: () => undefined, now: () => new Date() }).map((output) =>
    flattenMessage(output.message),
  );
  return redactSecrets(`${event.type}: ${said.length > 0 ? said.join(' | ') : '(nothing to say)'}`);
}

/** A result event as raw JSON on one line, secrets masked (a reply target's interaction token). */
export function resultJson(event: ResultEvent): string {
  return redactSecrets(JSON.stringify(event));
}
