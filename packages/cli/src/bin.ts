#!/usr/bin/env -S node --import tsx
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { Broker, decodeEvent, type RequestEvent, type ResultEvent } from '@guildhall/events';
import { createLogger, describeFailure, LocalDefaults, redactSecrets } from '@guildhall/runtime';
import { purgeDeadLetters, walkDeadLetters } from './dlq.ts';
import { describeResult, resultJson } from './print.ts';
import { commandRequest, messageRequest, UsageError, type Speaker } from './requests.ts';

const usage = `Guildhall operator and contributor CLI (no Discord token needed).

  pnpm guildhall send [--guild G] [--channel C] [--user U] [--name N] "alice++ bob--"
      Publishes a message-created request as user U and prints what the bot would answer.
  pnpm guildhall command [--guild G] [--user U] [--admin] "/give member:bob amount:100"
      Publishes a slash-command request, its options typed by the command's definition, and prints the answer.
  pnpm guildhall dlq list [--limit N]      Shows dead-lettered messages with their reasons.
  pnpm guildhall dlq replay [--limit N]    Sends each dead-lettered message back to where it came from, once.
  pnpm guildhall dlq purge                 Deletes every dead-lettered message.

  --json   print the raw result events (one JSON object per line) instead of what the bot would say.

Ids (guild, channel, user, and user/role/channel options) may be snowflakes, mentions or plain names (a name
becomes a stable fake snowflake). --admin gives the user Manage Server and makes them the guild's owner.
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

// Logs go to stderr: stdout is what the command prints (with --json, one event per line to pipe on).
const log = createLogger('cli', { level: process.env['LOG_LEVEL'] ?? 'warn', destination: process.stderr });
const print = (line: string) => console.log(redactSecrets(line));

async function main(): Promise<number> {
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    console.log(usage);
    return verb || values.help ? 0 : 2;
  }
  if (verb !== 'send' && verb !== 'command' && verb !== 'dlq') {
    console.error(`unknown command ${JSON.stringify(verb)}\n\n${usage}`);
    return 2;
  }
  // Checked before connecting: a mistyped command line is answered at once.
  const request = verb === 'dlq' ? undefined : buildRequest(verb, rest.join(' '));
  const action = rest[0] ?? 'list';
  if (verb === 'dlq' && !['list', 'replay', 'purge'].includes(action)) {
    console.error(`dlq takes list, replay or purge\n\n${usage}`);
    return 2;
  }
  const broker = await Broker.connect({
    url: process.env['AMQP_URL'] ?? LocalDefaults.amqpUrl,
    namespace: process.env['GUILDHALL_NAMESPACE'] ?? 'guildhall',
    logger: log,
    connectionName: `cli@${hostname()}`,
  });
  try {
    if (request) return await sendAndWatch(broker, request);
    if (action === 'purge') {
      print(`purged ${await purgeDeadLetters(broker)} dead-lettered messages`);
      return 0;
    }
    const summary = await walkDeadLetters(broker, {
      replay: action === 'replay',
      limit: Number(values.limit),
      report: print,
    });
    if (summary.seen === 0) print('the dead-letter queue is empty');
    else if (action === 'replay') print(`replayed ${summary.replayed}, kept ${summary.kept}`);
    return 0;
  } finally {
    await broker.close();
  }
}

function buildRequest(verb: 'send' | 'command', text: string): RequestEvent {
  if (!text) {
    throw new UsageError(
      `say what to send, e.g. pnpm guildhall ${verb === 'send' ? 'send "alice++"' : 'command "/karma top"'}`,
    );
  }
  const who: Speaker = {
    guild: values.guild,
    channel: values.channel,
    user: values.user,
    admin: values.admin,
    ...(values.name !== undefined && { name: values.name }),
  };
  return verb === 'send' ? messageRequest(who, text) : commandRequest(who, text);
}

async function sendAndWatch(broker: Broker, request: RequestEvent): Promise<number> {
  // A private queue bound before publishing sees a copy of every result without taking any from the bot.
  const ch = await broker.channel();
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, broker.topology.exchanges.results, '#');
  const results: ResultEvent[] = [];
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
  if (!values.json) print(`→ ${request.type} ${request.id}`);
  await done;
  clearTimeout(timer);
  await ch.close();
  for (const r of results) print(values.json ? resultJson(r) : `← ${describeResult(r)}`);
  if (results.length === 0 && !values.json)
    print('(no result: nothing to do for this request, or core is not running)');
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(err instanceof UsageError ? err.message : `guildhall: ${describeFailure(err)}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
