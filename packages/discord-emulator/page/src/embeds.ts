import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { MentionNames } from '../../src/playground/protocol.ts';
import { el, hex } from './dom.ts';
import { markdown, stamp } from './state.ts';

/** Web images only: `attachment://` and other schemes have nothing the page could load. */
function image(url: string | undefined, cls: string): HTMLImageElement | null {
  if (!url || !/^https?:\/\//.test(url)) return null;
  const img = el('img', { class: cls, src: url, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' });
  img.addEventListener('error', () => img.remove());
  return img;
}

/** A link that leaves the page, or plain text when there is no (web) URL. */
function maybeLink(url: string | undefined, child: Node): Node {
  if (!url || !/^https?:\/\//.test(url)) return child;
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, child);
}

/**
 * Where each field sits in the embed's 12-column grid, as Discord lays them out: consecutive inline fields share a
 * row, up to three (two beside a thumbnail), splitting it evenly; a field that is not inline takes a row alone.
 */
export function fieldColumns(fields: readonly Pick<APIEmbedField, 'inline'>[], hasThumbnail: boolean): string[] {
  const perRow = hasThumbnail ? 2 : 3;
  const columns: string[] = [];
  let row: number[] = [];
  const flush = (): void => {
    const span = 12 / row.length;
    row.forEach((_, i) => columns.push(`${1 + i * span} / ${1 + (i + 1) * span}`));
    row = [];
  };
  fields.forEach((f, i) => {
    if (!f.inline) {
      flush();
      columns.push('1 / 13');
      return;
    }
    row.push(i);
    if (row.length === perRow) flush();
  });
  flush();
  return columns;
}

/**
 * An embed as Discord's client draws it: the colour bar on the left, author, title (a link when it has a url),
 * description and field values as markdown, fields inline in rows or full width, thumbnail on the right, image,
 * footer with its timestamp.
 */
export function renderEmbed(e: APIEmbed, mentions: MentionNames): HTMLElement {
  const thumbnail = image(e.thumbnail?.url, 'embed-thumbnail');
  const grid = el('div', { class: 'embed-grid' });
  if (e.author) {
    grid.append(
      el(
        'div',
        { class: 'embed-author', 'data-testid': 'embed-author' },
        image(e.author.icon_url, 'embed-author-icon'),
        maybeLink(e.author.url, el('span', { class: 'embed-author-name' }, e.author.name)),
      ),
    );
  }
  if (e.title) {
    const title = markdown(e.title, mentions, 'span');
    grid.append(
      el(
        'div',
        { class: `embed-title${e.url ? ' linked' : ''}`, 'data-testid': 'embed-title' },
        maybeLink(e.url, title),
      ),
    );
  }
  if (e.description)
    grid.append(
      markdown(e.description, mentions, 'div', { class: 'embed-description md', 'data-testid': 'embed-description' }),
    );
  if (e.fields?.length) {
    const columns = fieldColumns(e.fields, thumbnail !== null);
    grid.append(
      el(
        'div',
        { class: 'embed-fields' },
        ...e.fields.map((f, i) =>
          el(
            'div',
            {
              class: 'embed-field',
              'data-testid': 'embed-field',
              'data-inline': String(f.inline ?? false),
              style: `grid-column: ${columns[i] ?? '1 / 13'}`,
            },
            markdown(f.name, mentions, 'div', { class: 'embed-field-name md', 'data-testid': 'embed-field-name' }),
            markdown(f.value, mentions, 'div', { class: 'embed-field-value md', 'data-testid': 'embed-field-value' }),
          ),
        ),
      ),
    );
  }
  if (thumbnail) grid.append(thumbnail);
  const picture = image(e.image?.url, 'embed-image');
  if (picture) grid.append(picture);
  if (e.footer || e.timestamp) {
    const at = e.timestamp ? Date.parse(e.timestamp) : NaN;
    grid.append(
      el(
        'div',
        { class: 'embed-footer', 'data-testid': 'embed-footer' },
        image(e.footer?.icon_url, 'embed-footer-icon'),
        e.footer ? el('span', { class: 'embed-footer-text' }, e.footer.text) : null,
        e.footer && !Number.isNaN(at) ? el('span', { class: 'embed-footer-separator' }, '•') : null,
        Number.isNaN(at)
          ? null
          : el('time', { datetime: new Date(at).toISOString(), 'data-testid': 'embed-timestamp' }, stamp(at)),
      ),
    );
  }
  const color = e.color === undefined ? null : hex(e.color);
  return el(
    'article',
    {
      class: `embed${thumbnail ? ' has-thumbnail' : ''}`,
      'data-testid': 'embed',
      style: color ? `border-left-color:${color}` : null,
    },
    grid,
  );
}
