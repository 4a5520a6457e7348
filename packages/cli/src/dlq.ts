import {
  BrokerUnavailableError,
  DeadLetterHeaders,
  type Broker,
  type Channel,
  type Message,
  type Topology,
} from '@guildhall/events';
import { describeFailure, redactSecrets } from '@guildhall/runtime';

/** Where each line of a run's report goes; awaited, so a slow reader slows the run rather than losing lines. */
export type Report = (line: string) => void | Promise<void>;

/** What a run through the dead-letter queue did. */
export interface DeadLetterSummary {
  /** Messages looked at (at most the queue's depth when the run started, and at most the limit). */
  seen: number;
  replayed: number;
  /** Left in the queue: listed, or not replayable (each reported with why). */
  kept: number;
}

/** One entry of RabbitMQ's `x-death` header, written when the broker itself dead-letters a message. */
interface XDeath {
  queue?: unknown;
  reason?: unknown;
  count?: unknown;
  exchange?: unknown;
  'routing-keys'?: unknown;
}

/** Where a dead-lettered message came from, read from its headers: ours first, else the broker's `x-death`. */
export interface Origin {
  exchange: string;
  routingKey: string;
  /** Why it died, e.g. `retries-exhausted`, or `delivery_limit (broker)`. */
  reason: string;
  detail: string;
}

/** Reads a dead-lettered message's origin, or says why it cannot be known. */
export function originOf(msg: Message): Origin | string {
  const h = msg.properties.headers ?? {};
  const exchange = h[DeadLetterHeaders.exchange];
  if (typeof exchange === 'string') {
    return {
      exchange,
      routingKey: String(h[DeadLetterHeaders.routingKey] ?? msg.fields.routingKey),
      reason: String(h[DeadLetterHeaders.reason] ?? 'unknown'),
      detail: String(h[DeadLetterHeaders.detail] ?? ''),
    };
  }
  // The broker's own dead-lettering (a quorum queue's delivery limit, a rejection): the newest death comes first.
  const deaths = h['x-death'];
  const last = Array.isArray(deaths) ? (deaths[0] as XDeath | undefined) : undefined;
  if (last && typeof last.exchange === 'string') {
    const keys = Array.isArray(last['routing-keys']) ? last['routing-keys'] : [];
    return {
      exchange: last.exchange,
      routingKey: typeof keys[0] === 'string' ? keys[0] : msg.fields.routingKey,
      reason: `${String(last.reason)} (broker)`,
      detail: `dead-lettered by the broker from ${String(last.queue)} after ${String(last.count ?? '?')} time(s)`,
    };
  }
  return 'no x-guildhall-* or x-death headers say where it came from';
}

/**
 * Only where Guildhall's own messages go: its request and result exchanges (or their queues by name through the
 * default exchange). A header naming anything else is not followed: publishing to a missing exchange would close
 * the channel, and replaying into a stranger's exchange is not this tool's business.
 */
function checkDestination(origin: Origin, t: Topology): string | undefined {
  const exchanges = [t.exchanges.requests, t.exchanges.results];
  const queues = [t.queues.core, t.queues.bot];
  if (exchanges.includes(origin.exchange)) return undefined;
  if (origin.exchange === '' && queues.includes(origin.routingKey)) return undefined;
  return `its origin "${origin.exchange}" is not one of ${exchanges.join(', ')}`;
}

/** Headers that describe a death, not the message: dropped on replay so the next death is recorded afresh. */
const deathHeader = (name: string) =>
  name.startsWith('x-guildhall-') || name === 'x-death' || /^x-(first|last)-death-/.test(name);

/** The AMQP properties of a publish. */
type PublishProperties = Parameters<Broker['publishRaw']>[3];

