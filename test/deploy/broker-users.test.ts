import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp, { type ChannelModel } from 'amqplib';
import {
  Broker,
  ensureTopology,
  topology,
  webQueue,
  webResultsPattern,
  type BrokerRole,
  type ResultEvent,
  type Topology,
} from '@guildhall/events';
import { CommandRequests } from '@guildhall/web/requests';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ScratchNamespace } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { brokerDefinitions, brokerUserName, hashPassword } from './broker-definitions.ts';
import { Stack } from '../harness/stack.ts';
import { run } from './helpers.ts';

// ADR 8: one broker user per service, permissions from @guildhall/events, loaded as a definitions file (the same
// importer RabbitMQ runs at boot with load_definitions). Users are named after the test's scratch namespace.
const roles: BrokerRole[] = ['core', 'bot', 'scheduler', 'web', 'autoscaler'];

let stack: Stack;
let ns: ScratchNamespace;
let t: Topology;
const passwords = new Map<BrokerRole, string>();
const open: ChannelModel[] = [];

function userOf(role: BrokerRole): string {
  return brokerUserName(`${ns.namespace}-`, role);
}

/** The scratch broker's URL with a service's credentials. */
function urlAs(role: BrokerRole): string {
  const url = new URL(ns.amqpUrl);
  url.username = userOf(role);
  url.password = passwords.get(role) ?? '';
  return url.toString();
}

async function connectAs(role: BrokerRole): Promise<ChannelModel> {
  const conn = await amqp.connect(urlAs(role));
  conn.on('error', () => undefined);
  open.push(conn);
  return conn;
}

/** Runs an operation on a fresh channel and resolves with the error the broker closed the channel with. */
async function refusal(conn: ChannelModel, op: (ch: amqp.Channel) => unknown): Promise<{ code: number }> {
  const ch = await conn.createChannel();
  const closed = new Promise<{ code: number }>((resolve) => ch.once('error', resolve));
  await Promise.resolve()
    .then(() => op(ch))
    .catch(() => undefined);
  return closed;
}

beforeAll(async () => {
  stack = await Stack.create();
  ns = stack.ns;
  t = topology(ns.namespace);
  for (const role of roles) passwords.set(role, randomBytes(12).toString('hex'));
  const definitions = brokerDefinitions(
    t,
    roles.map((role) => ({ name: userOf(role), role, passwordHash: hashPassword(passwords.get(role) ?? '') })),
  );
  // rabbitmqctl reads the file as the rabbitmq user, and the import finishes after the command returns.
  const dir = mkdtempSync(join(tmpdir(), 'ghpriv-'));
  try {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'definitions.json'), JSON.stringify(definitions), { mode: 0o644 });
    await run('rabbitmqctl', ['import_definitions', join(dir, 'definitions.json')]);
  } finally {
    rmSync(dir, { recursive: true });
  }
  await vi.waitFor(
    async () => {
      for (const role of roles) {
        const conn = await amqp.connect(urlAs(role));
        conn.on('error', () => undefined);
        await ensureTopology(conn, t).finally(() => conn.close());
      }
    },
    { timeout: 30_000, interval: 200 },
  );
});

afterAll(async () => {
  for (const conn of open) await conn.close().catch(() => undefined);
  for (const role of roles) await run('rabbitmqctl', ['delete_user', userOf(role)]).catch(() => undefined);
  await stack?.close();
});

let services: Promise<void> | undefined;
/** Core, the scheduler and the bot, each as its own user, started once for the tests that need them. */
function startServices(): Promise<void> {
  services ??= (async () => {
    await stack.startCore({ AMQP_URL: urlAs('core') });
    await stack.startScheduler({ AMQP_URL: urlAs('scheduler') });
    await stack.startBot({ AMQP_URL: urlAs('bot') });
  })();
  return services;
}

