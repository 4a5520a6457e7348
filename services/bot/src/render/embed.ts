import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { embedLength } from 'discord.js';
import { truncate } from './format.ts';

/** One look for every embed: the colour says what kind of answer it is. */
export const Palette = {
  /** Lists, cards and lookups. */
  info: 0x5865f2,
  /** Something was done. */
  success: 0x57f287,
  /** Something could not be done. */
  refusal: 0xed4245,
} as const;
export type EmbedKind = keyof typeof Palette;

/** Discord's embed limits (characters, and fields per embed). */
export const EmbedLimits = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

/** What an embed says; `embed()` turns it into Discord's shape within Discord's limits. */
export interface EmbedInput {
  kind: EmbedKind;
  author?: string;
  title?: string;
  description?: string;
  fields?: readonly { name: string; value: string; inline?: boolean }[];
  footer?: string;
  /** Shown by Discord in the reader's own time zone. */
  timestamp?: Date;
}

/**
 * An embed in the house style, cut to Discord's limits instead of being refused by them: each part to its own
 * limit, at most 25 fields, and the whole within 6000 characters (fields dropped from the end, then the
 * description shortened).
 */
export function embed(input: EmbedInput): APIEmbed {
  const out: APIEmbed = { color: Palette[input.kind] };
  if (input.author) out.author = { name: truncate(input.author, EmbedLimits.author) };
  if (input.title) out.title = truncate(input.title, EmbedLimits.title);
  if (input.description) out.description = truncate(input.description, EmbedLimits.description);
  const fields: APIEmbedField[] = (input.fields ?? []).slice(0, EmbedLimits.fields).map((f) => ({
    name: truncate(f.name, EmbedLimits.fieldName) || '\u200b',
    value: truncate(f.value, EmbedLimits.fieldValue) || '\u200b',
    ...(f.inline !== undefined && { inline: f.inline }),
  }));
  if (fields.length > 0) out.fields = fields;
  if (input.footer) out.footer = { text: truncate(input.footer, EmbedLimits.footer) };
  if (input.timestamp) out.timestamp = input.timestamp.toISOString();
  while (embedLength(out) > EmbedLimits.total && out.fields && out.fields.length > 0) out.fields.pop();
  const over = embedLength(out) - EmbedLimits.total;
  if (over > 0 && out.description) out.description = truncate(out.description, out.description.length - over);
  if (out.fields?.length === 0) delete out.fields;
  return out;
}

/**
 * Rows for an embed's description, as many as fit in `max` characters; when some do not, the last kept line says
 * how many were left out (`more(n)`, in the reader's language).
 */
export function fitRows(
  rows: readonly string[],
  more: (left: number) => string,
  max: number = EmbedLimits.description,
): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, row] of rows.entries()) {
    const left = rows.length - i - 1;
    const tail = left > 0 ? more(left).length + 1 : 0;
    if (used + row.length + 1 + tail > max) {
      kept.push(more(rows.length - i));
      break;
    }
    kept.push(row);
    used += row.length + 1;
  }
  return kept.join('\n');
}
