import { Layout, type PageContext } from './page.tsx';

/** The error pages a member may meet, by what went wrong. */
export type ErrorKind = 'notFound' | 'forbidden' | 'rateLimited' | 'unavailable' | 'loginFailed' | 'csrf' | 'error';

/** An error page: what happened and what to do, with the way back (and the login, when it could help). */
export function ErrorView({
  ctx,
  kind,
  guild,
}: {
  ctx: PageContext;
  kind: ErrorKind;
  /** The guild a member may see but not manage (forbidden). */
  guild?: { id: string; name: string };
}) {
  const t = ctx.text.m.web;
  const words = {
    notFound: [t.notFoundTitle(), t.notFoundText()],
    forbidden: [t.forbiddenTitle(), t.forbiddenText({ guild: guild?.name ?? '' })],
    rateLimited: [t.rateLimitedTitle(), t.rateLimitedText()],
    unavailable: [t.unavailableTitle(), t.unavailableText()],
    loginFailed: [t.loginFailedTitle(), t.loginFailedText()],
    csrf: [t.csrfTitle(), t.csrfText()],
    error: [t.errorTitle(), t.errorText()],
  }[kind];
  const [title, text] = words;
  return (
    <Layout ctx={ctx} title={title ?? ''}>
      <section class="problem" data-testid={`error-${kind}`}>
        <h1>{title}</h1>
        <p class="lead">{text}</p>
        <p class="actions">
          {!ctx.user && kind === 'notFound' && (
            <a class="button" href={`/login?returnTo=${encodeURIComponent(ctx.path)}`}>
              {t.logIn()}
            </a>
          )}
          {guild && (
            <a class="button" href={`/g/${guild.id}/levels`}>
              {t.leaderboards()}
            </a>
          )}
          <a class="button button-quiet" href="/">
            {t.backHome()}
          </a>
        </p>
      </section>
    </Layout>
  );
}