describe('one broker user per service (ADR 8)', () => {
  it('core, the scheduler and the bot, each as its own user, answer a member end to end', async () => {
    await startServices();
    const { carol } = stack.seed.users;
    const posted = await stack.post(carol, stack.seed.channels.general, 'alice++');
    expect((await stack.replyTo(posted.id)).content).toBe('**alice** +1 → 1');
  });

  it('a service without configure permission verifies the topology the setup step declared; the admin declares it', async () => {
    for (const role of roles) expect(await ensureTopology(await connectAs(role), t)).toBe('verified');
    const admin = await amqp.connect(ns.amqpUrl);
    open.push(admin);
    expect(await ensureTopology(admin, t)).toBe('declared');
  });

  it('before the setup step has run, a service user cannot connect (and so keeps retrying, not ready)', async () => {
    await expect(
      ensureTopology(await connectAs('core'), topology(`${ns.namespace}-never-declared`)),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('refuses the bot publishing a result event and consuming requests', async () => {
    const bot = await connectAs('bot');
    const result = Buffer.from('{}');
    expect(
      await refusal(bot, (ch) => ch.publish(t.exchanges.results, 'karma.leaderboard.shown', result)),
    ).toMatchObject({ code: 403 });
    expect(await refusal(bot, (ch) => ch.consume(t.queues.core, () => undefined))).toMatchObject({ code: 403 });
    // Nor can it route requests to itself: declaring a queue of its own needs configure permission.
    expect(await refusal(bot, (ch) => ch.assertQueue('', { exclusive: true }))).toMatchObject({ code: 403 });
  });

  it('the bot declares and deletes its identify leases, and nothing else: it cannot read, fill or bind them', async () => {
    const bot = await connectAs('bot');
    const ch = await bot.createChannel();
    const lock = `${t.identifyLeases}.0.lock`;
    const recent = `${t.identifyLeases}.0.recent`;
    await ch.assertQueue(lock, { exclusive: true, durable: false, arguments: { 'x-queue-type': 'classic' } });
    await ch.assertQueue(recent, { durable: false, arguments: { 'x-queue-type': 'classic', 'x-expires': 6000 } });
    await ch.deleteQueue(lock);
    await ch.close();
    expect(await refusal(bot, (c) => c.bindQueue(recent, t.exchanges.requests, '#'))).toMatchObject({ code: 403 });
    expect(await refusal(bot, (c) => c.consume(recent, () => undefined))).toMatchObject({ code: 403 });
    expect(await refusal(bot, (c) => c.sendToQueue(recent, Buffer.from('{}')))).toMatchObject({ code: 403 });
    expect(await refusal(bot, (c) => c.assertQueue(`${t.identifyLeases}.x.lock`))).toMatchObject({ code: 403 });
  });

  it('nothing but core consumes requests, and core publishes no requests', async () => {
    for (const role of ['bot', 'scheduler', 'web', 'autoscaler'] as const) {
      const conn = await connectAs(role);
      expect(await refusal(conn, (ch) => ch.consume(t.queues.core, () => undefined)), role).toMatchObject({
        code: 403,
      });
    }
    const core = await connectAs('core');
    expect(
      await refusal(core, (ch) => ch.publish(t.exchanges.requests, 'gateway.message.created', Buffer.from('{}'))),
    ).toMatchObject({ code: 403 });
  });

  it('the scheduler publishes requests and nothing else', async () => {
    const scheduler = await connectAs('scheduler');
    const ch = await scheduler.createConfirmChannel();
    await new Promise<void>((resolve, reject) =>
      ch.publish(t.exchanges.requests, 'probe.never.handled', Buffer.from('{}'), {}, (err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      ),
    );
    await ch.close();
    expect(await refusal(scheduler, (c) => c.publish(t.exchanges.results, 'x', Buffer.from('{}')))).toMatchObject({
      code: 403,
    });
    expect(await refusal(scheduler, (c) => c.publish(t.exchanges.dead, 'x', Buffer.from('{}')))).toMatchObject({
      code: 403,
    });
  });
});

describe("the web dashboard's broker user (ADR 18)", () => {
  it("gets the answers to its own requests on a queue of its own, and none of the bot's results", async () => {
    await startServices();
    const replica = 'wbrokertest';
    const queue = webQueue(t, replica);
    const web = await Broker.connect({
      url: urlAs('web'),
      namespace: ns.namespace,
      logger: stack.log,
      connectionName: 'web-test',
      privateQueue: { name: queue, bindings: [{ exchange: t.exchanges.results, pattern: webResultsPattern(replica) }] },
    });
    const received: ResultEvent[] = [];
    const requests = new CommandRequests(web, replica, 15_000);
    await web.consume<ResultEvent>({
      queue,
      direction: 'result',
      prefetch: 16,
      maxBatch: 1,
      concurrency: 1,
      handle: async (batch) => {
        for (const { event } of batch) {
          received.push(event);
          requests.receive(event);
        }
      },
      isTransient: () => false,
    });
    try {
      const { owner, carol } = stack.seed.users;
      const outcome = await requests.invoke({
        guildId: stack.seed.guildId,
        actor: {
          id: owner.id,
          displayName: 'Owner',
          bot: false,
          roleIds: [],
          permissions: PermissionFlagsBits.ManageGuild.toString(),
        },
        command: { name: 'karma', group: null, subcommand: 'announce', options: { enabled: true } },
        users: {},
      });
      expect(outcome).toMatchObject({ kind: 'applied', result: { type: 'karma.announce.updated' } });
      // The bot's results flow past the dashboard: a karma change answered on Discord reaches only the bot.
      const posted = await stack.post(carol, stack.seed.channels.general, 'dave++');
      await stack.replyTo(posted.id);
      expect(received.map((e) => e.type)).toEqual(['karma.announce.updated']);
    } finally {
      await web.close();
    }
  });

  it('may bind only dashboard answers, declare only its own queues, publish only command invocations', async () => {
    const web = await connectAs('web');
    const own = webQueue(t, 'wperms');
    const ch = await web.createChannel();
    await ch.assertQueue(own, { exclusive: true, autoDelete: true });
    await ch.bindQueue(own, t.exchanges.results, webResultsPattern('wperms'));
    for (const pattern of ['#', 'karma.#', 'web.#', '*.*.*'])
      expect(await refusal(web, (c) => c.bindQueue(own, t.exchanges.results, pattern)), pattern).toMatchObject({
        code: 403,
      });
    expect(await refusal(web, (c) => c.assertQueue(`${ns.namespace}.other`))).toMatchObject({ code: 403 });
    expect(await refusal(web, (c) => c.bindQueue(own, t.exchanges.requests, '#'))).toMatchObject({ code: 403 });
    expect(
      await refusal(web, (c) => c.publish(t.exchanges.requests, 'gateway.message.created', Buffer.from('{}'))),
    ).toMatchObject({ code: 403 });
    expect(await refusal(web, (c) => c.publish(t.exchanges.results, 'x', Buffer.from('{}')))).toMatchObject({
      code: 403,
    });
    expect(await refusal(web, (c) => c.consume(t.queues.bot, () => undefined))).toMatchObject({ code: 403 });
  });
});
