import type { ActionRequested, EventOf, ReplyTarget, ResultEvent, ResultType, WebTarget } from '@guildhall/events';
import { resolveLocale, textFor, type Text } from '../i18n/index.ts';
import {
  renderBalanceAdjusted,
  renderBalanceShown,
  renderDailyClaimed,
  renderEconomyHistory,
  renderEconomyLeaderboard,
  renderEconomySettings,
  renderPurchaseCompleted,
  renderPurchaseRefunded,
  renderShopListed,
  renderShopUpdated,
  renderTransferCompleted,
} from './economy.ts';
import type { MessageBody } from './format.ts';
import { renderAboutShown, renderHelpListed, renderPagesUpdated, renderSettingsChanged } from './guildhall.ts';
import {
  renderKarmaAnnounceUpdated,
  renderKarmaChangeReverted,
  renderKarmaHistoryListed,
  renderKarmaLeaderboardListed,
  renderKarmaPointsChanged,
  renderKarmaTotalsListed,
} from './karma.ts';
import {
  renderLevelReached,
  renderLevelsLeaderboard,
  renderLevelsSettings,
  renderRankShown,
  renderRewardFailed,
} from './levels.ts';
import {
  renderCaseRecorded,
  renderCaseShown,
  renderCasesListed,
  renderModSettings,
  renderReasonUpdated,
} from './moderation.ts';
import {
  renderReminderCancelled,
  renderReminderCreated,
  renderReminderDelivered,
  renderRemindersListed,
} from './reminders.ts';
import {
  renderBirthdayAnnounced,
  renderBirthdayRemoved,
  renderBirthdaySaved,
  renderBirthdaySettings,
} from './birthdays.ts';
import { renderTempRoleGranted } from './temproles.ts';
import { renderCommandRejected, renderCommandRejectedV1 } from './refusals.ts';
import type { Voice } from './voice.ts';
import { renderMemberGreeted, renderWelcomeSettings, type GuildFacts } from './welcome.ts';

export type { MessageBody } from './format.ts';
export type { GuildFacts } from './welcome.ts';

/**
 * Where one rendered message goes: the answer to the result's reply target, or a post in a channel the payload
 * names. `tag` names the post (mod log, welcome, …) so each destination of one result has its own dedupe nonce.
 */
export type Destination =
  { kind: 'reply'; target: Exclude<ReplyTarget, WebTarget> } | { kind: 'channel'; channelId: string; tag: string };

/** One message to deliver. */
export interface Output {
  to: Destination;
  message: MessageBody;
  /**
   * Only the invoker may see it (refusals): an interaction deferred in public gets it as an ephemeral follow-up
   * and loses its public placeholder (results/deliver.ts). A message reply cannot be private and is sent as is.
   */
  private?: boolean;
}

/** What a renderer may know beyond the payload: facts from the bot's gateway cache, and the clock. */
export interface RenderContext {
  guild: (guildId: string) => GuildFacts | undefined;
  now: () => Date;
}

/**
 * What a renderer gets: the context, the words of the language to answer in (the member's, else the guild's, else
 * English) and those of the guild's language (for channel posts everyone reads).
 */
export interface Speech extends RenderContext {
  text: Text;
  guildText: Text;
  /** The moment of rendering, for relative times. */
  at: Date;
}

/** The result types the bot renders; discord.action.requested is executed instead (results/actions.ts). */
export type RenderedType = Exclude<ResultType, ActionRequested['type']>;

/** Renders one result type's payload as the messages it yields (none: nothing to say). */
type Renderer<T extends RenderedType> = (payload: EventOf<T>['payload'], ctx: Speech) => Output[];

/**
 * The answer to `replyTo`, if there is one and something to say. A member on the web dashboard is answered by the
 * dashboard itself (it reads back what changed), so the bot says nothing on Discord for a web target.
 */
function answer(replyTo: ReplyTarget | null, message: MessageBody | null): Output[] {
  return replyTo && replyTo.kind !== 'web' && message ? [{ to: { kind: 'reply', target: replyTo }, message }] : [];
}

/** An answer only the invoker sees. */
function privately(outputs: Output[]): Output[] {
  return outputs.map((o) => ({ ...o, private: true }));
}

/** A post in `channelId`, if the guild configured one. */
function post(tag: string, channelId: string | null, message: MessageBody): Output[] {
  return channelId ? [{ to: { kind: 'channel', channelId, tag }, message }] : [];
}

/** The voice of an answer to a member: their language. */
function inMemberLanguage(ctx: Speech): Voice {
  return { text: ctx.text, now: ctx.at };
}

/** A renderer for a result that is only ever an answer to its reply target. */
function reply<P extends { replyTo: ReplyTarget | null }>(render: (payload: P, voice: Voice) => MessageBody | null) {
  return (payload: P, ctx: Speech): Output[] => answer(payload.replyTo, render(payload, inMemberLanguage(ctx)));
}

/** The voice of a post in a channel, which everyone there reads: the guild's language. */
function inGuildLanguage(ctx: Speech): Voice {
  return { text: ctx.guildText, now: ctx.at };
}

/**
 * The renderer of every result type. The mapped type makes the table exhaustive: a new result type without a
 * renderer fails `tsc`. To give one a face, write a pure renderer (with a unit test) and add it here.
 */