function replayProperties(msg: Message): PublishProperties {
  const p = msg.properties;
  const headers = Object.fromEntries(Object.entries(p.headers ?? {}).filter(([name]) => !deathHeader(name)));
  return {
    ...(p.messageId !== undefined && { messageId: String(p.messageId) }),
    ...(p.type !== undefined && { type: String(p.type) }),
    ...(p.correlationId !== undefined && { correlationId: String(p.correlationId) }),
    ...(typeof p.timestamp === 'number' && { timestamp: p.timestamp }),
    ...(typeof p.contentType === 'string' && { contentType: p.contentType }),
    headers: {
      ...headers,
      'x-guildhall-replayed-from': 'dead-letter',
      'x-guildhall-replayed-at': new Date().toISOString(),
    },
  };
}

const idOf = (msg: Message) => String(msg.properties.messageId ?? `(no id, tag ${msg.fields.deliveryTag})`);

/**
 * Walks the dead-letter queue once: at most the messages it held when the run started (so a message that is
 * replayed and dies again during the run waits for the next run instead of going round), and at most `limit`.
 * Every message looked at is held unacked until the end, then what was not replayed goes back. `replay` sends each
 * message back to where it came from; a message that cannot be replayed is reported and kept, never the end of
 * the run.
 */
export async function walkDeadLetters(
  broker: Broker,
  options: { replay: boolean; limit: number; report: Report },
): Promise<DeadLetterSummary> {
  const { report } = options;
  const ch: Channel = await broker.channel();
  ch.on('error', () => undefined);
  const queue = broker.topology.queues.dead;
  const { messageCount } = await ch.checkQueue(queue);
  const summary: DeadLetterSummary = { seen: 0, replayed: 0, kept: 0 };
  const keep: Message[] = [];
  const replayedIds = new Set<string>();
  try {
    while (summary.seen < Math.min(messageCount, options.limit)) {
      const msg = await ch.get(queue);
      if (!msg) break;
      summary.seen++;
      const origin = originOf(msg);
      const id = idOf(msg);
      if (!options.replay) {
        keep.push(msg);
        await report(listLine(msg, origin));
        continue;
      }
      const problem =
        typeof origin === 'string'
          ? origin
          : replayedIds.has(id)
            ? 'already replayed in this run'
            : checkDestination(origin, broker.topology);
      if (typeof origin === 'string' || problem !== undefined) {
        keep.push(msg);
        await report(`kept ${id}: ${String(problem)}`);
        continue;
      }
      try {
        await broker.publishRaw(origin.exchange, origin.routingKey, msg.content, replayProperties(msg));
      } catch (err) {
        keep.push(msg);
        await report(
          `kept ${id}: could not publish to ${origin.exchange} ${origin.routingKey}: ${describeFailure(err)}`,
        );
        // Without a connection the rest cannot go either; they stay where they are.
        if (err instanceof BrokerUnavailableError) break;
        continue;
      }
      ch.ack(msg);
      replayedIds.add(id);
      summary.replayed++;
      await report(`replayed ${id} to ${origin.exchange} ${origin.routingKey} (died: ${origin.reason})`);
    }
  } finally {
    summary.kept = keep.length;
    for (const msg of keep) ch.nack(msg, false, true);
    await ch.close().catch(() => undefined);
  }
  return summary;
}

function listLine(msg: Message, origin: Origin | string): string {
  const h = msg.properties.headers ?? {};
  const head = `${idOf(msg)} ${msg.fields.routingKey}`;
  if (typeof origin === 'string') return `${head} (${origin})`;
  const attempts = h[DeadLetterHeaders.attempts];
  const at = h[DeadLetterHeaders.deadAt];
  return redactSecrets(
    `${head} reason=${origin.reason}` +
      (attempts !== undefined ? ` attempts=${String(attempts)}` : '') +
      (at !== undefined ? ` at=${String(at)}` : '') +
      ` from=${origin.exchange || '(default exchange)'}\n  ${origin.detail.split('\n').join('\n  ')}`,
  );
}

/** Deletes every dead-lettered message; returns how many. */
export async function purgeDeadLetters(broker: Broker): Promise<number> {
  const ch = await broker.channel();
  try {
    return (await ch.purgeQueue(broker.topology.queues.dead)).messageCount;
  } finally {
    await ch.close();
  }
}
