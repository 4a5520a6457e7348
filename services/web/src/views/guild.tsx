import type { Board, BoardEntry, BoardPage, BoardStanding, GuildDirectoryEntry, GuildPageFacts } from '@guildhall/db';
import type { ComponentChildren } from 'preact';
import type { SettingsState } from '../settings.ts';
import { Avatar, cdnImage, Layout, type PageContext } from './page.tsx';

/** A tab of a guild's pages. */
export type GuildTab = Board | 'about' | 'settings';

/** What the guild pages know of the guild and the reader's standing in it. */
export interface GuildView {
  guild: GuildPageFacts;
  /** The reader may change its settings. */
  canManage: boolean;
}

/** The guild's name, icon, size and visibility, and its tabs. */
export function GuildFrame({
  ctx,
  view,
  tab,
  title,
  children,
}: {
  ctx: PageContext;
  view: GuildView;
  tab: GuildTab;
  title: string;
  children: ComponentChildren;
}) {
  const t = ctx.text.m.web;
  const { guild } = view;
  const base = `/g/${guild.guildId}`;
  const tabs: { id: GuildTab; href: string; label: string }[] = [
    { id: 'levels', href: `${base}/levels`, label: t.boardLevels() },
    { id: 'karma', href: `${base}/karma`, label: t.boardKarma() },
    { id: 'coins', href: `${base}/coins`, label: t.boardCoins() },
    { id: 'about', href: `${base}/about`, label: t.overview() },
    ...(view.canManage ? [{ id: 'settings' as const, href: `${base}/settings`, label: t.settings() }] : []),
  ];
  return (
    <Layout ctx={ctx} title={`${title} · ${guild.name}`}>
      <section class="guild-head">
        <Avatar
          id={guild.guildId}
          name={guild.name}
          src={cdnImage('icons', guild.guildId, guild.icon, 128)}
          size="lg"
        />
        <div>
          <h1 data-testid="guild-name">{guild.name}</h1>
          <p class="muted">
            {t.members({ count: guild.memberCount })} ·{' '}
            <span class={guild.publicPages ? 'badge badge-public' : 'badge'}>
              {guild.publicPages ? t.visibilityPublic() : t.visibilityMembers()}
            </span>
          </p>
        </div>
      </section>
      <nav class="tabs" aria-label={guild.name}>
        {tabs.map((x) => (
          <a href={x.href} class={x.id === tab ? 'tab tab-on' : 'tab'} aria-current={x.id === tab ? 'page' : undefined}>
            {x.label}
          </a>
        ))}
      </nav>
      {children}
    </Layout>
  );
}

/** What a board page shows besides the rows. */
export interface BoardView extends GuildView {
  board: Board;
  page: BoardPage;
  /** The reader's place (undefined: not logged in or not a member; null: not on the board). */
  standing: BoardStanding | null | undefined;
  /** The link to the next page, if any. */
  nextHref: string | null;
  /** Whether this is a later page (offers the way back to the top). */
  later: boolean;
  /** The currency, for the coins board. */
  currency: { name: string; symbol: string };
  /** The member to highlight (the reader, after "show me"). */
  highlight: string | null;
}

