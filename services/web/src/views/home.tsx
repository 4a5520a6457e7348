import { Avatar, cdnImage, Layout, type PageContext } from './page.tsx';

/** A guild on the member's home page. */
export interface HomeGuild {
  id: string;
  name: string;
  icon: string | null;
  memberCount: number;
  canManage: boolean;
}

/** The start page: an invitation to log in, or the member's guilds where Guildhall is. */
export function HomeView({ ctx, guilds }: { ctx: PageContext; guilds: HomeGuild[] | null }) {
  const t = ctx.text.m.web;
  if (guilds === null)
    return (
      <Layout ctx={ctx} title={t.brand()}>
        <section class="hero">
          <h1>{t.heroTitle()}</h1>
          <p class="lead">{t.heroText()}</p>
          <p class="muted">{t.heroPoints()}</p>
          <p>
            <a class="button button-big" href="/login?returnTo=%2F">
              {t.logIn()}
            </a>
          </p>
        </section>
      </Layout>
    );
  return (
    <Layout ctx={ctx} title={t.yourServers()}>
      <h1>{t.yourServers()}</h1>
      {guilds.length === 0 ? (
        <p class="empty">{t.noServers()}</p>
      ) : (
        <ul class="guilds" data-testid="guilds">
          {guilds.map((g) => (
            <li class="guild-card" data-testid="guild-card" data-guild={g.id}>
              <Avatar id={g.id} name={g.name} src={cdnImage('icons', g.id, g.icon, 128)} size="lg" />
              <div class="guild-card-body">
                <h2>{g.name}</h2>
                <p class="muted">{t.members({ count: g.memberCount })}</p>
                <p class="actions">
                  <a class="button" href={`/g/${g.id}/levels`}>
                    {t.leaderboards()}
                  </a>
                  {g.canManage && (
                    <a class="button button-quiet" href={`/g/${g.id}/settings`} data-testid="settings-link">
                      {t.settings()}
                    </a>
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
