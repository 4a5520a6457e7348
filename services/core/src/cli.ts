import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import {
  Broker,
  DeadLetterHeaders,
  decodeEvent,
  envelope,
  type CommandInvoked,
  type MessageCreated,
  type RequestEvent,
} from '@guildhall/events';
import { createLogger, LocalDefaults } from '@guildhall/runtime';

const usage = `Guildhall operator and contributor CLI (no Discord token needed).

  pnpm guildhall send [--guild G] [--channel C] [--user U] [--name N] "alice++ bob--"
      Publishes a message-created request as user U and prints the result events it causes.
  pnpm guildhall command [--guild G] [--user U] [--admin] "/karma top count:5"
      Publishes a slash-command request and prints its results.
  pnpm guildhall dlq list [--limit N]      Shows dead-lettered messages with their reasons.
  pnpm guildhall dlq replay [--limit N]    Sends dead-lettered messages back to where they came from.
  pnpm guildhall dlq purge                 Deletes every dead-lettered message.

Ids may be snowflakes or plain names (a name becomes a stable fake snowflake).
Environment: AMQP_URL (default ${LocalDefaults.amqpUrl}), GUILDHALL_NAMESPACE (default guildhall).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    guild: { type: 'string', default: '1000000000000000001' },
    channel: { type: 'string', default: '1000000000000000002' },
    user: { type: 'string', default: 'alice' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
    wait: { type: 'string', default: '3000' },
    limit: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

/** A name becomes a stable snowflake-shaped id, so `--user alice` means the same member every time. */
function idOf(value: string): string {
  if (/^\d{1,20}$/.test(value)) return value;
  const n = createHash('sha256').update(value).digest().readBigUInt64BE() >> 2n;
  return ((n % 9_000_000_000_000_000_000n) + 100_000_000_000_000_000n).toString();
}

const botUserId = '1000000000000000009';
const log = createLogger('cli', { level: process.env['LOG_LEVEL'] ?? 'warn' });

async function main(): Promise<number> {
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    console.log(usage);
    return verb || values.help ? 0 : 2;
  }
  const broker = await Broker.connect({
    url: process.env['AMQP_URL'] ?? LocalDefaults.amqpUrl,
    namespace: process.env['GUILDHALL_NAMESPACE'] ?? 'guildhall',
    logger: log,
    connectionName: `cli@${hostname()}`,
  });
  try {
    if (verb === 'send' || verb === 'command') return await sendAndWatch(broker, verb, rest.join(' '));
    if (verb === 'dlq') return await deadLetters(broker, rest[0] ?? 'list');
    console.error(`unknown command ${JSON.stringify(verb)}\n\n${usage}`);
    return 2;
  } finally {
    await broker.close();
  }
}

function actor() {
  const name = values.name ?? (/^\d+$/.test(values.user) ? `user-${values.user.slice(-4)}` : values.user);
  // --admin grants Manage Server, for commands such as `/karma announce`.
  return { id: idOf(values.user), displayName: name, bot: false, roleIds: [], permissions: values.admin ? '32' : '0' };
}

function messageRequest(raw: string): MessageCreated {
  // `@Guildhall …` is how a user writes the mention form; on the wire it is the bot's mention markup.
  const text = raw.replace(/^@guildhall\b/i, `<@${botUserId}>`);
  const mentions = [...text.matchAll(/<@!?(\d+)>/g)].map((m) => ({
    id: m[1] ?? '',
    displayName: `user-${m[1]}`,
    bot: false,
  }));
  return envelope('gateway.message.created', 1, {
    guildId: idOf(values.guild),
    channelId: idOf(values.channel),
    messageId: idOf(`${Date.now()}-${Math.random()}`),
    botUserId,
    author: actor(),
    content: text,
    mentions: { users: mentions, roleIds: [], everyone: false },
  });
}

/** Parses `/name [group] [subcommand] key:value …`; values that look like numbers or booleans become them. */
function commandRequest(text: string): CommandInvoked {
  const words = text.replace(/^\//, '').match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  const [name = '', ...rest] = words;
  const plain = rest.filter((w) => !w.includes(':'));
  const options: Record<string, string | number | boolean> = {};
  for (const w of rest.filter((w) => w.includes(':'))) {
    const [key = '', ...value] = w.split(':');
    const raw = value.join(':').replace(/^"|"$/g, '');
    options[key] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  const interactionId = idOf(`${Date.now()}-${Math.random()}`);
  return envelope('gateway.command.invoked', 1, {
    guildId: idOf(values.guild),
    actor: actor(),
    replyTo: {
      kind: 'interaction',
      channelId: idOf(values.channel),
      interactionId,
      applicationId: botUserId,
      token: `cli-${interactionId}`,
    },
    command: { name, group: plain.length > 1 ? (plain[0] ?? null) : null, subcommand: plain.at(-1) ?? null, options },
    users: {},
  });
}

async function sendAndWatch(broker: Broker, verb: string, text: string): Promise<number> {
  if (!text) {
    console.error(
      `say what to send, e.g. pnpm guildhall ${verb === 'send' ? 'send "alice++"' : 'command "/karma top"'}`,
    );
    return 2;
  }
  const request: RequestEvent = verb === 'send' ? messageRequest(text) : commandRequest(text);
  // A private queue bound before publishing sees a copy of every result without taking any from the bot.
  const ch = await broker.channel();
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, broker.topology.exchanges.results, '#');
  const results: unknown[] = [];
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Number(values.wait));
    void ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const event = decodeEvent('result', msg.content);
        if (event.correlationId !== request.correlationId) return;
        results.push(event);
        // More results of the same request follow within milliseconds; stop shortly after the last.
        clearTimeout(timer);
        timer = setTimeout(resolve, 300);
      },
      { noAck: true },
    );
  });
  await broker.publish('request', request);
  if (!values.json) console.log(`→ ${request.type} ${request.id}`);
  await done;
  clearTimeout(timer);
  await ch.close();
  for (const r of results) console.log(values.json ? JSON.stringify(r) : `← ${JSON.stringify(r, null, 2)}`);
  if (results.length === 0 && !values.json)
    console.log('(no result: nothing to do for this request, or core is not running)');
  return 0;
}

async function deadLetters(broker: Broker, action: string): Promise<number> {
  const ch = await broker.channel();
  const queue = broker.topology.queues.dead;
  const limit = Number(values.limit);
  if (action === 'purge') {
    const { messageCount } = await ch.purgeQueue(queue);
    console.log(`purged ${messageCount} dead-lettered messages`);
    return 0;
  }
  if (action !== 'list' && action !== 'replay') {
    console.error(`dlq takes list, replay or purge\n\n${usage}`);
    return 2;
  }
  let seen = 0;
  const held = [];
  while (seen < limit) {
    const msg = await ch.get(queue);
    if (!msg) break;
    seen++;
    const h = msg.properties.headers ?? {};
    if (action === 'list') {
      console.log(
        `${String(msg.properties.messageId ?? '?')} ${String(msg.fields.routingKey)} reason=${String(h[DeadLetterHeaders.reason])} ` +
          `attempts=${String(h[DeadLetterHeaders.attempts])} at=${String(h[DeadLetterHeaders.deadAt])}\n  ${String(h[DeadLetterHeaders.detail]).split('\n').join('\n  ')}`,
      );
      held.push(msg);
    } else {
      await broker.publishRaw(String(h[DeadLetterHeaders.exchange]), msg.fields.routingKey, msg.content, {
        messageId: String(msg.properties.messageId ?? ''),
        headers: { 'x-guildhall-replayed-from': 'dead-letter' },
      });
      ch.ack(msg);
      console.log(`replayed ${String(msg.properties.messageId)}`);
    }
  }
  // Listing must not consume: put back everything looked at.
  for (const msg of held) ch.nack(msg, false, true);
  await ch.close();
  if (seen === 0) console.log('the dead-letter queue is empty');
  return 0;
}

process.exitCode = await main();
