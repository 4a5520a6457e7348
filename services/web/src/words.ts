import { resolveLocale, textFor, type Text } from '@guildhall/bot/i18n';
import { refusalText } from '@guildhall/bot/refusals';
import type { Refusal } from '@guildhall/events';
import MarkdownIt from 'markdown-it';

/**
 * The dashboard speaks with the bot's words (services/bot/src/i18n, the `web` domain and the refusal sentences), in
 * the member's language: their Discord client's, else their browser's first, else English.
 */
export function textOf(discordLocale: string | null | undefined, acceptLanguage: string | undefined): Text {
  const browser = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return textFor(resolveLocale(discordLocale, browser));
}

// Discord's markdown in the bot's sentences (bold, inline code) as HTML; raw HTML in the text is escaped, not kept.
const markdown = new MarkdownIt('zero', { html: false }).enable(['emphasis', 'backticks']);

/** A refusal in the bot's own sentence, as inline HTML (safe: the text is escaped before markup is added). */
export function refusalHtml(reason: Refusal, text: Text): string {
  return markdown.renderInline(refusalText(reason, { text, now: new Date() }));
}

/** A refusal's sentence without its markup, where only plain text fits (a select's option). */
export function refusalPlain(reason: Refusal, text: Text): string {
  return refusalText(reason, { text, now: new Date() }).replace(/\*\*|`/g, '');
}
