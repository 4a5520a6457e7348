import type { Text } from '@guildhall/bot/i18n';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** The member looking at a page, as the session holds them. */
export interface SessionUser {
  id: string;
  name: string;
  avatar: string | null;
  locale: string | null;
}

/** What every page knows: the reader's language, who is logged in, and the form token for their session. */
export interface PageContext {
  text: Text;
  user: SessionUser | null;
  /** The CSRF token for this session's forms (null when nobody is logged in and the page has no form). */
  csrf: string | null;
  /** The path of this page, to come back to after logging in. */
  path: string;
}

/** A full HTML document. */
export function html(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** Discord's CDN image of a user's avatar or a guild's icon, when they have one. */
export function cdnImage(kind: 'avatars' | 'icons', id: string, hash: string | null, size = 64): string | null {
  return hash ? `https://cdn.discordapp.com/${kind}/${id}/${hash}.png?size=${size}` : null;
}

/** A round picture, or the name's initials on a colour taken from the id when there is none. */
export function Avatar({
  id,
  name,
  src,
  size = 'md',
}: {
  id: string;
  name: string;
  src: string | null;
  size?: 'sm' | 'md' | 'lg';
}) {
  if (src) return <img class={`avatar avatar-${size}`} src={src} alt="" width={48} height={48} loading="lazy" />;
  return <Initials id={id} name={name} size={size} />;
}

/** A name's initials (of its first two words, or its first two letters) on a colour picked by the id or name. */
function Initials({ id, name, size }: { id: string; name: string; size: string }) {
  const words = name.split(/\s+/).map((w) => [...w].filter((c) => /[\p{L}\p{N}]/u.test(c)));
  const letters = words.filter((w) => w.length > 0);
  const initials = (letters.length > 1 ? letters.map((w) => w[0]).slice(0, 2) : (letters[0] ?? ['?']).slice(0, 2))
    .join('')
    .toUpperCase();
  // One of eight colours by class (the Content-Security-Policy allows no inline styles).
  let tint = 0;
  for (const c of id) tint = (tint * 31 + c.charCodeAt(0)) % 8;
  return (
    <span class={`avatar avatar-${size} tint-${tint}`} aria-hidden="true">
      {initials}
    </span>
  );
}

/** The form field every POST carries: the session's CSRF token. */
export function Csrf({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** The frame of every page: header with the member (or the login button), main content, footer. */
export function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const t = ctx.text.m.web;
  return (
    <html lang={ctx.text.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title === t.brand() ? title : `${title} · ${t.brand()}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent()}
        </a>
        <header class="top">
          <div class="wrap top-inner">
            <a class="brand" href="/">
              <img src="/static/icon.svg" alt="" width={28} height={28} />
              <span>{t.brand()}</span>
            </a>
            {ctx.user ? (
              <div class="me">
                <Avatar
                  id={ctx.user.id}
                  name={ctx.user.name}
                  src={cdnImage('avatars', ctx.user.id, ctx.user.avatar)}
                  size="sm"
                />
                <span class="me-name" data-testid="me">
                  {ctx.user.name}
                </span>
                <form method="post" action="/logout">
                  <Csrf token={ctx.csrf} />
                  <button class="button button-quiet" type="submit">
                    {t.logOut()}
                  </button>
                </form>
              </div>
            ) : (
              <a class="button" href={`/login?returnTo=${encodeURIComponent(ctx.path)}`} data-testid="login">
                {t.logIn()}
              </a>
            )}
          </div>
        </header>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="wrap foot">{t.footer()}</footer>
      </body>
    </html>
  );
}
