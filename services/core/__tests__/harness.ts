import { createLogger, type Logger } from '@guildhall/runtime';
import {
  createScratchDatabase,
  createScratchNamespace,
  scratchEnv,
  type ScratchDatabase,
  type ScratchNamespace,
} from '@guildhall/testkit';
import {
  Broker,
  decodeEvent,
  envelope,
  type EventOf,
  type MessageCreated,
  type CommandInvoked,
  type RequestEvent,
  type ResultEvent,
  type ResultType,
  type Channel,
  type Refusal,
} from '@guildhall/events';
import { createDatabase, type Database, type Kysely } from '@guildhall/db';

import { startCore, type CoreApp } from '../src/app.ts';
import { CoreConfigSchema, type CoreConfig } from '../src/config.ts';

/** A scratch database and broker namespace, a broker client, and a probe on the results exchange. */
export class CoreHarness {
  readonly results: ResultEvent[] = [];
  private probe: Channel | undefined;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly scratchDb: ScratchDatabase,
    readonly ns: ScratchNamespace,
    readonly broker: Broker,
    readonly db: Kysely<Database>,
    readonly log: Logger,
  ) {}

  /** Creates the scratch resources; core itself is started with startCore(). */
  static async create(): Promise<CoreHarness> {
    const scratchDb = await createScratchDatabase();
    const ns = await createScratchNamespace();
    const log = createLogger('test', { level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
    const broker = await Broker.connect({
      url: ns.amqpUrl,
      namespace: ns.namespace,
      logger: log,
      connectionName: 'test',
    });
    const db = createDatabase(scratchDb.url, { poolSize: 4 });
    const h = new CoreHarness(scratchDb, ns, broker, db, log);
    await h.watchResults();
    return h;
  }

  /** Core's configuration for this harness, with overrides. */
  config(overrides: Partial<Record<keyof CoreConfig, string>> = {}): CoreConfig {
    return CoreConfigSchema.parse(this.env(overrides));
  }

  /** Environment variables that make a core process (or the scheduler) use this harness. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return scratchEnv(this.scratchDb, this.ns, {
      OUTBOX_SWEEP_MS: '200',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      ...overrides,
    });
  }

  /** Starts an in-process core. */
  startCore(overrides: Partial<Record<keyof CoreConfig, string>> = {}): Promise<CoreApp> {
    return startCore(this.config(overrides), this.log.child({ service: 'core' }));
  }

  /** A private queue bound to every result, so tests see results without taking them from the bot's queue. */
  private async watchResults(): Promise<void> {
    this.probe = await this.broker.channel();
    const { queue } = await this.probe.assertQueue('', { exclusive: true, autoDelete: true });
    await this.probe.bindQueue(queue, this.broker.topology.exchanges.results, '#');
    await this.probe.consume(
      queue,
      (msg) => {
        if (!msg) return;
        this.results.push(decodeEvent('result', msg.content));
        for (const wake of this.waiters.splice(0)) wake();
      },
      { noAck: true },
    );
  }

  /** Publishes a request. */
  publish(event: RequestEvent): Promise<void> {
    return this.broker.publish('request', event);
  }

  /** Waits until a predicate over all results seen so far holds. */
  async waitFor(predicate: (results: ResultEvent[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.results)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms with ${this.results.length} results`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The results caused by one request, once at least `count` have arrived. */
  async resultsOf(request: RequestEvent, count = 1, timeoutMs?: number): Promise<ResultEvent[]> {
    const mine = () => this.results.filter((r) => r.causationId === request.id);
    await this.waitFor(() => mine().length >= count, timeoutMs);
    return mine();
  }

  /** The single result of a given type caused by a request. */
  async resultOf<T extends ResultType>(request: RequestEvent, type: T, timeoutMs?: number): Promise<EventOf<T>> {
    const [result] = await this.resultsOf(request, 1, timeoutMs);
    if (!result || result.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(result)}`);
    return result as EventOf<T>;
  }

  async close(): Promise<void> {
    await this.probe?.close().catch(() => undefined);
    await this.broker.close();
    await this.db.destroy();
    await this.ns.drop();
    await this.scratchDb.drop();
  }
}

let seq = 0;
/** A unique snowflake-looking id for tests. */
export function snowflake(): string {
  seq++;
  return (
    BigInt(Date.now() - 1_420_070_400_000) * 4_194_304n +
    BigInt(process.pid % 32) * 131_072n +
    BigInt(seq % 4096)
  ).toString();
}

/** Default ids used across tests. */
export const ids = { guild: '100000000000000001', channel: '100000000000000002', bot: '100000000000000009' };

/** A message request as the bot would publish it. */
export function message(
  content: string,
  author: { id: string; displayName?: string; bot?: boolean; permissions?: string },
  extra: Partial<MessageCreated['payload']> = {},
): MessageCreated {
  return envelope('gateway.message.created', 1, {
    guildId: ids.guild,
    channelId: ids.channel,
    messageId: snowflake(),
    botUserId: ids.bot,
    author: {
      id: author.id,
      displayName: author.displayName ?? `user${author.id.slice(-4)}`,
      bot: author.bot ?? false,
      roleIds: [],
      permissions: author.permissions ?? '0',
    },
    content,
    mentions: { users: [], roleIds: [], everyone: false },
    ...extra,
  });
}

/** A slash-command request as the bot would publish it. */
export function command(
  name: string,
  subcommand: string | null,
  options: CommandInvoked['payload']['command']['options'],
  actor: { id: string; displayName?: string; permissions?: string; roleIds?: string[] },
  extra: Partial<CommandInvoked['payload']> = {},
): CommandInvoked {
  const interactionId = snowflake();
  return envelope('gateway.command.invoked', 1, {
    guildId: ids.guild,
    actor: {
      id: actor.id,
      displayName: actor.displayName ?? `user${actor.id.slice(-4)}`,
      bot: false,
      roleIds: actor.roleIds ?? [],
      permissions: actor.permissions ?? '0',
    },
    replyTo: {
      kind: 'interaction',
      channelId: ids.channel,
      interactionId,
      applicationId: ids.bot,
      token: `tok-${interactionId}`,
    },
    command: { name, group: null, subcommand, options },
    users: {},
    ...extra,
  });
}

/** The refusal a result carries (command.request.rejected v2); fails the test for any other result. */
export function refusalIn(result: ResultEvent | undefined): Refusal {
  if (result?.type !== 'command.request.rejected' || result.version !== 2) {
    throw new Error(`expected a command.request.rejected v2, got ${JSON.stringify(result)}`);
  }
  return result.payload.reason;
}