/** One leaderboard: ranked rows, the reader's rank, and the way to the next page. */
export function BoardPageView({ ctx, view }: { ctx: PageContext; view: BoardView }) {
  const t = ctx.text.m.web;
  const n = ctx.text.number;
  const titles = { levels: t.boardLevels(), karma: t.boardKarma(), coins: t.boardCoins() };
  const scoreColumn = { levels: t.columnXp(), karma: t.columnKarma(), coins: t.columnBalance() }[view.board];
  const base = `/g/${view.guild.guildId}/${view.board}`;
  return (
    <GuildFrame ctx={ctx} view={view} tab={view.board} title={titles[view.board]}>
      {view.standing !== undefined && (
        <p class="standing" data-testid="standing">
          {view.standing ? (
            <>
              <strong>{t.yourRank({ rank: view.standing.entry.rank })}</strong>{' '}
              <a href={`${base}?me=1#me`}>{t.showMe()}</a>
            </>
          ) : (
            t.notRanked()
          )}
        </p>
      )}
      {view.page.entries.length === 0 ? (
        <p class="empty">{t.boardEmpty()}</p>
      ) : (
        <table class="board" data-testid="board">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t.columnRank()}
              </th>
              <th scope="col">{t.columnMember()}</th>
              {view.board === 'levels' && (
                <th scope="col" class="num">
                  {t.columnLevel()}
                </th>
              )}
              <th scope="col" class="num">
                {scoreColumn}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.page.entries.map((e) => (
              <BoardRow entry={e} view={view} number={n} />
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager">
        {view.later && (
          <a class="button button-quiet" href={base}>
            {t.firstPage()}
          </a>
        )}
        {view.nextHref && (
          <a class="button" href={view.nextHref} rel="next" data-testid="next-page">
            {t.nextPage()} →
          </a>
        )}
      </nav>
    </GuildFrame>
  );
}

/** A guild page that names roles and channels: with what the bot last saw of them. */
export interface DirectoryView extends GuildView {
  directory: GuildDirectoryEntry;
}

/** The guild's public settings summary. */
export function AboutView({ ctx, view, s }: { ctx: PageContext; view: DirectoryView; s: SettingsState }) {
  const t = ctx.text.m.web;
  const n = ctx.text.number;
  const onOff = (on: boolean) => (on ? t.on() : t.off());
  const role = (id: string) => view.directory.roles.find((r) => r.id === id)?.name ?? t.unknownRole();
  const channel = (id: string | null) =>
    id === null ? t.off() : `#${view.directory.channels.find((c) => c.id === id)?.name ?? t.unknownChannel()}`;
  const m = s.moderation;
  const currency = `${s.economy.currencySymbol} ${s.economy.currencyName}`;
  return (
    <GuildFrame ctx={ctx} view={view} tab="about" title={t.overview()}>
      <div class="cards" data-testid="summary">
        <Card title={t.summaryEconomy()}>
          <Fact label={t.summaryCurrency()} value={currency} />
          <Fact label={t.summaryEarn()} value={s.economy.earnAmount > 0n ? n(s.economy.earnAmount) : t.off()} />
          <Fact label={t.summaryCooldown()} value={ctx.text.duration(s.economy.earnCooldownSeconds)} />
          <Fact label={t.summaryDaily()} value={n(s.economy.dailyAmount)} />
        </Card>
        <Card title={t.summaryLevels()}>
          <Fact label={t.summaryXpPerMessage()} value={t.summaryRange({ min: s.levels.xpMin, max: s.levels.xpMax })} />
          <Fact label={t.summaryCooldown()} value={ctx.text.duration(s.levels.cooldownSeconds)} />
          <Fact
            label={t.summaryAnnounce()}
            value={
              s.levels.announce ? (s.levels.announceChannelId ? channel(s.levels.announceChannelId) : t.on()) : t.off()
            }
          />
        </Card>
        <Card title={t.summaryKarma()}>
          <Fact label={t.summaryKarmaReplies()} value={onOff(s.karma.announce)} />
          <Fact label={t.summaryKarmaCooldown()} value={ctx.text.duration(s.karma.cooldownSeconds)} />
          <Fact label={t.summaryKarmaNames()} value={t.summaryAtMost({ count: s.karma.maxSubjects })} />
        </Card>
        <Card title={t.summaryModeration()}>
          <Fact
            label={t.summaryRate()}
            value={
              m.spamMessages > 0
                ? t.summaryRateRule({ messages: m.spamMessages, duration: ctx.text.duration(m.spamSeconds) })
                : t.off()
            }
          />
          <Fact
            label={t.summaryMentions()}
            value={m.spamMentions > 0 ? t.summaryAtMost({ count: m.spamMentions }) : t.off()}
          />
          <Fact
            label={t.summaryEscalation()}
            value={
              m.warnThreshold > 0
                ? t.summaryEscalationRule({
                    warns: m.warnThreshold,
                    days: m.warnWindowDays,
                    action: choiceLabel(ctx, m.warnAction),
                  })
                : t.off()
            }
          />
        </Card>
        <Card title={t.summaryWelcome()}>
          <Fact label={t.summaryWelcome()} value={channel(s.welcome.channelId)} />
        </Card>
        <Card title={t.summaryShop()}>
          {s.shop.length === 0 ? (
            <p class="muted">{t.summaryShopEmpty()}</p>
          ) : (
            s.shop.map((item) => (
              <Fact label={role(item.roleId)} value={`${s.economy.currencySymbol} ${n(item.price)}`} />
            ))
          )}
        </Card>
        <Card title={t.summaryRewards()}>
          {s.rewards.length === 0 ? (
            <p class="muted">{t.summaryRewardsEmpty()}</p>
          ) : (
            s.rewards.map((r) => <p>{t.summaryRewardRow({ level: r.level, role: role(r.roleId) })}</p>)
          )}
        </Card>
      </div>
    </GuildFrame>
  );
}

/** A choice's label in the reader's language. */
export function choiceLabel(ctx: PageContext, value: string): string {
  const t = ctx.text.m.web;
  const labels: Record<string, () => string> = {
    timeout: t.choiceTimeout,
    kick: t.choiceKick,
    ban: t.choiceBan,
    warn: t.choiceWarn,
  };
  return labels[value]?.() ?? value;
}

function Card({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <p class="fact">
      <span class="fact-label">{label}</span>
      <span class="fact-value">{value}</span>
    </p>
  );
}

/** One ranked row; the reader's own is highlighted (and is the page's #me anchor). */
function BoardRow({
  entry,
  view,
  number,
}: {
  entry: BoardEntry;
  view: BoardView;
  number: (n: string | number) => string;
}) {
  const mine = entry.userId !== null && entry.userId === view.highlight;
  const score = view.board === 'coins' ? `${view.currency.symbol} ${number(entry.score)}` : number(entry.score);
  return (
    <tr class={mine ? 'row-me' : undefined} id={mine ? 'me' : undefined} data-testid="board-row">
      <td class="num rank">
        <span class={entry.rank <= 3 ? `medal medal-${entry.rank}` : undefined}>{number(entry.rank)}</span>
      </td>
      <td>
        <span class="who">
          <Avatar id={entry.userId ?? entry.name} name={entry.name} src={null} size="sm" />
          <span>{entry.name}</span>
        </span>
      </td>
      {view.board === 'levels' && <td class="num">{number(entry.level ?? 0)}</td>}
      <td class="num score">{score}</td>
    </tr>
  );
}
