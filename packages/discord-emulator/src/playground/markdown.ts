// Discord's markdown subset, rendered to an HTML string. No DOM and no Node APIs: the playground page bundles it, and
// unit tests import it directly.
// Safety: every piece of the input is HTML-escaped before any markup is added, and the only markup added is a
// fixed set of tags whose attributes come from escaped, validated values (links: http/https only).

/** Resolves what a message mentions, and how to show times (the viewer's locale and zone by default). */
export interface MarkdownContext {
  user?: (id: string) => string | undefined;
  role?: (id: string) => { name: string; color?: number } | undefined;
  channel?: (id: string) => string | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
  /** "Now" for relative timestamps, in ms. */
  now?: number | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and quoted attributes. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const RELATIVE_UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
] as const;

/** Formats a `<t:seconds:style>` timestamp like Discord's client (styles t T d D f F R; f is the default). */
export function formatTimestamp(seconds: number, style = 'f', opts: MarkdownContext = {}): string | null {
  const at = new Date(seconds * 1000);
  if (Number.isNaN(at.getTime())) return null;
  const locale = opts.locale;
  const zone = opts.timeZone ? { timeZone: opts.timeZone } : {};
  switch (style) {
    case 't':
      return at.toLocaleTimeString(locale, { ...zone, timeStyle: 'short' });
    case 'T':
      return at.toLocaleTimeString(locale, { ...zone, timeStyle: 'medium' });
    case 'd':
      return at.toLocaleDateString(locale, { ...zone, dateStyle: 'short' });
    case 'D':
      return at.toLocaleDateString(locale, { ...zone, dateStyle: 'long' });
    case 'F':
      return at.toLocaleString(locale, { ...zone, dateStyle: 'full', timeStyle: 'short' });
    case 'R': {
      const diff = (at.getTime() - (opts.now ?? Date.now())) / 1000;
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      for (const [unit, size] of RELATIVE_UNITS) {
        if (Math.abs(diff) >= size || unit === 'second') return rtf.format(Math.round(diff / size), unit);
      }
      return null;
    }
    default:
      return at.toLocaleString(locale, { ...zone, dateStyle: 'long', timeStyle: 'short' });
  }
}

/**
 * Renders Discord markdown to HTML: code blocks, inline code, `>`/`>>>` quotes, `-#` subtext, `#` headers, `-`
 * lists, bold/italic/underline/strike/spoiler, masked and bare links, mentions, slash-command mentions, custom
 * emoji and `<t:N:style>` timestamps. `ctx` resolves mention ids to names.
 */
