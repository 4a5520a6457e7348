/** Building DOM nodes with text only: the one place HTML is set is the markdown renderer's output, which escapes first. */

/** Attribute values; null, undefined and false leave the attribute out, true sets it empty. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** A child: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with attributes (`class` sets className) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** The element with `id`, typed by the caller; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`playground: #${id} is missing from the page`);
  return node as T;
}

/** `#rrggbb` for a Discord colour integer. */
export function hex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

const AVATAR_COLORS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#1abc9c', '#e67e22'];

/** A round initial in a colour derived from the id, standing in for an avatar image. */
export function avatar(id: string, name: string | undefined, size = ''): HTMLDivElement {
  const color = AVATAR_COLORS[Number(id.slice(-3)) % AVATAR_COLORS.length] ?? AVATAR_COLORS[0];
  return el(
    'div',
    { class: `avatar ${size}`, style: `background:${color}`, 'aria-hidden': 'true' },
    (name || '?').slice(0, 1).toUpperCase(),
  );
}
