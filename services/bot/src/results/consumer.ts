import {
  BrokerUnavailableError,
  envelope,
  type ActionRequested,
  type Broker,
  type Consumer,
  type ResultEvent,
} from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';
import type { REST } from 'discord.js';
import { deterministicEventId } from '../ids.ts';
import type { BotMetrics } from '../metrics.ts';
import { renderResult, type RenderContext } from '../render/index.ts';
import { resolveLocale, textFor } from '../i18n/index.ts';
import { auditText } from '../render/audit.ts';
import { executeAction, type RoleLookup } from './actions.ts';
import { deliver } from './deliver.ts';
import {
  callDiscord,
  DiscordRefusedError,
  DiscordUnavailableError,
  type Call,
  type RetryPolicy,
} from './rest-errors.ts';

/** What the results consumer needs. */
export interface ResultsDeps {
  broker: Broker;
  rest: REST;
  metrics: BotMetrics;
  log: Logger;
  concurrency: number;
  /** Facts from the gateway cache that some renderings need (a welcome's server name, the guild's language). */
  render: RenderContext;
  /** A role and the bot's highest role as the bot sees them now (the privileged-role re-check of role.add). */
  roles: RoleLookup;
  retry?: RetryPolicy;
}

/**
 * Consumes the bot's results queue: renders and delivers each result, or executes the action it asks for and
 * reports the outcome. A result is acked only once it is on Discord or Discord refused it for good; while
 * Discord (or the broker) is unreachable it stays unacked and is retried.
 */
export function consumeResults(deps: ResultsDeps): Promise<Consumer<ResultEvent>> {
  const { broker } = deps;
  return broker.consume<ResultEvent>({
    queue: broker.topology.queues.bot,
    direction: 'result',
    prefetch: deps.concurrency * 2,
    maxBatch: 1,
    concurrency: deps.concurrency,
    handle: async (batch) => {
      for (const { event } of batch) await handleResult(deps, event);
    },
    isTransient: (err) => err instanceof DiscordUnavailableError || err instanceof BrokerUnavailableError,
  });
}

async function handleResult(deps: ResultsDeps, event: ResultEvent): Promise<void> {
  const log = deps.log.child({
    eventId: event.id,
    type: event.type,
    correlationId: event.correlationId,
    guildId: event.payload.guildId,
  });
  const started = process.hrtime.bigint();
  const call: Call = (fn) => callDiscord(fn, (status) => deps.metrics.restErrors.inc({ status }), deps.retry);
  let outcome: string;
  try {
    outcome =
      event.type === 'discord.action.requested'
        ? await runAction(deps, event, call, log)
        : await reply(deps, event, call, log);
  } catch (err) {
    if (err instanceof DiscordUnavailableError) log.warn({ err }, 'Discord is unreachable; the result waits');
    throw err;
  }
  deps.metrics.results.inc({ type: event.type, outcome });
  deps.metrics.deliverySeconds.observe({ type: event.type }, Number(process.hrtime.bigint() - started) / 1e9);
}

async function reply(
  deps: ResultsDeps,
  event: Exclude<ResultEvent, ActionRequested>,
  call: Call,
  log: Logger,
): Promise<string> {
  const outputs = renderResult(event, deps.render);
  if (outputs.length === 0) return 'silent';
  let failed = 0;
  // One after the other, each deduped on its own: if Discord goes away half-way, the redelivered result re-posts
  // nothing that already landed.
  for (const output of outputs) {
    const { to } = output;
    try {
      await call(() => deliver(deps.rest, output, event.id));
      log.debug({ to: to.kind === 'channel' ? to.tag : 'reply' }, 'delivered');
    } catch (err) {
      if (!(err instanceof DiscordRefusedError)) throw err;
      // Final: retrying cannot help (missing access, deleted channel, expired interaction), so it is acked.
      const where = to.kind === 'channel' ? { tag: to.tag, channelId: to.channelId } : { tag: 'reply' };
      log.warn(
        { ...where, status: err.status, code: err.code, reason: err.message },
        'Discord refused a message; dropped',
      );
      failed++;
    }
  }
  return failed === 0 ? 'delivered' : failed === outputs.length ? 'failed' : 'partly_delivered';
}

async function runAction(deps: ResultsDeps, event: ActionRequested, call: Call, log: Logger): Promise<string> {
  const { payload } = event;
  // The audit log is read by the guild's staff: it speaks the guild's language.
  const audit = (guildId: string, reason: Parameters<typeof auditText>[0]) =>
    auditText(reason, textFor(resolveLocale(deps.render.guild(guildId)?.preferredLocale)));
  const outcome = await executeAction(deps.rest, payload, call, deps.roles, audit);
  const report = envelope(
    'gateway.action.completed',
    1,
    { guildId: payload.guildId, actionId: payload.actionId, kind: payload.action.kind, ...outcome },
    event,
  );
  // Derived from the request, so if a crash makes the bot run this action again, core's inbox drops the repeat.
  report.id = deterministicEventId(`gateway.action.completed:${event.id}`, Date.parse(event.occurredAt));
  await deps.broker.publish('request', report);
  if (outcome.ok) log.info({ actionId: payload.actionId, detail: outcome.detail }, 'action done');
  else log.warn({ actionId: payload.actionId, error: outcome.error }, 'Discord refused the action');
  return outcome.ok ? 'executed' : 'failed';
}