export function renderMarkdown(text: string | null | undefined, ctx: MarkdownContext = {}): string {
  const source = String(text ?? '').replace(/\0/g, '');
  const out: string[] = [];
  let last = 0;
  for (const m of source.matchAll(/```(?:([\w+.-]*)\n)?([\s\S]*?)```/g)) {
    out.push(renderBlocks(source.slice(last, m.index).replace(/\n$/, ''), ctx));
    const code = (m[2] ?? '').replace(/^\n/, '').replace(/\n$/, '');
    out.push(`<pre class="md-codeblock"><code>${escapeHtml(code)}</code></pre>`);
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(renderBlocks(source.slice(last), ctx));
  return out.join('');
}

/** Splits text into runs of plain lines, quote groups, subtext, headers and list items. */
function renderBlocks(text: string, ctx: MarkdownContext, inQuote = false): string {
  if (!text) return '';
  const lines = text.replace(/^\n/, '').split('\n');
  const out: string[] = [];
  let plain: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (plain.length) out.push(`<span class="md-text">${renderInline(plain.join('\n'), ctx)}</span>`);
    if (list.length)
      out.push(`<ul class="md-list">${list.map((l) => `<li>${renderInline(l, ctx)}</li>`).join('')}</ul>`);
    plain = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    let m: RegExpExecArray | null;
    if (!inQuote && line.startsWith('>>> ')) {
      flush();
      out.push(quote([line.slice(4), ...lines.slice(i + 1)], ctx));
      return out.join('');
    }
    if (!inQuote && /^> |^>$/.test(line)) {
      flush();
      const group: string[] = [];
      while (i < lines.length && /^> |^>$/.test(lines[i] ?? '')) group.push((lines[i++] ?? '').slice(2));
      i--;
      out.push(quote(group, ctx));
    } else if ((m = /^-# (.*)$/.exec(line))) {
      flush();
      out.push(`<div class="md-subtext">${renderInline(m[1] ?? '', ctx)}</div>`);
    } else if ((m = /^(#{1,3}) (.*)$/.exec(line))) {
      flush();
      const level = (m[1] ?? '#').length;
      out.push(`<div class="md-h${level}">${renderInline(m[2] ?? '', ctx)}</div>`);
    } else if ((m = /^\s*[-*] (.*)$/.exec(line))) {
      if (plain.length) flush();
      list.push(m[1] ?? '');
    } else {
      if (list.length) flush();
      plain.push(line);
    }
  }
  flush();
  return out.join('');
}

function quote(lines: string[], ctx: MarkdownContext): string {
  return `<blockquote class="md-quote">${renderBlocks(lines.join('\n'), ctx, true)}</blockquote>`;
}

/** Inline markdown on one run of text (may span lines). */
function renderInline(text: string, ctx: MarkdownContext): string {
  const held: string[] = [];
  const hold = (html: string): string => `\0${held.push(html) - 1}\0`;
  // Backslash escapes and code spans are taken out first so nothing inside them is formatted.
  let s = text
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks, code: string) =>
      hold(`<code class="md-code">${escapeHtml(code.trim())}</code>`),
    )
    .replace(/\\([^\sA-Za-z0-9])/g, (_, c: string) => hold(escapeHtml(c)));
  s = escapeHtml(s);
  s = s
    .replace(/&lt;t:(-?\d{1,13})(?::([tTdDfFR]))?&gt;/g, (raw, n: string, style: string | undefined) => {
      const label = formatTimestamp(Number(n), style ?? 'f', ctx);
      if (label === null) return raw;
      const full = formatTimestamp(Number(n), 'F', ctx) ?? '';
      return hold(
        `<time class="md-time" data-ts="${n}" data-style="${style ?? 'f'}" title="${escapeHtml(full)}">${escapeHtml(label)}</time>`,
      );
    })
    .replace(/&lt;@&amp;(\d{1,25})&gt;/g, (_, id: string) => {
      const role = ctx.role?.(id);
      const style = role?.color ? ` style="color:#${role.color.toString(16).padStart(6, '0')}"` : '';
      return hold(`<span class="md-mention md-role"${style}>@${escapeHtml(role?.name ?? 'unknown-role')}</span>`);
    })
    .replace(/&lt;@!?(\d{1,25})&gt;/g, (_, id: string) =>
      hold(`<span class="md-mention" data-user-id="${id}">@${escapeHtml(ctx.user?.(id) ?? 'unknown-user')}</span>`),
    )
    .replace(/&lt;#(\d{1,25})&gt;/g, (_, id: string) =>
      hold(`<span class="md-mention">#${escapeHtml(ctx.channel?.(id) ?? 'unknown-channel')}</span>`),
    )
    .replace(/&lt;\/([\w -]{1,100}):\d{1,25}&gt;/g, (_, name: string) =>
      hold(`<span class="md-mention">/${name}</span>`),
    )
    .replace(/&lt;a?:(\w{1,32}):\d{1,25}&gt;/g, (_, name: string) => hold(`:${name}:`))
    .replace(/@(everyone|here)\b/g, (_, who: string) => hold(`<span class="md-mention">@${who}</span>`))
    .replace(/\[([^\]\n]{1,256})\]\(\s*(https?:\/\/[^\s)]+)\s*\)/g, (_, label: string, url: string) =>
      hold(
        `<a class="md-link" href="${url}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>` +
          ` <span class="md-url">(${url})</span>`,
      ),
    )
    .replace(
      /(^|[^"\w/])(https?:\/\/[^\s<]+[^\s<.,:;!?)'\]])/g,
      (_, before: string, url: string) =>
        before + hold(`<a class="md-link" href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`),
    );
  s = emphasis(s);
  // Held pieces may contain other held pieces (a link label with a code span), so restore until none are left.
  while (/\0\d+\0/.test(s)) s = s.replace(/\0(\d+)\0/g, (_, i: string) => held[Number(i)] ?? '');
  return s;
}

/** Bold, italic, underline, strikethrough and spoilers on already-escaped text. */
function emphasis(s: string): string {
  return s
    .replace(/\*\*\*(?=\S)([\s\S]*?\S)\*\*\*/g, '<strong><em>$1</em></strong>')
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)([\s\S]*?\S)__/g, '<u>$1</u>')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<s>$1</s>')
    .replace(/\|\|(?=\S)([\s\S]*?\S)\|\|/g, '<span class="md-spoiler">$1</span>')
    .replace(/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|\W)_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, '$1<em>$2</em>');
}