const renderers: { [T in RenderedType]: Renderer<T> } = {
  'karma.points.changed': reply(renderKarmaPointsChanged),
  'karma.totals.listed': reply(renderKarmaTotalsListed),
  'karma.leaderboard.listed': reply(renderKarmaLeaderboardListed),
  'karma.announce.updated': reply(renderKarmaAnnounceUpdated),
  'karma.history.listed': reply(renderKarmaHistoryListed),
  'karma.change.reverted': reply(renderKarmaChangeReverted),
  'economy.balance.shown': reply(renderBalanceShown),
  'economy.transfer.completed': reply(renderTransferCompleted),
  'economy.daily.claimed': reply(renderDailyClaimed),
  'economy.leaderboard.listed': reply(renderEconomyLeaderboard),
  'economy.balance.adjusted': reply(renderBalanceAdjusted),
  'economy.settings.updated': reply(renderEconomySettings),
  'economy.history.listed': reply(renderEconomyHistory),
  'economy.shop.listed': reply(renderShopListed),
  'economy.shop.updated': reply(renderShopUpdated),
  'economy.purchase.completed': reply(renderPurchaseCompleted),
  'economy.purchase.refunded': reply(renderPurchaseRefunded),
  'levels.rank.shown': reply(renderRankShown),
  'levels.leaderboard.listed': reply(renderLevelsLeaderboard),
  // Read by the whole channel: in the guild's language.
  'levels.level.reached': (p, ctx) => {
    const to = p.announceTo;
    if (!to) return [];
    const message = renderLevelReached(p, { text: ctx.guildText, now: ctx.at });
    return to.kind === 'channel' ? post('levelup', to.channelId, message) : answer(to, message);
  },
  'levels.reward.failed': (p, ctx) =>
    post('modlog', p.logChannelId, renderRewardFailed(p, { text: ctx.guildText, now: ctx.at })),
  'levels.settings.updated': reply(renderLevelsSettings),
  // The moderator's answer (in their language) and the mod-log post (in the guild's) are two messages, each deduped
  // by its own nonce.
  'moderation.case.recorded': (p, ctx) => [
    ...answer(p.replyTo, renderCaseRecorded(p, inMemberLanguage(ctx))),
    ...post('modlog', p.logChannelId, renderCaseRecorded(p, inGuildLanguage(ctx))),
  ],
  'moderation.case.shown': reply(renderCaseShown),
  'moderation.cases.listed': reply(renderCasesListed),
  'moderation.reason.updated': (p, ctx) => [
    ...answer(p.replyTo, renderReasonUpdated(p, inMemberLanguage(ctx))),
    ...post('modlog', p.logChannelId, renderReasonUpdated(p, inGuildLanguage(ctx))),
  ],
  'moderation.settings.updated': reply(renderModSettings),
  // Everyone in the channel reads a greeting: the guild's language.
  'welcome.member.greeted': (p, ctx) =>
    post('welcome', p.channelId, renderMemberGreeted(p, ctx.guild(p.guildId), ctx.guildText)),
  'welcome.settings.updated': reply(renderWelcomeSettings),
  'reminder.entry.created': reply(renderReminderCreated),
  'reminder.entries.listed': reply(renderRemindersListed),
  'reminder.entry.cancelled': reply(renderReminderCancelled),
  // A reminder speaks to the member who set it: in their language, else the guild's.
  'reminder.entry.delivered': (p, ctx) =>
    post(
      'reminder',
      p.reminder.channelId,
      renderReminderDelivered(p, {
        text: textFor(resolveLocale(p.locale, ctx.guild(p.guildId)?.preferredLocale)),
        now: ctx.at,
      }),
    ),
  'temprole.grant.recorded': reply(renderTempRoleGranted),
  'birthday.entry.saved': reply(renderBirthdaySaved),
  'birthday.entry.removed': reply(renderBirthdayRemoved),
  'birthday.settings.updated': reply(renderBirthdaySettings),
  'birthday.member.announced': (p, ctx) =>
    post('birthday', p.channelId, renderBirthdayAnnounced(p, inGuildLanguage(ctx))),
  'guildhall.about.shown': reply(renderAboutShown),
  'guildhall.help.listed': reply(renderHelpListed),
  'guildhall.pages.updated': reply(renderPagesUpdated),
  // Posted in the mod-log, which the guild's staff read: in the guild's language.
  'guildhall.settings.changed': (p, ctx) =>
    post('modlog', p.logChannelId, renderSettingsChanged(p, { text: ctx.guildText, now: ctx.at })),
  'command.request.rejected': (p, ctx) =>
    privately(
      answer(
        p.replyTo,
        'reason' in p ? renderCommandRejected(p, { text: ctx.text, now: ctx.at }) : renderCommandRejectedV1(p),
      ),
    ),
};

/** Renders a result as the Discord messages it yields: answers to its reply target and channel posts. */
export function renderResult(event: Extract<ResultEvent, { type: RenderedType }>, ctx: RenderContext): Output[] {
  const render = renderers[event.type] as Renderer<RenderedType>;
  const payload = event.payload as EventOf<RenderedType>['payload'];
  const guildLocale = ctx.guild(payload.guildId)?.preferredLocale;
  const target = 'replyTo' in payload ? payload.replyTo : null;
  const member = target?.kind === 'interaction' ? [target.locale, target.guildLocale] : [];
  return render(payload, {
    ...ctx,
    text: textFor(resolveLocale(...member, guildLocale)),
    guildText: textFor(resolveLocale(guildLocale)),
    at: ctx.now(),
  });
}
