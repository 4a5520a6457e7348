import { EmbedType } from 'discord-api-types/v10';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { FieldPath, FormErrors } from '../errors.ts';
import { isoTimestamp } from '../snowflake.ts';
import { readArray, readBool, readInt, readObject, readText, readUrl, textLength } from './fields.ts';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  total: 6000,
} as const;

const IMAGE_SCHEMES = ['http', 'https', 'attachment'] as const;

/**
 * Validates `embeds` from a message body and returns them as Discord stores them: every rich text trimmed (Discord
 * counts and keeps trimmed text), `type: "rich"`, fields with an explicit `inline`, the timestamp in Discord's ISO
 * form. Every violation of Discord's limits is recorded in `errors` under Discord's path and code, including the
 * 6000-character total across all embeds (MAX_EMBED_SIZE_EXCEEDED on `embeds`).
 */
export function normalizeEmbeds(raw: unknown, errors: FormErrors, path: FieldPath = ['embeds']): APIEmbed[] {
  const list = readArray(raw, path, errors);
  if (!list) return [];
  if (list.length > EMBED_LIMITS.embeds) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${EMBED_LIMITS.embeds} or fewer in length.`);
    return [];
  }
  const embeds = list.flatMap((e, i) => normalizeEmbed(e, [...path, i], errors) ?? []);
  if (embeds.reduce((sum, e) => sum + embedSize(e), 0) > EMBED_LIMITS.total) {
    errors.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${EMBED_LIMITS.total}`);
  }
  return embeds;
}

/** Characters that count toward the 6000 total: title, description, field names and values, footer, author. */
export function embedSize(e: APIEmbed): number {
  const texts = [e.title, e.description, e.footer?.text, e.author?.name];
  for (const f of e.fields ?? []) texts.push(f.name, f.value);
  return texts.reduce((sum, t) => sum + (t ? textLength(t) : 0), 0);
}

function normalizeEmbed(raw: unknown, path: FieldPath, errors: FormErrors): APIEmbed | undefined {
  const e = readObject(raw, path, errors);
  if (!e) return undefined;
  const at = (...keys: (string | number)[]): FieldPath => [...path, ...keys];
  const embed: APIEmbed = { type: EmbedType.Rich };
  const title = readText(e.title, at('title'), { max: EMBED_LIMITS.title, trim: true }, errors);
  if (title !== undefined) embed.title = title;
  const description = readText(e.description, at('description'), { max: EMBED_LIMITS.description, trim: true }, errors);
  if (description !== undefined) embed.description = description;
  const url = readUrl(e.url, at('url'), errors);
  if (url !== undefined) embed.url = url;
  const timestamp = readTimestamp(e.timestamp, at('timestamp'), errors);
  if (timestamp !== undefined) embed.timestamp = timestamp;
  const color = readInt(e.color, at('color'), { min: 0, max: 0xffffff }, errors);
  if (color !== undefined) embed.color = color;

  const footer = readObject(e.footer, at('footer'), errors);
  if (footer) {
    const text = readText(
      footer.text,
      at('footer', 'text'),
      { max: EMBED_LIMITS.footerText, required: true, trim: true },
      errors,
    );
    const icon = readUrl(footer.icon_url, at('footer', 'icon_url'), errors, { schemes: IMAGE_SCHEMES });
    if (text !== undefined) embed.footer = { text, ...(icon ? { icon_url: icon } : {}) };
  }
  const author = readObject(e.author, at('author'), errors);
  if (author) {
    const name = readText(
      author.name,
      at('author', 'name'),
      { max: EMBED_LIMITS.authorName, required: true, trim: true },
      errors,
    );
    const link = readUrl(author.url, at('author', 'url'), errors);
    const icon = readUrl(author.icon_url, at('author', 'icon_url'), errors, { schemes: IMAGE_SCHEMES });
    if (name !== undefined)
      embed.author = { name, ...(link ? { url: link } : {}), ...(icon ? { icon_url: icon } : {}) };
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = readObject(e[key], at(key), errors);
    if (!media) continue;
    const src = readUrl(media.url, at(key, 'url'), errors, { required: true, schemes: IMAGE_SCHEMES });
    if (src !== undefined) embed[key] = { url: src };
  }

  const fields = readArray(e.fields, at('fields'), errors);
  if (fields && fields.length > EMBED_LIMITS.fields) {
    errors.add(at('fields'), 'BASE_TYPE_MAX_LENGTH', `Must be ${EMBED_LIMITS.fields} or fewer in length.`);
  } else if (fields) {
    embed.fields = fields.flatMap((f, i) => normalizeField(f, at('fields', i), errors) ?? []);
  }
  return embed;
}

function normalizeField(raw: unknown, path: FieldPath, errors: FormErrors): APIEmbedField | undefined {
  const f = readObject(raw, path, errors);
  if (!f) return undefined;
  const name = readText(f.name, [...path, 'name'], { max: EMBED_LIMITS.fieldName, required: true, trim: true }, errors);
  const value = readText(
    f.value,
    [...path, 'value'],
    { max: EMBED_LIMITS.fieldValue, required: true, trim: true },
    errors,
  );
  const inline = readBool(f.inline, [...path, 'inline'], errors) ?? false;
  return name === undefined || value === undefined ? undefined : { name, value, inline };
}

/** ISO 8601 in, Discord's `+00:00` form out (microseconds only when the time has a fraction, as Discord prints it). */
function readTimestamp(value: unknown, path: FieldPath, errors: FormErrors): string | undefined {
  if (value === undefined || value === null) return undefined;
  const at =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(at)) {
    errors.add(path, 'DATE_TIME_TYPE_PARSE', `Could not parse ${String(value)}. Should be ISO8601.`);
    return undefined;
  }
  return at % 1000 === 0 ? new Date(at).toISOString().replace('.000Z', '+00:00') : isoTimestamp(at);
}
